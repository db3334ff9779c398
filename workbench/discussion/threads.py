"""Writing to a passage's discussion: add a comment, resolve, reopen; and reading the open threads of many passages.

Keyword-only functions in one transaction each, like the content model's write functions; the rights are the
caller's to check (the desk's views ask Right.WORK in the thread's language)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.declarations.models import Passage, Revision
from workbench.declarations.text import normalise_text
from workbench.discussion import events
from workbench.discussion.mentions import mentions_in
from workbench.discussion.models import MAX_COMMENT_CHARS, Comment, Kind, Mention, Thread

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class DiscussionError(ValueError):
    """A comment that cannot be written as it stands; the message is for the person who wrote it."""


def check_comment(text: str) -> str:
    """The comment as stored (the passage texts' normalisation: "\\n" line ends, no invisible characters), or why
    it is refused."""
    text = normalise_text(text)
    if not text:
        raise DiscussionError(_("The comment is empty. Type it before sending."))
    if len(text) > MAX_COMMENT_CHARS:
        raise DiscussionError(
            _("The comment is %(length)s characters long; a comment can hold at most %(limit)s.")
            % {"length": f"{len(text):,}", "limit": f"{MAX_COMMENT_CHARS:,}"}
        )
    return text


def thread_of(passage: Passage, language: str) -> Thread | None:
    return Thread.objects.filter(passage=passage, language=language).first()


def _thread_for_writing(passage: Passage, language: str) -> Thread:
    """The thread, created if the passage has none in that language, locked for the rest of the transaction."""
    thread = Thread.objects.select_for_update().filter(passage=passage, language=language).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():  # a savepoint: losing the race to another writer leaves this transaction usable
            return Thread.objects.create(passage=passage, language=language)
    except IntegrityError:
        return Thread.objects.select_for_update().get(passage=passage, language=language)


@transaction.atomic
def add_comment(
    *, passage: Passage, language: str, author: AbstractBaseUser, text: str, sent_back: Revision | None = None
) -> Comment:
    """Add a comment to the passage's thread in `language`, opening the thread (or reopening a resolved one: a new
    comment means the matter is open again). Its @names of people holding the language become mentions."""
    text = check_comment(text)
    thread = _thread_for_writing(passage, language)
    if not thread.is_open:
        _reopen(thread, author)
    comment = Comment.objects.create(thread=thread, author=author, text=text, sent_back=sent_back)
    Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in mentions_in(text, language)])
    events.commented(comment)
    return comment


def _reopen(thread: Thread, user: AbstractBaseUser) -> None:
    thread.resolved_at = None
    thread.resolved_by = None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    Comment.objects.create(thread=thread, author=user, kind=Kind.REOPENED)


@transaction.atomic
def resolve(*, thread: Thread, user: AbstractBaseUser) -> bool:
    """Mark the thread resolved; False if it already was (a form sent twice changes nothing)."""
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if not locked.is_open:
        return False
    locked.resolved_at = timezone.now()
    locked.resolved_by = user
    locked.save(update_fields=["resolved_at", "resolved_by"])
    Comment.objects.create(thread=locked, author=user, kind=Kind.RESOLVED, created_at=locked.resolved_at)
    thread.refresh_from_db()
    return True


@transaction.atomic
def reopen(*, thread: Thread, user: AbstractBaseUser) -> bool:
    """Open a resolved thread again; False if it was open."""
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.is_open:
        return False
    _reopen(locked, user)
    thread.refresh_from_db()
    return True


@dataclass(frozen=True)
class OpenThread:
    """What the editor shows of a passage's open thread."""

    passage_id: int
    comments: int


def open_threads(passage_ids: list[int], language: str) -> dict[int, OpenThread]:
    """The open threads of these passages in `language`, by passage id, with their number of comments: one query
    whatever the number of passages."""
    found = (
        Thread.objects.filter(passage_id__in=passage_ids, language=language, resolved_at__isnull=True)
        .annotate(count=Count("comments", filter=Q(comments__kind=Kind.COMMENT)))
        .values_list("passage_id", "count")
    )
    return {passage_id: OpenThread(passage_id, count) for passage_id, count in found}


def entries_of(passage: Passage, language: str) -> list[Comment]:
    """Every entry of the passage's thread in `language`, oldest first, with authors and mentions in two queries."""
    return list(
        Comment.objects.filter(thread__passage=passage, thread__language=language)
        .select_related("author")
        .prefetch_related("mentions__user")
        .order_by("created_at", "pk")
    )
