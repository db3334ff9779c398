"""The bilingual two-column documents, read back with python-docx and lxml.html."""
from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import docx
import lxml.html
import pytest
from django.core.management import call_command
from django.utils import translation

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.documents.bilingual import write_bilingual
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document
from workbench.documents.safety import DocumentError

from .files import seoul_docx

pytestmark = pytest.mark.django_db

SOURCE = [
    "The Seoul Declaration",
    'The ministers met in <b>Seoul</b> on <i>June 3</i>. See <a href="https://www.incd.net/">the network</a>'
    '<fn n="1"/>.',
    "Cultural diversity is a <u>common</u> heritage.",
    "A plain paragraph.",
    "Held from June 1 to 4, 2004.",
]


@pytest.fixture
def declaration(make_declaration: Callable[..., Declaration]) -> Declaration:
    """A declaration made from a document (so its passages have kinds), French approved in part: passage 3
    is a draft, passage 4 stale (its source changed after approval), passage 5 (the footnote) never translated."""
    data = seoul_html()
    meta = Metadata(slug="seoul-two", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration", "fr": "La Déclaration de Séoul"})  # fmt: skip
    created = create_declaration(read_document("seoul.html", data), data, meta).declaration
    passages = list(created.passages.order_by("position"))
    french = {0: "La Déclaration de Séoul",
              1: 'Les ministres se sont réunis à <b>Séoul</b> le <i>3 juin</i>. Voir <a href="https://www.incd.net/">'
                 'le réseau</a><fn n="1"/>.',
              3: "Un paragraphe simple."}  # fmt: skip
    for at, text in french.items():
        record_change(passage=passages[at], language="fr", text=text, state=State.APPROVED, action=Action.EDITED)
    record_change(passage=passages[2], language="fr", text="La diversité culturelle.", state=State.DRAFT,
                  action=Action.EDITED)  # fmt: skip
    record_change(passage=passages[3], language="en", text="A plain paragraph, changed.", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    return created


def seoul_html() -> bytes:
    """An HTML page with a heading, a paragraph with formatting, a link and a footnote, a list item."""
    return (b'<!DOCTYPE html><html><body><h1>The Seoul Declaration</h1>'
            b'<p>The ministers met in <b>Seoul</b> on <i>June 3</i>. See <a href="https://www.incd.net/">the network'
            b'</a><sup><a href="#fn1" id="r1">1</a></sup>.</p><ul><li>Cultural diversity is a <u>common</u> heritage.'
            b'</li></ul><p>A plain paragraph.</p>'
            b'<ol class="footnotes"><li id="fn1">Held from June 1 to 4, 2004.</li></ol></body></html>')  # fmt: skip


def test_the_fixture_reads_as_intended(declaration: Declaration) -> None:
    passages = list(declaration.passages.order_by("position"))
    assert [p.source_text for p in passages] == [*SOURCE[:3], "A plain paragraph, changed.", SOURCE[4]]
    assert passages[4].block.kind == "footnote"


def docx_rows(data: bytes) -> list[list[str]]:
    table = docx.Document(io.BytesIO(data)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_bilingual_docx(declaration: Declaration) -> None:
    with translation.override("en"):
        written = write_bilingual(declaration, "fr", "docx")
    assert written.format == "docx" and written.untranslated == [3, 4, 5]
    document = docx.Document(io.BytesIO(written.content))
    rows = docx_rows(written.content)
    assert rows[0] == ["English", "Français"]
    assert rows[1] == ["The Seoul Declaration", "La Déclaration de Séoul"]
    assert rows[2][1] == "Les ministres se sont réunis à Séoul le 3 juin. Voir le réseau1."
    assert rows[3] == ["• Cultural diversity is a common heritage.", "Only a draft so far, not yet marked translated."]
    assert rows[4] == ["A plain paragraph, changed.", "Out of date: the source has changed since this translation."]
    assert rows[5] == ["1 Held from June 1 to 4, 2004.", "Not translated yet."]
    table = document.tables[0]
    assert all(run.bold for run in table.cell(1, 1).paragraphs[0].runs)  # a heading in bold
    runs = [(r.text, bool(r.bold), bool(r.italic), bool(r.font.superscript))
            for r in table.cell(2, 1).paragraphs[0].runs]  # fmt: skip
    assert ("Séoul", True, False, False) in runs and ("3 juin", False, True, False) in runs
    assert ("1", False, False, True) in runs  # the footnote reference as a superscript number
    assert [r.underline for r in table.cell(3, 0).paragraphs[0].runs if r.text == "common"] == [True]
    links = [(h.address, h.text) for h in table.cell(2, 1).paragraphs[0].hyperlinks]
    assert links == [("https://www.incd.net/", "le réseau")]
    note = table.cell(4, 1).paragraphs[0].runs[0]
    assert note.italic and note.font.color.rgb is not None  # muted, not the source copied
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header row repeats on every page


def test_bilingual_html(declaration: Declaration) -> None:
    with translation.override("en"):
        written = write_bilingual(declaration, "fr", "html")
    assert written.format == "html" and written.untranslated == [3, 4, 5]
    page = lxml.html.document_fromstring(written.content)
    assert page.get("lang") == "fr" and page.find(".//title").text == "La Déclaration de Séoul"
    assert "@media print" in page.find(".//style").text
    head = [(th.get("lang"), th.text_content()) for th in page.findall(".//thead/tr/th")]
    assert head == [("en", "English"), ("fr", "Français")]
    rows = page.findall(".//tbody/tr")
    assert [row.get("class") for row in rows] == ["heading", "paragraph", "list-item", "paragraph", "footnote"]
    assert all([td.get("lang") for td in row.findall("td")] == ["en", "fr"] for row in rows)
    assert [td.text_content() for td in rows[2].findall("td")] == ["• Cultural diversity is a common heritage.",
                                                                   "Only a draft so far, not yet marked translated."]
    cells = rows[1].findall("td")
    assert cells[1].find("b").text == "Séoul" and cells[1].find("i").text == "3 juin"
    assert [a.get("href") for a in cells[1].iter("a")] == ["https://www.incd.net/", "#fn-1"]
    assert rows[4].get("id") == "fn-1" and rows[4].findall("td")[0].text_content() == "1 Held from June 1 to 4, 2004."
    missing = rows[3].findall("td")[1].find("span")
    assert missing.get("class") == "untranslated" and missing.get("lang") == "en"
    assert missing.text == "Out of date: the source has changed since this translation."


def test_user_text_is_escaped(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration(["Use <script>alert(1)</script> & <b>bold</b>.", "Two."],
                                   translations={"fr": ["Le <script>alert(2)</script> <i>ok</i>.", "Deux."]},
                                   translation_state=State.APPROVED)  # fmt: skip
    declaration.title_en = "<img src=x onerror=alert(3)>"
    declaration.save()
    html = write_bilingual(declaration, "fr", "html").content.decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>bold</b>" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    page = lxml.html.document_fromstring(html)
    assert page.findall(".//script") == [] and page.findall(".//img") == []
    assert "<script>alert(2)</script>" in page.findall(".//tbody/tr")[0].findall("td")[1].text_content()
    cell = docx.Document(io.BytesIO(write_bilingual(declaration, "fr", "docx").content)).tables[0].cell(1, 0)
    assert cell.text == "Use <script>alert(1)</script> & bold."


def test_refusals(declaration: Declaration) -> None:
    with pytest.raises(DocumentError, match="DOCX or HTML"):
        write_bilingual(declaration, "fr", "markdown")
    with pytest.raises(DocumentError, match="other than the source"):
        write_bilingual(declaration, "en", "docx")


def test_export_document_bilingual(declaration: Declaration, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = tmp_path / "seoul.en-fr.docx"
    call_command("export_document", declaration.slug, "fr", "--output", str(out), "--bilingual")
    printed = capsys.readouterr().out
    assert "3 passage(s) left in the source language (en): 3, 4, 5" in printed
    assert docx_rows(out.read_bytes())[1] == ["The Seoul Declaration", "La Déclaration de Séoul"]
    with pytest.raises(Exception, match="bilingual"):
        call_command("export_document", declaration.slug, "fr", "--output", str(tmp_path / "x.md"), "--bilingual")


def test_a_docx_declaration_in_two_columns() -> None:
    data = seoul_docx()
    meta = Metadata(slug="seoul-docx-two", source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    declaration = create_declaration(read_document("seoul.docx", data), data, meta).declaration
    rows = docx_rows(write_bilingual(declaration, "fr", "docx").content)
    assert [row[0] for row in rows[1:]] == [
        "The Seoul Declaration", "The ministers met in Seoul on June 3, 2004. See the network.\nA second line.",
        "• Cultural diversity is a common heritage.", "Members", "72"]  # fmt: skip
