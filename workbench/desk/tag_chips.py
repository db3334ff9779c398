"""Inline tags in the editor (issue 24): the source shows each tag as a small chip, and the row's tag bar lists
them for static/desk/tags.js to insert into the translation.

A chip is a <span class="tag-chip"> whose text is a short label ("b", "/b", "link 1", "/link 1", "↵", "fn 3") and
whose data-tag holds the tag exactly as the passage text writes it (declarations/inline.py). Every piece is built
by format_html, so the words between the tags, the label and the tag text are escaped: a source holding "<lt/>script>"
or "&" shows it as text, never as markup.

The glossary's terms (term_marks.py) are found in the text a reader reads (:func:`readable`, tags dropped) and
marked in the text pieces only, so a term is never looked for inside a link's address, a term split by a tag
("<b>cultural</b> diversity") is still found, and a <mark> never holds a chip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from workbench.declarations.inline import Token, tokens

BREAK = "↵"


@dataclass(frozen=True)
class Chip:
    """One tag of a passage: its exact text and the label the editor shows for it."""

    tag: str
    label: str

    @property
    def aria_label(self) -> str:
        return _("tag %(label)s") % {"label": self.label}


def labels(pieces: Sequence[Token]) -> list[str]:
    """The label of each token ("" for text). Links are numbered in the order they open, and a closing </a>
    takes the number of the link it closes, so "link 1" … "/link 1" read as a pair."""
    found: list[str] = []
    opened = 0
    open_links: list[int] = []
    for token in pieces:
        if token.kind == "text":
            found.append("")
        elif token.name == "a" and token.kind == "open":
            opened += 1
            open_links.append(opened)
            found.append(f"link {opened}")
        elif token.name == "a":
            found.append(f"/link {open_links.pop()}" if open_links else "/link")
        elif token.name == "br":
            found.append(BREAK)
        elif token.name == "fn":
            found.append(f"fn {token.value}")
        else:
            found.append(f"/{token.name}" if token.kind == "close" else token.name)
    return found


def chips(text: str) -> list[Chip]:
    """The tags of a text, in order, each with its label (the row's tag bar)."""
    pieces = tokens(text)
    return [Chip(token.text, label) for token, label in zip(pieces, labels(pieces), strict=True) if label]


@dataclass(frozen=True)
class Piece:
    """A token with the span it takes in the readable text (a tag takes none, a line break one space)."""

    token: Token
    label: str
    start: int
    end: int


def pieces(text: str) -> list[Piece]:
    found: list[Piece] = []
    at = 0
    parts = tokens(text)
    for token, label in zip(parts, labels(parts), strict=True):
        width = len(token.text) if token.kind == "text" else 1 if token.name == "br" else 0
        found.append(Piece(token, label, at, at + width))
        at += width
    return found


def readable(text: str) -> str:
    """The text a reader reads, in which the glossary's terms are looked for: tags dropped, a line break a space
    (so the words either side stay apart), <lt/> the "<" it stands for. Its offsets are what :func:`render` takes."""
    return "".join(" " if piece.label == BREAK else "" if piece.label else piece.token.text for piece in pieces(text))


def chip_html(chip: Chip) -> SafeString:
    return format_html('<span class="tag-chip" data-tag="{}" title="{}" role="img" aria-label="{}">{}</span>',
                       chip.tag, chip.tag, chip.aria_label, chip.label)  # fmt: skip


Span = tuple[int, int]  # a span of the readable text
Mark = Callable[[int, str], SafeString]  # what marks the words of a span, given its index


def render(text: str, spans: Sequence[Span] = (), mark: Mark | None = None) -> SafeString:
    """`text` with its tags as chips and the words escaped; each span (of :func:`readable`, in order, not
    overlapping) is passed to `mark` with its index and the words it covers, once for each text piece it meets."""
    out: list[SafeString] = []
    for piece in pieces(text):
        if piece.label:
            out.append(chip_html(Chip(piece.token.text, piece.label)))
            if piece.label == BREAK:
                out.append(SafeString("<br>"))  # the source reads as laid out; the chip says where the tag is
            continue
        out.extend(_marked_piece(piece, spans, mark))
    return format_html_join("", "{}", ((part,) for part in out))


def _marked_piece(piece: Piece, spans: Sequence[Span], mark: Mark | None) -> Iterator[SafeString]:
    words = piece.token.text
    cursor = piece.start
    for index, (start, end) in enumerate(spans):
        start, end = max(start, cursor), min(end, piece.end)
        if mark is None or start >= end:
            continue
        yield format_html("{}", words[cursor - piece.start:start - piece.start])
        yield mark(index, words[start - piece.start:end - piece.start])
        cursor = end
    yield format_html("{}", words[cursor - piece.start:])
