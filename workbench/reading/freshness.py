"""Caching of public pages with correct invalidation (issue 5, "Speed").

Each public view names a *freshness check*: one small query that returns a token which changes whenever anything
the page shows may have changed (the newest edition id, the declaration's last save, the newest reported version),
and the time of that last change. The token gives

- the ETag and the Last-Modified time, so a reader's browser revalidates with a conditional GET and gets 304;
- the key under which the rendered page is kept in Django's cache framework.

Publishing creates an edition with a new id, so the token changes and every page that shows it is rendered afresh:
the old entries are never read again and expire. Nothing has to find and delete them, which also keeps this correct
when several server processes each have their own local-memory cache.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag

from workbench.declarations.models import Declaration, Edition, ReportedVersion
from workbench.reading.pages import NOTHING_PUBLISHED, not_found

# How long a rendered page stays in the cache. The token makes a stale entry unreachable at once; this only bounds
# how long unreachable entries occupy memory.
CACHE_SECONDS = getattr(settings, "READING_CACHE_SECONDS", 600)


@dataclass(frozen=True)
class Freshness:
    token: str
    last_modified: datetime.datetime | None
    # What the check already found (the declaration's id), handed to the view so it is not looked up twice.
    subject: Any = None


@functools.cache
def _sql(template: str) -> str:
    """A check's SQL with the real (quoted) table names, built once per process."""
    quote = connection.ops.quote_name
    return template.format(
        declaration=quote(Declaration._meta.db_table),
        edition=quote(Edition._meta.db_table),
        reported=quote(ReportedVersion._meta.db_table),
    )


# The checks run on every request, cached or not, so they are plain SQL: building the same query through the ORM
# (subqueries, modeltranslation's manager) costs about 4 ms a request, forty times what SQLite takes to answer it,
# and that alone kept a cached page far below the speed of a static file (bench/public.py).
DECLARATION_CHECK = """
    SELECT d.id, d.updated_at,
        (SELECT e.id FROM {edition} e WHERE e.declaration_id = d.id ORDER BY e.id DESC LIMIT 1),
        (SELECT e.published_at FROM {edition} e WHERE e.declaration_id = d.id ORDER BY e.id DESC LIMIT 1),
        (SELECT COUNT(*) FROM {reported} r WHERE r.declaration_id = d.id),
        (SELECT MAX(r.id) FROM {reported} r WHERE r.declaration_id = d.id)
    FROM {declaration} d WHERE d.slug = %s
"""
SITE_CHECK = """
    SELECT (SELECT MAX(id) FROM {edition}), (SELECT MAX(published_at) FROM {edition}),
        (SELECT MAX(updated_at) FROM {declaration}), (SELECT COUNT(*) FROM {reported}), (SELECT MAX(id) FROM {reported})
"""


def _moment(value: datetime.datetime | str | None) -> datetime.datetime | None:
    """A timestamp from raw SQL: SQLite may hand back text, and stores UTC without an offset."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def declaration_freshness(request: HttpRequest, *, slug: str, **kwargs: Any) -> Freshness:
    """One query: the declaration's last save, newest edition and reported versions. 404 until published.

    The subject is the declaration's id; the view loads the declaration itself only when it renders.
    """
    with connection.cursor() as cursor:
        cursor.execute(_sql(DECLARATION_CHECK), [slug])
        row = cursor.fetchone()
    if row is None or row[2] is None:
        raise Http404(NOTHING_PUBLISHED)
    pk, updated_at, newest_edition, published_at, reported_count, reported_newest = row
    token = f"{pk}:{updated_at}:{newest_edition}:{reported_count}:{reported_newest}"
    moments = [moment for moment in (_moment(updated_at), _moment(published_at)) if moment is not None]
    return Freshness(token, max(moments), pk)


def site_freshness(request: HttpRequest, **kwargs: Any) -> Freshness:
    """One query for pages that list many declarations: the newest edition anywhere, and the last metadata save."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(SITE_CHECK))
        newest, published_at, updated_at, reported_count, reported_newest = cursor.fetchone()
    token = f"site:{newest}:{updated_at}:{reported_count}:{reported_newest}"
    moments = [moment for moment in (_moment(published_at), _moment(updated_at)) if moment is not None]
    return Freshness(token, max(moments) if moments else None)


View = Callable[..., HttpResponseBase]


# Where the middleware leaves the result of a check it ran, so the view does not run it a second time.
FRESHNESS_ATTRIBUTE = "_reading_freshness"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int | None
    key: str  # where the rendered page is kept in the cache


def validators(request: HttpRequest, freshness: Freshness) -> Validators:
    # The page holds absolute addresses (hreflang), so the host is part of the key. It has been checked against
    # ALLOWED_HOSTS by then (CommonMiddleware, or PublicPageCacheMiddleware), so the header is read as it is.
    address = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    signature = hashlib.sha256(f"{freshness.token}|{address}".encode()).hexdigest()[:40]
    last_modified = int(freshness.last_modified.timestamp()) if freshness.last_modified else None
    return Validators(quote_etag(signature), last_modified, f"reading:page:{signature}")


def cached_answer(request: HttpRequest, found: Validators) -> HttpResponseBase | None:
    """304 when the reader's copy is current, the kept page when there is one, else None (render it)."""
    not_modified = get_conditional_response(request, etag=found.etag, last_modified=found.last_modified)
    if not_modified is not None:
        return _with_validators(not_modified, found)
    stored = cache.get(found.key)
    if stored is None:
        return None
    content, headers = stored
    return _with_validators(HttpResponse(content, headers=headers), found)


def public_cache(check: Callable[..., Freshness]) -> Callable[[View], View]:
    """Serve the view through conditional GET and the cache; the view gets the Freshness as its second argument.

    A rendered page is marked with its cache key; PublicPageCacheMiddleware keeps it with its final headers.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            # PublicPageCacheMiddleware has run the same check for this request when it found nothing kept.
            freshness = getattr(request, FRESHNESS_ATTRIBUTE, None)
            if freshness is None:
                try:
                    freshness = check(request, **kwargs)
                except Http404 as error:
                    return not_found(request, str(error))
            found = validators(request, freshness)
            answer = cached_answer(request, found)
            if answer is not None:
                return answer
            response = view(request, freshness, **kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()  # a TemplateResponse (the sitemap view) must be rendered before its content is kept
            if response.status_code != 200 or response.streaming:
                return response
            response.public_cache_key = found.key  # type: ignore[attr-defined]
            return _with_validators(response, found)

        # How PublicPageCacheMiddleware finds the check for an address before any view runs.
        wrapper.public_check = check  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _with_validators(response: HttpResponseBase, found: Validators) -> HttpResponseBase:
    response.headers["ETag"] = found.etag
    if found.last_modified is not None:
        response.headers["Last-Modified"] = http_date(found.last_modified)
    # Browsers and proxies may keep the page but must ask again each time; the ETag makes asking cheap.
    response.headers["Cache-Control"] = "public, no-cache"
    return response
