"""Publishing from the editor in Debian's chromium (issue 25): editor → publish page → the published edition."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from tests.reading.conftest import SLUG, approve_all
from workbench.declarations.models import Assignment, Declaration, Edition, Role
from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_publishes_from_the_editor(page: Page, live_server: object, seeds_dir: Path,
                                                 screenshot_dir: Path) -> None:  # fmt: skip
    load_seeds(seeds_dir)
    declaration = Declaration.objects.get(slug=SLUG)
    approve_all(declaration, "fr")
    user = User.objects.create_user("boss", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "boss", f"/desk/{SLUG}/fr/")

    publish = page.get_by_role("link", name="Publish in French")
    expect(publish).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "desk-editor-publish-link-1280.png"))
    publish.click()
    expect(page.get_by_role("heading", name="Publish in French")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the French editor")).to_be_visible()
    page.get_by_role("button", name="Publish edition 1").click()

    expect(page).to_have_url(re.compile(rf"/fr/declarations/{SLUG}/editions/1/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert Edition.objects.filter(declaration=declaration, language="fr", number=1).exists()

    page.goto(f"{base}/desk/{SLUG}/fr/")
    expect(page.locator(".editor-summary .publish-done")).to_have_text("Published (edition 1)")
    expect(page.get_by_role("link", name="Publish in French")).to_have_count(0)
