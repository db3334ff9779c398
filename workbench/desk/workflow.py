"""What translators, reviewers and coordinators do to a passage, as one function with the rules in one place.

Every submission names the revision it started from (`based_on`). If the passage changed since, the submission is
refused and kept in the history as a conflict, so nothing typed is ever lost; submitting the very same text and
state twice is recognised and changes nothing.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from workbench.checks.findings import blocking, label_of
from workbench.declarations.changes import record_change, record_conflict
from workbench.declarations.history import current_revision
from workbench.declarations.models import Action, Passage, Revision, State
from workbench.declarations.text import normalise_text
from workbench.discussion.threads import DiscussionError, add_comment
from workbench.notifications.events import sent_back

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# A passage is a paragraph or a few; the longest in real declarations are a few thousand characters. The limit keeps
# a stray paste of a whole book (or 1 MB of junk) out of the history, where it could never be removed.
MAX_TEXT_CHARS = 50_000
DIGEST = re.compile(r"^[0-9a-f]{32}$")


class Intent(enum.Enum):
    SAVE = "save"
    MARK_TRANSLATED = "translate"
    APPROVE = "approve"
    SEND_BACK = "send-back"
    EDIT_SOURCE = "edit-source"
    RESTORE = "restore"
    # Back to no translation, as before the language's first revision: what undoes a fill from memory (or any
    # first translation) from the history page. The texts stay in the history, restorable like any version.
    RESTORE_MISSING = "restore-missing"


class Outcome(enum.Enum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


class DeskError(ValueError):
    """A submission that cannot be applied as it stands; the message is for the person who made it."""


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    revision: Revision | None = None  # the new revision: applied, or the kept conflict
    current: Revision | None = None  # on a conflict: what is current now


def version_token(passage: Passage, language: str) -> int:
    """What a form must send back as `based_on`: the id of the revision behind the current values (0 if none)."""
    revision = current_revision(passage, language)
    return revision.pk if revision else 0


def check_text(text: str) -> str:
    if not text.strip():
        raise DeskError(_("The text is empty. Type the translation before saving."))
    if len(text) > MAX_TEXT_CHARS:
        raise DeskError(
            _("The text is %(length)s characters long; a passage can hold at most %(limit)s.")
            % {"length": f"{len(text):,}", "limit": f"{MAX_TEXT_CHARS:,}"}
        )
    return normalise_text(text)


def _missing(is_source: bool) -> tuple[str, State, Action]:
    if is_source:
        raise DeskError(_("A source text cannot be restored to nothing."))
    return "", State.MISSING, Action.RESTORED


def refuse_unchecked(passage: Passage, language: str, text: str) -> None:
    """Approval waits while the text fails a check no reviewer overrode for this very text (issue 23); a draft or
    "translated" save never waits, so nothing typed is held back."""
    failing = blocking(passage, language, text)
    if failing:
        raise DeskError(
            _("Not approved: the translation fails these checks: %(checks)s. Correct it, or override each failure "
              "with a reason.") % {"checks": ", ".join(label_of(name) for name in failing)}
        )


@transaction.atomic
def submit(
    *,
    passage: Passage,
    language: str,
    intent: Intent,
    user: AbstractBaseUser,
    based_on: int,
    text: str = "",
    source_digest_seen: str = "",
    comment: str = "",
    minor: bool = False,
    restore: Revision | None = None,
) -> Result:
    """Apply one desk action to one passage in one language, or refuse it as a conflict. Rights are the caller's
    to check; the rules about states are checked here."""
    # Lock the row first so the conflict check and the write see the same passage (IMMEDIATE on SQLite).
    locked = Passage.objects.select_for_update().select_related("declaration").get(pk=passage.pk)
    is_source = language == locked.source_language
    # Compared in stored form: a browser's CRLF against the stored "\n" is the same text (issue 21).
    current_text = normalise_text(locked.text_in(language))
    current_state = locked.state_in(language)
    comment = comment.strip()

    if intent is Intent.SEND_BACK:
        if current_state not in (State.TRANSLATED, State.APPROVED):
            raise DeskError(_("Only a translated or approved passage can be sent back."))
        if not comment:
            raise DeskError(_("Say why the translation is sent back: the comment is required."))
        text, state, action = current_text, State.DRAFT, Action.SENT_BACK
    elif intent is Intent.RESTORE:
        if restore is None or restore.passage_id != locked.pk or restore.language != language:
            raise DeskError(_("That version does not belong to this passage."))
        if restore.state == State.MISSING:  # a version with no translation (cleared in the admin, or restored so)
            text, state, action = _missing(is_source)
        else:
            text = check_text(restore.text)
            state, action = (State.APPROVED if is_source else State.DRAFT), Action.RESTORED
    elif intent is Intent.RESTORE_MISSING:
        text, state, action = _missing(is_source)
    else:
        text = check_text(text)
        state, action = {
            Intent.SAVE: (State.DRAFT, Action.EDITED),
            Intent.MARK_TRANSLATED: (State.TRANSLATED, Action.MARKED_TRANSLATED),
            Intent.APPROVE: (State.APPROVED, Action.APPROVED),
            Intent.EDIT_SOURCE: (State.APPROVED, Action.SOURCE_CHANGED),
        }[intent]
    if intent not in (Intent.RESTORE, Intent.RESTORE_MISSING) and (intent is Intent.EDIT_SOURCE) != is_source:
        raise DeskError(_("The source text is edited with the source form, translations with theirs."))

    # The translation answers the source its author saw; if the source changed meanwhile it is saved, but stale.
    basis = None if is_source else (source_digest_seen if DIGEST.match(source_digest_seen) else locked.source_digest)
    if state == State.MISSING:
        basis = ""  # no translation answers no source (what record_change stores for it)
    unchanged = text == current_text and state == current_state and (is_source or basis == locked.basis_in(language))

    current = current_revision(locked, language)
    if (current.pk if current else 0) != based_on:
        if text == current_text and state == current_state:
            return Result(Outcome.UNCHANGED, current=current)  # the same form sent twice
        kept = record_conflict(passage=locked, language=language, text=text, state=state, author=user, comment=comment)
        return Result(Outcome.CONFLICT, revision=kept, current=current)
    if unchanged:  # restoring the version that is already current included: the same text and state change nothing
        return Result(Outcome.UNCHANGED, current=current)
    if intent is Intent.APPROVE:
        refuse_unchecked(locked, language, text)

    revision = record_change(
        passage=locked,
        language=language,
        text=text,
        state=state,
        action=action,
        author=user,
        comment=comment,
        basis=basis,
        minor=minor and is_source,
    )
    if intent is Intent.SEND_BACK:
        # The reason opens (or reopens) the passage's discussion, so the translator can answer it there (issue 25).
        # Inside this transaction: a reason the discussion refuses (too long) undoes the send-back too.
        try:
            add_comment(passage=locked, language=language, author=user, text=comment, sent_back=revision)
        except DiscussionError as error:
            raise DeskError(str(error)) from error
    passage.refresh_from_db()
    if intent is Intent.SEND_BACK:
        sent_back(revision)  # the translator is told (issue 25), by mail once the write commits
    return Result(Outcome.APPLIED, revision=revision)
