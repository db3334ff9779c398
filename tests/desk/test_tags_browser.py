"""Inline tags at the desk in Debian's chromium (issue 24): a translator types a translation around chips, inserts
the source's tags with the tag bar and its key, deletes a chip whole with Backspace and puts it back, saves, and the
passage holds exactly the right tags; a row without tags keeps its plain text area."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from workbench.declarations.models import Assignment, Declaration, Role
from workbench.terms.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)

LINK = '<a href="https://www.incd.net/">'
SOURCE = f"The <b>Seoul</b> Declaration, see {LINK}the network</a>."
FRENCH = f"La Déclaration de <b>Séoul</b>, voir {LINK}le réseau</a>."


def test_a_translator_inserts_the_tags_with_the_bar_and_saves_them(
    page: Page, live_server: object, make_declaration: Callable[..., Declaration], screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    user = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.TRANSLATOR, language="fr")
    Entry.objects.create(source_language="en", target_language="fr", term="declaration", approved=["Déclaration"])
    declaration = make_declaration([SOURCE, "A passage without tags."], slug="tags")
    tagged, plain = declaration.passages.order_by("position")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "translator-fr", "/desk/tags/fr/")

    # The source shows its tags as chips, the words between them as text.
    row = page.locator(f"#p-{tagged.key}")
    expect(row.locator(".source-text .tag-chip")).to_have_text(["b", "/b", "link 1", "/link 1"])
    expect(row.locator(".source-text")).to_contain_text("Seoul")
    expect(row.locator(".source-text mark.term")).to_have_text("Declaration")  # the glossary marks the words
    # The text area gives way to the chip editor, with the source's tags in a bar.
    editor = row.locator(".tag-editor")
    expect(editor).to_be_visible()
    expect(editor).to_have_attribute("aria-label", "Translation in French")
    expect(row.locator("textarea.target-text")).to_be_hidden()
    bar = row.get_by_role("toolbar", name="Tags of the source")
    expect(bar.locator(".tag-insert")).to_have_text(["Insert the tag b", "Insert the tag /b", "Insert the tag link 1",
                                                     "Insert the tag /link 1"], use_inner_text=True)  # fmt: skip

    editor.click()
    page.keyboard.type("La ")
    page.keyboard.press("Alt+Shift+Digit1")  # the glossary's key (terms.js) inserts into the chip editor too
    page.keyboard.type(" de ")
    bar.get_by_role("button", name="Insert the tag b", exact=True).click()
    page.keyboard.type("Séoul")
    bar.get_by_role("button", name="Insert the tag /b", exact=True).click()
    page.keyboard.type(", voir ")
    page.keyboard.press("Control+Comma")  # the next tag not used yet: link 1
    page.keyboard.type("le réseau")
    page.keyboard.press("Control+Comma")
    page.keyboard.type(".")
    area = row.locator("textarea.target-text")
    assert area.input_value() == FRENCH
    expect(editor.locator(".tag-chip")).to_have_text(["b", "/b", "link 1", "/link 1"])
    expect(editor.locator(".tag-chip").first).to_have_attribute("contenteditable", "false")
    expect(bar.locator(".tag-insert.is-used")).to_have_count(4)
    expect(bar.locator(".tag-insert").first).to_contain_text("(used)", use_inner_text=True)

    # Backspace removes the "." and then the whole closing chip, never a part of its tag; Ctrl+, puts it back.
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    assert area.input_value() == f"La Déclaration de <b>Séoul</b>, voir {LINK}le réseau"
    expect(editor.locator(".tag-chip")).to_have_count(3)
    expect(bar.locator(".tag-insert.is-used")).to_have_count(3)
    page.keyboard.press("Backspace")  # the next key takes a letter of the words, as ever
    assert area.input_value() == f"La Déclaration de <b>Séoul</b>, voir {LINK}le résea"
    page.keyboard.type("u")
    page.keyboard.press("Control+Comma")
    page.keyboard.type(".")
    assert area.input_value() == FRENCH
    # Cutting a selection carries its tags as text, and pasting it brings them back as chips.
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+x")
    assert area.input_value() == ""
    expect(editor.locator(".tag-chip")).to_have_count(0)
    page.keyboard.press("Control+v")
    assert area.input_value() == FRENCH
    expect(editor.locator(".tag-chip")).to_have_text(["b", "/b", "link 1", "/link 1"])
    # A tag typed by hand is text, kept as text ("<lt/>", declarations/inline.py), never a tag.
    page.keyboard.type(" <i>")
    assert area.input_value() == f"{FRENCH} <lt/>i>"
    for _ in range(4):
        page.keyboard.press("Backspace")
    assert area.input_value() == FRENCH
    page.screenshot(path=str(screenshot_dir / "desk-tags-1280.png"), full_page=True)

    row.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    tagged.refresh_from_db()
    assert tagged.text_in("fr") == FRENCH
    # After the save the editor reads the chips back from the saved text.
    expect(page.locator(f"#p-{tagged.key} .tag-editor .tag-chip")).to_have_text(["b", "/b", "link 1", "/link 1"])

    # A passage without tags keeps its plain text area, and no bar.
    other = page.locator(f"#p-{plain.key}")
    expect(other.locator("textarea.target-text")).to_be_visible()
    expect(other.locator(".tag-editor")).to_have_count(0)
    expect(other.locator(".tag-bar")).to_have_count(0)
