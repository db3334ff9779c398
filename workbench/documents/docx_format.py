"""DOCX in, with python-docx: the body's paragraphs, headings, list items and table cells in order, then the
footnotes, each a block of tagged text (bold, italic, underline, superscript, subscript, links, line breaks, footnote
references)."""
from __future__ import annotations

import io
from collections.abc import Iterator
from weakref import WeakKeyDictionary

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from workbench.declarations.inline import safe_href
from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, TagWriter

# Character styles Word applies for emphasis without direct formatting.
_STYLE_MARKS = {"Strong": "b", "Emphasis": "i", "Intense Emphasis": "i"}


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def read_docx(data: bytes) -> list[Block]:
    document = open_docx(data)
    numbers: dict[str, str] = {}  # footnote id in the file → the number a reader sees (order of reference)
    blocks = [block for item in body_items(document) for block in _blocks_of(item, numbers)]
    notes = _footnote_paragraphs(document)
    for note_id, number in numbers.items():
        paragraphs = notes.get(note_id, [])
        writer = TagWriter()
        for at, paragraph in enumerate(paragraphs):
            if at:
                writer.line_break()
            _write_paragraph(paragraph, writer, numbers)
        blocks.append(Block(FOOTNOTE, writer.result(), note=number))
    return [block for block in blocks if block.text]


def body_items(document: Document) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in document order (what the writer walks again to put a translation in)."""
    yield from document.iter_inner_content()


def cells_of(table: Table) -> Iterator:  # noqa: ANN401 - python-docx's _Cell
    """Each cell once, row by row (a merged cell is returned once per grid position by python-docx)."""
    # The cell elements themselves, not their id(): lxml makes a new proxy for an element no one holds, and a freed
    # proxy's id is reused, so ids made one cell look like another already seen (and a cell went missing at random).
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                yield cell


def _blocks_of(item: Paragraph | Table, numbers: dict[str, str]) -> Iterator[Block]:
    if isinstance(item, Table):
        for cell in cells_of(item):
            writer = TagWriter()
            for at, paragraph in enumerate(cell.paragraphs):
                if at:
                    writer.line_break()
                _write_paragraph(paragraph, writer, numbers)
            yield Block(TABLE_CELL, writer.result())
        return
    writer = TagWriter()
    _write_paragraph(item, writer, numbers)
    kind, level = paragraph_kind(item)
    yield Block(kind, writer.result(), level)


def paragraph_kind(paragraph: Paragraph) -> tuple[str, int]:
    style = style_name(paragraph, paragraph._p.style, WD_STYLE_TYPE.PARAGRAPH)
    if style == "Title":
        return HEADING, 1
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        return HEADING, int(level) if level.isdigit() else 1
    properties = paragraph._p.pPr
    if (properties is not None and properties.numPr is not None) or style.startswith("List"):
        return LIST_ITEM, 1
    return PARAGRAPH, 0


def _write_paragraph(paragraph: Paragraph, writer: TagWriter, numbers: dict[str, str]) -> None:
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            href = item.address or (f"#{item.fragment}" if item.fragment else None)
            for run in item.runs:
                _write_run(run, writer, numbers, href if href and not href.startswith("#") else None)
        else:
            _write_run(item, writer, numbers, None)


def run_marks(run: Run) -> set[str]:
    marks = set()
    if run.bold:
        marks.add("b")
    if run.italic:
        marks.add("i")
    if run.underline:
        marks.add("u")
    if run.font.superscript:
        marks.add("sup")
    if run.font.subscript:
        marks.add("sub")
    style = style_name(run, run._r.style, WD_STYLE_TYPE.CHARACTER)
    if style in _STYLE_MARKS:
        marks.add(_STYLE_MARKS[style])
    return marks


_STYLE_NAMES: WeakKeyDictionary[object, dict[tuple[int, str | None], str]] = WeakKeyDictionary()


def style_name(item: Paragraph | Run, style_id: str | None, kind: WD_STYLE_TYPE) -> str:
    """The name of a paragraph's or run's style (the type's default when it names none or an unknown one).

    python-docx's `paragraph.style` and `run.style` find a style by scanning every style of the file, and the
    default one by parsing each style's attributes: 3,000 paragraphs took 6 s (bench/documents.py). The names are
    read once per file here instead."""
    part = item.part
    names = _STYLE_NAMES.get(part)
    if names is None:
        styles = part.styles
        names = {(style.type, style.style_id): style.name or "" for style in styles}
        for type_ in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            default = styles.default(type_)
            names[(type_, None)] = default.name or "" if default is not None else ""
        _STYLE_NAMES[part] = names
    return names.get((kind, style_id)) or names[(kind, None)]


def _write_run(run: Run, writer: TagWriter, numbers: dict[str, str], href: str | None) -> None:
    marks = run_marks(run)
    for child in run._r.iterchildren():
        tag = child.tag
        if tag == qn("w:t"):
            writer.text(child.text or "", marks, href)
        elif tag == qn("w:tab"):
            writer.text(" ", marks, href)
        elif tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) in (None, "textWrapping"):
            writer.line_break(marks, href)
        elif tag == qn("w:footnoteReference"):
            note_id = child.get(qn("w:id"))
            numbers.setdefault(note_id, str(len(numbers) + 1))
            writer.footnote(numbers[note_id], marks, href)


def _footnote_paragraphs(document: Document) -> dict[str, list[Paragraph]]:
    """Each footnote's paragraphs by its id in the file (separators left out)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = parse_xml(rel.target_part.blob)
            found: dict[str, list[Paragraph]] = {}
            for note in root.iterchildren(qn("w:footnote")):
                if note.get(qn("w:type")) in (None, "normal"):
                    found[note.get(qn("w:id"))] = [Paragraph(p, document.part) for p in note.iterchildren(qn("w:p"))]
            return found
    return {}


def hyperlink(paragraph: Paragraph, href: str) -> etree._Element | None:
    """A real hyperlink for an address a reader may follow (http, https, mailto); any other keeps its text only,
    as on the public page."""
    if safe_href(href) is None:
        return None
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True))
    paragraph._p.append(link)
    return link
