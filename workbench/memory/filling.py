"""Fill from memory (issue 22): a coordinator turns every missing passage of one declaration in one language whose
whole text the memory already holds into a draft.

A passage qualifies when the memory has a 100% match of the whole passage, or of every one of its source sentences
(a match that scores 100 once its numbers and dates are put in counts: suggestions.py); the sentences' translations
are then joined with one space, in the source's order. Anything less is left for a person: a fuzzy match needs
someone to read it, and so does a draft, which is why nothing is ever filled as translated or approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from workbench.declarations.changes import ChangeSpec, apply_changes
from workbench.declarations.languages import column
from workbench.declarations.models import Action, Declaration, Passage, State
from workbench.memory import suggestions

FULL = 100


@dataclass(frozen=True)
class LeftMissing:
    """A missing passage the memory could not fill, and the source sentences that have no 100% match."""

    passage_id: int
    number: int
    unmatched: tuple[str, ...]


@dataclass
class FillReport:
    filled: list[int] = field(default_factory=list)  # the numbers of the passages filled, in order
    left: list[LeftMissing] = field(default_factory=list)  # missing passages without a full match

    @property
    def filled_count(self) -> int:
        return len(self.filled)

    @property
    def left_count(self) -> int:
        return len(self.left)


def full_translation(source: str, *, source_language: str, target_language: str) -> tuple[str | None, list[str]]:
    """The memory's translation of `source` when it holds all of it at 100%, else None with the sentences that
    lack a full match."""
    whole, sentences = suggestions.for_passage(source, source_language=source_language,
                                               target_language=target_language)  # fmt: skip
    complete = next((s for s in whole if s.score == FULL), None)
    if complete is not None:
        return complete.target, []
    # suggest() lists the best first (ties: whole passages, then the newest), so the first 100 is the one to take.
    best = [next((s for s in m.suggestions if s.score == FULL), None) for m in sentences]
    unmatched = [m.sentence for m, found in zip(sentences, best, strict=True) if found is None]
    if unmatched or not best:
        return None, unmatched
    return " ".join(found.target.strip() for found in best if found is not None), []


def missing_passages(declaration: Declaration, language: str) -> Sequence[Passage]:
    """The declaration's passages with nothing in `language`, locked (on databases that can) so that nobody's
    translation arriving meanwhile is overwritten by the fill."""
    state, text = column("state", language), column("text", language)
    # modeltranslation's columns are nullable: NULL reads as missing / no text, as Passage.state_in does.
    no_state = Q(**{state: State.MISSING}) | Q(**{f"{state}__isnull": True})
    no_text = Q(**{text: ""}) | Q(**{f"{text}__isnull": True})
    return list(Passage.objects.select_for_update(of=("self",)).filter(no_state, no_text, declaration=declaration)
                .select_related("declaration").order_by("position", "pk"))  # fmt: skip


@transaction.atomic
def fill_from_memory(*, declaration: Declaration, language: str, author: Any) -> FillReport:
    """Write a draft, with one FILLED_FROM_MEMORY revision, into every missing passage of `declaration` in
    `language` that the memory holds whole; all in one transaction, so an error leaves every passage as it was."""
    if language == declaration.source_language:
        raise ValueError("fill_from_memory fills translations, not the source")
    report = FillReport()
    changes: list[ChangeSpec] = []
    for passage in missing_passages(declaration, language):
        source = passage.source_text
        target, unmatched = full_translation(source, source_language=declaration.source_language,
                                             target_language=language) if source.strip() else (None, [])  # fmt: skip
        if target is None:
            report.left.append(LeftMissing(passage.pk, passage.number, tuple(unmatched)))
            continue
        changes.append(ChangeSpec(passage_id=passage.pk, source_language=declaration.source_language,
                                  language=language, text=target, state=State.DRAFT, basis=passage.source_digest,
                                  action=Action.FILLED_FROM_MEMORY, author=author))  # fmt: skip
        report.filled.append(passage.number)
    if changes:
        apply_changes(changes)
    return report
