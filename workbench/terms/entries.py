"""A glossary entry as a file carries it (TBX or CSV), before it is written, and the checks every file passes."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class GlossaryFileError(ValueError):
    """A glossary file refused whole; the message says what is wrong and where (entry number or line)."""


@dataclass(frozen=True)
class EntryData:
    term: str
    approved: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    note: str = ""
    case_sensitive: bool = False


def _clean(values: list[str]) -> list[str]:
    """Translations stripped, empty ones dropped, repeats dropped (first kept): a file's noise, not an error."""
    kept: list[str] = []
    for value in (v.strip() for v in values):
        if value and value not in kept:
            kept.append(value)
    return kept


def checked(found: list[tuple[str, EntryData]]) -> list[EntryData]:
    """The entries of a file, each given with where it is ("line 3", "entry 2"), refused whole at the first
    problem: an empty term, a term too long for the glossary, or a term given twice."""
    entries: list[EntryData] = []
    seen: dict[str, str] = {}
    for where, entry in found:
        term = entry.term.strip()
        if not term:
            raise GlossaryFileError(_("%(where)s: the term is empty.") % {"where": where})
        if len(term) > 200:
            raise GlossaryFileError(_("%(where)s: the term is longer than 200 characters.") % {"where": where})
        if term in seen:
            raise GlossaryFileError(_("%(where)s: the term “%(term)s” is already given at %(first)s.")
                                    % {"where": where, "term": term, "first": seen[term]})  # fmt: skip
        seen[term] = where
        entries.append(EntryData(term=term, approved=_clean(entry.approved), forbidden=_clean(entry.forbidden),
                                 note=entry.note.strip(), case_sensitive=entry.case_sensitive))  # fmt: skip
    if not entries:
        raise GlossaryFileError(_("The file holds no glossary entry."))
    return entries
