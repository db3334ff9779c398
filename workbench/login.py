"""Logging in, with failed attempts limited so passwords cannot be guessed at speed.

Failures are counted in the cache per user name and per client address over a window; past the limit the login
form answers 429 without checking the password at all, until the window has passed.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20


def failure_keys(request: HttpRequest) -> list[tuple[str, int]]:
    name = request.POST.get("username", "").strip().casefold()[:150]
    address = request.META.get("REMOTE_ADDR", "")
    return [(f"login-failures:name:{name}", MAX_FAILURES_PER_NAME),
            (f"login-failures:address:{address}", MAX_FAILURES_PER_ADDRESS)]  # fmt: skip


def blocked(request: HttpRequest) -> bool:
    return any(cache.get(key, 0) >= limit for key, limit in failure_keys(request))


def record_failure(request: HttpRequest) -> None:
    for key, _limit in failure_keys(request):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)


# Permission: public (anyone may try to log in), limited by failed attempts.
class RateLimitedLoginView(LoginView):
    required_right = None  # public, on purpose (see workbench.access.public)
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if blocked(request):
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form, too_many=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        record_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        cache.delete(failure_keys(self.request)[0][0])
        return super().form_valid(form)
