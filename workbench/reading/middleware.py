"""Answering public pages from the page cache before the rest of the middleware runs.

Placed right after WhiteNoise: a kept public page then costs what a static file costs plus its one freshness query,
instead of going through sessions, CSRF, authentication, messages and URL resolution first (bench/public.py showed
that stack, not the page, was most of the time). Only pages whose view is wrapped by `public_cache` are answered
here, with the same check, ETag and key as the view would use, so the answer is exactly the one the view would give.
Pages are kept with the headers the whole stack gave them the first time.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation

from workbench.reading.freshness import CACHE_SECONDS, FRESHNESS_ATTRIBUTE, cached_answer, validators


@functools.lru_cache(maxsize=2048)
def public_route(language: str, path: str) -> tuple[Callable[..., Any], tuple[tuple[str, Any], ...]] | None:
    """The freshness check and URL arguments of a public address, or None. Remembered (bounded): resolving the
    address was a quarter of the time of answering a kept page."""
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    check = getattr(match.func, "public_check", None)
    return None if check is None else (check, tuple(match.kwargs.items()))


def is_the_same_for_everyone(response: HttpResponseBase) -> bool:
    """Public pages touch no session and set no cookie; should one ever do so, it is not kept for other readers."""
    return not response.cookies and "cookie" not in response.get("Vary", "").lower()


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD"):
            early = self.early_answer(request)
            if early is not None:
                return early
        response = self.get_response(request)
        key = getattr(response, "public_cache_key", None)
        if key and response.status_code == 200 and not response.streaming and is_the_same_for_everyone(response):
            cache.set(key, (response.content, dict(response.items())), CACHE_SECONDS)
        return response

    def early_answer(self, request: HttpRequest) -> HttpResponseBase | None:
        """The kept page (or 304) for a language-prefixed public address, else None to go the usual way."""
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            return None
        try:
            request.get_host()  # what CommonMiddleware would check: never answer for a host that is not allowed
        except DisallowedHost:
            return None
        route = public_route(language, request.path_info)
        if route is None:
            return None
        check, arguments = route
        with translation.override(language):
            try:
                freshness = check(request, **dict(arguments))
            except Http404:
                return None  # the view renders the reader's "not found" page
            answer = cached_answer(request, validators(request, freshness))
            if answer is None:
                setattr(request, FRESHNESS_ATTRIBUTE, freshness)  # the view renders; its check is already done
            else:
                answer.headers.setdefault("Content-Language", language)
            return answer
