"""The alignment review in Debian's chromium: bring in the seed's French, merge, confirm and accept."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from workbench.declarations.models import Assignment, Declaration, Role, State
from workbench.declarations.seeding import load_seeds, parse_entry

PASSWORD = "pw-for-tests-only"


def open_the_review_as_coordinator(page: Page, live_server: object, seeds_dir: Path) -> list[str]:
    """Load the seed, log in as a coordinator through the real form and open the French alignment review; return
    the seed's French paragraphs."""
    load_seeds(seeds_dir)
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/desk/seoul-declaration-2004/fr/align/")  # type: ignore[attr-defined]
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
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
    if rows.count() == 4:
        rows.nth(1).get_by_role("button", name="Merge translation with next").click()
    expect(page.locator(".align-row")).to_have_count(3)
    expect(page.locator("#row-1 .cell.target .paragraph")).to_have_count(2)

    # Keyboard: focus the last row and confirm it and everything above.
    page.locator("#row-2").get_by_role("button", name="Confirm this and all above").click()
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

    def row_holding(text: str) -> object:
        return page.locator(".align-row", has=page.locator(".cell.target .paragraph", has_text=text))

    # Whatever the aligner proposed, give the heading and the note rows of their own and leave them out.
    for text in (heading, note):
        row = row_holding(text)
        paragraphs = row.locator(".cell.target .paragraph")
        if paragraphs.count() > 1:  # glued to a neighbour: split it off
            index = 1 if text == heading else paragraphs.count() - 1
            row.locator(".cell.target button", has_text="Split here").nth(index - 1).click()
            row = row_holding(text)
        if row.locator(".cell.source .paragraph").count():
            row.get_by_role("button", name="Empty source cell").click()
            row = row_holding(text).last if text == note else row_holding(text).first
        row.get_by_role("button", name="Leave this paragraph out").click()
        expect(row_holding(text)).to_contain_text("left out")
    page.locator(".align-row").last.get_by_role("button", name="Confirm this and all above").click()
    expect(page.locator("#accept-plan")).to_contain_text(heading)
    expect(page.locator("#accept-plan")).to_contain_text(note)
    page.screenshot(path=str(screenshot_dir / "align-accept-plan-1280.png"), full_page=True)
    page.get_by_label("I have checked the joined and left-out paragraphs listed above").check()
    page.get_by_role("button", name="Accept the alignment").click()
    expect(page.get_by_role("status")).to_contain_text("accepted")
    passages = list(Declaration.objects.get().passages.order_by("position"))
    assert [p.text_in("fr") for p in passages] == french
