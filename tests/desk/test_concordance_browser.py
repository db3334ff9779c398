"""The concordance in Debian's chromium (issue 22): a translator types a search without accents, submits it, and
sees the unit with the accented hit marked on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import Assignment, Role
from workbench.memory import learning
from workbench.memory.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_search_shows_the_hit_marked_in_both_languages(page: Page, live_server: object, screenshot_dir: Path) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    user = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.TRANSLATOR, language="fr")
    origin = learning.Origin("en", "fr", Entry.TMX, reference="partner.tmx#3")
    learning.store([
        learning.make_unit("The Seoul Declaration was adopted.", "La Déclaration de Séoul a été adoptée.", origin,
                           whole=False),
        learning.make_unit("Nothing about it here.", "Rien à ce sujet ici.", origin, whole=False),
    ])  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "translator-fr")

    # From the desk's links to the concordance, then a search typed without accents or capitals.
    page.get_by_role("link", name="Search the translation memory").click()
    expect(page.get_by_role("heading", name="Translation memory")).to_be_visible()
    page.get_by_label("Look for").fill("declaration de seoul")
    page.get_by_label("Search in").select_option("target")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 unit found")).to_be_visible()
    hit = page.locator("li.memory-hit")
    expect(hit).to_have_count(1)
    expect(hit.locator(".side-target mark")).to_have_text("Déclaration de Séoul")
    expect(hit.locator(".side-source mark")).to_have_count(0)  # "Seoul Declaration": not the phrase searched
    expect(hit.locator(".side-target")).to_have_text("La Déclaration de Séoul a été adoptée.")
    expect(hit.locator(".memory-origin")).to_contain_text("partner.tmx#3")
    assert page.get_by_label("Look for").input_value() == "declaration de seoul"  # the form keeps the search
    page.screenshot(path=str(screenshot_dir / "desk-memory-concordance-1280.png"), full_page=True)
