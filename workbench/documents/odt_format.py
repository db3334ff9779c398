"""ODT in, with odfpy: headings, paragraphs, list items, table cells and footnotes (text:note, each its own block),
their spans' bold, italic, underline and super/subscript read from the document's styles, links and line breaks."""
from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from odf.element import Element
from odf.namespaces import FONS, OFFICENS, STYLENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import OpenDocument, load

from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, TagWriter

_TEXT_NODE = 3


# Where a run of spaces is text (ODF collapses it, but it is still a space between two words or spans).
_INLINE = {(TEXTNS, name) for name in ("p", "h", "span", "a", "note-citation")}


def open_odt(data: bytes) -> OpenDocument:
    """The document, with the indentation of its XML parts dropped. LibreOffice writes content.xml on one line, but
    other tools indent it, and odfpy trips on the whitespace: `document.text` becomes the whitespace before
    office:text, and saving fails on the whitespace in office:meta."""
    document = load(io.BytesIO(data))
    _drop_indentation(document.topnode)
    document.text = next(child for child in document.body.childNodes if child.qname == (OFFICENS, "text"))
    return document


def _unlink(parent: Element, child: Element) -> None:
    """odfpy's removeChild refuses text nodes (it updates a cache of elements only), so unlink by hand, as it does."""
    parent.childNodes.remove(child)
    if child.nextSibling is not None:
        child.nextSibling.previousSibling = child.previousSibling
    if child.previousSibling is not None:
        child.previousSibling.nextSibling = child.nextSibling
    child.nextSibling = child.previousSibling = child.parentNode = None


def _drop_indentation(element: Element) -> None:
    for child in list(element.childNodes):
        if child.nodeType == _TEXT_NODE:
            if element.qname not in _INLINE and not str(child.data).strip():
                _unlink(element, child)
        else:
            _drop_indentation(child)


@dataclass(frozen=True)
class Located:
    """A block with the element it was read from: a heading, paragraph or table cell, or a footnote's text:note."""

    element: Element
    block: Block


def read_odt(data: bytes) -> list[Block]:
    return [found.block for found in located_blocks(open_odt(data))]


def located_blocks(document: OpenDocument) -> list[Located]:
    """The blocks in the order the reader yields them (body first, then the footnotes as they are referenced; empty
    ones dropped), each with its element. The writer walks this same list to put a translation back, so reading
    and writing cannot disagree about which block is which."""
    styles = text_styles(document)
    blocks: list[Located] = []
    notes: list[Located] = []
    for element, kind, level in body_elements(document.text):
        blocks.append(Located(element, Block(kind, _write(element, styles, notes).result(), level)))
    return [found for found in blocks + notes if found.block.text]


def body_elements(root: Element, depth: int = 0, in_list: bool = False) -> Iterator[tuple[Element, str, int]]:
    """The elements that become blocks, in document order, with their kind and level (what the writer walks
    again). A table cell is one block whatever paragraphs it holds."""
    for child in root.childNodes:
        if child.nodeType == _TEXT_NODE:
            continue
        name = child.qname
        if name == (TEXTNS, "h"):
            level = child.getAttrNS(TEXTNS, "outline-level")
            yield child, HEADING, int(level) if level and level.isdigit() else 1
        elif name == (TEXTNS, "p"):
            yield child, LIST_ITEM if in_list else PARAGRAPH, depth if in_list else 0
        elif name == (TEXTNS, "list"):
            yield from body_elements(child, depth + 1, True)
        elif name == (TEXTNS, "list-item"):
            yield from body_elements(child, depth, True)
        elif name == (TABLENS, "table-cell"):
            yield child, TABLE_CELL, 0
        elif name in ((TEXTNS, "section"), (TABLENS, "table"), (TABLENS, "table-row"), (TABLENS, "table-rows"),
                      (TABLENS, "table-header-rows"), (TEXTNS, "soft-page-break")):  # fmt: skip
            yield from body_elements(child, depth, in_list)


def text_styles(document: OpenDocument) -> dict[str, set[str]]:
    """The marks (b, i, u, sup, sub) each named text style carries, automatic and common ones alike."""
    found: dict[str, set[str]] = {}
    for container in (document.automaticstyles, document.styles):
        for style in container.childNodes:
            if style.nodeType == _TEXT_NODE or style.qname != (STYLENS, "style"):
                continue
            marks: set[str] = set()
            for properties in style.childNodes:
                if properties.nodeType != _TEXT_NODE and properties.qname == (STYLENS, "text-properties"):
                    marks |= marks_of(properties)
            found[style.getAttrNS(STYLENS, "name")] = marks
    return found


def marks_of(properties: Element) -> set[str]:
    """The marks a style:text-properties element gives its text."""
    marks = set()
    if properties.getAttrNS(FONS, "font-weight") in ("bold", "700", "800", "900"):
        marks.add("b")
    if properties.getAttrNS(FONS, "font-style") == "italic":
        marks.add("i")
    if properties.getAttrNS(STYLENS, "text-underline-style") not in (None, "none"):
        marks.add("u")
    position = properties.getAttrNS(STYLENS, "text-position") or ""
    if position.startswith("super") or position.startswith("33%"):
        marks.add("sup")
    elif position.startswith("sub") or position.startswith("-33%"):
        marks.add("sub")
    return marks


def _write(element: Element, styles: dict[str, set[str]], notes: list[Located]) -> TagWriter:
    writer = TagWriter()
    if element.qname == (TABLENS, "table-cell"):
        paragraphs = [c for _, c in _cell_paragraphs(element)]
        for at, paragraph in enumerate(paragraphs):
            if at:
                writer.line_break()
            _walk(paragraph, writer, styles, notes, set(), None)
    else:
        _walk(element, writer, styles, notes, set(), None)
    return writer


def _cell_paragraphs(cell: Element) -> Iterator[tuple[int, Element]]:
    for at, child in enumerate(cell.childNodes):
        if child.nodeType != _TEXT_NODE and child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            yield at, child


def _walk(element: Element, writer: TagWriter, styles: dict[str, set[str]], notes: list[Located], marks: set[str],
          href: str | None) -> None:
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            writer.text(str(child.data), marks, href)
            continue
        name = child.qname
        if name == (TEXTNS, "span"):
            _walk(child, writer, styles, notes, marks | styles.get(child.getAttrNS(TEXTNS, "style-name"), set()), href)
        elif name == (TEXTNS, "a"):
            _walk(child, writer, styles, notes, marks, child.getAttrNS(XLINKNS, "href"))
        elif name == (TEXTNS, "line-break"):
            writer.line_break(marks, href)
        elif name == (TEXTNS, "s"):
            writer.text(" ", marks, href)
        elif name == (TEXTNS, "tab"):
            writer.text(" ", marks, href)
        elif name == (TEXTNS, "note"):
            number = str(len(notes) + 1)
            writer.footnote(number, marks, href)
            notes.append(Located(child, Block(FOOTNOTE, _note_text(child, styles), note=number)))
        elif name not in ((TEXTNS, "bookmark"), (TEXTNS, "bookmark-start"), (TEXTNS, "bookmark-end")):
            _walk(child, writer, styles, notes, marks, href)


def _note_text(note: Element, styles: dict[str, set[str]]) -> str:
    writer = TagWriter()
    for child in note.childNodes:
        if child.nodeType != _TEXT_NODE and child.qname == (TEXTNS, "note-body"):
            paragraphs = [p for p in child.childNodes if p.nodeType != _TEXT_NODE]
            for at, paragraph in enumerate(paragraphs):
                if at:
                    writer.line_break()
                _walk(paragraph, writer, styles, [], set(), None)
    return writer.result()
