"""The suggestion panel in Debian's chromium (issue 22): approve a passage, open another declaration that shares a
sentence with it, and take the memory's translation into the text with one key, without the page reloading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import Assignment, Declaration, Role, State
from workbench.memory.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)

SEOUL = "The delegates met in Seoul."
SEOUL_FR = "Les délégués se sont réunis à Séoul."
EARLIER = f"{SEOUL} They adopted a declaration on cultural diversity."
EARLIER_FR = f"{SEOUL_FR} Ils ont adopté une déclaration sur la diversité culturelle."


def test_the_panel_offers_the_approved_sentence_and_a_key_inserts_it(
    page: Page, live_server: object, make_declaration: Callable[..., Declaration], screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    for username, role in (("translator-fr", Role.TRANSLATOR), ("reviewer-fr", Role.REVIEWER)):
        user = User.objects.create_user(username, password=PASSWORD)
        Assignment.objects.create(user=user, role=role, language="fr")
    earlier = make_declaration([EARLIER], slug="earlier").passages.get()
    later = make_declaration([f"{SEOUL} A second sentence nobody has translated yet.", EARLIER], slug="later")
    first, second = later.passages.order_by("position")
    page.set_viewport_size({"width": 1280, "height": 900})

    # A reviewer approves the earlier declaration's passage at the desk: the memory learns it.
    log_in(page, base, "reviewer-fr", "/desk/earlier/fr/")
    page.locator(f"#p-{earlier.key} textarea.target-text").fill(EARLIER_FR)
    page.locator(f"#p-{earlier.key}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#p-{earlier.key} .row-head .badge")).to_have_text("approved")
    earlier.refresh_from_db()
    assert earlier.state_in("fr") == State.APPROVED
    assert Unit.objects.filter(target=SEOUL_FR, whole=False).exists()
    page.context.clear_cookies()

    # The translator opens the later declaration, with text already typed around the cursor.
    log_in(page, base, "translator-fr", "/desk/later/fr/")
    expect(page.locator("#suggestion-panel")).to_be_hidden()
    page.evaluate("window.pageMarker = 'still the same page'")
    area = page.locator(f"#p-{first.key} textarea.target-text")
    area.fill("Alors : BBB")
    area.evaluate("area => area.setSelectionRange(8, 8)")  # just before "BBB"

    # The panel comes under the focused row and shows the match, numbered 1, with its key.
    panel = page.locator(f"#p-{first.key} #suggestion-panel")
    expect(panel).to_be_visible()
    best = panel.locator("li.suggestion[data-number='1']")
    expect(best.locator(".suggestion-target")).to_have_text(SEOUL_FR)
    expect(best.locator(".score")).to_have_text("100% match")
    expect(best.locator("kbd")).to_have_text("Ctrl+Shift+1")
    expect(panel.locator(".is-sentence q").first).to_have_text(SEOUL)
    page.screenshot(path=str(screenshot_dir / "desk-suggestions-1280.png"), full_page=True)

    area.press("Control+Shift+Digit1")
    assert area.input_value() == f"Alors : {SEOUL_FR}BBB"
    assert area.evaluate("area => [area.selectionStart, area.selectionEnd]") == [8 + len(SEOUL_FR)] * 2
    assert page.evaluate("document.activeElement.id") == f"text-{first.key}"

    # The second row reads exactly like the approved passage: the panel follows the focus, and Ctrl+Shift+0
    # replaces the text with the whole passage's 100% match.
    other = page.locator(f"#p-{second.key} textarea.target-text")
    other.fill("un brouillon")
    expect(page.locator(f"#p-{second.key} #suggestion-panel .suggestion-fill")).to_be_visible()
    other.press("Control+Shift+Digit0")
    assert other.input_value() == EARLIER_FR
    expect(page.locator(f"#p-{first.key} #suggestion-panel")).to_have_count(0)
    # The button inserts the selected suggestion at the cursor, too.
    other.evaluate("area => area.setSelectionRange(0, area.value.length)")
    page.locator(f"#p-{second.key} li.suggestion").nth(1).get_by_role("button", name="Insert at the cursor").click()
    assert other.input_value() == SEOUL_FR

    # Nothing of this reloaded the page, and the first row still holds the inserted text.
    assert page.evaluate("window.pageMarker") == "still the same page"
    assert area.input_value() == f"Alors : {SEOUL_FR}BBB"
