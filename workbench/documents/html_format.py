"""HTML and Markdown in: lxml.html reads the page (Markdown is first rendered to HTML by markdown-it-py, with its
footnote plugin), and the block elements become blocks: h1–h6, p, li, td/th, blockquote text, and footnotes (the
plugin's and the common <li id="fn…"> form) linked to their <sup> references."""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from workbench.documents.blocks import FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, TagWriter

_MARKS = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "sup": "sup", "sub": "sub"}
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
_SKIP = {"script", "style", "head", "template", "noscript", "nav"}
# A footnote's reference: a link to an element whose id says it is a footnote (#fn1, #footnote-1, #ftn1).
_NOTE_ID = re.compile(r"^(?:fn|footnote|ftn|note)[-_:]?(\w+)$", re.IGNORECASE)


def markdown_to_html(text: str) -> str:
    # html=False: raw HTML in a Markdown file stays text, as the file's author wrote it.
    return MarkdownIt("commonmark", {"html": False}).use(footnote_plugin).enable("table").render(text)


def read_markdown(text: str) -> list[Block]:
    return read_html(markdown_to_html(text))


def read_html(text: str) -> list[Block]:
    if not text.strip():
        return []
    root = lxml.html.document_fromstring(text)
    body = root.find("body") if root.find("body") is not None else root
    notes = footnote_elements(body)
    numbers: dict[str, str] = {}
    blocks = [Block(kind, text_of(element, notes, numbers), level) for element, kind, level in blocks_of(body, notes)]
    for note_id, number in numbers.items():
        blocks.append(Block(FOOTNOTE, text_of(notes[note_id], notes, {}, in_note=True), note=number))
    return [block for block in blocks if block.text]


def footnote_elements(body: etree._Element) -> dict[str, etree._Element]:
    found = {}
    for element in body.iter():
        identifier = element.get("id") or ""
        if element.tag in ("li", "p", "div", "aside") and _NOTE_ID.match(identifier) and not identifier.startswith(
            ("fnref", "footnote-ref")
        ):
            found[identifier] = element
    return found


def blocks_of(root: etree._Element, notes: dict[str, etree._Element]) -> Iterator[tuple[etree._Element, str, int]]:
    """The elements that become blocks, in document order (footnotes left out: they come last)."""
    noted = {id(element) for element in notes.values()}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(id(a) in noted or a.tag in _SKIP for a in [element, *element.iterancestors()]):
            continue
        # A list item or cell holding paragraphs yields those paragraphs; a paragraph inside a list is an item.
        if element.tag in ("li", "td", "th", "dd") and any(c.tag in _BLOCKS for c in element.iterdescendants()):
            continue
        if element.tag[0] == "h" and element.tag[1:].isdigit():
            yield element, HEADING, int(element.tag[1:])
        elif element.tag == "li" or any(a.tag == "li" for a in element.iterancestors()):
            yield element, LIST_ITEM, sum(1 for a in element.iterancestors() if a.tag in ("ul", "ol"))
        elif element.tag in ("td", "th") or any(a.tag in ("td", "th") for a in element.iterancestors()):
            yield element, TABLE_CELL, 0
        else:
            yield element, PARAGRAPH, 0


def text_of(element: etree._Element, notes: dict[str, etree._Element], numbers: dict[str, str],
             in_note: bool = False) -> str:
    writer = TagWriter()
    _walk(element, writer, notes, numbers, set(), None, in_note)
    return writer.result()


def _walk(element: etree._Element, writer: TagWriter, notes: dict[str, etree._Element], numbers: dict[str, str],
          marks: set[str], href: str | None, in_note: bool) -> None:
    if element.text:
        writer.text(element.text, marks, href)
    for child in element:
        tag = child.tag if isinstance(child, etree._Element) and isinstance(child.tag, str) else ""
        target = (child.get("href") or "") if tag == "a" else ""
        if tag in _SKIP:
            pass
        elif tag == "br":
            writer.line_break(marks, href)
        elif tag == "a" and in_note and target.startswith("#"):
            pass  # a footnote's link back to its reference (↩) is navigation, not text
        elif tag == "a" and target.startswith("#") and target[1:] in notes:
            number = numbers.setdefault(target[1:], str(len(numbers) + 1))
            writer.footnote(number, marks, href)
        elif tag == "sup" and _only_note_link(child, notes):
            _walk(child, writer, notes, numbers, marks, href, in_note)
        elif tag == "a":
            _walk(child, writer, notes, numbers, marks, target if target and not target.startswith("#") else href,
                  in_note)  # fmt: skip
        elif tag:
            _walk(child, writer, notes, numbers, marks | ({_MARKS[tag]} if tag in _MARKS else set()), href, in_note)
        if child.tail:
            writer.text(child.tail, marks, href)


def _only_note_link(element: etree._Element, notes: dict[str, etree._Element]) -> bool:
    """A <sup> that holds nothing but a footnote reference: the reference is written as <fn/>, not as sup text."""
    links = [a for a in element.iter("a") if (a.get("href") or "").lstrip("#") in notes]
    return bool(links) and not (element.text or "").strip()
