"""The translation memory as TMX 1.4, and TMX files (ours or another tool's) read into it (`manage.py memory`).

Import: every translation unit becomes one memory unit (entry TMX), whole paragraphs included; nothing is split
into sentences here, because a file's own segmentation is what its authors approved. The file is read by the
exchange app's TMX reader (exchange/tmx.py over exchange/safexml.py: no DOCTYPE internal subset, no entities) and
the whole import is one transaction, refused whole with the unit and line named when anything in it is wrong:
a unit without both languages, a language tag that is not one, a date that is not a date. Units already in the
memory (same languages and texts, same passage key) are counted and left alone, so importing a file twice adds
nothing.

Languages: TMX's xml:lang is a BCP 47 tag compared without case (RFC 5646 §2.1.1), so "EN", "en-GB" and "en_GB"
all name the configured "en": a tag names a configured language when it is that code, or when its primary
subtag is. When a unit holds two variants for one configured language ("en-GB" and "en-US"), the one whose tag is
exactly the configured code is taken, and if there is none the file is refused as ambiguous.

Export: every unit of one direction, written element by element (lxml's incremental writer over the database's
chunked iterator), with what our own import needs to give the same units back: `segtype` (paragraph for a whole
passage), `creationdate` (TMX dates carry seconds, so a round trip keeps the date to the second) and the
properties x-origin (how the unit entered the memory), x-declaration, x-passage and x-reference. The people who
wrote the units are not exported: a TMX file leaves the organisation, and the memory does not need them.
"""
from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from workbench.declarations.languages import language_codes
from workbench.declarations.text import normalise_text
from workbench.exchange.placeholders import fill_seg
from workbench.exchange.tmx import XML_LANG, MemoryEntry, parse
from workbench.exchange.units import ExchangeError
from workbench.memory.learning import BATCH, Origin, make_unit, store
from workbench.memory.models import Entry, Unit

# A whole memory imported from the command line may be far larger than a browser upload (units.MAX_IMPORT_BYTES):
# lxml builds the tree in about ten times the file's size, so 512 MB needs about 5 GB of memory.
COMMAND_LINE_LIMIT = 512 * 1024 * 1024
# RFC 5646's shape of a tag, loosely: a primary subtag of letters, then subtags of letters and digits.
LANGUAGE_TAG = re.compile(r"[a-z]{2,8}(?:-[a-z0-9]{1,8})*")
TMX_DATE = "%Y%m%dT%H%M%SZ"  # TMX 1.4 §3.2: ISO 8601 basic format, UTC
WHOLE_SEGTYPES = {"paragraph", "block"}
REFERENCE_LENGTH = Unit._meta.get_field("reference").max_length or 200
KEY_LENGTH = Unit._meta.get_field("passage_key").max_length or 16


def configured_language(tag: str) -> str | None:
    """The configured language (settings.LANGUAGES) a language tag names, or None: the tag itself compared without
    case ("FR" -> "fr"), else its primary subtag ("en-GB", "en_GB" -> "en")."""
    wanted = tag.strip().lower().replace("_", "-")
    codes = {code.lower(): code for code in language_codes()}
    return codes.get(wanted) or codes.get(wanted.split("-")[0])


def language_named(tag: str) -> str:
    """A language given by a person (the command's --source and --target), or ExchangeError naming the choices."""
    code = configured_language(tag)
    if code is None:
        raise ExchangeError(_("Unknown language “%(language)s”: the configured languages are %(languages)s.")
                            % {"language": tag, "languages": ", ".join(language_codes())})  # fmt: skip
    return code


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lower the rest, tuids included


def _where(number: int, entry: MemoryEntry) -> str:
    return _("translation unit %(number)s (line %(line)s, tuid “%(tuid)s”)") % {
        "number": number, "line": entry.line, "tuid": entry.tuid,
    }  # fmt: skip


@dataclass
class TmxImportReport:
    """What an import did: `imported` new units, out of `read` translation units in the file."""

    source_language: str
    target_language: str
    read: int = 0
    imported: int = 0
    duplicates: int = 0  # already in the memory, or twice in the file
    empty: int = 0  # a side with no text: nothing to suggest

    def summary(self) -> str:
        imported = ngettext("%(count)s unit imported", "%(count)s units imported", self.imported) % {
            "count": self.imported
        }
        details = ngettext("%(direction)s, from %(read)s translation unit; %(duplicates)s already in the memory, "
                           "%(empty)s with an empty side left out",
                           "%(direction)s, from %(read)s translation units; %(duplicates)s already in the memory, "
                           "%(empty)s with an empty side left out", self.read) % {
            "direction": f"{self.source_language} → {self.target_language}", "read": self.read,
            "duplicates": self.duplicates, "empty": self.empty,
        }  # fmt: skip
        return f"{imported} ({details})."


def _check_tags(number: int, entry: MemoryEntry) -> None:
    for tag in entry.variants:
        if not LANGUAGE_TAG.fullmatch(tag.replace("_", "-")):
            raise ExchangeError(_("In %(where)s, “%(tag)s” is not a language tag.")
                                % {"where": _where(number, entry), "tag": tag})  # fmt: skip


def _side(number: int, entry: MemoryEntry, language: str) -> str:
    """The unit's text in `language` (see the module docstring for how tags are matched)."""
    found = {tag: text for tag, text in entry.variants.items() if configured_language(tag) == language}
    if not found:
        raise ExchangeError(_("%(where)s has no %(language)s variant (it has: %(tags)s).") % {
            "where": _capitalised(_where(number, entry)), "language": language,
            "tags": ", ".join(entry.variants) or _("none"),
        })  # fmt: skip
    if len(found) > 1:
        if language.lower() in found:
            return found[language.lower()]
        raise ExchangeError(_("%(where)s has several %(language)s variants (%(tags)s); keep one.") % {
            "where": _capitalised(_where(number, entry)), "language": language, "tags": ", ".join(found),
        })  # fmt: skip
    return next(iter(found.values()))


def _date(number: int, entry: MemoryEntry) -> datetime.datetime | None:
    """When the translation was last changed (changedate), else created (creationdate); None when neither is
    given. TMX writes UTC in ISO 8601 basic form; other ISO 8601 forms are read too, a date without a zone as UTC."""
    for name in ("changedate", "creationdate"):
        value = entry.attributes.get(name)
        if not value:
            continue
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise ExchangeError(_("In %(where)s, %(attribute)s “%(value)s” is not a date (TMX writes "
                                  "YYYYMMDDThhmmssZ).") % {"where": _where(number, entry), "attribute": name,
                                                             "value": value}) from error  # fmt: skip
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
    return None


def _target_of(entries: list[MemoryEntry], source_language: str) -> str:
    """The one configured language besides the source that the file holds, when the target was not given."""
    found = {configured_language(tag) for entry in entries for tag in entry.variants} - {None, source_language}
    if len(found) != 1:
        message = (_("The file holds no configured language besides %(source)s.") if not found else
                   _("The file holds several target languages (%(languages)s): choose one."))  # fmt: skip
        raise ExchangeError(message % {"source": source_language, "languages": ", ".join(sorted(map(str, found)))})
    return str(found.pop())


def _units(entries: list[MemoryEntry], report: TmxImportReport, reference: str,
           imported_at: datetime.datetime) -> Iterator[Unit]:  # fmt: skip
    """Every unit of the file, checked; ExchangeError at the first one that is wrong."""
    for number, entry in enumerate(entries, start=1):
        _check_tags(number, entry)
        source = normalise_text(_side(number, entry, report.source_language))
        target = normalise_text(_side(number, entry, report.target_language))
        created_at = _date(number, entry) or imported_at
        if not source or not target:
            report.empty += 1
            continue
        # Our own export names the file a TMX unit first came from; keep that rather than naming the export.
        named = entry.properties.get("x-reference") or f"{reference}#{entry.tuid}"
        origin = Origin(source_language=report.source_language, target_language=report.target_language,
                        entry=Entry.TMX, passage_key=entry.properties.get("x-passage", "")[:KEY_LENGTH],
                        reference=named[:REFERENCE_LENGTH], created_at=created_at)  # fmt: skip
        whole = entry.attributes.get("segtype", "") in WHOLE_SEGTYPES
        yield make_unit(source, target, origin, whole=whole)


def import_tmx(content: bytes, *, source_language: str, target_language: str | None, reference: str,
               limit: int | None = None) -> TmxImportReport:  # fmt: skip
    """Read a TMX file into the memory, all or nothing; ExchangeError (nothing written) says what is wrong where.

    `target_language` None: the one other configured language the file holds. `reference` names the file (its
    name, not a path), each unit's reference is `reference#tuid`. `limit`: the size limit in bytes (None: the
    upload limit; the command passes COMMAND_LINE_LIMIT)."""
    source_language = language_named(source_language)
    entries = parse(content, limit=limit)
    if target_language is None:
        target_language = _target_of(entries, source_language)
    else:
        target_language = language_named(target_language)
    if target_language == source_language:
        raise ExchangeError(_("The source and target languages are both %(language)s.")
                            % {"language": source_language})  # fmt: skip
    report = TmxImportReport(source_language=source_language, target_language=target_language, read=len(entries))
    imported_at = timezone.now()
    with transaction.atomic():
        before = Unit.objects.count()
        batch: list[Unit] = []
        offered = 0
        # Stored in batches as they are checked, so a large memory never holds every Unit object at once; an error
        # in a later unit rolls the earlier batches back with the transaction.
        for unit in _units(entries, report, reference, imported_at):
            batch.append(unit)
            if len(batch) >= BATCH:
                offered += store(batch)
                batch = []
        offered += store(batch)
        report.imported = Unit.objects.count() - before
        report.duplicates = offered - report.imported
    return report


def _tmx_date(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(TMX_DATE)


def _tu(unit: Unit) -> etree._Element:
    tu = etree.Element("tu", tuid=str(unit.pk), srclang=unit.source_language,
                       segtype="paragraph" if unit.whole else "sentence",
                       creationdate=_tmx_date(unit.created_at))  # fmt: skip
    properties = {
        "x-origin": unit.entry,
        "x-declaration": unit.declaration.slug if unit.declaration else "",
        "x-passage": unit.passage_key,
        "x-reference": unit.reference,
    }
    for name, value in properties.items():
        if value:
            etree.SubElement(tu, "prop", type=name).text = value
    for code, text in ((unit.source_language, unit.source), (unit.target_language, unit.target)):
        tuv = etree.SubElement(tu, "tuv", attrib={XML_LANG: code})
        fill_seg(etree.SubElement(tuv, "seg"), text)
    tu.tail = "\n"
    return tu


def write_tmx(out: BinaryIO, *, source_language: str, target_language: str) -> int:
    """Write every unit from `source_language` into `target_language` to `out` as TMX 1.4; return how many."""
    source_language, target_language = language_named(source_language), language_named(target_language)
    units = (Unit.objects.filter(source_language=source_language, target_language=target_language)
             .select_related("declaration").order_by("pk").iterator(chunk_size=BATCH))  # fmt: skip
    header = etree.Element("header", attrib={
        "creationtool": "Translation workbench", "creationtoolversion": "1", "segtype": "sentence",
        "o-tmf": "workbench", "adminlang": "en", "srclang": source_language, "datatype": "plaintext",
        "creationdate": _tmx_date(timezone.now()),
    })  # fmt: skip
    header.tail = "\n"
    count = 0
    with etree.xmlfile(out, encoding="UTF-8") as document:
        document.write_declaration()
        # Named, never fetched: our own reader and lxml do not load external DTDs; validators can find it.
        document.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with document.element("tmx", version="1.4"):
            document.write(header)
            with document.element("body"):
                for unit in units:
                    try:
                        document.write(_tu(unit))
                    except ValueError as error:  # lxml refuses characters XML 1.0 cannot hold (most controls)
                        raise ExchangeError(_("Unit %(id)s holds a character XML cannot carry: %(problem)s")
                                            % {"id": unit.pk, "problem": error}) from error  # fmt: skip
                    count += 1
    return count


def export_tmx(*, source_language: str, target_language: str) -> bytes:
    """The memory of one direction as a TMX 1.4 document (write_tmx writes it to a file without keeping it)."""
    out = io.BytesIO()
    write_tmx(out, source_language=source_language, target_language=target_language)
    return out.getvalue()
