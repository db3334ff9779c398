"""Glossary as CSV: one entry a line, header `term,approved,forbidden,note,case_sensitive`.

Several translations share a cell, separated by " | " ("OMC | Organisation mondiale du commerce"); case_sensitive
is yes/no (true/false, 1/0 and an empty cell, meaning no, are read too). Columns may come in any order; a missing
or unknown column refuses the file.
"""
from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from workbench.exchange.units import ExchangeError, decode_upload
from workbench.terms.entries import EntryData, GlossaryFileError, checked

COLUMNS = ["term", "approved", "forbidden", "note", "case_sensitive"]
SEPARATOR = " | "
YES, NO = {"yes", "true", "1", "oui", "y"}, {"no", "false", "0", "non", "n", ""}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|")]


def read(data: bytes, *, source_language: str, target_language: str, limit: int | None = None) -> list[EntryData]:
    """The entries of a CSV glossary, or GlossaryFileError saying what is wrong and on which line. The languages
    are the caller's: a CSV file does not name them."""
    try:
        text = decode_upload(data, _("CSV file"), limit=limit)
    except ExchangeError as error:
        raise GlossaryFileError(str(error)) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
        missing = [name for name in COLUMNS if name not in header]
        unknown = [name for name in header if name not in COLUMNS]
        if missing or unknown or len(set(header)) != len(header):
            raise GlossaryFileError(
                _("Line 1: the header must name the columns %(columns)s (missing: %(missing)s; unknown or "
                  "repeated: %(unknown)s).")
                % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing) or "–",
                   "unknown": ", ".join(unknown + sorted({n for n in header if header.count(n) > 1})) or "–"}
            )  # fmt: skip
        found: list[tuple[str, EntryData]] = []
        for row in reader:
            where = _("line %(line)s") % {"line": reader.line_num}
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != len(header):
                raise GlossaryFileError(_("%(where)s: %(found)s cells where the header has %(wanted)s.")
                                        % {"where": where, "found": len(row), "wanted": len(header)})  # fmt: skip
            cells = dict(zip(header, row, strict=True))
            flag = cells["case_sensitive"].strip().lower()
            if flag not in YES | NO:
                raise GlossaryFileError(_("%(where)s: case_sensitive is “%(value)s”; write yes or no.")
                                        % {"where": where, "value": cells["case_sensitive"]})  # fmt: skip
            found.append((where, EntryData(term=cells["term"], approved=_split(cells["approved"]),
                                           forbidden=_split(cells["forbidden"]), note=cells["note"],
                                           case_sensitive=flag in YES)))  # fmt: skip
    except StopIteration as error:
        raise GlossaryFileError(_("The CSV file is empty.")) from error
    except csv.Error as error:
        raise GlossaryFileError(_("Line %(line)s: %(problem)s") % {"line": reader.line_num, "problem": error}
                                ) from error  # fmt: skip
    return checked(found)


def write(entries: list[EntryData]) -> bytes:
    """The entries as CSV (UTF-8, a header line). A translation holding "|" cannot be written: it would read back
    as two."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        for translation in entry.approved + entry.forbidden:
            if "|" in translation:
                raise GlossaryFileError(_("The translation “%(translation)s” of “%(term)s” holds “|”, which CSV "
                                          "uses between translations; export it as TBX.")
                                        % {"translation": translation, "term": entry.term})  # fmt: skip
        writer.writerow([entry.term, SEPARATOR.join(entry.approved), SEPARATOR.join(entry.forbidden), entry.note,
                         "yes" if entry.case_sensitive else "no"])  # fmt: skip
    return out.getvalue().encode("utf-8")
