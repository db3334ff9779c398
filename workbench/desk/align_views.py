"""The alignment review screens: intake, the two-column review, accept."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, has_right, requires
from workbench.declarations.models import AlignmentReview, Declaration, ReviewStatus
from workbench.desk import align_window
from workbench.desk.views import language_label
from workbench.exchange.units import ExchangeError
from workbench.jobs import tasks as jobs
from workbench.reviews import alignment, beads


def open_review(declaration: Declaration, language: str, *, texts: bool = True) -> AlignmentReview | None:
    # The undo and redo histories are only read by an action (reviews.alignment.operate, which loads the review
    # again): the screen needs to know whether they are empty, not their hundreds of states. `texts=False` leaves
    # the units' texts (megabytes for a book) unread too, for what only reads the rows.
    deferred = ("undo", "redo") if texts else ("undo", "redo", "source_units", "target_units")
    return (AlignmentReview.objects.filter(declaration=declaration, language=language, status=ReviewStatus.OPEN)
            .defer(*deferred)
            .annotate(can_undo=ExpressionWrapper(~Q(undo=[]), output_field=BooleanField()),
                      can_redo=ExpressionWrapper(~Q(redo=[]), output_field=BooleanField()))
            .first())  # fmt: skip


def review_url(declaration: Declaration, language: str, row: int | None = None) -> str:
    """The review, opened on row index `row` (its window, the row selected and scrolled to)."""
    url = reverse("desk:align", args=[declaration.slug, language])
    return f"{url}?row={row + 1}#row-{row}" if row is not None else url


def opening_row(rows: list[beads.Row], asked: str | None, selected: int | None) -> tuple[int, str]:
    """The row the page opens on, and the error for a row number that names no row. Without a choice, the page
    opens where the work is: the first row not yet confirmed."""
    error = ""
    if asked:
        index = align_window.row_number(asked, len(rows))
        if index is not None:
            return index, ""
        error = _("There is no row “%(number)s”: give a number from 1 to %(total)s.") % {
            "number": asked[:20], "total": len(rows)}  # fmt: skip
    elif selected is not None:
        return max(0, min(selected, len(rows) - 1)), ""
    first = beads.next_unconfirmed(rows)
    return (0 if first is None else first), error


def screen(request: HttpRequest, declaration: Declaration, language: str, *, error: str = "", status: int = 200,
           text: str = "", asked: str | None = None, selected: int | None = None) -> HttpResponse:  # fmt: skip
    review = open_review(declaration, language)
    context: dict[str, Any] = {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "source_label": language_label(declaration.source_language),
        "review": review,
        "error": error,
        "text": text,
        "can_intake": has_right(request.user, Right.EDIT_SOURCE),
        "editor_url": reverse("desk:editor", args=[declaration.slug, language]),
    }
    if review is not None:
        rows = alignment.rows_of(review)
        all_confirmed = all(row.confirmed for row in rows)
        context.update(
            rows=[],
            total=len(rows),
            confirmed=sum(row.confirmed for row in rows),
            lowest=beads.lowest_confidence(rows),
            any_doubtful=beads.next_doubtful(rows, below=alignment.LOW_CONFIDENCE) is not None,
            all_confirmed=all_confirmed,
        )
        if rows:
            index, wrong_number = opening_row(rows, asked, selected)
            if wrong_number:
                context["error"], status = wrong_number, 400
            context.update(window_of(review, rows, index, context))
        if all_confirmed:  # what accepting would do is only shown once it can be done
            context.update(in_the_way=alignment.approved_in_the_way(review), plan=alignment.plan(review, rows))
    return render(request, "desk/align.html", context, status=status)


def window_of(review: AlignmentReview, rows: list[beads.Row], index: int, labels: dict[str, Any]) -> dict[str, Any]:
    """The rows of the window holding row `index`, that row selected, and what its toolbar offers."""
    window = align_window.Window.holding(index, len(rows))
    views = alignment.row_views(review, window.start, window.stop, rows)
    return {
        "rows": views,
        "window": window,
        "selected": views[index - window.start],
        # The toolbar's two sides: their label and the paragraphs a split may go before (from the second on).
        "sides": [("source", labels["source_label"], range(1, len(rows[index].source))),
                  ("target", labels["language_label"], range(1, len(rows[index].target)))],
    }  # fmt: skip


# What "next" a reviewer may ask for (`?next=…&after=<row number>`), and what is said when there is none.
FINDS = {
    "unconfirmed": gettext_lazy("Every row is confirmed."),
    "low": gettext_lazy("No unconfirmed row has a low confidence."),
}


def find_next(request: HttpRequest, declaration: Declaration, language: str, kind: str) -> HttpResponse:
    """Open the window holding the next row of a kind after the reviewer's row, wherever it is in the review."""
    review = open_review(declaration, language, texts=False)  # the rows are searched, no text is shown
    if review is None or not review.rows:
        return HttpResponseRedirect(review_url(declaration, language))
    rows = alignment.rows_of(review)
    after = align_window.row_number(request.GET.get("after"), len(rows))
    start = -1 if after is None else after
    if kind == "unconfirmed":
        found = beads.next_unconfirmed(rows, start)
    else:
        found = beads.next_doubtful(rows, start, below=alignment.LOW_CONFIDENCE)
    if found is None:
        messages.info(request, FINDS[kind])
        return HttpResponseRedirect(review_url(declaration, language, after))
    return HttpResponseRedirect(review_url(declaration, language, found))


# Permission: Right.REVIEW in this language (reviewers and coordinators) to see and work on the review.
@require_safe
@requires(Right.REVIEW)
def review(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    kind = request.GET.get("next", "")
    if kind in FINDS:
        return find_next(request, declaration, language, kind)
    return screen(request, declaration, language, asked=request.GET.get("row"))


# Permission: Right.EDIT_SOURCE (coordinators) brings another version in.
@require_POST
@requires(Right.EDIT_SOURCE)
def intake(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    upload = request.FILES.get("file")
    text = request.POST.get("text", "")
    try:
        paragraphs = alignment.read_intake(
            text=text,
            upload=upload.read() if upload else None,
            filename=upload.name if upload else "",
            language=language,
        )
        origin = upload.name if upload else _("pasted text")
        if len(paragraphs) * declaration.passages.count() > jobs.INLINE_ALIGNMENT_CELLS:
            # A long document is aligned by the background worker; the jobs page follows it.
            jobs.start_alignment(user=request.user, declaration=declaration, language=language,
                                 paragraphs=paragraphs, origin=origin)  # fmt: skip
            messages.info(request, _("The text is long: it is being aligned in the background."))
            return HttpResponseRedirect(reverse("exchange:jobs"))
        alignment.start_review(
            declaration=declaration, language=language, paragraphs=paragraphs, origin=origin, user=request.user
        )
    except (ExchangeError, alignment.ReviewError) as error:
        return screen(request, declaration, language, error=str(error), status=400, text=text)
    messages.success(request, _("The text was aligned: review the proposal row by row."))
    return HttpResponseRedirect(review_url(declaration, language))


def parse_action(value: str) -> dict[str, Any]:
    """A button's value: "operation|side|argument", e.g. "merge|both", "split|target|2", "move|source|up"."""
    parts = value.split("|")
    action: dict[str, Any] = {"operation": parts[0]}
    if len(parts) > 1:
        action["side"] = parts[1]
    if len(parts) > 2:
        if parts[2].isdigit():
            action["at"] = int(parts[2])
        else:
            action["direction"] = parts[2]
    return action


def number(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


# Permission: Right.REVIEW in this language.
@require_POST
@requires(Right.REVIEW)
def operate(request: HttpRequest, declaration: Declaration, language: str, review_id: int) -> HttpResponse:
    require_current(declaration, language, review_id)
    action = parse_action(request.POST.get("action", ""))
    if action["operation"] == "split" and "at" not in action:
        # The toolbar's split names the side; the paragraph it splits before comes from that side's list.
        action["at"] = number(request.POST.get(f"split_{action.get('side', '')}"))
    row = number(request.POST.get("row", "0"))
    try:
        changed = alignment.operate(review_id=review_id, version=number(request.POST.get("version")), row=row,
                                    **action)  # fmt: skip
    except alignment.ReviewConflict:
        return conflict(request, declaration, language, row)
    except alignment.ReviewError as error:
        return screen(request, declaration, language, error=str(error), status=400, selected=max(row, 0))
    # Back on the same row (an undo may have taken the last rows away: then on the new last one).
    return HttpResponseRedirect(review_url(declaration, language, max(0, min(row, len(changed.rows) - 1))))


# Permission: Right.REVIEW in this language.
@require_POST
@requires(Right.REVIEW)
def accept(request: HttpRequest, declaration: Declaration, language: str, review_id: int) -> HttpResponse:
    require_current(declaration, language, review_id)
    try:
        accepted = alignment.accept(review_id=review_id, version=number(request.POST.get("version")),
                                    user=request.user, replace_approved=request.POST.get("replace_approved") == "yes",
                                    plan_confirmed=request.POST.get("plan_confirmed") == "yes")  # fmt: skip
    except alignment.ReviewConflict:
        return conflict(request, declaration, language)
    except alignment.ReviewError as error:
        return screen(request, declaration, language, error=str(error), status=400)
    if accepted.kept:
        written, kept = len(accepted.written), len(accepted.kept)
        messages.success(request, ngettext("The aligned translation was accepted for %(count)s passage.",
                                           "The aligned translation was accepted for %(count)s passages.", written)
                         % {"count": written})  # fmt: skip
        messages.warning(request, ngettext(
            "Kept the approved translation of passage %(numbers)s: “Replace the approved translations” was not "
            "ticked, so accepting did not touch it.",
            "Kept the approved translation of passages %(numbers)s: “Replace the approved translations” was not "
            "ticked, so accepting did not touch them.", kept) % {"numbers": ", ".join(map(str, accepted.kept))})
    else:
        messages.success(request, _("The aligned translation was accepted: every passage now holds it as translated."))
    return HttpResponseRedirect(reverse("desk:editor", args=[declaration.slug, language]))


# Permission: Right.EDIT_SOURCE (coordinators): dropping a review throws away the reviewers' work on it.
@require_POST
@requires(Right.EDIT_SOURCE)
def discard(request: HttpRequest, declaration: Declaration, language: str, review_id: int) -> HttpResponse:
    require_current(declaration, language, review_id)
    try:
        alignment.discard(review_id=review_id, version=number(request.POST.get("version")))
    except alignment.ReviewConflict:
        return conflict(request, declaration, language)
    messages.info(request, _("The alignment review was discarded; the passages are unchanged."))
    return HttpResponseRedirect(review_url(declaration, language))


def require_current(declaration: Declaration, language: str, review_id: int) -> None:
    """404 without an open review, 403 if the form names another; the workflow then reads the review itself."""
    found = (AlignmentReview.objects.filter(declaration=declaration, language=language, status=ReviewStatus.OPEN)
             .values_list("pk", flat=True).first())  # fmt: skip
    if found is None:
        raise Http404("No open alignment review.")
    if found != review_id:
        raise PermissionDenied  # a form for a review that has since been replaced


def conflict(request: HttpRequest, declaration: Declaration, language: str, row: int | None = None) -> HttpResponse:
    message = _("Someone else changed this review while you were looking at it, so your change was not applied. "
                "Here is the review as it stands now; apply your change again if it is still needed.")  # fmt: skip
    return screen(request, declaration, language, error=message, status=409,
                  selected=None if row is None else max(row, 0))  # fmt: skip
