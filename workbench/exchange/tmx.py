"""TMX 1.4: approved translations as a translation memory, and TMX files read back as sentence pairs.

Export: each approved, current passage becomes translation units. Where the aligner splits both sides into
sentences and pairs them one to one with high confidence, each sentence pair is a unit; otherwise the whole
paragraph is one unit, so the memory never holds a doubtful sentence pair. Every unit carries the declaration and the
passage key as properties.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _
from lxml import etree

from workbench.declarations.languages import column
from workbench.declarations.models import Passage, State
from workbench.exchange.placeholders import fill_seg, read_seg
from workbench.exchange.safexml import parse_xml
from workbench.exchange.units import ExchangeError
from workbench.memory.pairs import sentence_pairs

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
@dataclass(frozen=True)
class MemoryUnit:
    source: str
    target: str
    segtype: str  # "sentence" or "paragraph"
    tuid: str
    properties: dict[str, str] = field(default_factory=dict)


def approved_passages(language: str) -> Iterator[Passage]:
    """Approved, current (not stale) translations into `language` of passages written in another language."""
    return (
        Passage.objects.filter(**{column("state", language): State.APPROVED})
        .filter(**{column("basis", language): F("source_digest")})
        .exclude(declaration__source_language=language)
        .select_related("declaration")
        .order_by("declaration__slug", "position", "pk")
        .iterator(chunk_size=2000)
    )


def memory_units(language: str) -> Iterator[tuple[str, MemoryUnit]]:
    """(source language, unit) for every unit of the memory into `language`."""
    for passage in approved_passages(language):
        source, target = passage.source_text, passage.text_in(language)
        properties = {"x-declaration": passage.declaration.slug, "x-passage": passage.key}
        pairs = sentence_pairs(source, target)
        if pairs is None:
            yield passage.source_language, MemoryUnit(source, target, "paragraph", passage.key, properties)
            continue
        for number, (source_sentence, target_sentence) in enumerate(pairs, start=1):
            unit = MemoryUnit(source_sentence, target_sentence, "sentence", f"{passage.key}-{number}", properties)
            yield passage.source_language, unit


def export(language: str) -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", attrib={
        "creationtool": "Translation workbench", "creationtoolversion": "1", "segtype": "sentence",
        "o-tmf": "workbench", "adminlang": "en", "srclang": "*all*", "datatype": "plaintext",
    })  # fmt: skip
    header.tail = "\n"
    body = etree.SubElement(root, "body")
    for source_language, unit in memory_units(language):
        tu = etree.SubElement(body, "tu", tuid=unit.tuid, segtype=unit.segtype, srclang=source_language)
        for name, value in unit.properties.items():
            etree.SubElement(tu, "prop", type=name).text = value
        for code, text in ((source_language, unit.source), (language, unit.target)):
            tuv = etree.SubElement(tu, "tuv", attrib={XML_LANG: code})
            fill_seg(etree.SubElement(tuv, "seg"), text)
        tu.tail = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@dataclass(frozen=True)
class MemoryEntry:
    """One translation unit read from a TMX file: its text per language and its properties."""

    tuid: str
    variants: dict[str, str]
    properties: dict[str, str]
    line: int = 0  # where the <tu> starts, for messages that point people at it
    attributes: dict[str, str] = field(default_factory=dict)  # the <tu>'s own: creationdate, changedate, segtype…


def parse(content: bytes, *, limit: int | None = None) -> list[MemoryEntry]:
    """Read a TMX 1.4 file (ours or another tool's) into its units; refuses entity tricks like every XML upload.
    `limit` overrides the upload size limit (units.MAX_IMPORT_BYTES), for a memory imported from the command line."""
    root = parse_xml(content, _("TMX file"), limit=limit)
    if root.tag != "tmx" or root.find("body") is None:
        raise ExchangeError(_("This is not a TMX file (expected <tmx> with a <body>)."))
    entries = []
    for number, tu in enumerate(root.iter("tu"), start=1):
        variants = {}
        for tuv in tu.findall("tuv"):
            code = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            if not code or seg is None:
                raise ExchangeError(_("Translation unit %(number)s (line %(line)s) has a variant without a language "
                                      "or a segment.") % {"number": number, "line": tu.sourceline})  # fmt: skip
            variants[code] = read_seg(seg)
        properties = {prop.get("type", ""): prop.text or "" for prop in tu.findall("prop")}
        entries.append(MemoryEntry(tuid=tu.get("tuid", str(number)), variants=variants, properties=properties,
                                   line=tu.sourceline or 0, attributes={str(k): str(v) for k, v in tu.attrib.items()}))
    return entries
