"""Glossary terms in the editor (issue 23): each passage's source with the terms found in it marked, and the list of
those terms (approved translations, forbidden ones, note) that the row being edited shows.

The terms are found by terms.matching.find_terms, which knows inflected forms; this module only lays them out.
Every piece of the source is escaped and only the <mark> elements are markup, as desk/highlight.py does for the
concordance's hits; the title of a mark is an attribute value built by format_html, so it is escaped too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from workbench.terms.matching import TermMatch, find_terms
from workbench.terms.models import Entry

# The keys (Alt+Shift+1 … 9, static/desk/terms.js) reach the first nine terms of a passage.
KEYED = 9


@dataclass
class RowTerm:
    """One glossary entry found in a passage's source, as its row lists it."""

    number: int
    entry: Entry
    found: list[str] = field(default_factory=list)  # the forms met in this source ("organizations")

    @property
    def key(self) -> str:
        return f"Alt+Shift+{self.number}" if self.number <= KEYED else ""

    @property
    def first_translation(self) -> str:
        """What the key inserts: the first approved translation (the glossary lists the preferred one first)."""
        return self.entry.approved[0] if self.entry.approved else ""

    @property
    def other_forms(self) -> list[str]:
        """The forms met in the source that are not the term as written ("organizations" for "organization")."""
        return [form for form in self.found if form != self.entry.term]


def title_of(entry: Entry) -> str:
    """What hovering a marked term says: its approved translations, or that it has none."""
    approved = " · ".join(" ".join(text.split()) for text in entry.approved)
    if not approved:
        return _("Glossary: no approved translation")
    return _("Glossary: %(translations)s") % {"translations": approved}


def marked(text: str, matches: Sequence[TermMatch]) -> SafeString:
    """`text`, escaped, with each match (in order, not overlapping) in a <mark class="term">."""
    pieces: list[SafeString] = []
    cursor = 0
    for match in matches:
        if match.start < cursor or match.end <= match.start:
            continue  # find_terms promises neither; a bad span must not garble the text
        pieces.append(escape(text[cursor:match.start]))
        pieces.append(format_html('<mark class="term" title="{}" data-entry="{}">{}</mark>',
                                  title_of(match.entry), match.entry.pk, text[match.start:match.end]))  # fmt: skip
        cursor = match.end
    pieces.append(escape(text[cursor:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def row_terms(matches: Sequence[TermMatch]) -> list[RowTerm]:
    """Each entry found, once, in the order of its first occurrence, numbered for the keys."""
    terms: dict[int, RowTerm] = {}
    for match in matches:
        term = terms.get(match.entry.pk)
        if term is None:
            term = terms[match.entry.pk] = RowTerm(number=len(terms) + 1, entry=match.entry)
        if match.text not in term.found:
            term.found.append(match.text)
    return list(terms.values())


# Between two passages when they are searched as one text: a word no glossary term holds, so no multi-word term
# can run from the end of one passage into the next (find_terms matches runs of words, whatever lies between them).
BOUNDARY = "\n\nworkbenchpassageboundary\n\n"


def find_in_texts(texts: Sequence[str], *, source_language: str, target_language: str) -> list[list[TermMatch]]:
    """The terms found in each text, with spans in that text. One call to find_terms for all of them: it asks the
    database whether the pair's glossary changed on every call, and an editor page must not ask once per row."""
    # Most pairs have no glossary yet: one cheap question then, rather than find_terms' own (which asks for the
    # glossary's version and, when it moved, loads it) — so the page's query count does not depend on its cache.
    if not texts or not Entry.objects.filter(source_language=source_language, target_language=target_language).exists():
        return [[] for _text in texts]
    joined = BOUNDARY.join(texts)
    found = find_terms(joined, source_language=source_language, target_language=target_language)
    per_text: list[list[TermMatch]] = [[] for _text in texts]
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(BOUNDARY)
    which = 0
    for match in found:
        while which + 1 < len(texts) and match.start >= starts[which + 1]:
            which += 1
        start = starts[which]
        if match.end > start + len(texts[which]):
            continue  # in the boundary itself: only a glossary holding that very word could do this
        per_text[which].append(replace(match, start=match.start - start, end=match.end - start))
    return per_text


def attach_terms(rows: Sequence[Any], *, source_language: str, target_language: str) -> None:
    """Set each editor row's `source_marked` (its source with the terms marked) and `terms` (the list it shows)."""
    texts = [row.source_text for row in rows]
    for row, matches in zip(rows, find_in_texts(texts, source_language=source_language,
                                                target_language=target_language), strict=True):  # fmt: skip
        if matches:
            row.source_marked = marked(row.source_text, matches)
            row.terms = row_terms(matches)
