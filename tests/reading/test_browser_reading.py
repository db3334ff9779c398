"""The public site in a real browser, at phone and desktop widths, with and without JavaScript, offline."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.reading.conftest import SLUG, approve_all
from workbench.declarations.models import Declaration
from workbench.declarations.publishing import publish
from workbench.declarations.seeding import load_seeds

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def watch_for_external_requests(page: Page, base: str) -> list[str]:
    external: list[str] = []
    page.on("request", lambda request: external.append(request.url) if not request.url.startswith(base) else None)
    return external


def fits_the_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def seed_with_french_published(seeds_dir: Path) -> Declaration:
    load_seeds(seeds_dir)
    declaration = Declaration.objects.get(slug=SLUG)
    approve_all(declaration, "fr")
    publish(declaration=declaration, language="fr", user=None)
    return declaration


@pytest.mark.django_db(transaction=True)
def test_french_reader_before_the_french_edition(
    page: Page, live_server: Any, seeds_dir: Path, screenshot_dir: Path
) -> None:
    load_seeds(seeds_dir)
    external = watch_for_external_requests(page, live_server.url)
    for name, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/fr/declarations/{SLUG}/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("note")).to_contain_text("pas encore publiée en français")
        expect(page.locator("section.text")).to_have_attribute("lang", "en")
        expect(page.locator(".availability .pending")).to_contain_text("Disponible en français à la source")
        assert fits_the_width(page), f"horizontal scrolling at {name} px"
        page.screenshot(path=str(screenshot_dir / f"reading-fr-before-edition-{name}.png"), full_page=True)
    assert external == []


@pytest.mark.django_db(transaction=True)
def test_switching_language_keeps_the_paragraph(
    page: Page, live_server: Any, seeds_dir: Path, screenshot_dir: Path
) -> None:
    declaration = seed_with_french_published(seeds_dir)
    second = declaration.passages.order_by("position")[1].key
    external = watch_for_external_requests(page, live_server.url)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/en/declarations/{SLUG}/#p-{second}")
    page.screenshot(path=str(screenshot_dir / "reading-en-declaration-1280.png"), full_page=True)
    page.locator(".language-links").get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{live_server.url}/fr/declarations/{SLUG}/#p-{second}")
    expect(page.locator(f"#p-{second}")).to_contain_text("Les délégués ont adopté une déclaration finale")
    expect(page.locator(f"#p-{second}")).to_be_in_viewport()
    page.get_by_role("link", name="en parallèle (anglais)").click()
    expect(page).to_have_url(f"{live_server.url}/fr/declarations/{SLUG}/compare/en/#p-{second}")
    page.screenshot(path=str(screenshot_dir / "reading-fr-compare-1280.png"), full_page=True)
    assert external == []


@pytest.mark.django_db(transaction=True)
def test_side_by_side_reads_on_a_phone(page: Page, live_server: Any, seeds_dir: Path, screenshot_dir: Path) -> None:
    declaration = seed_with_french_published(seeds_dir)
    first = declaration.passages.order_by("position")[0].key
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/declarations/{SLUG}/compare/fr/")
    row = page.locator(f"#p-{first}")
    english, french = row.locator('[lang="en"]'), row.locator('[lang="fr"]')
    expect(english).to_contain_text("From June 1 to 4, 2004")
    expect(french).to_contain_text("Du 1er au 4 juin 2004")
    # On a phone the two languages stack: the French cell sits below the English one, not beside it.
    english_box, french_box = english.bounding_box(), french.bounding_box()
    assert english_box and french_box and french_box["y"] >= english_box["y"] + english_box["height"]
    assert fits_the_width(page)
    page.screenshot(path=str(screenshot_dir / "reading-en-compare-390.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_usable_without_javascript(browser: Browser, live_server: Any, seeds_dir: Path, screenshot_dir: Path) -> None:
    seed_with_french_published(seeds_dir)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/")
        page.get_by_role("link", name="Third International Meeting").click()
        expect(page).to_have_url(f"{live_server.url}/en/declarations/{SLUG}/")
        page.locator(".language-links").get_by_role("link", name="Français").click()
        expect(page).to_have_url(f"{live_server.url}/fr/declarations/{SLUG}/")
        page.locator("#site-search-q").fill("seoul")
        page.locator(".site-search button").click()
        expect(page.locator("mark").first).to_have_text("Séoul")
        page.screenshot(path=str(screenshot_dir / "reading-fr-search-390.png"), full_page=True)
    finally:
        context.close()
