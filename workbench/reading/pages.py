"""What every public page shares: the language switcher, and the page a reader gets for an address that leads
nowhere (a clear message in their language, status 404)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language, gettext_lazy

from workbench.declarations.languages import language_codes
from workbench.reading.editions import LanguageLink, language_own_name


def switch_links(request: HttpRequest, urls: dict[str, str] | None = None) -> list[LanguageLink]:
    """The same page in every language. A page whose equivalent is not a plain translation of its address (the
    side-by-side page swaps its two languages) passes `urls`. reading.js adds the #p-<key> the reader is at."""
    current = get_language()
    full_path = request.get_full_path()
    return [
        LanguageLink(
            code=code,
            name=language_own_name(code),
            url=(urls or {}).get(code) or translate_url(full_path, code),
            current=code == current,
        )
        for code in language_codes()
    ]


def page_context(request: HttpRequest, *, switch: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"switch_links": switch_links(request, switch), **extra}


# What a reader is told at an address where nothing is published (an unknown declaration, or no page at all).
NOTHING_PUBLISHED = gettext_lazy("No declaration is published at this address.")


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reading/not_found.html", page_context(request, message=message), status=404)
