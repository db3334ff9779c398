"""The alignment review in Debian's chromium: bring in the seed's French, merge, confirm and accept."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import AlignmentReview, Assignment, Declaration, Role, State
from workbench.declarations.seeding import load_seeds, parse_entry

from .test_align_window import long_review


def open_the_review_as_coordinator(page: Page, live_server: object, seeds_dir: Path,
                                   before: Callable[[Declaration, User], object] | None = None
                                   ) -> list[str]:  # fmt: skip
    """Load the seed, log in as a coordinator through the real form and open the French alignment review; return
    the seed's French paragraphs. `before` prepares the review first."""
    load_seeds(seeds_dir)
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    if before is not None:
        before(Declaration.objects.get(), user)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "coordinator", "/desk/seoul-declaration-2004/fr/align/")  # type: ignore[attr-defined]
    return parse_entry(seeds_dir / "000_dba64a9451c2ed29.fr.txt").paragraphs


@pytest.mark.django_db(transaction=True)
def test_merge_confirm_and_accept(page: Page, live_server: object, seeds_dir: Path, screenshot_dir: Path) -> None:
    french = open_the_review_as_coordinator(page, live_server, seeds_dir)

    # Intake: the French version with its second paragraph cut in two, as another publisher might have done.
    cut = french[1].index("; qu’un échange")
    pasted = [french[0], french[1][:cut] + ".", french[1][cut + 2 :], french[2]]
    page.fill("#id_text", "\n\n".join(pasted))
    page.get_by_role("button", name="Align with the source").click()
    expect(page.locator(".align-row")).not_to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "align-proposal-1280.png"), full_page=True)

    # Whatever was proposed, make row 2 hold both halves: merge until passage 2 has paragraphs 2 and 3.
    rows = page.locator(".align-row")
    toolbar = page.locator("#align-toolbar")
    if rows.count() == 4:
        rows.nth(1).click()  # selects the row: the toolbar now acts on it
        expect(toolbar.locator("#toolbar-row-label")).to_have_text("Row 2")
        toolbar.get_by_role("button", name="Merge translation with next").click()
    expect(page.locator(".align-row")).to_have_count(3)
    expect(page.locator("#row-1 .cell.target .paragraph")).to_have_count(2)

    # Select the last row and confirm it and everything above.
    page.locator("#row-2").click()
    toolbar.get_by_role("button", name="Confirm this and all above").click()
    expect(page.locator(".align-row.confirmed")).to_have_count(3)
    page.screenshot(path=str(screenshot_dir / "align-confirmed-1280.png"), full_page=True)
    # Passage 2 will hold two paragraphs of the translation: accept lists it and waits for the reviewer's tick.
    expect(page.locator("#accept-plan")).to_contain_text("Passage 2: 2 paragraphs")
    page.get_by_role("button", name="Accept the alignment").click()
    assert page.locator("#accept-plan input[name=plan_confirmed]").evaluate("box => !box.validity.valid")
    assert Declaration.objects.get().passages.get(position=1).state_in("fr") == State.DRAFT
    page.get_by_label("I have checked the joined and left-out paragraphs listed above").check()
    page.get_by_role("button", name="Accept the alignment").click()
    expect(page.get_by_role("status")).to_contain_text("accepted")

    passages = list(Declaration.objects.get().passages.order_by("position"))
    assert [p.state_in("fr") for p in passages] == [State.TRANSLATED] * 3
    assert passages[1].text_in("fr") == pasted[1] + "\n\n" + pasted[2]


@pytest.mark.django_db(transaction=True)
def test_keyboard_confirm_and_undo(page: Page, live_server: object, seeds_dir: Path) -> None:
    french = open_the_review_as_coordinator(page, live_server, seeds_dir)
    page.fill("#id_text", "\n\n".join(french))
    page.get_by_role("button", name="Align with the source").click()
    page.locator("#row-0").focus()
    page.keyboard.press("c")
    expect(page.locator("#row-0.confirmed")).to_have_count(1)
    page.keyboard.press("u")
    expect(page.locator(".align-row.confirmed")).to_have_count(0)
    page.keyboard.press("r")
    expect(page.locator("#row-0.confirmed")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_leave_out_a_pasted_heading_and_note(page: Page, live_server: object, seeds_dir: Path,
                                             screenshot_dir: Path) -> None:  # fmt: skip
    french = open_the_review_as_coordinator(page, live_server, seeds_dir)
    heading, note = "Déclaration de Séoul", "Note du traducteur : seul le texte anglais fait foi."
    page.fill("#id_text", "\n\n".join([heading, *french, note]))
    page.get_by_role("button", name="Align with the source").click()
    expect(page.locator(".align-row")).not_to_have_count(0)

    def row_holding(text: str) -> Locator:
        return page.locator(".align-row", has=page.locator(".cell.target .paragraph", has_text=text))

    toolbar = page.locator("#align-toolbar")
    # Whatever the aligner proposed, give the heading and the note rows of their own and leave them out.
    for text in (heading, note):
        row = row_holding(text)
        paragraphs = row.locator(".cell.target .paragraph")
        if paragraphs.count() > 1:  # glued to a neighbour: split it off
            index = 1 if text == heading else paragraphs.count() - 1
            row.click()
            toolbar.locator("#split-target").select_option(str(index))
            toolbar.locator("button[value='split|target']").click()
            row = row_holding(text)
        if row.locator(".cell.source .paragraph").count():
            row.click()
            toolbar.get_by_role("button", name="Empty source cell").click()
            row = row_holding(text).last if text == note else row_holding(text).first
        row.click()
        toolbar.get_by_role("button", name="Leave this paragraph out").click()
        expect(row_holding(text)).to_contain_text("left out")
    page.locator(".align-row").last.click()
    toolbar.get_by_role("button", name="Confirm this and all above").click()
    expect(page.locator("#accept-plan")).to_contain_text(heading)
    expect(page.locator("#accept-plan")).to_contain_text(note)
    page.screenshot(path=str(screenshot_dir / "align-accept-plan-1280.png"), full_page=True)
    page.get_by_label("I have checked the joined and left-out paragraphs listed above").check()
    page.get_by_role("button", name="Accept the alignment").click()
    expect(page.get_by_role("status")).to_contain_text("accepted")
    passages = list(Declaration.objects.get().passages.order_by("position"))
    assert [p.text_in("fr") for p in passages] == french


@pytest.mark.django_db(transaction=True)
def test_keys_and_toolbar_on_a_long_review(page: Page, live_server: object, seeds_dir: Path,
                                           screenshot_dir: Path) -> None:  # fmt: skip
    """250 rows: the page shows the first window; the keys select rows and act through the toolbar; the next
    low-confidence row and the row after the window's last are reached with one key."""
    open_the_review_as_coordinator(page, live_server, seeds_dir,
                                   before=lambda declaration, user: long_review(declaration, user, 250, low=[180]))
    toolbar = page.locator("#align-toolbar")
    expect(page.locator(".align-row")).to_have_count(100)
    expect(page.locator("#row-0")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#row-2")).to_have_attribute("aria-current", "true")
    expect(toolbar.locator("#toolbar-row-label")).to_have_text("Row 3")
    page.keyboard.press("c")
    expect(page.locator("#row-2.confirmed")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?row=3#row-2$"))  # back on the same row
    expect(toolbar.locator("button[value=confirm]")).to_be_hidden()
    expect(toolbar.get_by_role("button", name="Unconfirm")).to_be_visible()
    review = AlignmentReview.objects.get()
    assert [i for i, row in enumerate(review.rows) if row["confirmed"]] == [2]

    page.keyboard.press("j")
    page.keyboard.press("m")  # row 4 merged with row 5
    expect(page.locator(".align-row")).to_have_count(100)
    expect(page.locator("#row-3 .cell.target .paragraph")).to_have_count(2)
    review.refresh_from_db()
    assert len(review.rows) == 249 and review.rows[3]["source"] == [3, 4]
    page.screenshot(path=str(screenshot_dir / "align-long-review-1280.png"))

    # The low-confidence row (181 before the merge, 180 now) is in the next window: one key goes there.
    page.keyboard.press("w")
    expect(page).to_have_url(re.compile(r"\?row=180#row-179$"))
    expect(page.locator("#row-179")).to_be_focused()
    expect(page.locator(".align-row").first).to_have_attribute("id", "row-100")

    # Go to row 200, the window's last; j goes on into the next window.
    page.fill("#go-to-row", "200")
    page.keyboard.press("Enter")
    expect(page.locator("#row-199")).to_be_focused()
    page.keyboard.press("j")
    expect(page).to_have_url(re.compile(r"\?row=201#row-200$"))
    expect(page.locator(".align-row")).to_have_count(49)
    expect(page.locator("#row-200")).to_be_focused()

    # A click selects a row; the toolbar's button acts on it.
    page.locator("#row-210").click()
    toolbar.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.locator("#row-210.confirmed")).to_have_count(1)
    review.refresh_from_db()
    assert [i for i, row in enumerate(review.rows) if row["confirmed"]] == [2, 210]
