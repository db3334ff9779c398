"""Writing a parsed glossary file into a language pair's glossary, all or nothing, and reading it back out.

Importing merges: a term the glossary has already takes the file's translations, note and case sensitivity (the
file is the newer word on it); a new term is added; terms the file does not name are kept, since a file sent by a
partner usually covers part of the glossary. `replace=True` also deletes the terms the file does not name, for
restoring a glossary from its own export.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.terms import csv_format, tbx
from workbench.terms.entries import EntryData, GlossaryFileError
from workbench.terms.models import Entry

FORMATS = ("tbx", "csv")


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int
    deleted: int


def format_of(name: str) -> str:
    """"tbx" or "csv" from a file name's extension, or GlossaryFileError."""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise GlossaryFileError(_("“%(name)s” is neither a .tbx nor a .csv file.") % {"name": name})
    return extension


def read_file(data: bytes, file_format: str, *, source_language: str, target_language: str,
              limit: int | None = None) -> list[EntryData]:  # fmt: skip
    reader = tbx.read if file_format == "tbx" else csv_format.read
    return reader(data, source_language=source_language, target_language=target_language, limit=limit)


def entry_data(entry: Entry) -> EntryData:
    return EntryData(term=entry.term, approved=list(entry.approved), forbidden=list(entry.forbidden),
                     note=entry.note, case_sensitive=entry.case_sensitive)  # fmt: skip


def export_entries(file_format: str, *, source_language: str, target_language: str) -> bytes:
    """The pair's glossary as a TBX or CSV file, terms in alphabetical order."""
    glossary = Entry.objects.filter(source_language=source_language, target_language=target_language)
    entries = [entry_data(entry) for entry in glossary.order_by("term")]
    if file_format == "tbx":
        return tbx.write(entries, source_language=source_language, target_language=target_language)
    return csv_format.write(entries)


@transaction.atomic
def import_entries(entries: list[EntryData], *, source_language: str, target_language: str,
                   user: AbstractBaseUser | None = None, replace: bool = False) -> ImportReport:  # fmt: skip
    """Write checked entries (entries.checked: terms unique, not empty) into the pair's glossary in one
    transaction."""
    existing = {entry.term: entry for entry in
                Entry.objects.select_for_update().filter(source_language=source_language,
                                                         target_language=target_language)}  # fmt: skip
    now = timezone.now()
    added: list[Entry] = []
    updated = unchanged = 0
    for data in entries:
        entry = existing.get(data.term)
        if entry is None:
            added.append(Entry(source_language=source_language, target_language=target_language, term=data.term,
                               approved=data.approved, forbidden=data.forbidden, note=data.note,
                               case_sensitive=data.case_sensitive, added_by=user, added_at=now,
                               changed_at=now))  # fmt: skip
        elif entry_data(entry) == data:
            unchanged += 1
        else:
            entry.approved, entry.forbidden, entry.note = data.approved, data.forbidden, data.note
            entry.case_sensitive, entry.changed_at = data.case_sensitive, now
            entry.save(update_fields=["approved", "forbidden", "note", "case_sensitive", "changed_at"])
            updated += 1
    Entry.objects.bulk_create(added)
    deleted = 0
    if replace:
        named = {data.term for data in entries}
        gone = [entry.pk for term, entry in existing.items() if term not in named]
        deleted, _counts = Entry.objects.filter(pk__in=gone).delete()
    return ImportReport(added=len(added), updated=updated, unchanged=unchanged, deleted=deleted)
