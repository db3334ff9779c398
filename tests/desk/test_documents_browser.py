"""The new-document screen in Debian's chromium (issue 24): a coordinator uploads a DOCX made by python-docx, sees
its passages with their formatting, creates the declaration and finds it on the desk."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.desk.test_memory_browser import PASSWORD, log_in
from tests.documents.files import seoul_docx
from workbench.declarations.models import Assignment, Declaration, Role

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
