"""Side by side: two published editions, rows aligned by passage key, anchors shared with the single pages."""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.reading.conftest import SLUG, approve_all
from workbench.declarations.changes import add_passage
from workbench.declarations.models import Declaration, State
from workbench.declarations.publishing import publish
from workbench.reading.views import Row, paired_rows

pytestmark = pytest.mark.django_db

COMPARE_EN_FR = f"/en/declarations/{SLUG}/compare/fr/"


def test_rows_pair_the_two_languages_by_passage(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    response = client.get(COMPARE_EN_FR)
    assert response.status_code == 200
    html = response.content.decode()
    keys = list(seoul.passages.order_by("position").values_list("key", flat=True))
    assert re.findall(r'<div class="pair" id="p-([0-9a-f]+)">', html) == keys
    first_row = html.split(f'id="p-{keys[0]}"', 1)[1].split('<div class="pair"', 1)[0]
    assert '<div class="cell" lang="en">' in first_row and "From June 1 to 4, 2004" in first_row
    assert '<div class="cell" lang="fr">' in first_row and "Du 1er au 4 juin 2004" in first_row
    assert '<h1 lang="en">Third International Meeting' in html
    assert '<p class="parallel-title" lang="fr">Troisièmes Rencontres' in html


def test_switching_language_swaps_the_columns(
    client: Client, seoul: Declaration, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    html = client.get(COMPARE_EN_FR).content.decode()
    assert f'<a href="/fr/declarations/{SLUG}/compare/en/" hreflang="fr" lang="fr" data-keep-anchor>' in html
    french = client.get(f"/fr/declarations/{SLUG}/compare/en/").content.decode()
    assert french.index('<div class="cell" lang="fr">') < french.index('<div class="cell" lang="en">')


def test_comparing_a_language_with_itself_goes_to_the_page(client: Client, seoul: Declaration) -> None:
    response = client.get(f"/en/declarations/{SLUG}/compare/en/")
    assert (response.status_code, response["Location"]) == (302, f"/en/declarations/{SLUG}/")


def test_a_passage_only_one_edition_has_gets_an_empty_side(
    client: Client, seoul: Declaration, coordinator: User, publish_french: Callable[[Declaration], None]
) -> None:
    publish_french(seoul)
    add_passage(declaration=seoul, position=3, texts={"en": "A later paragraph."}, states={"en": State.APPROVED})
    publish(declaration=seoul, language="en", user=coordinator)
    html = client.get(COMPARE_EN_FR).content.decode()
    assert "A later paragraph." in html
    assert "No counterpart in this edition." in html


def test_paired_rows_keep_left_order_then_right_only(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["a", "b"], translations={"fr": ["A", "B"]}, translation_state=State.APPROVED)
    declaration.title_fr = "T"
    declaration.save()
    approve_all(declaration, "fr")
    left = publish(declaration=declaration, language="en", user=None)
    right = publish(declaration=declaration, language="fr", user=None)
    keys = [key for key, _text in left.texts()]
    assert paired_rows(left, right) == [Row(keys[0], "a", "A"), Row(keys[1], "b", "B")]
