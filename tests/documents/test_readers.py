"""Each format's reader on real files made by its own library: the passages a document yields, with their tags."""
from __future__ import annotations

import io

import docx

from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL
from workbench.documents.reading import read_document

from .files import seoul_docx, seoul_odt


def kinds_and_texts(name: str, data: bytes) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in read_document(name, data).blocks]


def test_docx_paragraphs_headings_lists_cells_and_inline_formatting() -> None:
    assert kinds_and_texts("seoul.docx", seoul_docx()) == [
        (HEADING, "The Seoul Declaration"),
        (PARAGRAPH, 'The ministers met in <b>Seoul</b> on <i>June 3, 2004</i>. See '
                    '<a href="https://www.incd.net/">the network</a>.<br/>A second line.'),
        (LIST_ITEM, "Cultural diversity is a common heritage."),
        (TABLE_CELL, "Members"),
        (TABLE_CELL, "72"),
    ]


def test_odt_with_its_footnote_as_a_passage_linked_to_its_marker() -> None:
    blocks = read_document("seoul.odt", seoul_odt()).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (HEADING, "The Seoul Declaration"),
        (PARAGRAPH, 'The ministers met in <b>Seoul</b>. See <a href="https://www.incd.net/">the network</a>'
                    '<fn n="1"/><br/>A second line.'),
        (LIST_ITEM, "Cultural diversity is a common heritage."),
        (TABLE_CELL, "Members"),
        (TABLE_CELL, "72"),
        (FOOTNOTE, "Held from June 1 to 4, 2004."),
    ]
    assert blocks[-1].note == "1"


def test_html_blocks_and_footnotes_and_what_is_not_text() -> None:
    page = """<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>
    <h2>Title</h2><p>Text<sup><a href="#fn1" id="fnref1">1</a></sup> with <strong>bold <em>and italic</em></strong>
    <br>and &lt;b&gt; written out.</p><script>alert(1)</script>
    <ul><li>One</li><li><p>Two</p></li></ul>
    <ol><li id="fn1"><p>The note. <a href="#fnref1">↩</a></p></li></ol></body></html>"""
    assert kinds_and_texts("page.html", page.encode()) == [
        (HEADING, "Title"),
        (PARAGRAPH, 'Text<fn n="1"/> with <b>bold <i>and italic</i></b><br/>and <lt/>b> written out.'),
        (LIST_ITEM, "One"),
        (LIST_ITEM, "Two"),
        (FOOTNOTE, "The note."),
    ]


def test_markdown_through_markdown_it() -> None:
    text = ("# Seoul\n\nThe **ministers** met.[^1] See [the site](https://incd.net).\n\n- first\n- second\n\n"
            "[^1]: On *June 3*.\n")
    assert kinds_and_texts("seoul.md", text.encode()) == [
        (HEADING, "Seoul"),
        (PARAGRAPH, 'The <b>ministers</b> met.<fn n="1"/> See <a href="https://incd.net">the site</a>.'),
        (LIST_ITEM, "first"),
        (LIST_ITEM, "second"),
        (FOOTNOTE, "On <i>June 3</i>."),
    ]


def test_plain_text_paragraphs_between_blank_lines() -> None:
    text = "First line\nsame paragraph.\n\n\nSecond <b> paragraph.\r\n"
    assert kinds_and_texts("note.txt", text.encode()) == [
        (PARAGRAPH, "First line same paragraph."),
        (PARAGRAPH, "Second <lt/>b> paragraph."),
    ]


def test_every_cell_of_a_large_table_is_read_every_time() -> None:
    # python-docx hands out a new proxy per cell access; telling merged cells apart by id() lost cells at random.
    document = docx.Document()
    table = document.add_table(rows=30, cols=6)
    for number, cell in enumerate(table._cells):
        cell.text = f"cell {number}"
    out = io.BytesIO()
    document.save(out)
    for _ in range(3):
        cells = [b.text for b in read_document("table.docx", out.getvalue()).blocks if b.kind == "table-cell"]
        assert cells == [f"cell {number}" for number in range(180)]


def test_a_link_address_the_tags_cannot_hold_keeps_its_text() -> None:
    page = b'<p>See <a href="https://example.org/a b">the page</a> and <a href="https://www.incd.net/">this</a>.</p>'
    assert read_document("page.html", page).blocks[0].text == (
        'See the page and <a href="https://www.incd.net/">this</a>.')
