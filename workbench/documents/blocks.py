"""What a document yields: blocks of tagged text (tags.py), each one passage of the declaration it makes."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.declarations.inline import HREF, PAIRED, literal

# Kinds of block, as the preview names them.
PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, FOOTNOTE = "paragraph", "heading", "list-item", "table-cell", "footnote"


@dataclass(frozen=True)
class Block:
    kind: str
    text: str  # tagged text (tags.py)
    level: int = 0  # a heading's level, a list item's depth
    note: str = ""  # a footnote's number, as its reference <fn n="…"/> names it


# Outermost first: a link holds formatted text, bold holds italic, and so on, whatever order the runs give.
_ORDER = ("a", *PAIRED)
# Runs of white space are one space, as in HTML and as a reader sees them; a no-break space is kept (French
# typography puts it before ; : ! ?).
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class TagWriter:
    """Builds one block's tagged text from runs of formatted text, opening and closing as few tags as it can and
    always nesting them properly."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._open: list[tuple[str, str]] = []  # (name, href) from the outermost

    def text(self, text: str, marks: Iterable[str] = (), href: str | None = None) -> None:
        if not text:
            return
        wanted = self._wanted(marks, href)
        keep = self._common(wanted)
        self._close_to(keep)
        for name, link in wanted[keep:]:
            self._out.append(f'<a href="{link}">' if name == "a" else f"<{name}>")
            self._open.append((name, link))
        self._out.append(literal(text))

    def line_break(self, marks: Iterable[str] = (), href: str | None = None) -> None:
        self._close_to(self._common(self._wanted(marks, href)))
        self._out.append("<br/>")

    def footnote(self, number: str, marks: Iterable[str] = (), href: str | None = None) -> None:
        """The reference sits in the formatting around it (inside a link it stays inside); its own superscript is
        what the reference is, not formatting to keep."""
        self._close_to(self._common(self._wanted(set(marks) - {"sup"}, href)))
        self._out.append(f'<fn n="{number}"/>')

    @staticmethod
    def _wanted(marks: Iterable[str], href: str | None) -> list[tuple[str, str]]:
        marks = set(marks)
        # An address the tag grammar cannot hold (a space, a quote) is dropped, its text kept: written as it is,
        # the <a href="…"> would be read back as text, not as a link.
        href = href if href and HREF.fullmatch(href) else None
        return [(name, href or "") if name == "a" else (name, "") for name in _ORDER
                if name in marks or (name == "a" and href)]  # fmt: skip

    def _common(self, wanted: list[tuple[str, str]]) -> int:
        keep = 0
        while keep < min(len(wanted), len(self._open)) and wanted[keep] == self._open[keep]:
            keep += 1
        return keep

    def _close_to(self, depth: int) -> None:
        while len(self._open) > depth:
            name, _ = self._open.pop()
            self._out.append(f"</{name}>")

    def result(self) -> str:
        """The tagged text, tags closed, spaces collapsed and trimmed (not inside the words' own text)."""
        self._close_to(0)
        text = _SPACES.sub(" ", "".join(self._out))
        return _trim(re.sub(r" ?<br/> ?", "<br/>", text))


def _trim(text: str) -> str:
    """Leading and trailing spaces dropped, also where they sit just inside a tag ("<b> word</b>")."""
    text = text.strip()
    text = re.sub(r"^((?:<[^>]+>)*) +", r"\1", text)
    return re.sub(r" +((?:</[^>]+>)*)$", r"\1", text)


def plain_blocks(text: str) -> list[Block]:
    """Plain text: one paragraph per run of lines between blank lines, its lines joined by spaces."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        joined = _SPACES.sub(" ", " ".join(line.strip() for line in chunk.split("\n"))).strip()
        if joined:
            blocks.append(Block(PARAGRAPH, literal(joined)))
    return blocks
