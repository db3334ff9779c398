"""The desk in Debian's chromium: the whole flow a translator and a reviewer walk, and the conflict screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from tests import browser
from tests.conftest import PASSWORD, switch_checks_off
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Revision, Role, State
from workbench.declarations.seeding import load_seeds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(live_server: object, seeds_dir: Path) -> str:
    load_seeds(seeds_dir)
    for username, role in (("translator-fr", Role.TRANSLATOR), ("reviewer-fr", Role.REVIEWER)):
        user = User.objects.create_user(username, password=PASSWORD)
        Assignment.objects.create(user=user, role=role, language="fr")
    return live_server.url  # type: ignore[attr-defined]


def log_in(page: Page, base: str, username: str) -> None:
    browser.log_in(page, base, username)
    expect(page.get_by_role("heading", name="Desk", exact=True)).to_be_visible()


def row(page: Page, key: str):  # noqa: ANN201 - a Playwright locator
    return page.locator(f"#p-{key}")


def test_translate_mark_translated_then_review_and_approve(
    page: Page, browser: Browser, desk: str, screenshot_dir: Path
) -> None:
    first, second, _third = Declaration.objects.get().passages.order_by("position")
    switch_checks_off(Declaration.objects.get())  # a shortened translation is approved: the flow, not the checks
    log_in(page, desk, "translator-fr")
    page.get_by_role("link", name="Open the French editor").click()
    area = row(page, first.key).locator("textarea.target-text")
    area.fill("Du 1er au 4 juin 2004, à Séoul, 400 délégués de 57 pays se sont réunis.")
    row(page, first.key).get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    expect(row(page, first.key).locator(".row-head .badge")).to_have_text("draft")
    row(page, first.key).get_by_role("button", name="Mark translated").click()
    expect(row(page, first.key).locator(".row-head .badge")).to_have_text("translated")
    expect(row(page, first.key)).to_contain_text("marked translated by translator-fr")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshot_dir / "desk-editor-translator-1280.png"), full_page=True)

    # Ctrl+Enter saves the passage being typed and moves the cursor to the next one that needs work.
    second_area = row(page, second.key).locator("textarea.target-text")
    second_area.click()
    second_area.press("End")
    second_area.type(" (revu)")
    page.evaluate("window.pageMarker = 'same page'")
    second_area.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    # Saved in place (issue 26): the cursor is in the third passage, the page was not loaded again.
    third_key = Declaration.objects.get().passages.get(position=2).key
    expect(row(page, third_key).locator("textarea.target-text")).to_be_focused()
    assert page.evaluate("window.pageMarker") == "same page"

    reviewer = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(reviewer, desk, "reviewer-fr")
    reviewer.goto(f"{desk}/desk/seoul-declaration-2004/fr/#p-{first.key}")
    row(reviewer, first.key).get_by_role("button", name="Approve").click()
    expect(row(reviewer, first.key).locator(".row-head .badge")).to_have_text("approved")
    reviewer.screenshot(path=str(screenshot_dir / "desk-editor-reviewer-390.png"), full_page=True)
    first.refresh_from_db()
    assert first.state_in("fr") == State.APPROVED
    assert first.text_in("fr").startswith("Du 1er au 4 juin 2004, à Séoul")

    # The history shows every step, and restoring the seed's draft is one more revision.
    reviewer.goto(f"{desk}/desk/seoul-declaration-2004/fr/{first.key}/history/")
    expect(reviewer.locator(".revision")).to_have_count(4)
    before = Revision.objects.count()
    reviewer.locator(".revision").last.get_by_role("button", name="Restore this version").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Version restored.")
    assert Revision.objects.count() == before + 1


def test_two_people_on_one_passage_the_second_sees_both_texts(
    browser: Browser, desk: str, screenshot_dir: Path
) -> None:
    passage = Declaration.objects.get().passages.order_by("position").first()
    assert passage is not None
    pages = []
    for username in ("translator-fr", "reviewer-fr"):
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        log_in(page, desk, username)
        page.goto(f"{desk}/desk/seoul-declaration-2004/fr/")
        pages.append(page)
    translator, reviewer = pages
    reviewer_row, translator_row = row(reviewer, passage.key), row(translator, passage.key)
    reviewer_row.locator("textarea.target-text").fill("La version du réviseur.")
    translator_row.locator("textarea.target-text").fill("La version du traducteur.")
    reviewer_row.get_by_role("button", name="Save draft").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Draft saved.")
    translator_row.get_by_role("button", name="Save draft").click()

    expect(translator.get_by_role("heading", level=1)).to_have_text(
        "Someone changed this passage while you were editing it"
    )
    expect(translator.locator(".current-text")).to_have_text("La version du réviseur.")
    expect(translator.locator(".my-text")).to_have_text("La version du traducteur.")
    translator.screenshot(path=str(screenshot_dir / "desk-conflict-1280.png"), full_page=True)
    translator.get_by_role("button", name="Use my text instead").click()
    expect(translator.get_by_role("status")).to_contain_text("Draft saved.")
    passage.refresh_from_db()
    assert passage.text_in("fr") == "La version du traducteur."


def test_the_desk_speaks_french_and_remembers_it(page: Page, desk: str, screenshot_dir: Path) -> None:
    log_in(page, desk, "translator-fr")
    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bureau")
    page.goto(f"{desk}/desk/seoul-declaration-2004/fr/")  # a new page load: the choice is remembered
    expect(page.get_by_role("button", name="Enregistrer le brouillon").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshot_dir / "desk-editor-fr-1280.png"), full_page=True)


def test_a_reviewer_sends_a_passage_back_and_the_translator_reads_why(
    browser: Browser, desk: str, screenshot_dir: Path
) -> None:
    passage = Declaration.objects.get().passages.order_by("position")[1]
    record_change(passage=passage, language="fr", text="Plus de 400 délégués.", state=State.TRANSLATED,
                  action=Action.MARKED_TRANSLATED, author=User.objects.get(username="translator-fr"))  # fmt: skip
    reason = 'Le nombre de pays manque <b>"57"</b>.'
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(reviewer, desk, "reviewer-fr")
    reviewer.goto(f"{desk}/desk/seoul-declaration-2004/fr/#p-{passage.key}")
    row(reviewer, passage.key).get_by_label("Comment").fill(reason)
    row(reviewer, passage.key).get_by_role("button", name="Send back").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Sent back to the translator.")

    translator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(translator, desk, "translator-fr")
    waiting = translator.locator(".sent-back-list")
    expect(waiting.get_by_role("heading", name="Sent back to you")).to_be_visible()
    expect(waiting.locator(".reason")).to_have_text(reason)  # shown as typed: text, not markup
    translator.screenshot(path=str(screenshot_dir / "desk-sent-back-1280.png"), full_page=True)
    waiting.get_by_role("link", name="Passage 2").click()
    assert translator.url.endswith(f"/desk/seoul-declaration-2004/fr/?p={passage.key}#p-{passage.key}")
    note = row(translator, passage.key).locator(".sent-back-note")
    expect(note).to_contain_text("Sent back by reviewer-fr")
    expect(note.locator(".reason")).to_have_text(reason)
    expect(row(translator, passage.key).locator(".reason b")).to_have_count(0)
    expect(translator.locator(".sent-back-note")).to_have_count(1)  # on that row only
    row(translator, passage.key).screenshot(path=str(screenshot_dir / "desk-editor-sent-back-row-1280.png"))
