"""Gettext PO files: one entry per passage, msgctxt = passage key, msgid = source, msgstr = translation.

`#, fuzzy` marks a draft or stale translation; a stale one also carries the source it answered as `#| msgid`.
Uploaded text is never given to polib as a string (polib would read it as a path if such a file existed): it is
written to a private temporary file, checked by gettext's own `msgfmt --check` (polib accepts some broken files
silently, such as an unterminated string) and only then parsed.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.declarations.history import answered_sources, last_changes
from workbench.declarations.models import Declaration, Passage, State
from workbench.exchange.passages import rows_for
from workbench.exchange.placeholders import code_table, from_po, po_comment, to_po, unit_texts
from workbench.exchange.poreader import header_fields, read_entries
from workbench.exchange.units import ExchangeError, ParsedFile, Unit, decode_upload

FORMAT = "po"
DECLARATION_HEADER = "X-Workbench-Declaration"
WHOLE_LANGUAGE = "*"
FUZZY = "fuzzy"


def label_for(state: State, stale: bool) -> str:
    return FUZZY if stale or state == State.DRAFT else ""


def state_for(label: str) -> State | None:
    return State.DRAFT if label == FUZZY else State.TRANSLATED


def passages_for(declarations: QuerySet[Declaration], language: str) -> QuerySet[Passage]:
    return (
        Passage.objects.filter(declaration__in=declarations)
        .exclude(declaration__source_language=language)
        .order_by("declaration__slug", "position", "pk")
    )


def export(declarations: QuerySet[Declaration], language: str, *, whole_language: bool = False) -> str:
    """The PO file of `declarations` in `language`; the header names the declaration, or "*" for a whole language."""
    passages = passages_for(declarations, language)
    slug = WHOLE_LANGUAGE if whole_language else declarations.get().slug
    catalogue = polib.POFile(wrapwidth=0)  # no wrapping: long paragraphs stay diffable line by line
    catalogue.header = f"{slug} in {language}, exported by the translation workbench."
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    catalogue.metadata = {
        "Project-Id-Version": f"workbench {slug}",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "Translation workbench",
        "Language-Team": language,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        DECLARATION_HEADER: slug,
    }
    catalogue.extend(entries(passages, language))
    return str(catalogue) + "\n"


def entries(passages: QuerySet[Passage], language: str) -> Iterable[polib.POEntry]:
    rows = rows_for(passages, language)
    editors = last_changes(passages, language)
    previous: dict[tuple[int, str], str] = {}
    stale = [row for row in rows if row.stale]
    for source_language in {row.source_language for row in stale}:
        ours = [row for row in stale if row.source_language == source_language]
        previous.update(answered_sources([row.pk for row in ours], source_language, {row.basis for row in ours}))
    for row in rows:
        if not row.source:
            continue  # an empty msgid would be read as the header
        comment = f"state: {'stale' if row.stale else row.state.name.lower()}"
        if row.pk in editors:
            who, when = editors[row.pk]
            comment += f"; last change: {who or 'workbench'}, {when:%Y-%m-%d %H:%M}"
        table = code_table(row.source, row.target)
        entry = polib.POEntry(
            msgctxt=row.key,
            msgid=to_po(row.source, table),
            msgstr=to_po(row.target, table),
            comment=po_comment(table),
            tcomment=comment,
            occurrences=[(row.slug, str(row.position + 1))],  # the passage number, as screens show it
        )
        if label_for(row.state, row.stale) == FUZZY:
            entry.flags.append(FUZZY)
        if row.stale:
            before = previous.get((row.pk, row.basis))
            entry.previous_msgid = to_po(before, code_table(before)) if before else before
        yield entry


MSGFMT_LINE = re.compile(r"^[^:]*:(\d+):(?:\d+:)?\s*(.*)$")


def parse(content: bytes) -> ParsedFile:
    """Read an uploaded PO file, or raise ExchangeError saying what is wrong and on which line."""
    text = decode_upload(content, _("PO file"))
    with tempfile.TemporaryDirectory(prefix="workbench-po-") as folder:
        path = Path(folder) / "upload.po"
        path.write_text(text, encoding="utf-8")
        # msgfmt checks the file while it is read here: on two cores the two overlap instead of adding up.
        checker = start_msgfmt(path)
        try:
            raw_entries = read_entries(text)
        finally:
            finish_msgfmt(checker)
    metadata = header_fields(raw_entries)
    charset = re.search(r"charset=([\w-]+)", metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") != "utf-8":
        raise ExchangeError(_("The PO header declares %(charset)s; only UTF-8 files are accepted.")
                            % {"charset": charset.group(1)})  # fmt: skip
    language = metadata.get("Language", "").strip()
    if not language:
        raise ExchangeError(_("The PO header has no Language field: the file does not say which language it is."))
    slug = metadata.get(DECLARATION_HEADER, "").strip()
    if not slug:
        raise ExchangeError(_("The PO header has no %(field)s field: it was not exported by the workbench.")
                            % {"field": DECLARATION_HEADER})  # fmt: skip
    units = []
    line_label = _("line %(line)s")  # translated once: a whole language has 100,000 entries
    for entry in raw_entries:
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        where = line_label % {"line": entry.line}
        if entry.plural:
            raise ExchangeError(_("%(where)s: plural entries are not passages.") % {"where": where})
        if not entry.msgctxt:
            raise ExchangeError(_("%(where)s: the entry has no msgctxt, so no passage key.") % {"where": where})
        label = FUZZY if FUZZY in entry.flags else ""
        try:
            source, target, inline = unit_texts(from_po(entry.msgid or ""), from_po(entry.msgstr))
        except ExchangeError as error:
            raise ExchangeError(f"{where} ({entry.msgctxt}): {error}") from error
        units.append(Unit(key=entry.msgctxt, source=source, target=target, label=label, where=where, inline=inline))
    return ParsedFile(
        format=FORMAT, language=language, declaration=None if slug == WHOLE_LANGUAGE else slug, units=units
    )


def start_msgfmt(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_msgfmt(checker: subprocess.Popen[str]) -> None:
    """Wait for msgfmt; its verdict wins over anything the reader made of a broken file."""
    _out, errors = checker.communicate(timeout=300)
    if checker.returncode == 0:
        return
    problems = []
    for line in errors.splitlines():
        match = MSGFMT_LINE.match(line)
        if match and "warning" not in match.group(2):
            problems.append(_("line %(line)s: %(problem)s") % {"line": match.group(1), "problem": match.group(2)})
    summary = "; ".join(problems[:3]) or errors.strip().splitlines()[-1]
    raise ExchangeError(_("Not a valid PO file (checked with msgfmt): %(problems)s.") % {"problems": summary})


def export_declaration(declaration: Declaration, language: str) -> bytes:
    """The desk's download: one declaration, as UTF-8 bytes."""
    return export(Declaration.objects.filter(pk=declaration.pk), language).encode("utf-8")
