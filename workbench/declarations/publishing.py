"""Publishing: turning the approved text of one language into an immutable Edition the public reads.

Publishing is an explicit act (issue 5). It is refused unless every passage is approved in that language and no
approved translation is stale (approved against a source text that has changed since): the public must never read a
translation of a text that is no longer the source. The source language only needs its passages approved.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from workbench.declarations.folding import fold
from workbench.declarations.history import latest_revisions
from workbench.declarations.inline import strip_tags
from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration, Edition, Passage, State
from workbench.declarations.roles import is_coordinator

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class Problem(enum.Enum):
    UNKNOWN_LANGUAGE = "unknown-language"
    NO_TITLE = "no-title"
    NO_PASSAGES = "no-passages"
    NOT_APPROVED = "not-approved"
    STALE = "stale"


@dataclass(frozen=True)
class Blocker:
    """One reason a language version cannot be published yet; `key` is empty when it is not about a passage."""

    problem: Problem
    key: str = ""
    position: int | None = None
    state: State | None = None

    def __str__(self) -> str:
        # Worded when shown, so the coordinator reads it in the interface language.
        number = (self.position or 0) + 1
        if self.problem is Problem.NOT_APPROVED:
            state = self.state.label if self.state is not None else ""
            return _("Passage %(number)s (%(key)s) is not approved: it is %(state)s.") % {
                "number": number,
                "key": self.key,
                "state": state,
            }
        if self.problem is Problem.STALE:
            return _("Passage %(number)s (%(key)s) was approved, but its source text has changed since (stale).") % {
                "number": number,
                "key": self.key,
            }
        if self.problem is Problem.NO_TITLE:
            return _("The declaration has no title in this language.")
        if self.problem is Problem.NO_PASSAGES:
            return _("The declaration has no passages.")
        return _("This is not one of the configured languages.")


class NotPublishable(Exception):
    """Publishing was refused; `blockers` says which passages (or what else) stand in the way."""

    def __init__(self, declaration: Declaration, language: str, blockers: list[Blocker]) -> None:
        self.declaration = declaration
        self.language = language
        self.blockers = blockers
        listed = "; ".join(str(blocker) for blocker in blockers)
        super().__init__(f"{declaration.slug} cannot be published in {language!r}: {listed}")


def can_publish(user: Any) -> bool:
    """Coordinators and superusers publish."""
    return is_coordinator(user)


def passage_problem(*, approved: bool, stale: bool) -> Problem | None:
    """What keeps one passage from being published, the same rule wherever it is read (here from passages, in the
    editor's line from its outline): not approved, or approved but stale."""
    if not approved:
        return Problem.NOT_APPROVED
    return Problem.STALE if stale else None


def blockers(*, declaration: Declaration, language: str) -> list[Blocker]:
    """Everything that keeps `language` of `declaration` from being published; empty when it can be."""
    if not is_language(language):
        return [Blocker(Problem.UNKNOWN_LANGUAGE)]
    found: list[Blocker] = []
    if not declaration.title_in(language).strip():
        found.append(Blocker(Problem.NO_TITLE))
    passages = list(declaration.passages.select_related("declaration").order_by("position", "pk"))
    if not passages:
        found.append(Blocker(Problem.NO_PASSAGES))
    for index, passage in enumerate(passages):
        state = passage.state_in(language)
        problem = passage_problem(approved=state == State.APPROVED, stale=passage.is_stale(language))
        if problem is not None:
            # The state says what an unapproved passage still needs; a stale one is approved.
            found.append(Blocker(problem, passage.key, index, state if problem is Problem.NOT_APPROVED else None))
    return found


def approved_texts(*, declaration: Declaration, language: str) -> list[dict[str, str]]:
    """The current approved text of every passage in `language`, in reading order, as an edition stores it (with
    its number when the passage is a footnote)."""
    passages = Passage.objects.filter(declaration=declaration).order_by("position", "pk")
    return [{"key": passage.key, "text": passage.text_in(language), **({"footnote": passage.footnote}
             if passage.footnote else {})} for passage in passages]  # fmt: skip


@dataclass(frozen=True)
class Doubt:
    """Warnings the current text of a passage carries (Revision.warnings), for the publisher to see first."""

    number: int  # as readers count passages, from 1
    key: str
    messages: list[str]


def doubts(*, declaration: Declaration, language: str) -> list[Doubt]:
    """Passages whose current text in `language` carries warnings (an alignment's numbers on one side only), in
    reading order; three queries whatever the length."""
    passages = list(Passage.objects.filter(declaration=declaration).order_by("position", "pk"))
    current = latest_revisions(passages, [language])
    found = []
    for number, passage in enumerate(passages, start=1):
        revision = current.get((passage.pk, language))
        if revision is not None and revision.warnings:
            found.append(Doubt(number, passage.key, revision.warning_messages()))
    return found


def latest_edition(*, declaration: Declaration, language: str) -> Edition | None:
    return Edition.objects.filter(declaration=declaration, language=language).order_by("-number").first()


def has_unpublished_changes(*, declaration: Declaration, language: str) -> bool:
    """True when publishing now would show the public something the latest edition does not (or nothing is out)."""
    latest = latest_edition(declaration=declaration, language=language)
    if latest is None:
        return True
    current = approved_texts(declaration=declaration, language=language)
    return latest.passages != current or latest.title != declaration.title_in(language)


@transaction.atomic
def publish(*, declaration: Declaration, language: str, user: AbstractBaseUser | None) -> Edition:
    """Publish the approved text of `declaration` in `language` as its next edition.

    Raises NotPublishable, naming every passage that is not approved or is stale. `user` is None only for the seed
    loader. Publishing identical text again is allowed (an explicit act) and makes a new, identical edition.
    """
    # Lock the declaration row (where the database can) so two publishers cannot both take the same number.
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    found = blockers(declaration=locked, language=language)
    if found:
        raise NotPublishable(locked, language, found)
    texts = approved_texts(declaration=locked, language=language)
    title = locked.title_in(language).strip()
    previous = Edition.objects.filter(declaration=locked, language=language).aggregate(last=Max("number"))["last"]
    return Edition.objects.create(
        declaration=locked,
        language=language,
        number=(previous or 0) + 1,
        title=title,
        passages=texts,
        search_text=fold("\n".join([title, *(strip_tags(item["text"]) for item in texts)])),
        published_by=user,
    )
