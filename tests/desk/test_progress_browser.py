"""The progress page in Debian's chromium at 1280 px, in English and in French, with screenshots to look at."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.models import Assignment, Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_progress_page_in_english_and_french(page: Page, live_server: object, screenshot_dir: Path) -> None:
    generate_corpus(declarations=60, passages=6, seed=3)
    user = User.objects.create_user("boss", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "boss", "/desk/progress/")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(page.locator("svg[role=img] title").first).to_have_text("Approved words per language over time")
    expect(page.locator("svg g.series")).to_have_count(2)
    # Every month is a marked point on its line (a single month would have no line at all, only its point).
    expect(page.locator("svg g.series circle.point").first).to_be_visible()
    expect(page.locator("svg g.series path")).to_have_count(2)
    expect(page.locator("tr.declaration-row")).to_have_count(50)
    page.screenshot(path=str(screenshot_dir / "desk-progress-en-1280.png"), full_page=True)

    page.get_by_label("Has stale passages").check()
    page.get_by_role("button", name="Filter").click()
    assert "has_stale=on" in page.url
    expect(page.locator("tr.declaration-row").first).to_be_visible()

    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="Avancement", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("svg[role=img] title").first).to_have_text("Mots approuvés par langue au fil du temps")
    page.screenshot(path=str(screenshot_dir / "desk-progress-fr-1280.png"), full_page=True)
