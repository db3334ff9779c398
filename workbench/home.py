"""The front page: what the workbench is, and where each kind of user goes from here; and the site's icon."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from workbench.access import public
from workbench.declarations.models import Declaration


# Permission: public. It shows only counts and titles of declarations, which are public once published and
# harmless before; the links it shows lead to screens that check their own permissions.
@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    declarations = Declaration.objects.order_by("-issued_on", "slug")[:20]
    return render(request, "home.html", {"declarations": declarations})


# Permission: public. Browsers ask every site for /favicon.ico, also for pages that link no icon (the admin's); the
# icon is a static file, so this only points there. The static URL is looked up per request (not when the URLconf
# loads: production's is hashed, from collectstatic's manifest), and the redirect is temporary because that hashed
# name changes whenever the icon does.
@public
@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(static("workbench/favicon.ico"))
