"""Marking a search's hits in the text it was found in, accents and case ignored (the concordance, issue 22).

The memory is searched in folded text (declarations.folding), so a hit is found there and mapped back to the
original characters with fold_with_positions: "declaration" marks "Déclaration" whole, and "ss" marks "ß". Every
piece of the text is escaped; only the <mark> elements are markup.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from workbench.declarations.folding import fold, fold_character, fold_with_positions


def pattern_for(query: str) -> re.Pattern[str] | None:
    """The folded query as a pattern over folded text; any run of white space in the text matches a space in the
    query (a passage may keep a line break where the query has a space). None for an empty query."""
    words = fold(query).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def hit_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """(start, end) of every hit in the original `text`, in order, not overlapping."""
    if pattern is None:
        return []
    folded, positions = fold_with_positions(text)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        start, end = positions[match.start()], positions[match.end() - 1] + 1
        # A combining mark folds to nothing, so no folded character points at it: keep it with its letter.
        while end < len(text) and fold_character(text[end]) == "":
            end += 1
        if spans and start < spans[-1][1]:  # one original character split between two hits ("ß" for "s", "s")
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def highlighted(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text`, escaped, with each hit in a <mark>."""
    pieces: list[SafeString] = []
    cursor = 0
    for start, end in hit_spans(text, pattern):
        pieces.append(escape(text[cursor:start]))
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))
