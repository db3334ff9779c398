"""The figures of the coordinator's progress page (issue 8), each counted by the database in one query.

Whole-corpus figures per declaration come from the progress summary (ProgressSummary, kept by the write functions:
declarations/summary.py) and the chart from ApprovedWords (declarations/approved_words.py), so the first view counts
no passage it does not need (issue 26); the stale ages are the one figure sorted in Python, from one query over the
stale passages. The progress buckets are the model's (`progress_conditions` / `progress_aggregates`, which the
summary is tested against), so the page, the desk overview and the editor always agree on what "stale" or
"approved" means. Merged and retired passages are left out: every passage query starts from `Passage.objects`
(or `current_condition()`), and the summary counts only current passages.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import add
from typing import Any

from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbench.checks.findings import failing_declaration, open_count
from workbench.declarations import approved_words
from workbench.declarations.languages import column
from workbench.declarations.models import (
    Action,
    Declaration,
    Edition,
    Passage,
    Progress,
    ProgressSummary,
    ReportedVersion,
    Revision,
    State,
    current_condition,
    progress_conditions,
    summary_fields,
    translation_conditions,
)
from workbench.planning.models import Task

# How long a stale translation has waited since its source changed.
AGE_BUCKETS: list[tuple[str, int | None, Any]] = [
    ("week", 7, _("under a week")),
    ("month", 30, _("1 to 4 weeks")),
    ("quarter", 91, _("1 to 3 months")),
    ("year", 365, _("3 to 12 months")),
    ("older", None, _("over a year")),
]
LIST_LENGTH = 10


# ---------------------------------------------------------------------------------------------------------- totals
def language_totals(languages: list[str], now: datetime.datetime) -> dict[str, int]:
    """Passages and words per language and bucket over the whole corpus ("fr_draft_words", …) and the stale ones by
    age ("fr_stale_week", …): bucket_totals() and the ages of stale_overview()."""
    return bucket_totals(languages) | stale_overview(languages, now)[0]


def bucket_totals(languages: list[str]) -> dict[str, int]:
    """Passages and words per language and bucket over the whole corpus, summed from the progress summary in one
    query over 10,000 rows instead of counting 300,000 passages (translations only: the summary has no row for a
    declaration's own language, whose source would show as "approved" and hide how far translations are)."""
    totals = {f"{code}_{name}": 0 for code in languages for name in summary_fields()}
    summed = (
        ProgressSummary.objects.filter(language__in=languages)
        .order_by()
        .values("language")
        .annotate(**{name: Sum(name) for name in summary_fields()})
    )
    for row in summed:
        totals.update({f"{row['language']}_{name}": row[name] for name in summary_fields()})
    return totals


# ---------------------------------------------------------------------------------------------- declaration table
SORTS: dict[str, Any] = {
    "-issued_on": _("newest first"),
    "issued_on": _("oldest first"),
    "title": _("title"),
    "-missing": _("most missing words"),
    "-stale": _("most stale words"),
    "-translated": _("most words waiting for review"),
    "approved": _("least approved"),
}


@dataclass(frozen=True)
class Filters:
    """What the per-declaration table is narrowed to; empty values mean "any"."""

    language: str = ""
    state: str = ""  # a Progress value: at least one passage in that bucket
    kind: str = ""
    organisation: str = ""
    issued_from: datetime.date | None = None
    issued_to: datetime.date | None = None
    has_stale: bool = False
    reported_missing: bool = False
    has_failures: bool = False  # an open check failure (not overridden) in one of the targets (issue 23)
    deadline: str = ""  # a DEADLINES key (issue 25): overdue, due within a week, with or without an assignment
    today: datetime.date | None = None  # what "overdue" is measured from (today when None)
    sort: str = "-issued_on"
    languages: list[str] = field(default_factory=list)  # the configured languages

    def targets(self) -> list[str]:
        return [self.language] if self.language else self.languages


DEADLINES = ("overdue", "due-week", "assigned", "unassigned")


def deadline_condition(language: str, deadline: str, today: datetime.date) -> Q:
    """Declarations whose task in `language` (planning.Task) is overdue with passages not approved, due within seven
    days, assigned at all, or not assigned."""
    tasks = Task.objects.filter(declaration=OuterRef("pk"), language=language)
    if deadline == "unassigned":
        return ~Q(source_language=language) & ~Q(Exists(tasks))
    if deadline == "overdue":
        tasks = tasks.filter(due_on__lt=today)
        return ~Q(source_language=language) & Q(Exists(tasks)) & Q(_unfinished(language))
    if deadline == "due-week":
        tasks = tasks.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7))
    return ~Q(source_language=language) & Q(Exists(tasks))


def _summary(language: str) -> models.QuerySet[ProgressSummary]:
    # The declaration's row in `language`; it has none in its own language, which so never matches.
    return ProgressSummary.objects.filter(declaration=OuterRef("pk"), language=language)


def _in_bucket(language: str, bucket: Progress) -> Q:
    # At least one current passage in the bucket, as the progress summary counts them.
    return Q(Exists(_summary(language).filter(**{f"{bucket.value}_passages__gt": 0})))


def _unfinished(language: str) -> Exists:
    """Some current passage not approved in `language` (missing, draft, waiting for review or stale)."""
    waiting = Q(pk__in=[])
    for bucket in Progress:
        if bucket != Progress.APPROVED:
            waiting |= Q(**{f"{bucket.value}_passages__gt": 0})
    return Exists(_summary(language).filter(waiting))


def reported_not_here(language: str) -> Q:
    """The seed's case: the source says the version exists ("Available in French"), and the workbench cannot show
    it yet: no edition in that language has been published, or some of its passages are not approved (missing,
    draft, waiting for review or stale)."""
    reported = Exists(ReportedVersion.objects.filter(declaration=OuterRef("pk"), language=language))
    published = Exists(Edition.objects.filter(declaration=OuterRef("pk"), language=language))
    return Q(reported) & ~Q(source_language=language) & (~Q(published) | Q(_unfinished(language)))


def _any(conditions: list[Q | Exists]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= Q(condition)
    return combined


def _words(bucket: Progress, languages: list[str]) -> Subquery:
    """Source words of one declaration in `bucket`, summed over `languages` (for sorting), from its summary rows
    (none for its own language, which adds nothing)."""
    words = (
        ProgressSummary.objects.filter(declaration=OuterRef("pk"), language__in=languages)
        .order_by()
        .values("declaration")
        .annotate(words=Sum(f"{bucket.value}_words"))
        .values("words")
    )
    return Subquery(words, output_field=models.IntegerField())


def declaration_queryset(filters: Filters) -> models.QuerySet[Declaration]:
    """The declarations the table lists, filtered and ordered; the caller slices one page of it."""
    queryset = Declaration.objects.all()
    targets = filters.targets()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.organisation:
        named = Q(pk__in=[])
        for language in filters.languages:
            named |= Q(**{f"{column('organisation', language)}__icontains": filters.organisation})
        queryset = queryset.filter(named)
    if filters.issued_from:
        queryset = queryset.filter(issued_on__gte=filters.issued_from)
    if filters.issued_to:
        queryset = queryset.filter(issued_on__lte=filters.issued_to)
    if filters.language:
        # A declaration written in the chosen language has nothing to translate into it.
        queryset = queryset.exclude(source_language=filters.language)
    if filters.state:
        queryset = queryset.filter(_any([_in_bucket(code, Progress(filters.state)) for code in targets]))
    if filters.has_stale:
        queryset = queryset.filter(_any([_in_bucket(code, Progress.STALE) for code in targets]))
    if filters.reported_missing:
        queryset = queryset.filter(_any([reported_not_here(code) for code in targets]))
    if filters.has_failures:
        # The stored findings (indexed by language, passage), never the checks themselves, decide.
        queryset = queryset.filter(_any([~Q(source_language=code) & failing_declaration(code) for code in targets]))
    if filters.deadline in DEADLINES:
        today = filters.today or timezone.localdate()
        queryset = queryset.filter(_any([deadline_condition(code, filters.deadline, today) for code in targets]))
    return _ordered(queryset, filters.sort, targets)


def _ordered(queryset: models.QuerySet[Declaration], sort: str, targets: list[str]) -> models.QuerySet[Declaration]:
    if sort == "issued_on":
        return queryset.order_by("issued_on", "slug")
    if sort == "title":
        return queryset.order_by("slug")
    buckets = {"-missing": Progress.MISSING, "-stale": Progress.STALE, "-translated": Progress.TRANSLATED}
    if sort in buckets:
        return queryset.annotate(sort_words=_words(buckets[sort], targets)).order_by("-sort_words", "slug")
    if sort == "approved":
        return queryset.annotate(sort_words=_words(Progress.APPROVED, targets)).order_by("sort_words", "slug")
    return queryset.order_by("-issued_on", "slug")


def with_failure_counts(queryset: models.QuerySet[Declaration], targets: list[str]) -> models.QuerySet[Declaration]:
    """The page's declarations with their open check failures per target language (`failures_<code>`), counted by
    subqueries in the same SELECT as the page, so the page costs no extra query."""
    return queryset.annotate(**{f"failures_{code}": open_count(code) for code in targets})


class Figures(dict):  # type: ignore[type-arg]
    """Aggregate results read as attributes, the shape views.bars() expects."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


def zero_figures(languages: list[str]) -> Figures:
    """declaration_progress()'s figures of a declaration it has no rows for (no current passage)."""
    return Figures({f"{code}_{bucket.value}_{unit}": 0 for code in languages for bucket in Progress
                    for unit in ("passages", "words")})  # fmt: skip


def declaration_progress(
    declaration_ids: Any, languages: list[str], extra: dict[str, Any] | None = None
) -> dict[int, dict[str, Any]]:
    """Per declaration (a list of ids, or a queryset of them): passages and words per language and bucket, as
    progress_aggregates() counts them, read from the progress summary in one grouped query (a few rows per
    declaration, where counting took every passage); `extra` adds expressions on the declaration
    (OuterRef("declaration")) to the same query, evaluated once per summary row instead of once per passage.

    The summary has no row for a declaration's own language, whose passages all count as approved: its totals are
    any other row's (every row counts the same passages), added here."""
    sums: dict[str, Any] = dict(extra or {})
    for language in languages:
        for bucket in Progress:
            for unit in ("passages", "words"):
                sums[f"{language}_{bucket.value}_{unit}"] = Sum(
                    f"{bucket.value}_{unit}", filter=Q(language=language), default=0)
    totals = {unit: Max(reduce(add, [F(f"{bucket.value}_{unit}") for bucket in Progress]))
              for unit in ("passages", "words")}  # fmt: skip
    rows = (
        ProgressSummary.objects.filter(declaration__in=declaration_ids)
        .order_by()
        .values("declaration", "declaration__source_language")
        .annotate(all_passages=totals["passages"], all_words=totals["words"], **sums)
    )
    counted = {}
    for row in rows:
        source = row.pop("declaration__source_language")
        passages, words = row.pop("all_passages"), row.pop("all_words")
        if source in languages:
            row[f"{source}_{Progress.APPROVED.value}_passages"] = passages
            row[f"{source}_{Progress.APPROVED.value}_words"] = words
        counted[row.pop("declaration")] = row
    return counted


# -------------------------------------------------------------------------------------------------------- people
def _translated() -> Q:
    return Q(action=Action.MARKED_TRANSLATED) | Q(action=Action.IMPORTED, state=State.TRANSLATED)


def _approved() -> Q:
    return Q(action=Action.APPROVED) | Q(action=Action.IMPORTED, state=State.APPROVED)


def people_activity(now: datetime.datetime) -> list[dict[str, Any]]:
    """Per person and language: distinct passages marked translated and approved in the last 7 and 30 days."""
    week, month = now - datetime.timedelta(days=7), now - datetime.timedelta(days=30)
    recent = Q(created_at__gte=week)
    # Everything read here is in the revisions' activity index (Revision.Meta), which starts with the time: the
    # database reads the month from the index alone and never a revision's text. The writes no one signed (imports
    # by a script) are dropped here rather than in SQL: asked for "author IS NOT NULL", SQLite read every revision
    # of each person through the author index instead (18× slower at 800,000 revisions).
    month_of = (
        Revision.objects.filter(created_at__gte=month)
        .filter(_translated() | _approved())
        .order_by()
        .values("author__username", "language")
        .annotate(
            translated_7=Count("passage", filter=_translated() & recent, distinct=True),
            translated_30=Count("passage", filter=_translated(), distinct=True),
            approved_7=Count("passage", filter=_approved() & recent, distinct=True),
            approved_30=Count("passage", filter=_approved(), distinct=True),
        )
        .order_by("-approved_30", "-translated_30", "author__username", "language")
    )
    return [row for row in month_of if row["author__username"] is not None]


# --------------------------------------------------------------------------------------------------------- chart
def approved_words_by_month(languages: list[str]) -> list[dict[str, Any]]:
    """Per language and month ("2004-06"): how many source words approved in that language the month added or took
    away, so that their running total from the first month is what was approved at the end of each month
    (approved_words.py says what counts). Read from ApprovedWords, which the write functions keep: one grouped query
    over a few rows per declaration instead of a replay of every revision (3 s at 800,000 revisions)."""
    return approved_words.stored_by_month(languages)


def replayed_words_by_month(languages: list[str]) -> list[dict[str, Any]]:
    """The same figures counted from scratch, by replaying the revision history (what the table must equal)."""
    return approved_words.replayed_by_month(languages)


def corpus_version() -> tuple[Any, ...]:
    """What the whole-corpus figures depend on, in one cheap query: every change to a passage appends a revision
    (changes.py, including a new passage's first text), and a declaration's edit moves its updated_at."""
    newest_revision = Revision.objects.order_by("-pk").values("pk")[:1]
    newest = (
        Declaration.objects.order_by("-updated_at")
        .annotate(revision=Subquery(newest_revision))
        .values_list("updated_at", "revision")
        .first()
    )
    return tuple(newest or ())


# ------------------------------------------------------------------------------------------ waiting and stale
def oldest_waiting(languages: list[str]) -> list[Revision]:
    """Passages waiting for review (translated, current), oldest last change first: the revision that marked each
    one translated and has not been followed by another (a refused save, kept as a conflict, does not count)."""
    still_waiting = Q(pk__in=[])
    for language in languages:
        still_waiting |= Q(language=language) & progress_conditions(language, prefix="passage__")[Progress.TRANSLATED]
    later = Revision.objects.filter(
        passage=OuterRef("passage"), language=OuterRef("language"), created_at__gt=OuterRef("created_at")
    ).exclude(action=Action.CONFLICT)
    return list(
        Revision.objects.filter(current_condition("passage__"), state=State.TRANSLATED)
        .exclude(action=Action.CONFLICT)
        .filter(still_waiting)
        .filter(~Exists(later))
        .select_related("passage__declaration", "author")
        .order_by("created_at", "pk")[:LIST_LENGTH]
    )


def stale_overview(languages: list[str], now: datetime.datetime) -> tuple[dict[str, int], list[Passage]]:
    """Stale translations per language and age bucket (time since the source changed, "fr_stale_week", …), and the
    LIST_LENGTH passages stale for the longest time, oldest first: one query for both.

    The stale passages of the declarations the progress summary says have some, oldest source change first
    (Passage.source_changed_at, kept by the write functions), limited to the list; the counts per age bucket ride
    on every row as window sums over all of them, so the database counts and only the list's rows come back."""
    # Each bucket from the newest: from its start (inclusive) to the newer bucket's start; the last has no start.
    starts = [now - datetime.timedelta(days=days) if days is not None else None for _name, days, _label in AGE_BUCKETS]
    # Stale in a language, without a join to the declarations: a source text's basis is its own digest (changes.py),
    # so no passage is ever stale in its declaration's language.
    stale = {code: translation_conditions(code)[Progress.STALE] for code in languages}
    having = ProgressSummary.objects.filter(language__in=languages, stale_passages__gt=0).values("declaration")
    counts: dict[str, Any] = {}
    for code in languages:
        newer = None
        for (name, _days, _label), start in zip(AGE_BUCKETS, starts, strict=True):
            since = Q(source_changed_at__isnull=False)  # undated (written by SQL): in no bucket
            if start is not None:
                since &= Q(source_changed_at__gte=start)
            if newer is not None:
                since &= Q(source_changed_at__lt=newer)
            newer = start
            stale_here = models.Case(models.When(stale[code] & since, then=models.Value(1)), default=models.Value(0))
            counts[f"{code}_stale_{name}"] = models.Window(Sum(stale_here))
    shown = ["pk", "position", "source_digest", "declaration_id", "declaration__slug", "declaration__source_language",
             "source_changed_at"]  # fmt: skip
    shown += [column(name, code) for code in languages for name in ("state", "basis")]
    # A plain queryset: modeltranslation's rebuilds every row of a values_list in Python.
    rows = list(
        models.QuerySet(model=Passage)
        .filter(_any([stale[code] for code in languages]), declaration__in=having)
        .annotate(**counts)
        .order_by(F("source_changed_at").asc(nulls_first=True), "pk")
        .values_list(*counts, *shown)[:LIST_LENGTH]
    )
    width = len(counts)
    figures = dict(zip(counts, rows[0][:width], strict=True)) if rows else dict.fromkeys(counts, 0)
    return ({name: int(value or 0) for name, value in figures.items()},
            [_passage(dict(zip(shown, row[width:], strict=True))) for row in rows])  # fmt: skip


def _passage(fields: dict[str, Any]) -> Passage:
    """A passage of the stale list from its row: what the list shows and progress_in() reads, and `since`."""
    declaration = Declaration(pk=fields.pop("declaration_id"), slug=fields.pop("declaration__slug"),
                              source_language=fields.pop("declaration__source_language"))  # fmt: skip
    passage = Passage(declaration=declaration, **fields)
    passage.since = passage.source_changed_at  # type: ignore[attr-defined]
    return passage


def stale_by_age(figures: dict[str, int], languages: list[str]) -> dict[str, list[int]]:
    """The stale-age counts of language_totals(), per language in AGE_BUCKETS order."""
    return {code: [figures[f"{code}_stale_{name}"] for name, _days, _label in AGE_BUCKETS] for code in languages}
