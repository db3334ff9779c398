"""How many source words were approved in each language, month by month (the progress page's chart), replayed from
the revision history and kept in ApprovedWords per declaration, language and month.

Approved at a moment: the passage's latest revision in the language is approved and answers the source as it was
then (its basis is the basis of the latest source revision), the same test as progress_conditions() on the current
values. Every revision can change that: a translation's for its own language, a source revision for every
translation of the passage (an edit makes it stale, a minor change's carried-forward basis or a revert makes it
current again). So the running total of the last month is exactly the "approved" words of the progress summary.
Merged and retired passages, conflicts (refused saves) and a declaration's own language never count; a passage's
words are its current source words in every month.

`replay` is the count from scratch: one ordered scan of the revisions, each compared with the one before it (the
same comparison in SQL needs correlated subqueries that PostgreSQL's planner ran for over ten minutes). It takes 3 s
over the bench's 800,000 revisions, so the page reads the table instead, which the write functions keep: `Tracked`
replays the few passages a write touches before and after it and adds the difference, in the write's transaction.
A passage's contribution depends only on its own revisions, words and current-ness, so the differences add up to
the replay of everything. Writers that go past the write functions (corpus.py, the archive restore, a history dated
by SQL) call `recount` or `rebuild` afterwards.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from workbench.declarations.locking import lock_declarations
from workbench.declarations.models import Action, ApprovedWords, Revision, State, current_condition

Changes = dict[tuple[int, str, str], int]  # (declaration id, language, "2004-06") -> words added or taken away
CHUNK = 500


def history(passages: models.Q, revisions: Any = Revision) -> models.QuerySet[Revision]:
    """The revisions the replay reads, of the current passages `passages` (a condition on Revision) picks;
    `revisions` is the migration's historical model when the migration fills the table."""
    return (
        revisions._base_manager.filter(passages, current_condition("passage__"))
        .exclude(action=Action.CONFLICT)
        .order_by("passage_id", "created_at", "pk")
        .values_list("passage_id", "language", "state", "basis", "created_at", "passage__source_words",
                     "passage__declaration__source_language", "passage__declaration_id")
    )  # fmt: skip


def replay(revisions: Iterable[tuple[Any, ...]]) -> Changes:
    """The words each month added to or took away from the approved ones, per declaration and language, from
    history() rows (ordered by passage, then time)."""
    changes: Changes = {}
    passage_id = None
    source_basis = ""
    latest: dict[str, tuple[int, str]] = {}  # language -> (state, basis) of the passage's latest revision

    def approved(language: str) -> bool:
        state, basis = latest.get(language, (State.MISSING, ""))
        return state == State.APPROVED and basis == source_basis

    for passage, language, state, basis, created_at, words, own, declaration in revisions:
        if passage != passage_id:
            passage_id, source_basis, latest = passage, "", {}
        if language == own:
            affected = list(latest)
            before = [approved(code) for code in affected]
            source_basis = basis
        else:
            affected = [language]
            before = [approved(language)]
            latest[language] = (state, basis)
        month = created_at.astimezone(datetime.UTC).strftime("%Y-%m")
        for code, was in zip(affected, before, strict=True):
            change = int(approved(code)) - int(was)
            if change:
                key = (declaration, code, month)
                changes[key] = changes.get(key, 0) + change * words
    return changes


def _of_passages(ids: list[int]) -> Changes:
    changes: Changes = {}
    for start in range(0, len(ids), CHUNK):
        for key, words in replay(history(models.Q(passage_id__in=ids[start : start + CHUNK]))).items():
            changes[key] = changes.get(key, 0) + words
    return changes


class Tracked:
    """Around a write to some passages (inside its transaction): made before it, `settle()` after it adds to
    ApprovedWords what their history adds to or takes from each month afterwards, less what it did before."""

    def __init__(self, passage_ids: Iterable[int]) -> None:
        self.ids = sorted(set(passage_ids))
        self.before = _of_passages(self.ids)

    def settle(self) -> None:
        after = _of_passages(self.ids)
        _add({key: after.get(key, 0) - self.before.get(key, 0) for key in self.before.keys() | after.keys()})


@transaction.atomic
def _add(changes: Changes) -> None:
    changes = {key: words for key, words in changes.items() if words}
    if not changes:
        return
    declarations = {declaration for declaration, _code, _month in changes}
    lock_declarations(declarations)  # read, add and write back: one writer at a time per declaration
    months = {month for _declaration, _code, month in changes}
    stored = ApprovedWords.objects.filter(declaration__in=declarations, month__in=months)
    totals = {(row.declaration_id, row.language, row.month): row.words for row in stored}
    rows = [ApprovedWords(declaration_id=declaration, language=code, month=month,
                          words=totals.get((declaration, code, month), 0) + words)
            for (declaration, code, month), words in changes.items()]  # fmt: skip
    ApprovedWords.objects.bulk_create(rows, batch_size=CHUNK, update_conflicts=True, update_fields=["words"],
                                      unique_fields=["declaration", "language", "month"])  # fmt: skip


def _store(changes: Changes, *, using: str = "default", table: Any = ApprovedWords) -> None:
    rows = [table(declaration_id=declaration, language=code, month=month, words=words)
            for (declaration, code, month), words in changes.items() if words]  # fmt: skip
    table._base_manager.using(using).bulk_create(rows, batch_size=CHUNK)


def recount(declaration_ids: Iterable[int]) -> None:
    """Replay these declarations' whole history into their rows (their source language changed, or their passages
    or revisions were written by SQL)."""
    ids = sorted(set(declaration_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        ApprovedWords.objects.filter(declaration__in=chunk).delete()
        _store(replay(history(models.Q(passage__declaration__in=chunk)).iterator(chunk_size=5000)))


def _everything(using: str = "default", revisions: Any = Revision) -> Iterator[tuple[Any, ...]]:
    """The history of every passage ever approved in a translation (the others contribute nothing)."""
    source = models.F("passage__declaration__source_language")
    ever_approved = revisions._base_manager.filter(state=State.APPROVED).exclude(language=source).values("passage")
    return history(models.Q(passage__in=ever_approved), revisions).using(using).iterator(chunk_size=5000)


def rebuild(*, using: str = "default", revisions: Any = Revision, table: Any = ApprovedWords) -> int:
    """Replay the whole history into the table, in one transaction. Return how many rows it holds."""
    with transaction.atomic(using=using):
        table._base_manager.using(using).all().delete()
        changes = replay(_everything(using, revisions))
        _store(changes, using=using, table=table)
    return len([words for words in changes.values() if words])


def by_month(languages: list[str], rows: Iterable[tuple[str, str, int]]) -> list[dict[str, Any]]:
    """(language, month, words) summed over declarations, as the chart reads them: per language in `languages`
    order, months in order, months that changed nothing left out."""
    totals: dict[tuple[str, str], int] = {}
    for code, month, words in rows:
        totals[(code, month)] = totals.get((code, month), 0) + words
    return [{"language": code, "month": month, "words": totals[(code, month)]}
            for code in languages for month in sorted(month for lang, month in totals if lang == code)
            if totals[(code, month)]]  # fmt: skip


def stored_by_month(languages: list[str]) -> list[dict[str, Any]]:
    """The chart's rows from ApprovedWords: one grouped query over a few rows per declaration."""
    rows = (
        ApprovedWords.objects.filter(language__in=languages)
        .order_by()
        .values_list("language", "month")
        .annotate(total=models.Sum("words"))
    )
    return by_month(languages, rows)


def replayed_by_month(languages: list[str]) -> list[dict[str, Any]]:
    """The chart's rows counted from scratch (replay of every passage ever approved in a translation)."""
    changes = replay(_everything())
    return by_month(languages, [(code, month, words) for (_declaration, code, month), words in changes.items()])
