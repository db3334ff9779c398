"""Reading digest entries from seeds/ and loading them as declarations.

An entry file is what the digest printed, in this order, header items separated by blank lines:

    topic
    category
    title as listed
    organisation – 3 juin 2004 – 2004/06/03
    body paragraph, one per line …
    … the last one ending with a footnote marker and an availability note: [63] (Available in French)

seeds/manifest.toml says what the entry does not (slug, kind, languages, extra titles). Loading is idempotent:
a second load changes nothing unless a file changed, and a changed source paragraph is recorded as a revision
(which makes its translations stale). A file that fails to parse or apply writes nothing.

The seed's source text is approved as it stands, so loading also publishes it: edition 1 on the first load, and a
new edition only when a reload changed the approved source text. Translations load as drafts and are never
published by the loader (issue 5).
"""
from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from workbench.declarations import summary
from workbench.declarations.changes import add_passage, record_change
from workbench.declarations.languages import column, is_language, language_by_name
from workbench.declarations.models import Action, Declaration, Kind, ReportedVersion, State
from workbench.declarations.publishing import blockers, has_unpublished_changes, publish

FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
FRENCH_DATE = re.compile(r"^(?P<day>\d{1,2})(?:er)?\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})$")
ISO_DATE = re.compile(r"^(?P<year>\d{4})[/-](?P<month>\d{2})[/-](?P<day>\d{2})$")
# The byline's parts are separated by en dashes (the digest's typography); hyphens may occur inside names.
BYLINE_SEPARATOR = re.compile(r"\s+–\s+")
# "[63]" then an optional "(Available in French)" at the very end of the last paragraph.
TRAILER = re.compile(r"\s*\[(?P<reference>\d+)\]\s*(?:\((?P<note>[^()]*)\))?\s*$")
NOTE = re.compile(r"^(?:available in|disponible en)\s+(?P<languages>.+)$", re.IGNORECASE)
NOTE_LANGUAGE_SEPARATOR = re.compile(r"\s*(?:,|\band\b|\bet\b)\s*", re.IGNORECASE)
BYLINE_EXPECTED = "a byline 'organisation – 3 juin 2004 – 2004/06/03'"


def shorten(text: str, limit: int = 60) -> str:
    """Quote a piece of a seed in an error message without flooding it."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class SeedError(Exception):
    """A seed that cannot be loaded; the message names the file, the line and what was expected."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Entry:
    """One digest entry as printed, before it is applied to the database."""

    path: Path
    topic: str
    category: str
    title: str
    organisation: str
    issued_on: datetime.date
    paragraphs: list[str]
    reference: int | None
    note: str
    reported_languages: list[str] = field(default_factory=list)


def parse_french_date(text: str) -> datetime.date | None:
    match = FRENCH_DATE.match(text.strip())
    if not match or match["month"].casefold() not in FRENCH_MONTHS:
        return None
    try:
        return datetime.date(int(match["year"]), FRENCH_MONTHS[match["month"].casefold()], int(match["day"]))
    except ValueError:
        return None


def parse_iso_date(text: str) -> datetime.date | None:
    match = ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def read_lines(path: Path) -> list[str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SeedError(path, None, f"cannot be read ({error.strerror})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SeedError(path, line, "is not valid UTF-8") from error
    return text.splitlines()


def parse_entry(path: Path) -> Entry:
    """Parse one entry file; raise SeedError naming the line and what was expected."""
    numbered = [(number, line.strip()) for number, line in enumerate(read_lines(path), start=1)]
    content = [(number, line) for number, line in numbered if line]
    labels = ("a topic", "a category", "a title", BYLINE_EXPECTED)
    for index, label in enumerate(labels):
        if index >= len(content):
            last = content[-1][0] if content else 1
            raise SeedError(path, last, f"expected {label}, found the end of the file")
    (_, topic), (_, category), (_, title), (byline_line, byline) = content[:4]

    parts = BYLINE_SEPARATOR.split(byline)
    if len(parts) != 3:
        raise SeedError(path, byline_line, f"expected {BYLINE_EXPECTED}, found {shorten(byline)}")
    organisation, french_text, iso_text = parts
    french = parse_french_date(french_text)
    if french is None:
        expected = "a French-style date like '3 juin 2004'"
        raise SeedError(path, byline_line, f"expected {expected}, found {shorten(french_text)}")
    iso = parse_iso_date(iso_text)
    if iso is None:
        raise SeedError(path, byline_line, f"expected a date like '2004/06/03', found {shorten(iso_text)}")
    if french != iso:
        raise SeedError(
            path,
            byline_line,
            f"the two dates disagree: {french_text!r} is {french.isoformat()} but {iso_text!r} is {iso.isoformat()}",
        )

    body = content[4:]
    if not body:
        raise SeedError(path, byline_line, "expected at least one body paragraph after the byline, found none")
    paragraphs = [line for _, line in body]
    last_line = body[-1][0]
    reference: int | None = None
    note = ""
    reported: list[str] = []
    trailer = TRAILER.search(paragraphs[-1])
    if trailer:
        reference = int(trailer["reference"])
        note = (trailer["note"] or "").strip()
        paragraphs[-1] = paragraphs[-1][: trailer.start()].rstrip()
        if not paragraphs[-1]:
            raise SeedError(path, last_line, "expected paragraph text before the footnote marker, found none")
    if note:
        reported = parse_note(path, last_line, note)
    return Entry(
        path=path,
        topic=topic,
        category=category,
        title=title,
        organisation=organisation.strip(),
        issued_on=iso,
        paragraphs=paragraphs,
        reference=reference,
        note=note,
        reported_languages=reported,
    )


def parse_note(path: Path, line: int, note: str) -> list[str]:
    """The languages named by an availability note such as "Available in French"."""
    match = NOTE.match(note)
    if not match:
        raise SeedError(path, line, f"expected an availability note like '(Available in French)', found ({note})")
    codes = []
    for name in NOTE_LANGUAGE_SEPARATOR.split(match["languages"]):
        if not name:
            continue
        code = language_by_name(name)
        if code is None:
            raise SeedError(path, line, f"the availability note names {name!r}, which is not a configured language")
        codes.append(code)
    return codes


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    passages_added: int = 0
    source_changed: int = 0
    translations_added: int = 0
    unchanged: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"declarations created: {len(self.created)} {' '.join(self.created)}".rstrip(),
            f"passages added: {self.passages_added}",
            f"source paragraphs changed: {self.source_changed}",
            f"translations added: {self.translations_added}",
            f"declarations unchanged: {len(self.unchanged)}",
            f"editions published: {len(self.published)} {' '.join(self.published)}".rstrip(),
        ]


def read_manifest(directory: Path) -> list[dict[str, Any]]:
    path = directory / "manifest.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SeedError(path, None, f"cannot be read ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise SeedError(path, getattr(error, "lineno", None), f"is not valid TOML ({error.msg})") from error
    entries = data.get("declaration")
    if not isinstance(entries, list) or not entries:
        raise SeedError(path, None, "expected at least one [[declaration]] table")
    for number, entry in enumerate(entries, start=1):
        for key in ("slug", "kind", "file", "language"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise SeedError(path, None, f"declaration #{number}: expected a non-empty string for {key!r}")
        if entry["kind"] not in Kind.values:
            raise SeedError(path, None, f"declaration #{number}: kind must be one of {Kind.values}")
        languages = [entry["language"], entry.get("listed_title_language", entry["language"])]
        languages += list(entry.get("titles", {}))
        languages += [t.get("language", "") for t in entry.get("translation", [])]
        for code in languages:
            if not is_language(code):
                raise SeedError(path, None, f"declaration #{number}: {code!r} is not a configured language")
    return entries


def load_seeds(directory: Path) -> LoadReport:
    """Load every declaration the manifest lists. Each declaration loads in one transaction: all or nothing."""
    report = LoadReport()
    for spec in read_manifest(directory):
        # Parse every file of the declaration before writing anything, so a bad translation file leaves no trace.
        source = parse_entry(directory / spec["file"])
        translations = [(t["language"], parse_entry(directory / t["file"])) for t in spec.get("translation", [])]
        for language, entry in translations:
            check_translation_matches(source, entry, language)
        with transaction.atomic(), summary.deferred():  # one recount per declaration, not one per passage
            declaration = apply_declaration(spec, source, translations, report)
            publish_source(declaration, report)
    return report


def publish_source(declaration: Declaration, report: LoadReport) -> None:
    """Publish the approved source text unless the latest edition already shows exactly that text."""
    language = declaration.source_language
    if blockers(declaration=declaration, language=language):
        return  # a source passage was un-approved in the workbench: publishing is then a coordinator's decision
    if not has_unpublished_changes(declaration=declaration, language=language):
        return
    edition = publish(declaration=declaration, language=language, user=None)
    report.published.append(f"{declaration.slug}[{language}]#{edition.number}")


def check_translation_matches(source: Entry, translation: Entry, language: str) -> None:
    if len(translation.paragraphs) != len(source.paragraphs):
        raise SeedError(
            translation.path,
            None,
            f"expected {len(source.paragraphs)} body paragraphs as in {source.path.name}, "
            f"found {len(translation.paragraphs)}",
        )
    if translation.issued_on != source.issued_on:
        raise SeedError(
            translation.path, None, f"expected the date {source.issued_on.isoformat()} as in {source.path.name}"
        )
    if translation.reference != source.reference:
        raise SeedError(
            translation.path, None, f"expected the footnote marker [{source.reference}] as in {source.path.name}"
        )


def apply_declaration(
    spec: dict[str, Any], source: Entry, translations: list[tuple[str, Entry]], report: LoadReport
) -> Declaration:
    source_language = spec["language"]
    values: dict[str, Any] = {
        "source_language": source_language,
        "issued_on": source.issued_on,
        "kind": spec["kind"],
        "reference": source.reference,
        column("topic", source_language): source.topic,
        column("category", source_language): source.category,
        column("organisation", source_language): source.organisation,
        column("title", spec.get("listed_title_language", source_language)): source.title,
    }
    for language, title in spec.get("titles", {}).items():
        values[column("title", language)] = title
    for language, entry in translations:
        for name, value in (("topic", entry.topic), ("category", entry.category), ("organisation", entry.organisation)):
            values[column(name, language)] = value
        values.setdefault(column("title", language), entry.title)

    declaration = Declaration.objects.filter(slug=spec["slug"]).first()
    changed = False
    if declaration is None:
        declaration = Declaration.objects.create(slug=spec["slug"], **values)
        report.created.append(declaration.slug)
        changed = True
    elif any(getattr(declaration, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(declaration, name, value)
        declaration.save()
        changed = True

    for language in source.reported_languages:
        if language != source_language:
            _, created = ReportedVersion.objects.update_or_create(
                declaration=declaration, language=language, defaults={"note": source.note}
            )
            changed = changed or created

    changed = apply_source_paragraphs(declaration, source, report) or changed
    for language, entry in translations:
        changed = apply_translation(declaration, language, entry, report) or changed
    if not changed:
        report.unchanged.append(declaration.slug)
    return declaration


def apply_source_paragraphs(declaration: Declaration, source: Entry, report: LoadReport) -> bool:
    language = declaration.source_language
    passages = list(declaration.passages.order_by("position", "pk"))
    if len(passages) > len(source.paragraphs):
        raise SeedError(
            source.path,
            None,
            f"has {len(source.paragraphs)} body paragraphs but the workbench holds {len(passages)} passages of "
            f"{declaration.slug}; remove passages in the workbench, not by shortening the seed",
        )
    changed = False
    notes = [{"code": "seed-file", "file": source.path.name}]
    for index, paragraph in enumerate(source.paragraphs):
        if index < len(passages):
            passage = passages[index]
            if passage.source_text != paragraph:
                record_change(
                    passage=passage,
                    language=language,
                    text=paragraph,
                    state=State.APPROVED,
                    action=Action.SOURCE_CHANGED,
                    notes=notes,
                )
                report.source_changed += 1
                changed = True
        else:
            add_passage(
                declaration=declaration,
                position=index,
                texts={language: paragraph},
                states={language: State.APPROVED},
                action=Action.IMPORTED,
                notes=notes,
            )
            report.passages_added += 1
            changed = True
    return changed


def apply_translation(declaration: Declaration, language: str, entry: Entry, report: LoadReport) -> bool:
    """Fill passages that have no text yet in `language`; work done in the workbench is never overwritten."""
    changed = False
    passages = declaration.passages.order_by("position", "pk")
    for passage, paragraph in zip(passages, entry.paragraphs, strict=True):
        if passage.state_in(language) != State.MISSING:
            continue
        record_change(
            passage=passage,
            language=language,
            text=paragraph,
            state=State.DRAFT,
            action=Action.IMPORTED,
            notes=[{"code": "seed-file", "file": entry.path.name}],
        )
        report.translations_added += 1
        changed = True
    return changed
