"""Applying a parsed file to the passages: match by key, decide per unit, write everything or nothing.

The rules are the same for every format:
- units are matched by passage key, never by position or text; an unknown key, a key of another declaration or a
  duplicate key is an error;
- a unit is unchanged when its target and its state label are what the workbench would export now; otherwise it
  applies, with the state the label maps to;
- a unit whose source no longer matches the current source applies as DRAFT, answering the source it was made for
  (so it shows as stale), with a warning;
- a unit with no target text is left alone;
- the file's language must be one the person translates; approving needs the reviewer's right;
- any error means nothing is written, and a dry run writes nothing either.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from workbench.access import Right, has_right
from workbench.declarations.changes import ChangeSpec, apply_changes
from workbench.declarations.inline import canonical
from workbench.declarations.languages import is_language
from workbench.declarations.models import Action, Declaration, Passage, State, digest
from workbench.exchange.passages import rows_for
from workbench.exchange.units import ExchangeError, ImportReport, Note, ParsedFile

# Keys looked up per query: SQLite builds may allow as few as 32,766 parameters in one statement.
KEY_BATCH = 10_000

LabelFor = Callable[[State, bool], str]
StateFor = Callable[[str], State | None]


def apply_file(
    *,
    parsed: ParsedFile,
    user: Any,
    label_for: LabelFor,
    state_for: StateFor,
    declaration: Declaration | None = None,
    language: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every unit, then apply them all in one transaction (or none, on any error or a dry run).

    `declaration` and `language`, when given (an upload on a declaration's desk page), must match the file.
    """
    report = ImportReport(dry_run=dry_run)
    check_file(parsed, user, declaration, language, report)
    if report.errors:
        return report
    with transaction.atomic():
        changes = plan(parsed, user, label_for, state_for, declaration, report)
        if report.errors or dry_run:
            return report
        apply_changes(changes)
    return report


def check_file(
    parsed: ParsedFile, user: Any, declaration: Declaration | None, language: str | None, report: ImportReport
) -> None:
    header = _("file header")
    if not is_language(parsed.language):
        report.errors.append(Note("", header, _("the file's language %(code)r is not one of the workbench's languages")
                                  % {"code": parsed.language}))  # fmt: skip
        return
    if language is not None and parsed.language != language:
        report.errors.append(Note("", header, _("this file is in %(file)s, not %(expected)s")
                                  % {"file": parsed.language, "expected": language}))  # fmt: skip
    if declaration is not None and parsed.declaration != declaration.slug:
        report.errors.append(Note("", header, _("this file is for %(file)s, not %(expected)s")
                                  % {"file": parsed.declaration or _("a whole language"),
                                     "expected": declaration.slug}))  # fmt: skip
    if not has_right(user, Right.WORK, parsed.language):
        report.errors.append(Note("", header, _("you are not assigned to translate into %(code)s")
                                  % {"code": parsed.language}))  # fmt: skip
    seen: dict[str, str] = {}
    for unit in parsed.units:
        if unit.key in seen:
            report.errors.append(Note(unit.key, unit.where, _("the same key appears again (first at %(where)s)")
                                      % {"where": seen[unit.key]}))  # fmt: skip
        seen.setdefault(unit.key, unit.where)


def plan(
    parsed: ParsedFile,
    user: Any,
    label_for: LabelFor,
    state_for: StateFor,
    declaration: Declaration | None,
    report: ImportReport,
) -> list[ChangeSpec]:
    language = parsed.language
    keys = [unit.key for unit in parsed.units]
    # Lock the rows the file touches (on databases that can), so what is checked is what gets written.
    rows = {}
    for start in range(0, len(keys), KEY_BATCH):
        batch = Passage.objects.select_for_update().filter(key__in=keys[start : start + KEY_BATCH])
        rows.update((row.key, row) for row in rows_for(batch, language))
    may_approve = has_right(user, Right.REVIEW, language)
    changes: list[ChangeSpec] = []
    for unit in parsed.units:
        row = rows.get(unit.key)
        if row is None:
            report.errors.append(Note(unit.key, unit.where, _("no passage has this key")))
            continue
        if parsed.declaration is not None and row.slug != parsed.declaration:
            report.errors.append(Note(unit.key, unit.where, _("this key belongs to another declaration (%(slug)s)")
                                      % {"slug": row.slug}))  # fmt: skip
            continue
        if row.source_language == language:
            report.errors.append(Note(unit.key, unit.where, _("%(code)s is this declaration's source language")
                                      % {"code": language}))  # fmt: skip
            continue
        if unit.inline is not None:
            try:
                source, target = unit.inline.resolve(row.source, row.target)
            except ExchangeError as error:
                report.errors.append(Note(unit.key, unit.where, str(error)))
                continue
            unit = replace(unit, source=source, target=target, inline=None)
        state = state_for(unit.label)
        if state is None:
            report.errors.append(Note(unit.key, unit.where, _("unknown state %(label)r") % {"label": unit.label}))
            continue
        target = unit.target.strip()
        if not target or state == State.MISSING:
            report.unchanged += 1
            continue
        if canonical(target) == canonical(row.target) and unit.label == label_for(row.state, row.stale):
            report.unchanged += 1
            continue
        basis = row.source_digest
        if canonical(unit.source.strip()) != canonical(row.source):
            state = State.DRAFT
            basis = digest(unit.source)
            message = _("the source text has changed since this file was made: imported as draft")
            report.warnings.append(Note(unit.key, unit.where, message))
        if state == State.APPROVED and not may_approve:
            state = State.TRANSLATED
            report.warnings.append(Note(unit.key, unit.where, _("only a reviewer can approve: imported as translated")))
        changes.append(ChangeSpec(passage_id=row.pk, source_language=row.source_language, language=language,
                                  text=target, state=state, basis=basis, action=Action.IMPORTED, author=user,
                                  notes=({"code": "file-import", "format": parsed.format.upper()},)))  # fmt: skip
        report.applied.append(Note(unit.key, unit.where, str(State(state).label)))
    return [] if report.errors else changes
