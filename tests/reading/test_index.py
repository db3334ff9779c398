"""The list of published declarations: newest first, filters, pagination, every reader told what exists."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client

from workbench.declarations.models import Declaration, Kind
from workbench.declarations.publishing import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def several(make_declaration: Callable[..., Declaration]) -> list[Declaration]:
    made = []
    for number, (year, kind, organisation) in enumerate(
        [(2004, Kind.NEWS_RELEASE, "Coalition"), (2006, Kind.SPEECH, "UNESCO"), (2005, Kind.SPEECH, "Coalition")]
    ):
        declaration = make_declaration([f"Text {number}."], slug=f"item-{year}")
        declaration.title_en = f"Item of {year}"
        declaration.issued_on = datetime.date(year, 1, 1)
        declaration.kind = kind
        declaration.organisation_en = organisation
        declaration.save()
        publish(declaration=declaration, language="en", user=None)
        made.append(declaration)
    return made


def titles(client: Client, url: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+" lang="\w+">([^<]+)</a></h2>', client.get(url).content.decode())


def test_newest_first(client: Client, several: list[Declaration]) -> None:
    assert titles(client, "/en/") == ["Item of 2006", "Item of 2005", "Item of 2004"]


def test_filters_by_kind_year_and_organisation(client: Client, several: list[Declaration]) -> None:
    assert titles(client, "/en/?kind=speech") == ["Item of 2006", "Item of 2005"]
    assert titles(client, "/en/?year=2005") == ["Item of 2005"]
    assert titles(client, "/en/?organisation=Coalition") == ["Item of 2005", "Item of 2004"]
    assert titles(client, "/en/?kind=speech&organisation=Coalition") == ["Item of 2005"]


def test_bad_filters_get_a_clear_message(client: Client, several: list[Declaration]) -> None:
    response = client.get("/en/?kind=poem&year=1850")
    assert response.status_code == 400
    html = response.content.decode()
    assert "These filters could not be applied:" in html
    assert "Kind: Select a valid choice. poem is not one of the available choices." in html


def test_pagination_keeps_the_filters(
    client: Client, make_declaration: Callable[..., Declaration], settings: object
) -> None:
    for number in range(22):
        declaration = make_declaration(["Body."], slug=f"many-{number:02d}")
        declaration.issued_on = datetime.date(2000, 1, 1) + datetime.timedelta(days=number)
        declaration.save()
        publish(declaration=declaration, language="en", user=None)
    first = client.get("/en/?kind=declaration").content.decode()
    assert first.count("<li>\n    <h2>") == 20
    assert 'href="?kind=declaration&amp;page=2"' in first
    second = client.get("/en/?kind=declaration&page=2").content.decode()
    assert second.count("<li>\n    <h2>") == 2
    assert "Page 2 of 2" in second


def test_french_list_shows_english_titles_marked_as_english(client: Client, seoul: Declaration) -> None:
    html = client.get("/fr/").content.decode()
    assert '<h2><a href="/fr/declarations/seoul-declaration-2004/" lang="en">Third International Meeting' in html
    assert "Coalition coréenne pour la diversité culturelle" in html
    assert '<span class="language-tag" lang="en">English</span>' in html


def test_the_home_page_links_to_the_public_site(client: Client) -> None:
    assert 'href="/en/"' in client.get("/").content.decode()
    assert 'href="/fr/">Site public</a>' in client.get("/", headers={"accept-language": "fr"}).content.decode()
