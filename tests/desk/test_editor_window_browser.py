"""A long document in Debian's chromium (issue 26): Ctrl+Enter from passage to passage saves in place, with no page
load, and the next window of passages comes in as the translator scrolls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from tests.desk.test_editor_window import long_declaration
from workbench.declarations.models import Assignment, Role, State
from workbench.desk.window import WINDOW

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_ctrl_enter_from_passage_1_to_40_saves_each_in_place(
    page: Page, live_server: object, screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    translator = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    declaration, passages = long_declaration(3 * WINDOW)
    page.set_viewport_size({"width": 1280, "height": 900})
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    log_in(page, base, "translator-fr", f"/desk/{declaration.slug}/fr/")
    expect(page.locator(".editor-row")).to_have_count(WINDOW)  # a window, not the whole declaration
    page.wait_for_load_state("load")
    loads.clear()
    page.evaluate("window.pageMarker = 'same page'")

    first = page.locator(f"#p-{passages[0].key} textarea.target-text")
    first.click()
    for number in range(1, 41):
        row = page.locator(f"#p-{passages[number - 1].key}")
        area = row.locator("textarea.target-text")
        expect(area).to_be_focused()
        page.keyboard.type(f"Phrase numéro {number}.")
        page.keyboard.press("Control+Enter")
        expect(row.locator(".row-head .badge")).to_have_text("draft")  # the row replaced by its new state
    expect(page.locator(f"#p-{passages[40].key} textarea.target-text")).to_be_focused()
    # Drafts still need work; marking one translated takes it off the count, which is updated in place.
    expect(page.locator("#to-do-count")).to_have_text(f"{3 * WINDOW} passages need work.")
    page.locator(f"#p-{passages[39].key}").get_by_role("button", name="Mark translated").click()
    expect(page.locator(f"#p-{passages[39].key} .row-head .badge")).to_have_text("translated")
    expect(page.locator("#to-do-count")).to_have_text(f"{3 * WINDOW - 1} passages need work.")
    assert page.evaluate("window.pageMarker") == "same page" and loads == []  # no page was loaded again
    page.screenshot(path=str(screenshot_dir / "desk-editor-long-1280.png"))

    saved = {passage.pk: passage for passage in declaration.passages.all()}
    for number, passage in enumerate(passages[:40], start=1):
        assert saved[passage.pk].text_in("fr") == f"Phrase numéro {number}."
        assert saved[passage.pk].state_in("fr") == (State.TRANSLATED if number == 40 else State.DRAFT)
    assert saved[passages[40].pk].text_in("fr") == ""


def test_the_next_window_comes_in_as_the_translator_scrolls_and_ctrl_enter_goes_on_into_it(
    page: Page, live_server: object
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    translator = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    declaration, passages = long_declaration(3 * WINDOW)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "translator-fr", f"/desk/{declaration.slug}/fr/")
    expect(page.locator(".editor-row")).to_have_count(WINDOW)
    page.evaluate("window.pageMarker = 'same page'")
    page.locator(".window-more a").scroll_into_view_if_needed()
    expect(page.locator(f"#p-{passages[2 * WINDOW - 1].key}")).to_be_attached()  # loaded when it came into view
    expect(page.locator(f"#p-{passages[WINDOW + 9].key}")).to_contain_text(f"Passage {WINDOW + 10}")
    page.locator(f"#p-{passages[WINDOW + 9].key} textarea.target-text").click()
    page.keyboard.type("Dans la fenêtre suivante.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#p-{passages[WINDOW + 10].key} textarea.target-text")).to_be_focused()
    assert page.evaluate("window.pageMarker") == "same page"
    assert declaration.passages.get(pk=passages[WINDOW + 9].pk).text_in("fr") == "Dans la fenêtre suivante."

    # From the last passage, the next one needing work is the first, which this window does not hold: Ctrl+Enter
    # opens the editor there.
    page.goto(f"{base}/desk/{declaration.slug}/fr/?at={2 * WINDOW + 1}")
    page.locator(f"#p-{passages[-1].key} textarea.target-text").click()
    page.keyboard.type("Le dernier.")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    expect(page.locator(f"#p-{passages[0].key} textarea.target-text")).to_be_focused()
    assert declaration.passages.get(pk=passages[-1].pk).text_in("fr") == "Le dernier."


def test_a_save_the_server_refuses_for_a_reason_the_row_cannot_show_says_so_and_keeps_the_text(
    page: Page, live_server: object
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    translator = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=translator, role=Role.TRANSLATOR, language="fr")
    declaration, passages = long_declaration(5)
    log_in(page, base, "translator-fr", f"/desk/{declaration.slug}/fr/")
    Assignment.objects.filter(user=translator).delete()  # taken off French while the editor is open: a 403
    area = page.locator(f"#p-{passages[0].key} textarea.target-text")
    area.click()
    page.keyboard.type("Pas perdu.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#editor-status .message.error")).to_contain_text("could not be saved")
    expect(page.locator(f"#p-{passages[0].key}")).to_have_class(re.compile(r"\bhas-error\b"))
    expect(area).to_have_value("Pas perdu.")
    assert declaration.passages.get(pk=passages[0].pk).text_in("fr") == ""
