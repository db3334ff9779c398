"""What every exchange format reads into, and the report an import gives back.

A format parses a file into `ParsedFile` (header facts and one `Unit` per passage); `applying.apply_file` matches the
units to passages by key and applies them. Keeping the matching in one place means PO and XLIFF follow the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from workbench.exchange.placeholders import Inline

# Files larger than this are refused before parsing (README, "Exchange"). A whole language of 100,000 passages
# exports to about 60 MB of PO; the limit leaves room for that and keeps a runaway upload out of memory.
MAX_IMPORT_BYTES = 100 * 1024 * 1024


class ExchangeError(ValueError):
    """A file that cannot be read at all; the message says what is wrong and where."""


@dataclass(frozen=True)
class Unit:
    key: str
    source: str
    target: str
    label: str  # the state as the format writes it ("fuzzy"/"" for PO, the XLIFF state name)
    where: str  # "line 12" or "trans-unit 3", to point people at the entry
    # When the file wrote inline tags as placeholders or elements: what they refer to is resolved against the
    # passage when the file is applied (placeholders.py); `source` and `target` are then the texts as written.
    inline: Inline | None = None


@dataclass
class ParsedFile:
    format: str
    language: str
    declaration: str | None  # a slug, or None for a whole-language file
    units: list[Unit]


@dataclass(frozen=True)
class Note:
    key: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} ({self.key or '—'}): {self.message}"


@dataclass
class ImportReport:
    applied: list[Note] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Note] = field(default_factory=list)
    errors: list[Note] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        heading = "would apply" if self.dry_run else "applied"
        if self.errors:
            heading = "nothing applied"
        out = [f"{heading}: {len(self.applied) if self.ok else 0}, unchanged: {self.unchanged}, "
               f"warnings: {len(self.warnings)}, errors: {len(self.errors)}"]  # fmt: skip
        out += [f"error: {note}" for note in self.errors]
        out += [f"warning: {note}" for note in self.warnings]
        out += [f"applied: {note}" for note in self.applied] if self.ok else []
        return out


def decode_upload(content: bytes, what: str, *, limit: int | None = None) -> str:
    """The upload as text, or ExchangeError for a file too large, binary, or not UTF-8 (with the line).

    `limit` (bytes) replaces MAX_IMPORT_BYTES where a file does not come through the browser: a whole translation
    memory imported from the command line (`manage.py memory import`) can be several times a language's PO file.
    MAX_IMPORT_BYTES is read at each call, not bound as a default, so a test can lower it."""
    limit = MAX_IMPORT_BYTES if limit is None else limit
    if len(content) > limit:
        raise ExchangeError(
            _("The %(what)s is %(size)s MB; files over %(limit)s MB are refused.")
            % {"what": what, "size": f"{len(content) / 1048576:.1f}", "limit": limit // 1048576}
        )
    if not content.strip():
        raise ExchangeError(_("The %(what)s is empty.") % {"what": what})
    if b"\x00" in content:
        raise ExchangeError(_("The %(what)s is binary data, not text.") % {"what": what})
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ExchangeError(
            _("The %(what)s is not UTF-8 (first bad byte on line %(line)s).") % {"what": what, "line": line}
        ) from error
