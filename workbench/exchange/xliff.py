"""XLIFF 1.2 (strict): one trans-unit per passage, id = passage key, states mapped both ways.

Written and read with lxml directly rather than translate-toolkit: the format is small, and reading it ourselves
goes through safexml, which refuses entity declarations, so external entities (XXE) and entity-expansion bombs are
never resolved or expanded.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from lxml import etree

from workbench.declarations.history import latest_revisions
from workbench.declarations.models import Declaration, State
from workbench.exchange.placeholders import code_table, from_xliff, unit_texts, write_xliff
from workbench.exchange.safexml import parse_xml
from workbench.exchange.units import ExchangeError, ParsedFile, Unit

FORMAT = "xliff"
NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

EXPORTED = {
    State.MISSING: "new",
    State.DRAFT: "needs-review-translation",
    State.TRANSLATED: "translated",
    State.APPROVED: "final",
}
STALE = "needs-translation"
# Every state XLIFF 1.2 defines, read back into ours; anything else is an error.
IMPORTED = {
    "new": State.MISSING,
    "needs-translation": State.DRAFT,
    "needs-adaptation": State.DRAFT,
    "needs-l10n": State.DRAFT,
    "needs-review-translation": State.DRAFT,
    "needs-review-adaptation": State.DRAFT,
    "needs-review-l10n": State.DRAFT,
    "translated": State.TRANSLATED,
    "signed-off": State.APPROVED,
    "final": State.APPROVED,
    "": State.TRANSLATED,  # a target without a state: the tool says nothing more than "here is a translation"
}


def label_for(state: State, stale: bool) -> str:
    return STALE if stale and state != State.MISSING else EXPORTED[State(state)]


def state_for(label: str) -> State | None:
    return IMPORTED.get(label)


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def export(declaration: Declaration, language: str) -> bytes:
    passages = declaration.passages.order_by("position", "pk")
    root = etree.Element(q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(
        root,
        q("file"),
        original=declaration.slug,
        datatype="plaintext",
        attrib={"source-language": declaration.source_language, "target-language": language, "tool-id": "workbench"},
    )
    header = etree.SubElement(file, q("header"))
    etree.SubElement(header, q("tool"), attrib={"tool-id": "workbench", "tool-name": "Translation workbench"})
    body = etree.SubElement(file, q("body"))
    editors = latest_revisions(passages, [language])
    for passage in passages:
        passage.declaration = declaration
        unit = etree.SubElement(body, q("trans-unit"), id=passage.key, resname=f"{declaration.slug}:{passage.number}")
        unit.set(XML_SPACE, "preserve")
        table = code_table(passage.source_text, passage.text_in(language))
        write_xliff(etree.SubElement(unit, q("source")), passage.source_text, table, q)
        state = passage.state_in(language)
        stale = passage.is_stale(language)
        if state == State.APPROVED and not stale:
            # translate-toolkit and the tools built on it read approval from this attribute, not from the target's
            # state: without it they show our approved units as fuzzy (issue 24).
            unit.set("approved", "yes")
        target = etree.SubElement(unit, q("target"), state=label_for(state, stale))
        write_xliff(target, passage.text_in(language), table, q)
        last = editors.get((passage.pk, language))
        if last is not None:
            note = etree.SubElement(unit, q("note"), attrib={"from": "workbench"})
            note.text = f"last change: {last.author_name or 'workbench'}, {last.created_at:%Y-%m-%d %H:%M}"
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _indent(element: etree._Element, depth: int = 0) -> None:
    """Indent the file's structure for people who read it, but never inside a <source> or <target>: their inline
    elements are mixed content, where lxml's pretty printer would add whitespace to the text."""
    if element.tag in (q("source"), q("target")) or not len(element):
        return
    inner = "\n" + "  " * (depth + 1)
    element.text = inner
    for child in element:
        _indent(child, depth + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * depth


def parse(content: bytes) -> ParsedFile:
    root = parse_xml(content, _("XLIFF file"))
    if root.tag != q("xliff") or root.get("version") != "1.2":
        raise ExchangeError(_("This is not an XLIFF 1.2 file (expected <xliff version=\"1.2\"> in its namespace)."))
    files = root.findall(q("file"))
    if len(files) != 1:
        raise ExchangeError(_("Expected exactly one <file> element, found %(count)s.") % {"count": len(files)})
    file = files[0]
    language = file.get("target-language", "")
    if not language:
        raise ExchangeError(_("The <file> element has no target-language."))
    units = []
    for number, unit in enumerate(file.iter(q("trans-unit")), start=1):
        where = _("trans-unit %(number)s (line %(line)s)") % {"number": number, "line": unit.sourceline}
        key = unit.get("id", "")
        source = unit.find(q("source"))
        if not key or source is None:
            raise ExchangeError(_("%(where)s has no id or no <source>.") % {"where": where})
        target = unit.find(q("target"))
        label = target.get("state", "") if target is not None else "new"
        try:
            source_text, target_text, inline = unit_texts(from_xliff(source, NS), from_xliff(target, NS))
        except ExchangeError as error:
            raise ExchangeError(f"{where} ({key}): {error}") from error
        units.append(Unit(key=key, source=source_text, target=target_text, label=label, where=where, inline=inline))
    return ParsedFile(format=FORMAT, language=language, declaration=file.get("original") or None, units=units)


def export_declaration(declaration: Declaration, language: str) -> bytes:
    """The desk's download (the same as export; named like the other formats' entry point)."""
    return export(declaration, language)
