"""The front page: what the workbench is, and where each kind of user goes from here."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
