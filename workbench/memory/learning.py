"""How the memory fills itself: an approved translation, or one an accepted alignment review wrote, enters as its
whole paragraph pair and, where it splits cleanly, as sentence pairs (pairs.py). Nothing ever removes a unit when
the passage is later sent back or goes stale: the sentence was approved once, and its origin says when."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from workbench.declarations.changes import Written
from workbench.declarations.folding import fold
from workbench.declarations.models import Action, Passage, Revision, State
from workbench.memory import index
from workbench.memory.models import Entry, Unit, unit_digest
from workbench.memory.pairs import sentence_pairs

BATCH = 2000


@dataclass(frozen=True)
class Origin:
    """Where a pair comes from, shared by every unit made of it."""

    source_language: str
    target_language: str
    entry: Entry
    declaration_id: int | None = None
    passage_key: str = ""
    revision_id: int | None = None
    review_id: int | None = None
    author_id: int | None = None
    reference: str = ""
    created_at: Any = None


def make_unit(source: str, target: str, origin: Origin, *, whole: bool) -> Unit:
    values = {name: value for name, value in vars(origin).items() if value is not None}
    return Unit(source=source, target=target, source_folded=fold(source), target_folded=fold(target), whole=whole,
                digest=unit_digest(origin.source_language, origin.target_language, source, target),
                **values)  # fmt: skip


def units_of(source: str, target: str, origin: Origin) -> list[Unit]:
    """The whole pair, then its sentence pairs when it has more than one sentence and they pair cleanly."""
    source, target = source.strip(), target.strip()
    if not source or not target:
        return []
    units = [make_unit(source, target, origin, whole=True)]
    units += [make_unit(s, t, origin, whole=False) for s, t in sentence_pairs(source, target) or []]
    return units


def store(units: Iterable[Unit]) -> int:
    """Insert units, leaving out those already there from the same place (the same pair approved twice in one
    passage is one unit); return how many were offered."""
    batch = list(units)
    Unit.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
    index.count_terms(batch)
    return len(batch)


def review_of(notes: Iterable[dict[str, Any]]) -> int | None:
    """The alignment review a write came from, if its notes say so (reviews.alignment.accept writes that note)."""
    return next((note.get("review") for note in notes if note.get("code") == "alignment-review"), None)


def learnable(written: Written) -> bool:
    return (
        written.language != written.source_language
        and bool(written.text)
        and (written.state == State.APPROVED or review_of(written.notes) is not None)
    )


def learn_from_writes(written: Sequence[Written]) -> None:
    """The content model's after_write hook: learn what was just approved or accepted, in the same transaction."""
    chosen = [w for w in written if learnable(w)]
    if not chosen:
        return
    passages = Passage.all_objects.select_related("declaration").in_bulk([w.passage_id for w in chosen])
    units: list[Unit] = []
    for w in chosen:
        passage = passages[w.passage_id]
        review = review_of(w.notes)
        origin = Origin(source_language=w.source_language, target_language=w.language,
                        entry=Entry.APPROVED if w.state == State.APPROVED else Entry.REVIEW,
                        declaration_id=passage.declaration_id, passage_key=passage.key, revision_id=w.revision_id,
                        review_id=review, author_id=w.author_id, created_at=w.created_at)  # fmt: skip
        source = w.source_text if w.source_text is not None else passage.source_text
        units += units_of(source, w.text, origin)
    store(units)


def _history() -> Iterator[Revision]:
    """Every revision, passage by passage in the order written, with what the learning needs of it."""
    return (
        Revision.objects.exclude(action=Action.CONFLICT)
        .select_related("passage__declaration")
        .only("passage_id", "language", "text", "state", "basis", "author_id", "created_at", "notes",
              "passage__key", "passage__declaration_id", "passage__declaration__source_language")
        .order_by("passage_id", "pk")
        .iterator(chunk_size=BATCH)
    )  # fmt: skip


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Relearn every unit the workbench's own history holds (approvals and accepted alignment reviews, from the
    first revision on), keeping the units imported from TMX files. Each translation is paired with the source
    text it answered (its basis is that source's digest); one whose source is no longer known is left out."""
    removed, _ = Unit.objects.exclude(entry=Entry.TMX).delete()
    sources: dict[str, str] = {}  # basis -> source text, for the passage being read
    passage_id = None
    units: list[Unit] = []
    offered = 0
    for revision in _history():
        if revision.passage_id != passage_id:
            passage_id, sources = revision.passage_id, {}
        own = revision.passage.declaration.source_language
        if revision.language == own:
            sources[revision.basis] = revision.text
            continue
        written = Written(passage_id=revision.passage_id, language=revision.language, source_language=own,
                          text=revision.text, state=State(revision.state), author_id=revision.author_id,
                          created_at=revision.created_at, notes=tuple(revision.notes))  # fmt: skip
        if not learnable(written) or revision.basis not in sources:
            continue
        origin = Origin(source_language=own, target_language=revision.language,
                        entry=Entry.APPROVED if written.state == State.APPROVED else Entry.REVIEW,
                        declaration_id=revision.passage.declaration_id, passage_key=revision.passage.key,
                        revision_id=revision.pk, review_id=review_of(revision.notes), author_id=revision.author_id,
                        created_at=revision.created_at)  # fmt: skip
        units += units_of(sources[revision.basis], revision.text, origin)
        if len(units) >= BATCH:
            offered += store(units)
            units = []
    offered += store(units)
    index.recount()  # the words of the units removed are counted out
    return {"removed": removed, "offered": offered, "units": Unit.objects.count()}
