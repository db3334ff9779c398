"""Keeping ProgressSummary right: every write function of changes.py calls `refresh` with the declarations it
touched, inside its own transaction, and `rebuild` recounts the whole corpus (the management command, the synthetic
corpus, the archive restore).

A refresh recounts the touched declarations from their passages (one grouped query over those declarations' passages,
sorted into the buckets of progress_aggregates) rather than adding deltas: it cannot drift from the live
count whatever the write did (a merge, a source edit that makes translations stale, a retirement), and it costs a few
milliseconds even for a declaration of 3,000 passages (bench/progress.py measures it).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from workbench.declarations import approved_words
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Passage, Progress, ProgressSummary, Revision, State, summary_fields

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


def counted_rows(passages: models.QuerySet[Passage], model: Any = ProgressSummary) -> list[ProgressSummary]:
    """The summary rows of the declarations of `passages` (a queryset of current passages), counted afresh;
    `model` is the migration's historical model when the migration fills the table.

    One query grouped by declaration and, per language, the state and whether the basis is the current source:
    a handful of groups per declaration, sorted into buckets here. Three times faster than one filtered COUNT and
    SUM per language and bucket (3 ms instead of 9 for a declaration of 3,000 passages), which every write pays.
    """
    languages = language_codes()
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


def refresh(declaration_ids: Iterable[int]) -> None:
    """Recount the summary rows of these declarations (three statements per 500 declarations)."""
    ids = sorted(set(declaration_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[start : start + CHUNK])


def _refresh_chunk(ids: list[int]) -> None:
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
    in its declaration's language. One UPDATE per language (an UPDATE cannot follow the join to the declaration)."""
    changed = 0
    for code in language_codes():
        newest = revisions._base_manager.filter(passage=models.OuterRef("pk"), language=code).order_by("-created_at")
        changed += passages.filter(declaration__source_language=code).update(
            source_changed_at=models.Subquery(newest.values("created_at")[:1]))
    return changed


def rebuild(*, using: str = "default") -> int:
    """Recount the whole summary from the passages, in one transaction: delete every row, insert them afresh in
    bulk. Return how many rows it holds. The approved words by month are rebuilt with it (approved_words.rebuild)."""
    with transaction.atomic(using=using):
        ProgressSummary.objects.using(using).all().delete()
        rows = counted_rows(Passage.objects.using(using).all())
        ProgressSummary.objects.using(using).bulk_create(rows, batch_size=CHUNK)
        approved_words.rebuild(using=using)
        fill_source_changes(Passage.all_objects.using(using).all())
    return len(rows)


def summary_figures(rows: Iterable[dict[str, Any]]) -> dict[int, dict[str, int]]:
    """Rows of ProgressSummary.objects.values() as declaration_progress() names them, per declaration:
    {declaration id: {"fr_approved_words": …, …}}."""
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        figures = found.setdefault(row["declaration"], {})
        for name in summary_fields():
            figures[f"{row['language']}_{name}"] = row[name]
    return found
