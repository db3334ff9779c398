"""Planning in Debian's chromium (issue 25): a coordinator filters the progress page to what is missing in French,
assigns it all to a translator with a due date, and the translator finds it under "My work" and is taken to the
first passage that needs them."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import Assignment, Declaration, Role
from workbench.planning.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_assign_what_the_filters_list_then_find_it_in_my_work(
    page: Page, live_server: object, make_declaration: Callable[..., Declaration], screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    for username, role, language in (("coordinator", Role.COORDINATOR, ""), ("translator-fr", Role.TRANSLATOR, "fr")):
        user = User.objects.create_user(username, password=PASSWORD)
        Assignment.objects.create(user=user, role=role, language=language)
    for n in range(3):
        make_declaration([f"Paragraph one of {n}.", f"Paragraph two of {n}."], slug=f"june-{n}")
    due = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "coordinator", "/desk/progress/?language=fr&state=missing")
    summary = page.locator("details.assign-listed summary")
    expect(summary).to_have_text("Assign the 3 declarations listed")
    page.select_option("#assign_translator", label="translator-fr")
    page.fill("#assign_due_on", due)
    page.select_option("#assign_priority", label="high")
    page.get_by_role("button", name="Assign them in French").click()
    expect(page.get_by_role("status")).to_contain_text("3 declarations assigned in French")
    expect(page.locator("span.task").first).to_contain_text("translator translator-fr")
    page.screenshot(path=str(screenshot_dir / "desk-progress-assigned-1280.png"), full_page=True)
    assert Task.objects.filter(language="fr", translator__username="translator-fr").count() == 3
    page.get_by_role("button", name="Log out").click()
    log_in(page, base, "translator-fr", "/desk/")
    work = page.locator("section.my-work li")
    expect(work).to_have_count(3)
    expect(work.first).to_contain_text("2 passages need translating")
    page.screenshot(path=str(screenshot_dir / "desk-my-work-1280.png"), full_page=True)
    work.first.get_by_role("link").click()
    first = Declaration.objects.get(slug="june-0").passages.order_by("position")[0]  # same due date: by date, slug
    expect(page).to_have_url(f"{base}/desk/june-0/fr/?p={first.key}#p-{first.key}")
