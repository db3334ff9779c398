"""Speed with correct invalidation: conditional GET, the page cache, and a bounded number of queries."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.reading.conftest import SLUG
from workbench.declarations.models import Declaration
from workbench.declarations.publishing import publish
from workbench.reading.middleware import is_the_same_for_everyone

pytestmark = pytest.mark.django_db

EN = f"/en/declarations/{SLUG}/"


def test_etag_and_last_modified_answer_conditional_gets(client: Client, seoul: Declaration) -> None:
    first = client.get(EN)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(EN, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(EN, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_each_language_has_its_own_etag(client: Client, seoul: Declaration) -> None:
    assert client.get(EN)["ETag"] != client.get(f"/fr/declarations/{SLUG}/")["ETag"]


def test_publishing_changes_the_etag_and_the_cached_page(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    before = client.get(EN)
    assert "translation is in progress" in before.content.decode()
    publish_french(seoul)
    after = client.get(EN, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "translation is in progress" not in after.content.decode()
    assert 'hreflang="fr"' in after.content.decode()


def test_a_cached_page_costs_one_query_and_is_the_same_page(client: Client, seoul: Declaration) -> None:
    first = client.get(EN)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(EN)
    assert second.content == first.content
    assert len(queries) == 1  # the freshness check; the page itself comes from the cache


def make_long(make_declaration: Callable[..., Declaration], slug: str, count: int) -> Declaration:
    declaration = make_declaration([f"Paragraph {n} of {slug}." for n in range(count)], slug=slug)
    publish(declaration=declaration, language="en", user=None)
    return declaration


@pytest.mark.parametrize("url", ["/en/declarations/{slug}/", "/fr/declarations/{slug}/"])
def test_an_uncached_declaration_page_takes_at_most_four_queries_whatever_its_length(
    client: Client,
    make_declaration: Callable[..., Declaration],
    django_assert_max_num_queries: Callable[..., object],
    url: str,
) -> None:
    counts = []
    for slug, length in (("short", 3), ("long", 60)):
        make_long(make_declaration, slug, length)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(4):  # type: ignore[operator]
            response = client.get(url.format(slug=slug))
        assert response.status_code == 200
        assert response.content.decode().count('<div class="passage"') == length
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_kept_page_is_answered_before_the_rest_of_the_stack_with_the_same_headers(
    client: Client, seoul: Declaration, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get(EN)
    # Were the view reached again, this would fail the request: the answer must come from the middleware.
    monkeypatch.setattr("workbench.reading.views.load_reading", None)
    second = client.get(EN)
    assert second.status_code == 200 and second.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Language", "X-Frame-Options", "Content-Type"):
        assert second[header] == first[header], header
    assert client.get(EN, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_disallowed_host_is_never_answered_from_the_cache(client: Client, seoul: Declaration) -> None:
    client.get(EN)
    assert client.get(EN, headers={"host": "evil.example"}).status_code == 400


def test_the_sitemap_and_list_are_kept_too(client: Client, seoul: Declaration) -> None:
    for url in ("/sitemap.xml", "/en/"):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second.content == first.content
        assert len(queries) == 1, url


def test_a_response_that_sets_a_cookie_is_not_kept() -> None:
    plain = HttpResponse("page")
    assert is_the_same_for_everyone(plain)
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("sessionid", "secret")
    varies = HttpResponse("page", headers={"Vary": "Accept-Language, Cookie"})
    assert not is_the_same_for_everyone(with_cookie) and not is_the_same_for_everyone(varies)
