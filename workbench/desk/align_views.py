"""The alignment review screens: intake, the two-column review, accept."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, has_right, requires
from workbench.declarations.models import AlignmentReview, Declaration, ReviewStatus
from workbench.desk.views import language_label
from workbench.exchange.units import ExchangeError
from workbench.jobs import tasks as jobs
from workbench.reviews import alignment, beads


def open_review(declaration: Declaration, language: str) -> AlignmentReview | None:
    return AlignmentReview.objects.filter(declaration=declaration, language=language, status=ReviewStatus.OPEN).first()


def review_url(declaration: Declaration, language: str, row: int | None = None) -> str:
    url = reverse("desk:align", args=[declaration.slug, language])
    return f"{url}#row-{row}" if row is not None else url


def screen(request: HttpRequest, declaration: Declaration, language: str, *, error: str = "", status: int = 200,
           text: str = "") -> HttpResponse:  # fmt: skip
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
        views = alignment.row_views(review)
        context.update(
            rows=views,
            confirmed=sum(v.row.confirmed for v in views),
            next_unconfirmed=beads.next_unconfirmed(rows),
            lowest=beads.lowest_confidence(rows),
            all_confirmed=all(row.confirmed for row in rows),
            in_the_way=alignment.approved_in_the_way(review),
            plan=alignment.plan(review, rows),
        )
    return render(request, "desk/align.html", context, status=status)


# Permission: Right.REVIEW in this language (reviewers and coordinators) to see and work on the review.
@require_safe
@requires(Right.REVIEW)
def review(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    return screen(request, declaration, language)


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
    review = current(declaration, language, review_id)
    action = parse_action(request.POST.get("action", ""))
    row = number(request.POST.get("row", "0"))
    try:
        alignment.operate(review_id=review.pk, version=number(request.POST.get("version")), row=row, **action)
    except alignment.ReviewConflict:
        return conflict(request, declaration, language)
    except alignment.ReviewError as error:
        return screen(request, declaration, language, error=str(error), status=400)
    return HttpResponseRedirect(review_url(declaration, language, max(row, 0)))


# Permission: Right.REVIEW in this language.
@require_POST
@requires(Right.REVIEW)
def accept(request: HttpRequest, declaration: Declaration, language: str, review_id: int) -> HttpResponse:
    review = current(declaration, language, review_id)
    try:
        accepted = alignment.accept(review_id=review.pk, version=number(request.POST.get("version")),
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
    review = current(declaration, language, review_id)
    try:
        alignment.discard(review_id=review.pk, version=number(request.POST.get("version")))
    except alignment.ReviewConflict:
        return conflict(request, declaration, language)
    messages.info(request, _("The alignment review was discarded; the passages are unchanged."))
    return HttpResponseRedirect(review_url(declaration, language))


def current(declaration: Declaration, language: str, review_id: int) -> AlignmentReview:
    review = open_review(declaration, language)
    if review is None:
        raise Http404("No open alignment review.")
    if review.pk != review_id:
        raise PermissionDenied  # a form for a review that has since been replaced
    return review


def conflict(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    message = _("Someone else changed this review while you were looking at it, so your change was not applied. "
                "Here is the review as it stands now; apply your change again if it is still needed.")  # fmt: skip
    return screen(request, declaration, language, error=message, status=409)
