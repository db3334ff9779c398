"""Glossary terms in the editor (issue 23): each passage's source with the terms found in it marked, and the list of
those terms (approved translations, forbidden ones, note) that the row being edited shows.

The terms are found by terms.matching (Glossary.find), which knows inflected forms; this module only lays them out.
Every piece of the source is escaped and only the <mark> elements (and the tags' chips, tag_chips.py) are markup,
as desk/highlight.py does for the concordance's hits; the title of a mark is an attribute value built by
format_html, so it is escaped too. The terms are looked for in the source without its tags (tag_chips.readable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from workbench.desk.tag_chips import readable, render
from workbench.terms.matching import TermMatch, glossary_for
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
    """`text`, escaped, its tags as chips (tag_chips.py), with each match (in order, not overlapping; spans of
    tag_chips.readable(text)) in a <mark class="term">, one for each run of words between two tags it covers."""
    kept: list[TermMatch] = []
    cursor = 0
    for match in matches:
        if match.start < cursor or match.end <= match.start:
            continue  # Glossary.find promises neither; a bad span must not garble the text
        kept.append(match)
        cursor = match.end

    def mark(index: int, words: str) -> SafeString:
        entry = kept[index].entry
        return format_html('<mark class="term" title="{}" data-entry="{}">{}</mark>', title_of(entry), entry.pk, words)

    return render(text, [(match.start, match.end) for match in kept], mark)


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


def attach_terms(rows: Sequence[Any], *, source_language: str, target_language: str) -> None:
    """Set each editor row's `source_marked` (its source with the terms marked) and `terms` (the list it shows).
    The pair's glossary is fetched once for the page (terms.matching.glossary_for), whatever its length."""
    glossary = glossary_for(source_language, target_language)
    for row in rows:
        matches = glossary.find(readable(row.source_text))  # not inside a tag, nor split by one
        if matches:
            row.source_marked = marked(row.source_text, matches)
            row.terms = row_terms(matches)
