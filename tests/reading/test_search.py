"""Search over published editions, insensitive to accents and case, never over drafts."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.reading.conftest import SLUG
from workbench.declarations.models import Declaration
from workbench.reading.excerpts import highlight, search_terms

pytestmark = pytest.mark.django_db


def test_declaration_finds_declaration_with_an_accent(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    response = client.get("/fr/search/?q=declaration")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 résultat" in html
    assert f'href="/fr/declarations/{SLUG}/#p-' in html
    assert "<mark>déclaration</mark>" in html


def test_capitals_and_accents_in_the_query_do_not_matter(client: Client, seoul: Declaration) -> None:
    html = client.get("/en/search/?q=SÉOUL").content.decode()
    assert "1 result" in html and "<mark>Seoul</mark>" in html


def test_every_word_must_occur(client: Client, seoul: Declaration) -> None:
    assert "1 result" in client.get("/en/search/?q=delegates+UNESCO").content.decode()
    assert "0 results" in client.get("/en/search/?q=delegates+penguins").content.decode()


def test_search_covers_only_the_published_language(client: Client, seoul: Declaration) -> None:
    # The French drafts mention "délégués"; nothing French is published, so French search finds nothing.
    html = client.get("/fr/search/?q=delegues").content.decode()
    assert "0 résultat" in html
    assert '<a href="/en/search/?q=delegues">anglais</a>' in html


@pytest.mark.parametrize("query", ["", "?q=", "?q=+", "?q=%09%20%0A", "?page=2"])
def test_an_empty_search_shows_the_empty_form(client: Client, seoul: Declaration, query: str) -> None:
    # The header's search box sends "?q=" when submitted empty: that is a reader arriving, not a bad request.
    response = client.get("/en/search/" + query)
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]
    assert '<input type="text" name="q" maxlength="200" required id="id_q">' in main
    assert "<h2>" not in main and 'class="results"' not in main and "Type a word" not in main


def test_queries_without_a_word_or_too_long_get_a_message(client: Client, seoul: Declaration) -> None:
    accent_only = client.get("/en/search/?q=%CC%81")
    assert accent_only.status_code == 400
    long = client.get("/en/search/?q=" + "a" * 201)
    assert long.status_code == 400 and "at most 200 characters" in long.content.decode()


def test_the_query_is_escaped(client: Client, seoul: Declaration) -> None:
    html = client.get("/en/search/?q=%3Cscript%3E").content.decode()
    assert "<script>" not in html.split("<main", 1)[1]


def test_highlight_marks_matches_in_the_original_text() -> None:
    terms = search_terms("declaration seoul")
    assert str(highlight("La Déclaration de Séoul <b>", terms)) == (
        "La <mark>Déclaration</mark> de <mark>Séoul</mark> &lt;b&gt;"
    )


def test_highlight_cuts_long_text_around_the_first_match() -> None:
    text = "x" * 300 + " needle " + "y" * 300
    excerpt = str(highlight(text, ["needle"], context=10))
    assert excerpt == "…" + "x" * 9 + " <mark>needle</mark> " + "y" * 9 + "…"
