"""Search excerpts: the part of a passage around what the reader searched for, the matches marked.

Matching is on folded text (see workbench.declarations.folding), so "declaration" marks "Déclaration"; the marks
are placed on the original text through the folded-to-original position map. Every piece of text is escaped.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workbench.declarations.folding import fold, fold_with_positions

# Characters of context kept on each side of the first match.
CONTEXT = 90


def search_terms(query: str) -> list[str]:
    """The folded words of a query; every one must occur for a passage to match."""
    return [word for word in fold(query).split() if word]


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans (start, end) in the original `text` of every occurrence of every term, merged and in order."""
    folded, positions = fold_with_positions(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str], *, context: int = CONTEXT) -> SafeString:
    """An escaped excerpt of `text` around its first match, with every match in <mark>."""
    spans = match_spans(text, terms)
    if not spans:
        return mark_safe(escape(text[: 2 * context]) + ("…" if len(text) > 2 * context else ""))
    start = max(0, spans[0][0] - context)
    end = min(len(text), spans[0][1] + context)
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start >= end:
            break
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:min(span_end, end)])}</mark>")
        cursor = min(span_end, end)
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    # Safe: every piece of the reader's or the publisher's text went through escape() above.
    return mark_safe("".join(pieces))


@dataclass(frozen=True)
class Hit:
    key: str  # the passage's key, for the #p-<key> anchor; "" when only the title matched
    excerpt: SafeString


def best_hit(title: str, passages: list[tuple[str, str]], terms: list[str]) -> Hit:
    """The first passage holding a term (else the title), as the excerpt a result shows."""
    for key, text in passages:
        if match_spans(text, terms):
            return Hit(key, highlight(text, terms))
    return Hit("", highlight(title, terms))
