"""The document screens in Debian's chromium (issue 24): a coordinator uploads a DOCX made by python-docx, sees its
passages with their formatting and creates the declaration; then uploads a new version, sees its changes, marks an
edit minor and applies it."""
from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser import log_in
from tests.conftest import PASSWORD
from tests.documents.files import seoul_docx
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Role, State
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_previews_a_docx_and_creates_the_declaration(
    page: Page, live_server: object, tmp_path: Path, screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    upload = tmp_path / "seoul.docx"
    upload.write_bytes(seoul_docx())
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "coordinator", "/desk/")
    page.get_by_role("link", name="New declaration from a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New declaration from a document")
    page.set_input_files("#id_file", str(upload))
    page.fill("#id_slug", "seoul-docx")
    page.fill("#id_title_en", "The Seoul Declaration")
    page.fill("#id_issued_on", "2004-06-03")
    page.get_by_role("button", name="Preview the passages").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("5 passages")
    expect(page.locator("table.preview tbody tr").nth(1).locator("b")).to_have_text("Seoul")
    expect(page.locator("table.preview a[href='https://www.incd.net/']")).to_have_text("the network")
    assert not Declaration.objects.exists()  # the preview wrote nothing
    page.screenshot(path=str(screenshot_dir / "desk-new-document-1280.png"), full_page=True)
    page.get_by_role("button", name="Create the declaration").click()
    expect(page.get_by_role("status")).to_contain_text("seoul-docx was created with 5 passages")
    declaration = Declaration.objects.get(slug="seoul-docx")
    assert [p.source_text for p in declaration.passages.order_by("position")][0] == "The Seoul Declaration"


def test_a_coordinator_previews_a_new_version_marks_an_edit_minor_and_applies_it(
    page: Page, live_server: object, tmp_path: Path, screenshot_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    data = seoul_docx()
    meta = Metadata(slug="seoul-docx", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul.docx", data), data, meta).declaration
    heading, body, item = declaration.passages.order_by("position")[:3]
    for passage, text in ((heading, "La Déclaration de Séoul"), (item, "La diversité culturelle est un patrimoine.")):
        record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED)
    revised = docx.Document(io.BytesIO(data))
    revised.paragraphs[0].runs[0].text = "The Seoul Declaration of 2004"
    revised.paragraphs[2].runs[0].text = "Cultural diversity is a common heritage of humanity."
    upload = tmp_path / "seoul-v2.docx"
    revised.save(str(upload))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "coordinator", "/desk/")
    page.get_by_role("link", name="Upload a new version of the source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New version of the source")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Preview the changes").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("2 changes")
    expect(page.locator("tr.kind-edited ins").first).to_have_text("of 2004")
    page.screenshot(path=str(screenshot_dir / "desk-new-version-1280.png"), full_page=True)
    page.locator(f"input[name=minor][value='{heading.key}']").check()
    page.get_by_role("button", name="Apply the new version").first.click()
    expect(page.get_by_role("status")).to_contain_text("2 edited, 0 inserted, 0 removed, 0 moved")
    heading.refresh_from_db()
    item.refresh_from_db()
    assert heading.source_text == "The Seoul Declaration of 2004" and not heading.is_stale("fr")  # minor
    assert item.is_stale("fr")  # not marked minor
