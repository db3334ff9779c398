"""The pages for an address that leads nowhere, inside the workbench and on the public site.

Django's default handler renders templates/404.html (and templates/403.html for a refusal): the workbench's layout
with a way back to the desk. A reader of the public site (/en/…, /fr/…) is not a workbench user, so under a language
prefix the public site's own "not found" page answers instead, in its layout and with its way back.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path
from django.views import defaults

from workbench.reading.pages import NOTHING_PUBLISHED
from workbench.reading.pages import not_found as reader_not_found


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if get_language_from_path(request.path_info):
        return reader_not_found(request, str(NOTHING_PUBLISHED))
    return defaults.page_not_found(request, exception)
