"""Glossary as TBX-Basic (the martif document of ISO 30042:2008), read and written through translate-toolkit.

translate-toolkit's `translate.storage.tbx` reads a termEntry's terms per language with their administrative status
and notes, and writes terms and notes; it writes no administrative status, so the status of each target term
(preferredTerm-admn-sts for an approved translation, deprecatedTerm-admn-sts for a forbidden one) and the case
sensitivity of the source term (a termNote of our own type, `x-caseSensitive`, as TBX allows for local data
categories) are added here with lxml. Untrusted files go through exchange.safexml first, which refuses entity
declarations and internal DTD subsets before translate-toolkit's own parser sees the bytes.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage.tbx import TBXTerm, tbxfile, tbxunit

from workbench.exchange.safexml import parse_xml
from workbench.exchange.units import ExchangeError
from workbench.terms.entries import EntryData, GlossaryFileError, checked

APPROVED_STATUS = "preferredTerm-admn-sts"
ADMITTED_STATUS = "admittedTerm-admn-sts"
FORBIDDEN_STATUS = "deprecatedTerm-admn-sts"
CASE_NOTE = "x-caseSensitive"
SUPERSEDED_STATUS = "supersededterm-admn-sts"  # TBX-Basic's other "do not use" status, read as forbidden too


def _forbidden(term: TBXTerm) -> bool:
    return term.deprecated or (term.administrative_status or "").strip().lower() == SUPERSEDED_STATUS


def _case_sensitive(unit: tbxunit) -> bool:
    return any(note.category == CASE_NOTE and note.text.strip().lower() in {"yes", "true", "1"}
               for term in unit.get_source_terms() for note in term.notes)  # fmt: skip


def _note(unit: tbxunit) -> str:
    """The entry's notes (<note> and definitions at concept or language level), one a line."""
    texts: list[str] = []
    for note in unit.get_common_notes(source=True) + unit.get_common_notes():
        if note.category != CASE_NOTE and note.origin in {None, "definition"} and note.text.strip() \
                and note.text.strip() not in texts:  # fmt: skip
            texts.append(note.text.strip())
    return "\n".join(texts)


def read(data: bytes, *, source_language: str, target_language: str, limit: int | None = None) -> list[EntryData]:
    """The entries of a TBX-Basic file for one language pair, or GlossaryFileError saying what and which entry.
    A termEntry's first source term is the entry's term (other source synonyms are not kept); its target terms
    marked deprecated (or superseded) are the forbidden translations, the others the approved ones."""
    try:
        root = parse_xml(data, _("TBX file"), limit=limit)
    except ExchangeError as error:
        raise GlossaryFileError(str(error)) from error
    if etree.QName(root).localname != "martif":
        raise GlossaryFileError(_("The TBX file's root element is <%(found)s>, not <martif> (TBX-Basic).")
                                % {"found": etree.QName(root).localname})  # fmt: skip
    store = tbxfile.parsestring(data, sourcelanguage=source_language, targetlanguage=target_language)
    found: list[tuple[str, EntryData]] = []
    for number, unit in enumerate(store.units, start=1):
        where = _("entry %(number)s") % {"number": number}
        sources = [term for term in unit.get_source_terms() if term.text.strip()]
        if not sources:
            raise GlossaryFileError(_("%(where)s: no term in %(language)s.")
                                    % {"where": where, "language": source_language})  # fmt: skip
        targets = unit.get_target_terms(target_language)
        found.append((where, EntryData(term=sources[0].text, note=_note(unit), case_sensitive=_case_sensitive(unit),
                                       approved=[t.text for t in targets if not _forbidden(t)],
                                       forbidden=[t.text for t in targets if _forbidden(t)])))  # fmt: skip
    return checked(found)


def _mark(unit: tbxunit, language: str, status: dict[str, str]) -> None:
    """Give each term of a language its administrative status (a termNote inside its <tig>)."""
    for lang_set in unit.xmlelement.iterfind(unit.namespaced("langSet")):
        if lang_set.get("{http://www.w3.org/XML/1998/namespace}lang") != language:
            continue
        for tig in lang_set.iterfind(unit.namespaced("tig")):
            text = "".join(tig.find(unit.namespaced("term")).itertext())
            if text in status:
                note = etree.SubElement(tig, unit.namespaced("termNote"), type="administrativeStatus")
                note.text = status[text]


def write(entries: list[EntryData], *, source_language: str, target_language: str) -> bytes:
    """The entries as a TBX-Basic document, one termEntry each."""
    store = tbxfile(sourcelanguage=source_language, targetlanguage=target_language)
    for entry in entries:
        unit = store.addsourceunit(entry.term)
        unit.set_target_terms(entry.approved + entry.forbidden, target_language)
        status = {text: APPROVED_STATUS for text in entry.approved}
        status |= {text: FORBIDDEN_STATUS for text in entry.forbidden}
        _mark(unit, target_language, status)
        if entry.case_sensitive:
            _mark_case(unit, source_language)
        if entry.note:
            unit.addnote(entry.note)
    return bytes(store)


def _mark_case(unit: tbxunit, language: str) -> None:
    for lang_set in unit.xmlelement.iterfind(unit.namespaced("langSet")):
        if lang_set.get("{http://www.w3.org/XML/1998/namespace}lang") == language:
            for tig in lang_set.iterfind(unit.namespaced("tig")):
                note = etree.SubElement(tig, unit.namespaced("termNote"), type=CASE_NOTE)
                note.text = "yes"
