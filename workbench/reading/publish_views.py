"""The coordinator's publish action: a confirmation page (GET) and the act itself (POST)."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from workbench.access import Right, requires
from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration
from workbench.declarations.publishing import (
    NotPublishable,
    blockers,
    doubts,
    has_unpublished_changes,
    latest_edition,
    publish,
)
from workbench.reading.editions import language_label, localized_url


# Permission: Right.PUBLISH — coordinators (a COORDINATOR assignment) and superusers; anyone else logged in gets
# 403, and a visitor who is not logged in is sent to the login page first.
@require_http_methods(["GET", "POST"])
@requires(Right.PUBLISH, translation=False)
def publish_language(request: HttpRequest, slug: str, language: str) -> HttpResponseBase:
    declaration = get_object_or_404(Declaration, slug=slug)
    if not is_language(language):
        raise Http404("Not a language of this site.")
    status = 200
    if request.method == "POST":
        try:
            edition = publish(declaration=declaration, language=language, user=request.user)
        except NotPublishable:
            status = 409  # the text changed between the confirmation page and the click: show why
        else:
            return redirect(
                localized_url("edition", language, slug=declaration.slug, number=edition.number)
            )
    return confirmation(request, declaration, language, status=status)


def confirmation(request: HttpRequest, declaration: Declaration, language: str, *, status: int) -> HttpResponse:
    latest = latest_edition(declaration=declaration, language=language)
    context = {
        "declaration": declaration,
        "language": language,
        "language_name": language_label(language),
        "blockers": blockers(declaration=declaration, language=language),
        "doubts": doubts(declaration=declaration, language=language),
        "latest": latest,
        "changed": has_unpublished_changes(declaration=declaration, language=language),
        "public_url": localized_url("declaration", language, slug=declaration.slug),
    }
    return render(request, "reading/publish.html", context, status=status)
