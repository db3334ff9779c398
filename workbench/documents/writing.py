"""A language of a declaration written out as a document: into the original file where the declaration came as
one (DOCX, ODT and HTML keep everything of the original but the words: styles, tables, layout), or built from the
passages (Markdown, plain text, and HTML for a declaration that came without a file). Passages not yet translated
or approved in that language are written in the source language and listed in the report. The bilingual
two-column documents are bilingual.py's."""
from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

import lxml.html
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from workbench.declarations.inline import plain, to_html, tokens
from workbench.declarations.models import Declaration, Passage, State
from workbench.documents import docx_format, html_format, odt_writing
from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM
from workbench.documents.models import PassageBlock, SourceDocument
from workbench.documents.safety import DocumentError

WRITERS = ("docx", "odt", "html", "markdown", "text")
_DONE = (State.TRANSLATED, State.APPROVED)


@dataclass
class Written:
    content: bytes
    format: str
    untranslated: list[int] = field(default_factory=list)  # positions (1-based) left in the source language


@dataclass(frozen=True)
class Piece:
    text: str  # tagged
    kind: str
    level: int
    note: str
    order: int | None = None  # the block's place among the original's, as the reader yields them


def numbered(declaration: Declaration) -> Iterator[tuple[int, Passage, PassageBlock | None]]:
    """The passages in order, each with its number (1-based, as the editor shows it) and its block of the original
    (None for a declaration that came without a file, or a passage added since)."""
    blocks = {b.passage_id: b for b in PassageBlock.objects.filter(passage__declaration=declaration)}
    passages = declaration.passages.select_related("declaration").order_by("position", "pk")
    for number, passage in enumerate(passages, start=1):
        yield number, passage, blocks.get(passage.pk)


def pieces(declaration: Declaration, language: str) -> tuple[list[Piece], list[int]]:
    """Each passage's text in the language (or its source text when not done there), in order, with its block."""
    found, left = [], []
    for number, passage, block in numbered(declaration):
        text = text_for(passage, language, declaration.source_language)
        if text is None:
            left.append(number)
            text = passage.source_text
        found.append(Piece(text, block.kind if block else "paragraph", block.level if block else 0,
                           block.note if block else "", block.order if block else None))  # fmt: skip
    return found, left


def untranslated(declaration: Declaration, language: str) -> list[int]:
    """The numbers (1-based) of the passages a document in `language` would carry in the source language: what
    `write` reports, for a screen to show before anything is written."""
    return pieces(declaration, language)[1]


def text_for(passage: Passage, language: str, source_language: str) -> str | None:
    """The passage's text as a document in `language` carries it, or None when it must stay in the source
    language there (not translated or approved, or stale)."""
    if language == source_language:
        return passage.source_text
    # A stale translation is of a source that has changed since: written out, it would mislead.
    if passage.state_in(language) in _DONE and passage.text_in(language) and not passage.is_stale(language):
        return passage.text_in(language)
    return None


def write(declaration: Declaration, language: str, kind: str | None = None) -> Written:
    """The declaration in `language` as a file of `kind` (default: the original's format, else HTML)."""
    # The original's bytes are read only when the translation is written into it (below).
    original = SourceDocument.objects.filter(declaration=declaration).defer("content").first()
    kind = kind or (original.format if original and original.format in WRITERS else "html")
    if kind not in WRITERS:
        raise DocumentError(_("The workbench does not write %(format)s files yet; choose DOCX, ODT, HTML, Markdown "
                              "or text.") % {"format": kind.upper()})  # fmt: skip
    found, left = pieces(declaration, language)
    title = declaration.title_in(language) or declaration.title_in(declaration.source_language)
    if kind == "docx":
        if original is None or original.format != "docx":
            raise DocumentError(_("Only a declaration that came as a DOCX file can be written as DOCX (its "
                                  "original holds the styles)."))  # fmt: skip
        content = _into_docx(bytes(original.content), found)
    elif kind == "odt":
        if original is None or original.format != "odt":
            raise DocumentError(_("Only a declaration that came as an ODT file can be written as ODT (its "
                                  "original holds the styles)."))  # fmt: skip
        texts = {p.order: p.text for p in found if p.order is not None}
        content = odt_writing.into_odt(bytes(original.content), texts)
    elif kind == "html" and original is not None and original.format == "html":
        content = _into_html(bytes(original.content).decode("utf-8-sig"), found, language)
    elif kind == "html":
        content = _html(found, title, language).encode()
    elif kind == "markdown":
        content = _markdown(found).encode()
    else:
        content = "\n\n".join(plain(p.text) for p in found).encode() + b"\n"
    return Written(content, kind, left)


# --- DOCX: the original, its paragraphs' runs replaced -----------------------------------------------------------


def _into_docx(data: bytes, found: list[Piece]) -> bytes:
    document = docx_format.open_docx(data)
    body = [p for p in found if p.kind != FOOTNOTE]
    notes = {p.note: p for p in found if p.kind == FOOTNOTE}
    ids: dict[str, str] = {}  # footnote number → its id in the file, in order of reference as the reader numbers
    targets: list[list[Paragraph]] = []
    for item in docx_format.body_items(document):
        if isinstance(item, Table):
            targets += [list(cell.paragraphs) for cell in docx_format.cells_of(item)]
        else:
            targets.append([item])
    at = 0
    for paragraphs in targets:
        if not _has_text(paragraphs) or at >= len(body):
            continue
        _note_ids(paragraphs, ids)
        _replace(paragraphs[0], body[at].text, ids)
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        at += 1
    _replace_footnotes(document, notes, ids)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _has_text(paragraphs: list[Paragraph]) -> bool:
    return any(p.text.strip() or p._p.xpath(".//w:footnoteReference") for p in paragraphs)


def _note_ids(paragraphs: list[Paragraph], ids: dict[str, str]) -> None:
    for paragraph in paragraphs:
        for reference in paragraph._p.xpath(".//w:footnoteReference"):
            note_id = reference.get(qn("w:id"))
            if note_id not in ids.values():
                ids[str(len(ids) + 1)] = note_id


def _replace(paragraph: Paragraph, text: str, ids: dict[str, str]) -> None:
    """The paragraph's runs and links replaced by the tagged text's; its properties (style, numbering) kept."""
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    marks: list[str] = []
    link: etree._Element | None = None
    for token in tokens(text):
        parent = link if link is not None else paragraph._p
        if token.kind == "text":
            run = _run(parent, marks)
            node = OxmlElement("w:t")
            node.text = token.text
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(node)
        elif token.name == "a" and token.kind == "open":
            link = docx_format.hyperlink(paragraph, token.value)  # None for an address a reader may not follow
        elif token.name == "a":
            link = None
        elif token.name == "br":
            _run(parent, marks).append(OxmlElement("w:br"))
        elif token.name == "fn" and token.value in ids:
            run = _run(parent, ["sup"])
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:id"), ids[token.value])
            run.append(reference)
        elif token.kind == "open":
            marks.append(token.name)
        elif token.kind == "close" and token.name in marks:
            marks.remove(token.name)


_RUN_PROPERTY = {"b": "w:b", "i": "w:i", "u": "w:u"}


def _run(parent: etree._Element, marks: list[str]) -> etree._Element:
    run = OxmlElement("w:r")
    if marks:
        properties = OxmlElement("w:rPr")
        for mark in ("b", "i", "u"):
            if mark in marks:
                node = OxmlElement(_RUN_PROPERTY[mark])
                if mark == "u":
                    node.set(qn("w:val"), "single")
                properties.append(node)
        for mark, value in (("sup", "superscript"), ("sub", "subscript")):
            if mark in marks:
                node = OxmlElement("w:vertAlign")
                node.set(qn("w:val"), value)
                properties.append(node)
        run.append(properties)
    parent.append(run)
    return run


def _replace_footnotes(document: object, notes: dict[str, Piece], ids: dict[str, str]) -> None:
    by_id = {note_id: notes[number] for number, note_id in ids.items() if number in notes}
    if not by_id:
        return
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == RT.FOOTNOTES:
            part = rel.target_part
            root = parse_xml(part.blob)
            for note in root.iterchildren(qn("w:footnote")):
                piece = by_id.get(note.get(qn("w:id")))
                paragraphs = list(note.iterchildren(qn("w:p")))
                if piece is None or not paragraphs:
                    continue
                first = Paragraph(paragraphs[0], document.part)  # type: ignore[attr-defined]
                reference_mark = copy.deepcopy(first._p.xpath(".//w:r[w:footnoteRef]"))
                _replace(first, " " + piece.text, ids)
                for mark in reversed(reference_mark):
                    first._p.insert(1 if first._p.pPr is not None else 0, mark)
                for extra in paragraphs[1:]:
                    note.remove(extra)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- HTML: the original page with its blocks' contents replaced, or a page built from the passages --------------


def _into_html(text: str, found: list[Piece], language: str) -> bytes:
    root = lxml.html.document_fromstring(text)
    body = root.find("body") if root.find("body") is not None else root
    notes = html_format.footnote_elements(body)
    body_pieces = [p for p in found if p.kind != FOOTNOTE]
    numbers: dict[str, str] = {}  # note id → number, filled as the references are met, as the reader does
    elements = [e for e, _kind, _level in html_format.blocks_of(body, notes)
                if html_format.text_of(e, notes, numbers)]  # fmt: skip
    for element, piece in zip(elements, body_pieces, strict=False):
        _fill(element, to_html(piece.text, footnote_href="#fn{n}"))
    # The footnotes, found by the numbers the reader gave them in order of reference (read_html does the same).
    by_number = {number: notes[note_id] for note_id, number in numbers.items()}
    for piece in found:
        if piece.kind == FOOTNOTE and piece.note in by_number:
            _fill_note(by_number[piece.note], to_html(piece.text, footnote_href="#fn{n}"))
    if root.tag == "html":
        root.set("lang", language)
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")


def _fill(element: etree._Element, html: str) -> None:
    for child in list(element):
        element.remove(child)
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    element.text = fragment.text
    for child in fragment:
        element.append(child)


def _fill_note(element: etree._Element, html: str) -> None:
    """A footnote's text replaced, its links back to the reference (↩, navigation the reader skips) kept after it."""
    backs = [copy.deepcopy(a) for a in element.iter("a") if (a.get("href") or "").startswith("#")]
    _fill(element, html)
    for back in backs:
        back.tail = None
        if len(element):
            element[-1].tail = (element[-1].tail or "") + " "
        else:
            element.text = (element.text or "") + " "
        element.append(back)


def _html(found: list[Piece], title: str, language: str) -> str:
    lines = [f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8">'
             f"<title>{escape(title)}</title></head>\n<body>"]  # fmt: skip
    in_list = False
    notes = [p for p in found if p.kind == FOOTNOTE]
    for piece in (p for p in found if p.kind != FOOTNOTE):
        if piece.kind == LIST_ITEM and not in_list:
            lines.append("<ul>")
        elif piece.kind != LIST_ITEM and in_list:
            lines.append("</ul>")
        in_list = piece.kind == LIST_ITEM
        html = to_html(piece.text, footnote_href="#fn{n}")
        if piece.kind == HEADING:
            level = min(6, max(1, piece.level))
            lines.append(f"<h{level}>{html}</h{level}>")
        elif piece.kind == LIST_ITEM:
            lines.append(f"<li>{html}</li>")
        else:
            lines.append(f"<p>{html}</p>")
    if in_list:
        lines.append("</ul>")
    if notes:
        lines.append("<ol>" + "".join(f'<li id="fn{escape(n.note)}">{to_html(n.text)}</li>' for n in notes) + "</ol>")
    lines.append("</body>\n</html>\n")
    return "\n".join(lines)


# --- Markdown ---------------------------------------------------------------------------------------------------

_MD_MARKS = {"b": "**", "i": "*"}


def _markdown(found: list[Piece]) -> str:
    out = []
    for piece in found:
        text = _markdown_inline(piece.text)
        if piece.kind == HEADING:
            out.append("#" * min(6, max(1, piece.level)) + " " + text)
        elif piece.kind == LIST_ITEM:
            out.append("- " + text)
        elif piece.kind == FOOTNOTE:
            out.append(f"[^{piece.note}]: {text}")
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def _markdown_inline(text: str) -> str:
    out: list[str] = []
    links: list[str] = []
    for token in tokens(text):
        if token.kind == "text":
            out.append(_md_escape(token.text))
        elif token.name in _MD_MARKS:
            out.append(_MD_MARKS[token.name])
        elif token.name == "a" and token.kind == "open":
            links.append(token.value)
            out.append("[")
        elif token.name == "a":
            out.append(f"]({links.pop() if links else ''})")
        elif token.name == "br":
            out.append("\\\n")
        elif token.name == "fn":
            out.append(f"[^{token.value}]")
        elif token.name in ("sup", "sub", "u"):
            out.append(f"<{'/' if token.kind == 'close' else ''}{token.name}>")
    return "".join(out)


def _md_escape(text: str) -> str:
    for char in "\\*_[]`#":
        text = text.replace(char, "\\" + char)
    return text
