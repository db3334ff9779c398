"""A passage's discussion in Debian's chromium (issue 25): a reviewer opens it from the editor's row, writes a
comment with an @mention (and markup, shown as text), and the translator sees the open thread on the row and the
mention marked on the thread's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import Assignment, Declaration, Role
from workbench.declarations.seeding import load_seeds
from workbench.discussion.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_mentions_the_translator_who_sees_it_on_the_row(
    page: Page, browser: Browser, live_server: object, seeds_dir: Path, screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    load_seeds(seeds_dir)
    for username, role in (("translator-fr", Role.TRANSLATOR), ("reviewer-fr", Role.REVIEWER)):
        Assignment.objects.create(user=User.objects.create_user(username, password=PASSWORD), role=role,
                                  language="fr")  # fmt: skip
    declaration = Declaration.objects.get()
    first, second, _third = declaration.passages.order_by("position")
    editor = f"/desk/{declaration.slug}/fr/"

    log_in(page, base, "reviewer-fr", editor)
    page.locator(f"#p-{first.key}").get_by_role("link", name="Discuss").click()
    expect(page.get_by_role("heading", name="Discussion in French")).to_be_visible()
    page.get_by_label("Your comment").fill("@translator-fr « 400 délégués » : <b>vérifier</b> le chiffre.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_role("status")).to_contain_text("Comment added.")
    entry = page.locator(".discussion-entry").first
    expect(entry.locator("mark.mention")).to_have_text("@translator-fr")
    expect(entry.locator(".comment-text")).to_contain_text("<b>vérifier</b>")  # markup shown as text
    expect(entry.locator(".comment-text b")).to_have_count(0)
    assert Comment.objects.get().mentions.get().user.username == "translator-fr"

    translator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(translator, base, "translator-fr", editor)
    row = translator.locator(f"#p-{first.key}")
    expect(row.locator(".discussion-link")).to_have_text("1 comment — open")
    expect(translator.locator(f"#p-{second.key} .discussion-link")).to_have_text("Discuss")
    translator.screenshot(path=str(screenshot_dir / "discussion-editor-row-1280.png"))
    row.locator(".discussion-link").click()
    expect(translator.locator("mark.mention")).to_have_text("@translator-fr")
    expect(translator.locator(".discussion-entry")).to_contain_text("by reviewer-fr")
    translator.screenshot(path=str(screenshot_dir / "discussion-thread-1280.png"), full_page=True)

    # The translator answers and resolves it; the row offers a new discussion again.
    translator.get_by_label("Your comment").fill("Corrigé, merci.")
    translator.get_by_role("button", name="Add the comment").click()
    translator.get_by_role("button", name="Mark resolved").click()
    expect(translator.get_by_role("status")).to_contain_text("Discussion resolved.")
    translator.goto(f"{base}{editor}")
    expect(translator.locator(f"#p-{first.key} .discussion-link")).to_have_text("Discuss")
    translator.context.close()
