"""The coordinator's progress page (issue 8): where every translation stands, at a glance, at any corpus size.

Thin views: the figures come from tallies.py (each one query, counted in the database) and the chart's geometry from
charts.py. The whole-corpus figures (totals, people, chart, waiting, stale) read the progress summary and the
approved words by month where they can (issue 26: the first view at 300,000 passages no longer replays the history or
counts every passage), and are kept in the cache under `corpus_version()` (one cheap query): any change to a passage
appends a revision and so changes the key, and the hour is part of the key because "last 7 days" and stale ages move
with time. The per-declaration table is always counted afresh.
"""
from __future__ import annotations

import csv
import datetime
import hashlib
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from workbench.access import Right, has_right, requires
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Declaration, Kind, Progress
from workbench.declarations.publishing import can_publish
from workbench.desk import tallies
from workbench.desk.charts import approved_words_chart
from workbench.desk.planning_forms import TaskForm
from workbench.desk.publish_status import publish_annotations
from workbench.desk.views import attach_publish_status, bars, language_label
from workbench.planning.figures import workload
from workbench.planning.models import Task

PER_PAGE = 50


class ProgressFilterForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    state = forms.ChoiceField(label=pgettext_lazy("progress filter", "Has passages"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    organisation = forms.CharField(label=gettext_lazy("Organisation contains"), required=False, max_length=100)
    issued_from = forms.DateField(label=gettext_lazy("Issued from"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    issued_to = forms.DateField(label=gettext_lazy("Issued until"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    has_stale = forms.BooleanField(label=gettext_lazy("Has stale passages"), required=False)
    reported_missing = forms.BooleanField(
        label=gettext_lazy("Reported available at the source but not here"), required=False
    )
    has_failures = forms.BooleanField(label=gettext_lazy("Has check failures"), required=False)
    deadline = forms.ChoiceField(label=gettext_lazy("Deadline"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", pgettext_lazy("filter", "any"))]
        self.fields["language"].choices = anything + [(code, language_label(code)) for code in language_codes()]
        self.fields["state"].choices = anything + list(Progress.choices)
        self.fields["kind"].choices = anything + list(Kind.choices)
        self.fields["sort"].choices = list(tallies.SORTS.items())
        self.fields["deadline"].choices = anything + [
            ("overdue", pgettext_lazy("deadline filter", "overdue")),
            ("due-week", pgettext_lazy("deadline filter", "due within a week")),
            ("assigned", pgettext_lazy("deadline filter", "assigned")),
            ("unassigned", pgettext_lazy("deadline filter", "not assigned")),
        ]

    def filters(self) -> tallies.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return tallies.Filters(
            language=data.get("language") or "",
            state=data.get("state") or "",
            kind=data.get("kind") or "",
            organisation=(data.get("organisation") or "").strip(),
            issued_from=data.get("issued_from"),
            issued_to=data.get("issued_to"),
            has_stale=bool(data.get("has_stale")),
            reported_missing=bool(data.get("reported_missing")),
            has_failures=bool(data.get("has_failures")),
            deadline=data.get("deadline") or "",
            sort=data.get("sort") or "-issued_on",
            languages=language_codes(),
        )


def corpus_figures(languages: list[str], now: datetime.datetime) -> dict[str, Any]:
    """The whole-corpus sections, from the cache when nothing changed since they were counted (see the module)."""
    version = repr((tallies.corpus_version(), now.strftime("%Y-%m-%d %H"), languages))
    key = "desk-progress-" + hashlib.sha256(version.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        ages, stale_oldest = tallies.stale_overview(languages, now)
        figures = {
            "totals": tallies.bucket_totals(languages) | ages,
            "people": tallies.people_activity(now),
            "months": tallies.approved_words_by_month(languages),
            "waiting": tallies.oldest_waiting(languages),
            "stale_oldest": stale_oldest,
        }
        cache.set(key, figures, 3600)
    return figures


def page_of(filters: tallies.Filters, number: str | None) -> dict[str, Any]:
    queryset = tallies.declaration_queryset(filters)
    total = queryset.count()
    pages = max(1, -(-total // PER_PAGE))
    try:
        current = min(max(1, int(number or 1)), pages)
    except ValueError:
        current = 1
    counted = tallies.with_failure_counts(queryset, filters.targets())
    declarations = list(counted[(current - 1) * PER_PAGE : current * PER_PAGE])
    return {"declarations": declarations, "count": total, "number": current, "pages": pages}


def table_rows(declarations: list[Declaration], filters: tallies.Filters, *, publisher: bool = False
               ) -> list[dict[str, Any]]:  # fmt: skip
    # What publishers read on each bar is counted in the same grouped query, for the page's declarations only
    # (as subqueries of the sorted SELECT of the page they ran for every declaration before the sort: 4× slower).
    extra = publish_annotations(filters.targets(), outer="declaration") if publisher else None
    counted = tallies.declaration_progress([d.pk for d in declarations], filters.languages, extra)
    empty = tallies.zero_figures(filters.languages)
    tasks = tasks_for(declarations)
    today = timezone.localdate()
    rows = []
    for declaration in declarations:
        figures = tallies.Figures(counted.get(declaration.pk, empty))
        targets = [code for code in filters.targets() if code != declaration.source_language]
        shown = []
        for code in targets:
            task = tasks.get((declaration.pk, code))
            shown.append(dict(bars(figures, code), failures=getattr(declaration, f"failures_{code}", 0), task=task,
                              overdue=_overdue(task, figures, code, today)))  # fmt: skip
        rows.append({"declaration": declaration, "bars": shown})
    if publisher:
        attach_publish_status(rows, counted)
    return rows


def tasks_for(declarations: list[Declaration]) -> dict[tuple[int, str], Task]:
    """Who is assigned to each of the page's declarations, per language (issue 25): one query for the page."""
    found = Task.objects.filter(declaration__in=declarations).select_related("translator", "reviewer")
    return {(task.declaration_id, task.language): task for task in found}


def _overdue(task: Task | None, figures: tallies.Figures, language: str, today: datetime.date) -> bool:
    """Past its due date with passages still not approved."""
    if task is None or not task.is_overdue(today):
        return False
    return getattr(figures, f"{language}_{Progress.APPROVED.value}_passages", 0) < sum(
        getattr(figures, f"{language}_{bucket.value}_passages", 0) for bucket in Progress)


# Permission: Right.PROGRESS — coordinators, and reviewers of any language (they read every language's progress);
# translators and people without an assignment get 403, anonymous visitors the login page.
@require_safe
@requires(Right.PROGRESS)
def progress(request: HttpRequest) -> HttpResponse:
    languages = language_codes()
    now = timezone.now()
    form = ProgressFilterForm(request.GET or None)
    filters = form.filters()
    figures = corpus_figures(languages, now)
    page = page_of(filters, request.GET.get("page"))
    totals = tallies.Figures(figures["totals"])
    labels = {code: language_label(code) for code in languages}
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    rows = table_rows(page["declarations"], filters, publisher=can_publish(request.user))
    context = {
        "form": form,
        "filters": filters,
        "language_bars": [bars(totals, code) for code in languages],
        "page": page,
        "rows": rows,
        "query": urlencode(query),
        "csv_query": urlencode(query),
        "people": figures["people"],
        "chart": approved_words_chart(figures["months"], labels, now.strftime("%Y-%m")),
        "waiting": figures["waiting"],
        "stale_ages": [
            {"language": code, "label": labels[code], "counts": counts}
            for code, counts in tallies.stale_by_age(figures["totals"], languages).items()
        ],
        "age_labels": [label for _n, _d, label in tallies.AGE_BUCKETS],
        "stale_oldest": [
            {"passage": p, "languages": [labels[c] for c in languages if p.progress_in(c) == Progress.STALE]}
            for p in figures["stale_oldest"]
        ],
        "now": now,
        "interface_language": get_language(),
    }
    context["workload"] = workload(languages, timezone.localdate())
    if has_right(request.user, Right.ASSIGN):
        # Assign every declaration the filters list, in the filter's language (planning_views.assign_listed).
        context["assign_form"] = TaskForm(language=filters.language, auto_id="assign_%s") if filters.language else None
        context["can_assign"] = True
        context["filter_values"] = [(name, value) for name, value in request.GET.items()
                                    if name in form.fields and value]  # fmt: skip
    return render(request, "desk/progress.html", context)


# Permission: Right.PROGRESS, as the page it exports.
@require_safe
@requires(Right.PROGRESS)
def progress_csv(request: HttpRequest) -> HttpResponse:
    """The per-declaration table with the page's filters, every row (not one page), as CSV in UTF-8 with a byte
    order mark so that spreadsheet programs read the accents right."""
    filters = ProgressFilterForm(request.GET or None).filters()
    queryset = tallies.declaration_queryset(filters)
    declarations = list(queryset)
    counted = tallies.declaration_progress(queryset.order_by().values("pk"), filters.languages)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="progress.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    header = [_("slug"), _("title"), _("source language"), _("kind"), _("organisation"), _("date issued")]
    targets = filters.targets()
    for code in targets:
        for bucket in Progress:
            header.append(_("%(language)s %(state)s words") % {"language": code, "state": bucket.label})
            header.append(_("%(language)s %(state)s passages") % {"language": code, "state": bucket.label})
        header += [_("%(language)s translator") % {"language": code}, _("%(language)s reviewer") % {"language": code},
                   _("%(language)s due") % {"language": code}]  # fmt: skip
    writer.writerow(header)
    tasks = tasks_for(declarations)
    for declaration in declarations:
        figures = counted.get(declaration.pk, {})
        source = declaration.source_language
        organisation = getattr(declaration, column("organisation", source))
        row: list[Any] = [declaration.slug, declaration.title_in(source), source, declaration.get_kind_display(),
                          organisation, declaration.issued_on.isoformat()]  # fmt: skip
        for code in targets:
            for bucket in Progress:
                if code == source:
                    row += ["", ""]
                else:
                    row.append(figures.get(f"{code}_{bucket.value}_words", 0))
                    row.append(figures.get(f"{code}_{bucket.value}_passages", 0))
            task = tasks.get((declaration.pk, code))
            row += [task.translator.get_username() if task and task.translator else "",
                    task.reviewer.get_username() if task and task.reviewer else "",
                    task.due_on.isoformat() if task and task.due_on else ""]  # fmt: skip
        writer.writerow(row)
    return response
