"""Writing one glossary entry from the desk (issue 23): add, change, delete, each in its own transaction.

The desk's form checks what a person typed (desk/glossary.py); these functions keep the rules that hold whatever
the caller: the pair is two configured languages, the term is unique in its pair, who added an entry and when is
kept, and a change moves `changed_at` only when something changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench.declarations.languages import is_language
from workbench.terms.models import Entry


class GlossaryEditError(Exception):
    """A change refused as a whole, with a message for the person who asked for it."""


@dataclass(frozen=True)
class EntryValues:
    """What a person may set on an entry; the rest (who added it, when) the workbench keeps."""

    term: str
    approved: list[str]
    forbidden: list[str]
    note: str
    case_sensitive: bool


def check_pair(source_language: str, target_language: str) -> None:
    if not (is_language(source_language) and is_language(target_language)) or source_language == target_language:
        raise GlossaryEditError(_("A glossary belongs to two different configured languages."))


def save_entry(*, source_language: str, target_language: str, values: EntryValues, user: Any,
               entry: Entry | None = None) -> Entry:  # fmt: skip
    """Add an entry to the pair's glossary (entry None) or change `entry`, which must belong to the pair."""
    check_pair(source_language, target_language)
    if entry is not None and (entry.source_language, entry.target_language) != (source_language, target_language):
        raise GlossaryEditError(_("This entry belongs to another language pair."))
    taken = Entry.objects.filter(source_language=source_language, target_language=target_language, term=values.term)
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if taken.exists():
        raise GlossaryEditError(_("“%(term)s” is already in this glossary: change that entry instead.")
                                % {"term": values.term})  # fmt: skip
    now = timezone.now()
    if entry is None:
        entry = Entry(source_language=source_language, target_language=target_language, added_by=user,
                      added_at=now)  # fmt: skip
    elif _same(entry, values):
        return entry
    entry.term, entry.approved, entry.forbidden = values.term, list(values.approved), list(values.forbidden)
    entry.note, entry.case_sensitive, entry.changed_at = values.note, values.case_sensitive, now
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # the same term added at the same moment by someone else
        raise GlossaryEditError(_("“%(term)s” is already in this glossary: change that entry instead.")
                                % {"term": values.term}) from error  # fmt: skip
    return entry


def delete_entry(*, entry: Entry, source_language: str, target_language: str) -> None:
    if (entry.source_language, entry.target_language) != (source_language, target_language):
        raise GlossaryEditError(_("This entry belongs to another language pair."))
    with transaction.atomic():
        entry.delete()


def _same(entry: Entry, values: EntryValues) -> bool:
    return (entry.term, list(entry.approved), list(entry.forbidden), entry.note, entry.case_sensitive) == (
        values.term, list(values.approved), list(values.forbidden), values.note, values.case_sensitive)  # fmt: skip
