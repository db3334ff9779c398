"""The suggestion panel's endpoint (issue 22): the memory's and machine translation's offers for one passage."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from workbench.access import Right, requires
from workbench.declarations.models import Declaration, Passage
from workbench.desk.suggestions import build_panel
from workbench.desk.views import language_label
from workbench.links import passage_url


# Permission: Right.WORK in this language, like the editor: a translator reads only the memory of the languages
# they work in (the panel's suggestions are always into the URL's language).
@require_safe
@requires(Right.WORK)
def suggestions(request: HttpRequest, declaration: Declaration, language: str, key: str) -> HttpResponse:
    passage = get_object_or_404(Passage, declaration=declaration, key=key)
    context = {
        "declaration": declaration,
        "language": language,
        "language_label": language_label(language),
        "source_language": declaration.source_language,
        "panel": build_panel(passage, declaration, language),
        "editor_url": passage_url(declaration.slug, language, key),
    }
    # The editor's script asks for the fragment alone; without the script, the row's link opens a whole page.
    template = "desk/_suggestions.html" if request.GET.get("fragment") == "1" else "desk/suggestions.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"  # the memory grows with every approval
    return response
