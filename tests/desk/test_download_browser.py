"""The download screen in Debian's chromium (issue 24): from the editor to the report of passages left in the
source language, then a bilingual DOCX downloaded and opened with python-docx; the bilingual HTML page printed."""
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
from workbench.declarations.models import Action, Assignment, Role, State
from workbench.documents.bilingual import write_bilingual
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_translator_downloads_a_bilingual_docx(page: Page, live_server: object, tmp_path: Path,
                                                 screenshot_dir: Path) -> None:  # fmt: skip
    base = live_server.url  # type: ignore[attr-defined]
    user = User.objects.create_user("translator", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.TRANSLATOR, language="fr")
    data = seoul_docx()
    meta = Metadata(slug="seoul-docx", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul.docx", data), data, meta).declaration
    record_change(passage=declaration.passages.order_by("position").first(), language="fr",
                  text="La Déclaration de Séoul", state=State.APPROVED, action=Action.EDITED)  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "translator", "/desk/seoul-docx/fr/")
    page.get_by_role("link", name="Download as a document").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Download in French")
    expect(page.locator(".untranslated-numbers a")).to_have_text(["2", "3", "4", "5"])
    page.screenshot(path=str(screenshot_dir / "desk-download-1280.png"), full_page=True)
    with page.expect_download() as caught:
        page.get_by_role("link", name="Bilingual DOCX: source and translation in two columns").click()
    download = caught.value
    assert download.suggested_filename == "seoul-docx.en-fr.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    table = docx.Document(io.BytesIO(saved.read_bytes())).tables[0]
    assert [table.cell(1, 0).text, table.cell(1, 1).text] == ["The Seoul Declaration", "La Déclaration de Séoul"]
    assert table.cell(2, 1).text == "Not translated yet."

    # The bilingual page opened from disk, as a downloaded file is (the site's Content-Security-Policy does not
    # follow it there; its CSS is embedded), and as chromium prints it: two equal columns, the header row.
    bilingual = tmp_path / "seoul-docx.en-fr.html"
    bilingual.write_bytes(write_bilingual(declaration, "fr", "html").content)
    page.goto(bilingual.as_uri())
    expect(page.locator("thead th")).to_have_text(["English", "Français"])
    widths = page.locator("tbody tr").first.locator("td").evaluate_all("cells => cells.map(c => c.offsetWidth)")
    assert abs(widths[0] - widths[1]) <= 2
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "bilingual-html-print.png"), full_page=True)
    assert page.pdf(format="A4")[:4] == b"%PDF"
