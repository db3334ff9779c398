"""The glossary in Debian's chromium (issue 23): a reviewer adds and changes an entry at the desk; the translator
sees its term marked in the source in an inflected form, inserts its translation at the cursor with Alt+Shift+1
(and with the button), and reads the glossary without any button to change it."""

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


def test_glossary_entries_are_edited_marked_in_the_source_and_inserted_by_key(
    page: Page, live_server: object, make_declaration: Callable[..., Declaration], screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    for username, role in (("translator-fr", Role.TRANSLATOR), ("reviewer-fr", Role.REVIEWER)):
        user = User.objects.create_user(username, password=PASSWORD)
        Assignment.objects.create(user=user, role=role, language="fr")
    declaration = make_declaration(["Delegates from many organizations met in Seoul.", "They adopted a text."],
                                   slug="seoul")  # fmt: skip
    first, second = declaration.passages.order_by("position")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The reviewer adds an entry from the glossary page...
    log_in(page, base, "reviewer-fr", "/desk/glossary/en/fr/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary: English → French")
    page.locator(".glossary-add summary").click()
    page.fill("#id_new_term", "organization")
    page.fill("#id_new_approved", "organisation")
    page.fill("#id_new_note", "Always with an s.")
    page.locator(".glossary-add").get_by_role("button", name="Add").click()
    entry = Entry.objects.get()
    row = page.locator(f"#entry-{entry.pk}")
    expect(row.locator("th.term")).to_have_text("organization")
    expect(row.locator(".added")).to_contain_text("reviewer-fr")
    # ... and changes it: a second approved translation, the preferred one stays first.
    row.get_by_role("link", name="Edit").click()
    editing = page.locator(f"#entry-{entry.pk}.is-editing")
    editing.locator(f"#id_entry{entry.pk}_approved").fill("organisation\norganisme")
    editing.get_by_role("button", name="Save the entry").click()
    expect(page.locator(f"#entry-{entry.pk} ul.approved li")).to_have_text(["organisation", "organisme"])
    expect(page.locator(f"#entry-{entry.pk} .added")).to_contain_text("changed")
    entry.refresh_from_db()
    assert entry.approved == ["organisation", "organisme"] and entry.added_by.username == "reviewer-fr"
    page.screenshot(path=str(screenshot_dir / "desk-glossary-1280.png"), full_page=True)
    page.context.clear_cookies()

    # The translator opens the editor: "organizations" is marked, its translations in the title.
    log_in(page, base, "translator-fr", "/desk/seoul/fr/")
    mark = page.locator(f"#p-{first.key} .source-text mark.term")
    expect(mark).to_have_text("organizations")
    expect(mark).to_have_attribute("title", "Glossary: organisation · organisme")
    expect(page.locator(f"#p-{second.key} mark.term")).to_have_count(0)
    terms = page.locator(f"#p-{first.key} .row-terms")
    expect(terms).to_be_hidden()  # shown for the passage being edited only

    area = page.locator(f"#p-{first.key} textarea.target-text")
    area.fill("Des délégués de nombreuses  venues de partout.")
    area.evaluate("area => area.setSelectionRange(27, 27)")  # between the two spaces after "nombreuses"
    expect(terms).to_be_visible()
    expect(terms.locator("li.row-term[data-number='1'] kbd")).to_have_text("Alt+Shift+1")
    expect(terms.locator(".term-note")).to_have_text("Always with an s.")
    page.evaluate("window.pageMarker = 'still the same page'")
    area.press("Alt+Shift+Digit1")
    assert area.input_value() == "Des délégués de nombreuses organisation venues de partout."
    assert area.evaluate("area => [area.selectionStart, area.selectionEnd]") == [27 + len("organisation")] * 2
    assert page.evaluate("document.activeElement.id") == f"text-{first.key}"
    page.screenshot(path=str(screenshot_dir / "desk-editor-terms-1280.png"), full_page=True)
    # Inserted the way the suggestion panel inserts: one undo step takes it back.
    area.press("Control+z")
    assert area.input_value() == "Des délégués de nombreuses  venues de partout."
    area.evaluate("area => area.setSelectionRange(27, 27)")
    area.press("Alt+Shift+Digit1")
    assert area.input_value() == "Des délégués de nombreuses organisation venues de partout."

    # The button inserts another approved translation over the selection, and keeps the focus in the text.
    area.evaluate("area => area.setSelectionRange(27, 39)")  # "organisation"
    terms.get_by_role("button", name="Insert organisme").click()
    assert area.input_value() == "Des délégués de nombreuses organisme venues de partout."
    assert page.evaluate("document.activeElement.id") == f"text-{first.key}"
    # A passage without terms has no list, and the key does nothing there.
    other = page.locator(f"#p-{second.key} textarea.target-text")
    other.fill("Ils ont adopté un texte.")
    expect(terms).to_be_hidden()
    other.press("Alt+Shift+Digit1")
    assert other.input_value() == "Ils ont adopté un texte."
    assert page.evaluate("window.pageMarker") == "still the same page"

    # The translator reads the glossary from the editor's link, with nothing to change it.
    page.get_by_role("link", name="Glossary", exact=True).click()
    expect(page.locator(f"#entry-{entry.pk} th.term")).to_have_text("organization")
    expect(page.locator(".edit-entry")).to_have_count(0)
    expect(page.locator(".delete-entry")).to_have_count(0)
    expect(page.locator(".glossary-add")).to_have_count(0)
    expect(page.locator(".glossary-upload")).to_have_count(0)
    expect(page.locator(".glossary-download")).to_have_count(2)
