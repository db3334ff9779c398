"""A refused desk page in Debian's chromium, as production serves it (DEBUG off): it says why and leads back."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from workbench.declarations.models import Assignment, Role
from workbench.declarations.seeding import load_seeds

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_translator_refused_the_progress_page_sees_why_and_finds_the_desk(
    page: Page, live_server: Any, settings: Any, seeds_dir: Path, screenshot_dir: Path
) -> None:
    settings.DEBUG = False
    load_seeds(seeds_dir)
    translator = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    log_in(page, live_server.url, "translator-fr")
    expect(page.get_by_role("heading", name="Desk", exact=True)).to_be_visible()

    response = page.goto(f"{live_server.url}/desk/progress/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("a language you are not assigned to, or it needs a coordinator")
    expect(page.locator("link[rel=stylesheet]")).to_have_attribute("href", "/static/workbench/workbench.css")
    page.screenshot(path=str(screenshot_dir / "desk-forbidden.png"), full_page=True)
    page.locator("main").get_by_role("link", name="Back to the desk").click()
    expect(page.get_by_role("heading", name="Desk", exact=True)).to_be_visible()
