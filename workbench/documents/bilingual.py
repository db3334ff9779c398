"""A declaration in two languages side by side, for a reader who checks a translation against its source on screen
or on paper: a two-column DOCX (python-docx) or a standalone HTML page, one row per passage, source left and the
language right. A passage whose translation a document may not carry (writing.text_for: not translated or approved,
or stale) shows a muted note in its right-hand cell rather than the source again, so nobody takes the source for
the translation; its number is reported as by writing.write."""
from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

import docx
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.run import Run
from lxml import etree

from workbench.declarations.inline import to_html, tokens
from workbench.declarations.models import Declaration, Passage, State
from workbench.documents import docx_format
from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM
from workbench.documents.safety import DocumentError
from workbench.documents.writing import Written, numbered, text_for

BILINGUAL_WRITERS = ("docx", "html")
_MUTED = RGBColor(0x66, 0x66, 0x66)
_LINK = RGBColor(0x05, 0x63, 0xC1)


@dataclass(frozen=True)
class Row:
    number: int
    kind: str
    level: int
    note: str  # a footnote's number
    source: str  # tagged
    target: str | None  # tagged; None when the document may not carry it (then `missing` says why)
    missing: str = ""


def rows(declaration: Declaration, language: str) -> list[Row]:
    found = []
    for number, passage, block in numbered(declaration):
        target = text_for(passage, language, declaration.source_language)
        found.append(Row(number, block.kind if block else "paragraph", block.level if block else 0,
                         block.note if block else "", passage.source_text, target,
                         "" if target is not None else _why_missing(passage, language)))  # fmt: skip
    return found


def _why_missing(passage: Passage, language: str) -> str:
    if passage.state_in(language) == State.MISSING or not passage.text_in(language):
        return _("Not translated yet.")
    if passage.is_stale(language):
        return _("Out of date: the source has changed since this translation.")
    return _("Only a draft so far, not yet marked translated.")


def write_bilingual(declaration: Declaration, language: str, kind: str) -> Written:
    """The declaration's source and its `language` side by side, as a DOCX or HTML file."""
    if kind not in BILINGUAL_WRITERS:
        raise DocumentError(_("A bilingual document is written as DOCX or HTML."))
    if language == declaration.source_language:
        raise DocumentError(_("A bilingual document needs a language other than the source's."))
    found = rows(declaration, language)
    title = declaration.title_in(language) or declaration.title_in(declaration.source_language)
    if kind == "docx":
        content = _docx(found, title, declaration.source_language, language)
    else:
        content = _html(found, title, declaration.source_language, language).encode()
    return Written(content, kind, [row.number for row in found if row.target is None])


def language_name(code: str) -> str:
    """A column's heading: the language named in itself, as a reader of that column knows it."""
    return str(get_language_info(code)["name_local"]).capitalize()


# --- DOCX -----------------------------------------------------------------------------------------------------


def _docx(found: list[Row], title: str, source: str, language: str) -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, 1)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    width = section.page_width - section.left_margin - section.right_margin
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    # Repeated at the top of every page the table runs over.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, code in zip(header.cells, (source, language), strict=True):
        _lang(_styled(cell.paragraphs[0].add_run(language_name(code)), bold=True), code)
    for row in found:
        left, right = table.add_row().cells
        _fill(left, row, row.source, source)
        if row.target is None:
            run = right.paragraphs[0].add_run(row.missing)
            run.italic = True
            run.font.color.rgb = _MUTED
            run.font.size = Pt(9)
            _lang(run, get_language() or "en")
        else:
            _fill(right, row, row.target, language)
    for column in table.columns:
        for cell in column.cells:
            cell.width = width // 2
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill(cell: _Cell, row: Row, text: str, language: str) -> None:
    paragraph = cell.paragraphs[0]
    heading = row.kind == HEADING
    if row.kind == FOOTNOTE:
        _lang(_styled(paragraph.add_run(row.note), superscript=True), language)
        paragraph.add_run(" ")
    elif row.kind == LIST_ITEM:
        paragraph.paragraph_format.left_indent = Cm(0.5 * max(0, row.level - 1))
        paragraph.add_run("• ")
    marks: list[str] = []
    link: etree._Element | None = None
    for token in tokens(text):
        if token.kind == "text":
            run = _styled(paragraph.add_run(token.text), bold=heading or "b" in marks, italic="i" in marks,
                          underline="u" in marks, superscript="sup" in marks, subscript="sub" in marks)  # fmt: skip
            _lang(run, language)
            if link is not None:
                run.font.color.rgb = _LINK
                run.underline = True
                link.append(run._r)
        elif token.name == "a" and token.kind == "open":
            link = docx_format.hyperlink(paragraph, token.value)
        elif token.name == "a":
            link = None
        elif token.name == "br":
            paragraph.add_run().add_break()
        elif token.name == "fn":
            _lang(_styled(paragraph.add_run(token.value), superscript=True), language)
        elif token.kind == "open":
            marks.append(token.name)
        elif token.kind == "close" and token.name in marks:
            marks.remove(token.name)


def _styled(run: Run, *, bold: bool = False, italic: bool = False, underline: bool = False,
            superscript: bool = False, subscript: bool = False) -> Run:  # fmt: skip
    # Only the marks it has are set: python-docx clears the vertical alignment for a None subscript, superscript
    # included, and a run nothing was set on inherits the cell's plain text.
    for name, on in (("bold", bold), ("italic", italic), ("underline", underline)):
        if on:
            setattr(run, name, True)
    if superscript:
        run.font.superscript = True
    elif subscript:
        run.font.subscript = True
    return run


def _lang(run: Run, language: str) -> Run:
    """The run's language, for spelling and hyphenation; w:lang comes after the other properties set here."""
    node = OxmlElement("w:lang")
    node.set(qn("w:val"), language)
    run._r.get_or_add_rPr().append(node)
    return run


# --- HTML -----------------------------------------------------------------------------------------------------

# Embedded so the page stands alone (saved, mailed, opened from disk). On paper: the header row repeats on each
# page, a row is not split across pages, and a link's address is printed after it.
_CSS = """
body { font-family: Georgia, "Times New Roman", serif; margin: 2em; color: #111; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { width: 50%; vertical-align: top; text-align: left; border: 1px solid #999; padding: .4em .6em; }
thead th { background: #eee; }
tr.heading td { font-weight: bold; font-size: 1.1em; }
tr.footnote td { font-size: .9em; }
.untranslated { color: #666; font-style: italic; font-size: .9em; }
@page { size: A4; margin: 1.5cm; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
}
"""


def _html(found: list[Row], title: str, source: str, language: str) -> str:
    interface = escape(get_language() or "en")
    lines = [f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8">'
             f"<title>{escape(title)}</title>\n<style>{_CSS}</style></head>\n<body>",
             f"<h1>{escape(title)}</h1>", "<table>",
             f'<thead><tr><th lang="{escape(source)}">{escape(language_name(source))}</th>'
             f'<th lang="{escape(language)}">{escape(language_name(language))}</th></tr></thead>',
             "<tbody>"]  # fmt: skip
    for row in found:
        row_id = f' id="fn-{escape(row.note)}"' if row.kind == FOOTNOTE and row.note else ""
        if row.target is None:
            target = f'<span class="untranslated" lang="{interface}">{escape(row.missing)}</span>'
        else:
            target = _cell_html(row, row.target)
        lines.append(f'<tr class="{escape(row.kind)}"{row_id}><td lang="{escape(source)}">'
                     f"{_cell_html(row, row.source)}</td>"
                     f'<td lang="{escape(language)}">{target}</td></tr>')  # fmt: skip
    lines += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(lines)


def _cell_html(row: Row, text: str) -> str:
    html = to_html(text, footnote_href="#fn-{n}")
    if row.kind == FOOTNOTE and row.note:
        return f"<sup>{escape(row.note)}</sup> {html}"
    if row.kind == LIST_ITEM:
        return f"• {html}"  # as in the DOCX; a CSS bullet would mark the "not translated" note too
    return html
