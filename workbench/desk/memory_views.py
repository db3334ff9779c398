"""The translation memory's screens on the desk (issue 22): the concordance, and a coordinator's fill from memory."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from workbench.access import Right, memory_pairs, requires
from workbench.declarations.languages import language_codes
from workbench.declarations.models import Declaration
from workbench.desk.concordance import ConcordanceForm, search
from workbench.desk.views import language_label
from workbench.links import passage_url
from workbench.memory.filling import fill_from_memory


# Permission: Right.MEMORY — anyone who translates or reviews in some language, and coordinators (403 for a person
# with no assignment; a visitor goes to the login page). The form offers only the pairs with a language the person
# works in on either side (access.memory_pairs), and refuses any other pair as a form error.
@require_safe
@requires(Right.MEMORY)
def concordance(request: HttpRequest) -> HttpResponse:
    codes = language_codes()
    pairs = memory_pairs(request.user, codes)
    # The page opens with an empty form; a submitted one (it always sends q) is checked, and errors shown on it.
    data = request.GET if "q" in request.GET else None
    form = ConcordanceForm(data, pairs=pairs, labels={code: language_label(code) for code in codes})
    results = search(form, request.user) if form.is_bound and form.is_valid() else None
    response = render(request, "desk/memory.html", {"form": form, "results": results, "pairs": pairs})
    response["Cache-Control"] = "private, no-store"  # the memory grows with every approval
    return response


# Permission: Right.FILL_FROM_MEMORY (coordinators only), for a target language of the declaration.
@require_POST
@requires(Right.FILL_FROM_MEMORY)
def fill(request: HttpRequest, declaration: Declaration, language: str) -> HttpResponse:
    report = fill_from_memory(declaration=declaration, language=language, author=request.user)
    label = language_label(language)
    if not report.filled and not report.left:
        messages.info(request, _("No passage is missing in %(language)s: there was nothing to fill.")
                      % {"language": label})  # fmt: skip
    else:
        filled = ngettext(
            "%(count)d missing passage filled from the memory, as a draft to check.",
            "%(count)d missing passages filled from the memory, as drafts to check.",
            report.filled_count,
        ) % {"count": report.filled_count}
        left = ngettext(
            "%(count)d missing passage left as it was: not all of its sentences have a 100%% match in the memory.",
            "%(count)d missing passages left as they were: not all of their sentences have a 100%% match in the "
            "memory.",
            report.left_count,
        ) % {"count": report.left_count}
        said = f"{filled} {left}" if report.left else filled
        (messages.success if report.filled else messages.info)(request, said)
    return HttpResponseRedirect(passage_url(declaration.slug, language))
