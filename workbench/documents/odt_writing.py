"""A translation written back into the ODT it came from, with odfpy: every block the reader found
(odt_format.located_blocks, the same walk, so reading and writing agree on which block is which) gets the
translation's text, its tags turned into spans, links, line breaks and the original's own footnotes. Everything
else in the file (styles, lists, tables, frames, the paragraphs' own styles) stays as it was."""
from __future__ import annotations

import io
from collections.abc import Iterable

from odf.element import Element
from odf.namespaces import STYLENS, TABLENS, TEXTNS
from odf.opendocument import OpenDocument
from odf.style import Style, TextProperties
from odf.teletype import addTextToElement
from odf.text import A, LineBreak, P, Span

from workbench.declarations.inline import safe_href, tokens
from workbench.documents import odt_format
from workbench.documents.blocks import FOOTNOTE

_TEXT_NODE = 3
# What each mark is in a style's text properties (odfpy's attribute names); the reader (odt_format.marks_of) reads
# these same values back.
_PROPERTIES = {
    "b": {"fontweight": "bold", "fontweightasian": "bold", "fontweightcomplex": "bold"},
    "i": {"fontstyle": "italic", "fontstyleasian": "italic", "fontstylecomplex": "italic"},
    "u": {"textunderlinestyle": "solid", "textunderlinewidth": "auto", "textunderlinecolor": "font-color"},
    "sup": {"textposition": "super 58%"},
    "sub": {"textposition": "sub 58%"},
}


def into_odt(data: bytes, texts: dict[int, str]) -> bytes:
    """The original with the block at each order (its place in the reader's list) holding the tagged text given
    for it; blocks without one keep theirs."""
    document = odt_format.open_odt(data)
    located = odt_format.located_blocks(document)
    styles = _Styles(document)
    notes = {found.block.note: found.element for found in located if found.block.kind == FOOTNOTE}
    # The footnotes first: a body block then moves the (already translated) text:note to where its <fn/> sits.
    for order, found in enumerate(located):
        if found.block.kind == FOOTNOTE and order in texts:
            _fill_note(found.element, texts[order], styles)
    placed: set[str] = set()
    for order, found in enumerate(located):
        if found.block.kind != FOOTNOTE and order in texts:
            _fill_block(found.element, texts[order], styles, notes, placed)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Styles:
    """The text style for a set of marks: the original's own when one carries exactly those marks, else an
    automatic style added once."""

    def __init__(self, document: OpenDocument) -> None:
        self._document = document
        self._names: set[str] = set()
        self._by_marks: dict[frozenset[str], str] = {}
        for container in (document.automaticstyles, document.styles):
            for style in _elements(container.childNodes):
                name = style.getAttrNS(STYLENS, "name") or ""
                self._names.add(name)
                # Only text styles: a paragraph style with bold text is not something a span may name.
                if style.qname != (STYLENS, "style") or style.getAttrNS(STYLENS, "family") != "text":
                    continue
                marks: set[str] = set()
                for properties in _elements(style.childNodes):
                    if properties.qname == (STYLENS, "text-properties"):
                        marks |= odt_format.marks_of(properties)
                self._by_marks.setdefault(frozenset(marks), name)

    def name_for(self, marks: Iterable[str]) -> str:
        wanted = frozenset(marks)
        if wanted not in self._by_marks:
            self._by_marks[wanted] = self._add(wanted)
        return self._by_marks[wanted]

    def _add(self, marks: frozenset[str]) -> str:
        number = 1
        while f"WbT{number}" in self._names:
            number += 1
        name = f"WbT{number}"
        self._names.add(name)
        values: dict[str, str] = {}
        for mark in sorted(marks):
            values.update(_PROPERTIES[mark])
        style = Style(name=name, family="text")
        style.addElement(TextProperties(**values))
        self._document.automaticstyles.addElement(style)
        return name


def _elements(nodes: Iterable[Element]) -> list[Element]:
    return [node for node in nodes if node.nodeType != _TEXT_NODE]


def _fill_block(element: Element, text: str, styles: _Styles, notes: dict[str, Element], placed: set[str]) -> None:
    """A heading or paragraph keeps its own element (style, outline level, list membership) and gets new content;
    a table cell's first paragraph gets it all (the reader joined the cell's paragraphs with line breaks) and the
    cell's other paragraphs go."""
    if element.qname == (TABLENS, "table-cell"):
        paragraphs = [child for child in _elements(element.childNodes) if child.qname in ((TEXTNS, "p"),
                                                                                            (TEXTNS, "h"))]  # fmt: skip
        if not paragraphs:
            paragraphs = [P()]
            element.addElement(paragraphs[0])
        for extra in paragraphs[1:]:
            element.removeChild(extra)
        element = paragraphs[0]
    _detach_notes(element)
    _clear(element)
    _write_tagged(element, text, styles, notes, placed)


def _clear(element: Element) -> None:
    for child in _elements(element.childNodes):
        element.removeChild(child)  # also drops it from the document's caches of elements by type
    # Text nodes by hand: odfpy's removeChild expects an element (its caches hold only elements).
    for text in element.childNodes:
        text.parentNode = text.previousSibling = text.nextSibling = None
    element.childNodes.clear()


def _detach_notes(element: Element) -> None:
    """The block's text:note elements taken out before its content is cleared: they are put back where the
    translation's <fn/> says (and keep their citation and translated body)."""
    for child in _elements(element.childNodes):
        if child.qname == (TEXTNS, "note"):
            element.removeChild(child)
        else:
            _detach_notes(child)


def _fill_note(note: Element, text: str, styles: _Styles) -> None:
    """The note's body becomes one paragraph (in the style of its first one) holding the translation."""
    for body in _elements(note.childNodes):
        if body.qname != (TEXTNS, "note-body"):
            continue
        paragraphs = _elements(body.childNodes)
        style = paragraphs[0].getAttrNS(TEXTNS, "style-name") if paragraphs else None
        _clear(body)
        paragraph = P(stylename=style) if style else P()
        body.addElement(paragraph)
        _write_tagged(paragraph, text, styles, {}, set())


class _Writer:
    """Appends a tagged text's pieces to a paragraph: runs with the same marks share one span, a link holds the
    spans inside it, a line break or footnote inside formatting stays inside the span (so the reader reads the
    formatting as one piece around it, as it was)."""

    def __init__(self, paragraph: Element, styles: _Styles) -> None:
        self._paragraph = paragraph
        self._styles = styles
        self._link: Element | None = None
        self._span: Element | None = None
        self._span_marks: frozenset[str] = frozenset()

    def container(self, marks: list[str]) -> Element:
        parent = self._link if self._link is not None else self._paragraph
        wanted = frozenset(marks)
        if not wanted:
            self._span = None
            return parent
        if self._span is None or self._span_marks != wanted or self._span.parentNode is not parent:
            self._span = Span(stylename=self._styles.name_for(wanted))
            self._span_marks = wanted
            parent.addElement(self._span)
        return self._span

    def open_link(self, href: str) -> None:
        if safe_href(href) is None:  # an address a reader may not follow keeps its text only, as on the public page
            return
        self._link = A(href=href, type="simple")
        self._paragraph.addElement(self._link)
        self._span = None

    def close_link(self) -> None:
        self._link = None
        self._span = None


def _write_tagged(paragraph: Element, text: str, styles: _Styles, notes: dict[str, Element], placed: set[str]) -> None:
    writer = _Writer(paragraph, styles)
    marks: list[str] = []
    for token in tokens(text):
        if token.kind == "text":
            addTextToElement(writer.container(marks), token.text)
        elif token.name == "a" and token.kind == "open":
            writer.open_link(token.value)
        elif token.name == "a":
            writer.close_link()
        elif token.name == "br":
            writer.container(marks).addElement(LineBreak())
        elif token.name == "fn":
            # The original's own note, once: a number it never had, or a second reference to it, is dropped
            # (the tags check reports both before anything is approved).
            note = notes.get(token.value)
            if note is not None and token.value not in placed:
                placed.add(token.value)
                writer.container(marks).addElement(note)
        elif token.kind == "open":
            marks.append(token.name)
        elif token.kind == "close" and token.name in marks:
            marks.remove(token.name)
