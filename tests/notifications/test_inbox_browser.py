"""The inbox in Debian's chromium: the header's count, following a notice to its passage, marking all read, and the
mail choices saved (a screenshot to look at)."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.changes import add_passage
from workbench.declarations.models import Assignment, Declaration, Role, State
from workbench.notifications import events
from workbench.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_inbox_in_a_browser(page: Page, live_server: object, screenshot_dir: Path) -> None:
    translator = User.objects.create_user("ines", password=PASSWORD, email="ines@example.org")
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    reviewer = User.objects.create_user("rafa", password=PASSWORD)
    declaration = Declaration.objects.create(slug="seoul", source_language="en", issued_on="2004-06-03",
                                             title_en="The <Seoul> Declaration")  # fmt: skip
    passages = [add_passage(declaration=declaration, position=n, texts={"en": text, "fr": f"Texte {n}."},
                            states={"en": State.APPROVED, "fr": State.DRAFT}) for n, text in enumerate(["A.", "B."])]
    for passage in passages:
        events.mentioned([translator], passage, "fr", reviewer)
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "ines")
    header = page.locator(".site-header a.inbox-link")
    expect(header).to_have_text("2 new notices")
    header.click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.locator("li.notice.unread")).to_have_count(2)
    newest = page.locator("li.notice").first
    expect(newest).to_contain_text("rafa mentioned you on passage 2 of “The <Seoul> Declaration”")
    page.screenshot(path=str(screenshot_dir / "desk-inbox-en-1280.png"), full_page=True)

    page.locator("li.notice a").nth(1).click()  # passage 1, the older notice
    page.wait_for_url(f"**/desk/seoul/fr/?p={passages[0].key}#p-{passages[0].key}")
    expect(page.locator(f"#p-{passages[0].key}")).to_be_visible()
    expect(page.locator(".site-header a.inbox-link")).to_have_text("1 new notice")

    page.goto(f"{base}/desk/inbox/")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("li.notice.unread")).to_have_count(0)
    expect(page.locator(".site-header a.inbox-link")).to_have_text("Notifications")
    assert not Notification.objects.filter(read_at__isnull=True).exists()

    page.get_by_label("mentioned in a comment").select_option("digest")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification choices are saved.")).to_be_visible()
    assert Preference.objects.get(user=translator).mode == "digest"
