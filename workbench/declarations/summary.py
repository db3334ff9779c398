"""Keeping ProgressSummary right: every write function of changes.py calls `refresh` with the declarations it
touched, inside its own transaction, and `rebuild` recounts the whole corpus (the management command, the synthetic
corpus, the archive restore).

A refresh recounts the touched declarations from their passages (one grouped query over those declarations' passages,
sorted into the buckets of progress_aggregates) rather than adding deltas: it cannot drift from the live
count whatever the write did (a merge, a source edit that makes translations stale, a retirement), and it costs a few
milliseconds even for a declaration of 3,000 passages (bench/progress.py measures it). Two writers to one declaration
take turns for it (`lock_declarations`): under PostgreSQL's READ COMMITTED each would count without the other's rows,
and the last to write would win. Inside `deferred()` (a loop of writes over one declaration: an alignment accepted,
a new version applied, seeds loaded) the declarations are noted and recounted once, at the end.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction

from workbench.declarations import approved_words
from workbench.declarations.languages import column, language_codes
from workbench.declarations.locking import lock_declarations
from workbench.declarations.models import Action, Passage, Progress, ProgressSummary, Revision, State, summary_fields

# Declarations recounted per statement: the ids are bound parameters, which SQLite limits per statement.
CHUNK = 500


def _bucket(state: int | None, current: bool | None) -> Progress:
    """The bucket of a translation with this state and whether its basis is the current source: the Python twin of
    translation_conditions(), which the tests hold it to (a NULL state or basis counts as missing or stale there)."""
    if not state:
        return Progress.MISSING
    if not current:
        return Progress.STALE
    return {State.DRAFT: Progress.DRAFT, State.TRANSLATED: Progress.TRANSLATED}.get(State(state), Progress.APPROVED)


def counted_rows(passages: models.QuerySet[Passage], model: Any = ProgressSummary,
                 languages: list[str] | None = None) -> list[ProgressSummary]:  # fmt: skip
    """The summary rows of the declarations of `passages` (a queryset of current passages), counted afresh;
    `model` is the migration's historical model when the migration fills the table, with the `languages` whose
    columns it has (a language configured later has none yet).

    One query grouped by declaration and, per language, the state and whether the basis is the current source:
    a handful of groups per declaration, sorted into buckets here. Three times faster than one filtered COUNT and
    SUM per language and bucket (3 ms instead of 9 for a declaration of 3,000 passages), which every write pays.
    """
    languages = language_codes() if languages is None else languages
    answers = {code: models.Q(**{column("basis", code): models.F("source_digest")}) for code in languages}
    current = {f"current_{code}": models.ExpressionWrapper(condition, output_field=models.BooleanField())
               for code, condition in answers.items()}  # fmt: skip
    groups = (
        passages.order_by()
        .values("declaration", "declaration__source_language", *[column("state", code) for code in languages],
                **current)
        .annotate(passages=models.Count("pk"), words=models.Sum("source_words", default=0))
    )  # fmt: skip
    figures: dict[tuple[int, str], dict[str, int]] = {}
    for group in groups:
        for code in languages:
            if code == group["declaration__source_language"]:
                continue
            bucket = _bucket(group[column("state", code)], group[f"current_{code}"])
            row = figures.setdefault((group["declaration"], code), dict.fromkeys(summary_fields(), 0))
            row[f"{bucket.value}_passages"] += group["passages"]
            row[f"{bucket.value}_words"] += group["words"]
    return [model(declaration_id=declaration, language=code, **values)
            for (declaration, code), values in figures.items()]  # fmt: skip


# The declarations written inside deferred(), waiting for their recount; None outside it.
_PENDING: ContextVar[set[int] | None] = ContextVar("summary_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Recount the declarations written inside the block once, when it ends, instead of after every write. Use it
    inside the writes' transaction; nested, the outermost block recounts."""
    if _PENDING.get() is not None:
        yield
        return
    token = _PENDING.set(set())
    try:
        yield
        pending = _PENDING.get() or set()
    finally:
        _PENDING.reset(token)
    refresh(pending)


def refresh(declaration_ids: Iterable[int]) -> None:
    """Recount the summary rows of these declarations (three statements per 500 declarations), or note them for
    the end of the deferred() block this runs in."""
    pending = _PENDING.get()
    if pending is not None:
        pending.update(declaration_ids)
        return
    ids = sorted(set(declaration_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[start : start + CHUNK])


@transaction.atomic
def _refresh_chunk(ids: list[int]) -> None:
    lock_declarations(ids)
    rows = counted_rows(Passage.objects.filter(declaration__in=ids))
    if rows:
        ProgressSummary.objects.bulk_create(rows, batch_size=CHUNK, update_conflicts=True,
                                            unique_fields=["declaration", "language"],
                                            update_fields=summary_fields())  # fmt: skip
    # Rows that should no longer be there: a declaration left with no current passage (all merged or retired), or
    # the row of a language that became the declaration's own (its source language was changed in the admin).
    gone = models.Q(language=models.F("declaration__source_language"))
    counted = {row.declaration_id for row in rows}
    if missing := [pk for pk in ids if pk not in counted]:
        gone |= models.Q(declaration_id__in=missing)
    ProgressSummary.objects.filter(gone, declaration_id__in=ids).delete()


def recount(declaration_ids: Iterable[int]) -> None:
    """Recount these declarations' progress, replay their whole history (approved_words.recount) and date their
    passages' sources again: for writers that go past the write functions (SQL inserts, a changed source
    language)."""
    ids = sorted(set(declaration_ids))
    refresh(ids)
    approved_words.recount(ids)
    for start in range(0, len(ids), CHUNK):
        fill_source_changes(Passage.all_objects.filter(declaration__in=ids[start : start + CHUNK]))


def fill_source_changes(passages: models.QuerySet[Passage], *, revisions: Any = Revision) -> int:
    """Set Passage.source_changed_at of these passages from their history: the time of each one's newest revision
    in its declaration's language (a refused save, kept as a conflict, changed nothing). One UPDATE per language
    (an UPDATE cannot follow the join to the declaration)."""
    changed = 0
    for code in language_codes():
        newest = (revisions._base_manager.filter(passage=models.OuterRef("pk"), language=code)
                  .exclude(action=Action.CONFLICT).order_by("-created_at"))  # fmt: skip
        changed += passages.filter(declaration__source_language=code).update(
            source_changed_at=models.Subquery(newest.values("created_at")[:1]))
    return changed


def rebuild(*, using: str = "default", date_sources: bool = True) -> int:
    """Recount the whole summary from the passages, in one transaction: delete every row, insert them afresh in
    bulk. Return how many rows it holds. The approved words by month are rebuilt with it (approved_words.rebuild),
    and with `date_sources` every passage's source_changed_at (the archive restore keeps the restored ones)."""
    with transaction.atomic(using=using):
        ProgressSummary.objects.using(using).all().delete()
        rows = counted_rows(Passage.objects.using(using).all())
        ProgressSummary.objects.using(using).bulk_create(rows, batch_size=CHUNK)
        approved_words.rebuild(using=using)
        if date_sources:
            fill_source_changes(Passage.all_objects.using(using).all())
    return len(rows)
