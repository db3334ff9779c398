"""A declaration that came as ODT written back into its original, read again with our own reader."""
from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from odf.namespaces import STYLENS, TEXTNS
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import A, H, List, ListItem, Note, NoteBody, NoteCitation, P, Span

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.documents import odt_format
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document
from workbench.documents.writing import write

from .files import seoul_odt

pytestmark = pytest.mark.django_db


def rich_odt() -> bytes:
    """An ODT with what a real one has: a common italic style (Emphasis), a paragraph style whose text is bold (a
    span must never name it), a two-level list, a table cell of two paragraphs, a footnote, a link."""
    document = OpenDocumentText()
    emphasis = Style(name="Emphasis", family="text")
    emphasis.addElement(TextProperties(fontstyle="italic"))
    document.styles.addElement(emphasis)
    strong_paragraph = Style(name="Lead", family="paragraph")
    strong_paragraph.addElement(ParagraphProperties(marginbottom="0.5cm"))
    strong_paragraph.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(strong_paragraph)
    document.text.addElement(H(outlinelevel=2, text="Final declaration"))
    lead = P(stylename=strong_paragraph, text="The ministers, ")
    lead.addElement(Span(stylename=emphasis, text="meeting in Seoul"))
    lead.addText(", agree")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="See the annex."))
    note.addElement(body)
    lead.addElement(note)
    lead.addText(".")
    document.text.addElement(lead)
    outer = List()
    first = ListItem()
    first.addElement(P(text="To protect diversity."))
    inner = List()
    nested = ListItem()
    nested.addElement(P(text="In every medium."))
    inner.addElement(nested)
    first.addElement(inner)
    outer.addElement(first)
    document.text.addElement(outer)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    cell = TableCell()
    cell.addElement(P(text="Members"))
    cell.addElement(P(text="of the network"))
    row.addElement(cell)
    link_cell = TableCell()
    paragraph = P()
    paragraph.addElement(A(href="https://www.incd.net/", text="INCD"))
    link_cell.addElement(paragraph)
    row.addElement(link_cell)
    table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RICH = rich_odt()
ENGLISH = [
    ("heading", "Final declaration"),
    ("paragraph", 'The ministers, <i>meeting in Seoul</i>, agree<fn n="1"/>.'),
    ("list-item", "To protect diversity."),
    ("list-item", "In every medium."),
    ("table-cell", "Members<br/>of the network"),
    ("table-cell", '<a href="https://www.incd.net/">INCD</a>'),
    ("footnote", "See the annex."),
]
FRENCH = [
    "Déclaration <b>finale</b>",
    'Les ministres, <i>réunis à Séoul</i>, conviennent<fn n="1"/> de <u>ceci</u>.',
    "Protéger la <b><i>diversité</i></b>.",
    "Dans tous les médias<sup>2</sup>, H<sub>2</sub>O.",
    "Membres<br/>du réseau",
    '<a href="https://www.incd.net/fr/">RIPC</a>',
    "Voir l’<b>annexe</b>.",
]


def make(data: bytes = RICH, slug: str = "seoul-odt") -> Declaration:
    meta = Metadata(slug=slug, source_language="en", issued_on=datetime.date(2004, 6, 3),
                    titles={"en": "The Seoul Declaration"})  # fmt: skip
    return create_declaration(read_document("seoul.odt", data), data, meta).declaration


def approve(declaration: Declaration, texts: list[str | None], state: State = State.APPROVED) -> None:
    for passage, text in zip(declaration.passages.order_by("position"), texts, strict=False):
        if text is not None:
            record_change(passage=passage, language="fr", text=text, state=state, action=Action.EDITED)


def blocks_of(data: bytes) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in odt_format.read_odt(data)]


def content_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()


def test_the_reader_yields_what_the_tests_below_expect() -> None:
    assert blocks_of(RICH) == ENGLISH


def test_written_untouched_in_the_source_language_it_reads_the_same() -> None:
    for data, slug in ((RICH, "rich"), (seoul_odt(), "seoul")):
        written = write(make(data, slug), "en")
        assert written.format == "odt" and written.untranslated == []
        assert odt_format.read_odt(written.content) == odt_format.read_odt(data)


def test_a_french_translation_written_into_the_original_odt() -> None:
    declaration = make()
    approve(declaration, FRENCH)
    written = write(declaration, "fr")
    assert written.format == "odt" and written.untranslated == []
    assert blocks_of(written.content) == [(kind, french) for (kind, _english), french in zip(ENGLISH, FRENCH,
                                                                                             strict=True)]  # fmt: skip
    document = odt_format.open_odt(written.content)
    xml = content_xml(written.content)
    # The original's italic style is reused; the bold paragraph style is not taken for a bold span.
    spans = {span.getAttrNS(TEXTNS, "style-name") for span in document.getElementsByType(Span)}
    assert "Emphasis" in spans and "Lead" not in spans
    assert 'text:style-name="Lead"' in xml  # the paragraph keeps its own style
    # One text:note, the original's, with its citation and the translated body.
    notes = document.getElementsByType(Note)
    assert len(notes) == 1 and notes[0].getAttrNS(TEXTNS, "id") == "ftn1"
    assert "<text:note-citation>1</text:note-citation>" in xml
    # The list is still two levels deep, the table still one row of two cells.
    assert [b.level for b in odt_format.read_odt(written.content) if b.kind == "list-item"] == [1, 2]
    assert len(document.getElementsByType(TableCell)) == 2
    added = [s for s in document.automaticstyles.childNodes if s.getAttrNS(STYLENS, "name").startswith("WbT")]
    assert added, "bold, underline, sup and sub need styles the original did not have"


def test_untranslated_stale_and_draft_passages_are_listed_and_written_in_english() -> None:
    declaration = make()
    approve(declaration, [FRENCH[0], FRENCH[1], None, None, FRENCH[4], None, FRENCH[6]])
    approve(declaration, [None, None, FRENCH[2]], state=State.DRAFT)
    cell = declaration.passages.order_by("position")[4]
    record_change(passage=cell, language="en", text="Members<br/>of the whole network", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    written = write(declaration, "fr")
    assert written.untranslated == [3, 4, 5, 6]
    texts = [text for _kind, text in blocks_of(written.content)]
    assert texts[:2] == FRENCH[:2] and texts[6] == FRENCH[6]
    # The stale cell carries the source as it reads now, not the translation of the old one.
    assert texts[2:6] == ["To protect diversity.", "In every medium.", "Members<br/>of the whole network",
                          '<a href="https://www.incd.net/">INCD</a>']  # fmt: skip


def test_export_document_writes_odt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    declaration = make()
    approve(declaration, FRENCH[:2])
    out = tmp_path / "seoul.fr.odt"
    call_command("export_document", declaration.slug, "fr", "--output", str(out))
    assert "Wrote" in capsys.readouterr().out
    assert blocks_of(out.read_bytes())[1] == ("paragraph", FRENCH[1])
