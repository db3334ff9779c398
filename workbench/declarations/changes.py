"""The one way passages change: every write to a passage's text or state goes through `record_change`, which
updates the current values on the passage and appends the matching Revision in the same transaction.

The current values live on Passage for fast reads; Revision holds the history. Keeping both writes in one function
is what makes "no change without a revision" true rather than hoped for.
"""
from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workbench.declarations import approved_words, summary
from workbench.declarations.history import current_revision
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Action, Declaration, Passage, Revision, State, count_words, digest
from workbench.declarations.text import normalise_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Written:
    """One translation or source text just written, as the apps built on the content model hear of it."""

    passage_id: int
    language: str
    source_language: str
    text: str
    state: State
    author_id: int | None
    created_at: datetime.datetime
    revision_id: int | None = None  # None from the bulk writer, which inserts revisions without reading them back
    source_text: str | None = None  # None when the writer did not have it at hand
    notes: tuple[dict[str, Any], ...] = field(default=())


@functools.cache
def _after_write() -> tuple[Callable[[Sequence[Written]], None], ...]:
    """The one hook the content model offers (GUIDE section 2): each app may name, in its AppConfig's
    `after_write`, functions that hear of every write, inside the write's own transaction (the memory learns an
    approved passage this way). Read from the app configs like the archive's models, so this module imports none
    of the apps built on it; a hook that raises undoes the write."""
    return tuple(
        import_string(path)
        for config in apps.get_app_configs()
        if config.name.startswith("workbench.")
        for path in getattr(config, "after_write", ())
    )


def _tell(written: Sequence[Written]) -> None:
    if written:
        for hook in _after_write():
            hook(written)


def _written(passage: Passage, language: str, revision: Revision) -> Written:
    return Written(passage_id=passage.pk, language=language, source_language=passage.declaration.source_language,
                   text=revision.text, state=State(revision.state), author_id=revision.author_id,
                   created_at=revision.created_at, revision_id=revision.pk, source_text=passage.source_text,
                   notes=tuple(revision.notes))  # fmt: skip


def _set(passage: Passage, language: str, *, text: str, state: State, basis: str) -> list[str]:
    setattr(passage, column("text", language), text)
    setattr(passage, column("state", language), int(state))
    setattr(passage, column("basis", language), basis)
    return [column("text", language), column("state", language), column("basis", language)]


@transaction.atomic
def record_change(
    *,
    passage: Passage,
    language: str,
    text: str,
    state: State,
    action: Action,
    author: AbstractBaseUser | None = None,
    comment: str = "",
    basis: str | None = None,
    minor: bool = False,
    warnings: list[dict[str, Any]] | None = None,
    notes: list[dict[str, Any]] | None = None,
) -> Revision:
    """Set `passage`'s text and state in `language` and record it.

    `warnings` are stored on the revision (Revision.warnings); without them, a write that keeps the text keeps the
    warnings of the revision before it. `notes` are the workbench's own codes for where the change came from
    (Revision.notes); `comment` is for what a person typed.

    For the source language, the passage's source digest follows the new text, which makes every translation
    written against the old text stale, unless `minor` is set: then translations that were current are carried
    forward to the new source (each gets a KEPT_CURRENT revision saying so).
    For a target language, the basis is the current source unless `basis` names an older one (an import of a
    translation made against a previous source, for instance).
    """
    # Lock the row (on databases that can) so two writers cannot interleave between reading and writing.
    locked = Passage.objects.select_for_update().select_related("declaration").get(pk=passage.pk)
    source_language = locked.declaration.source_language
    stored_text = normalise_text(text) if state != State.MISSING else ""
    # The same text (in its stored form) and state change nothing, whatever the path (issue 21): no revision.
    unchanged = _unchanged(locked, language, stored_text, state, basis, source_language)
    if unchanged is not None and (not warnings or warnings == unchanged.warnings):
        passage.refresh_from_db()
        return unchanged
    if warnings is None and locked.text_in(language) == stored_text:
        previous = unchanged or current_revision(locked, language)
        warnings = list(previous.warnings) if previous is not None else []

    tracked = approved_words.Tracked([locked.pk])
    if language == source_language:
        old_digest = locked.source_digest
        new_digest = digest(stored_text)
        fields = _set(locked, language, text=stored_text, state=state, basis=new_digest)
        locked.source_digest = new_digest
        locked.source_words = count_words(stored_text)
        fields += ["source_digest", "source_words"]
        locked.save(update_fields=fields)
        revision = _append(locked, language, action=action, author=author, comment=comment, warnings=warnings,
                           notes=notes)
        if minor and old_digest != new_digest:
            _carry_translations_forward(locked, old_digest, author=author)
    else:
        chosen_basis = locked.source_digest if basis is None else basis
        if state == State.MISSING:
            chosen_basis = ""
        fields = _set(locked, language, text=stored_text, state=state, basis=chosen_basis)
        locked.save(update_fields=fields)
        revision = _append(locked, language, action=action, author=author, comment=comment, warnings=warnings,
                           notes=notes)

    tracked.settle()
    summary.refresh([locked.declaration_id])
    _tell([_written(locked, language, revision)])
    # The caller's object reflects what was written, so it can go on using it.
    passage.refresh_from_db()
    return revision


def _unchanged(passage: Passage, language: str, text: str, state: State, basis: str | None, source_language: str
               ) -> Revision | None:  # fmt: skip
    """The current revision when writing `text` and `state` would change nothing, else None. A passage with no
    revision in the language yet always gets its first one. A text stored before normalisation that differs only
    invisibly is a change here (the stored bytes change, so the history says so); the desk compares stored forms
    and never sends it, and `manage.py normalise_texts` rewrites all of them at once."""
    if passage.text_in(language) != text or passage.state_in(language) != state:
        return None
    if language != source_language:
        wanted = "" if state == State.MISSING else (passage.source_digest if basis is None else basis)
        if passage.basis_in(language) != wanted:
            return None
    return current_revision(passage, language)


@transaction.atomic
def record_conflict(
    *, passage: Passage, language: str, text: str, state: State, author: AbstractBaseUser | None, comment: str = ""
) -> Revision:
    """Keep a refused save in the history without making it current, so what was typed can be restored later."""
    return Revision.objects.create(
        passage=passage,
        language=language,
        text=text,
        state=int(state),
        basis=passage.basis_in(language),
        action=Action.CONFLICT,
        author=author,
        comment=comment,
    )


@transaction.atomic
def merge_passages(*, passages: Sequence[Passage], author: AbstractBaseUser | None = None, comment: str = "",
                   notes: Sequence[dict[str, Any]] = ()) -> Passage:  # fmt: skip
    """Merge consecutive passages into the first: it then holds their paragraphs (joined by a blank line) on every
    side. The others leave the declaration (merged_into) but keep their history; each side of the merge is recorded.

    A translation stays current only if every merged part was current; its state is the lowest of the parts.
    The passages after them are renumbered, so that numbers stay 1, 2, 3… (Passage.number).
    """
    survivor, absorbed = passages[0], list(passages[1:])
    if not absorbed:
        return survivor
    with summary.deferred():  # one recount for the merge, not one per side written
        return _merge(survivor, absorbed, passages, author=author, comment=comment, notes=notes)


def _merge(survivor: Passage, absorbed: list[Passage], passages: Sequence[Passage], *,
           author: AbstractBaseUser | None, comment: str, notes: Sequence[dict[str, Any]]) -> Passage:  # fmt: skip
    source_language = survivor.declaration.source_language
    note = [*notes, {"code": "merged", "passages": [p.number for p in passages], "keys": [p.key for p in passages]}]
    joined = {code: "\n\n".join(p.text_in(code) for p in passages if p.text_in(code)) for code in language_codes()}
    present = {code: [p for p in passages if p.state_in(code) != State.MISSING] for code in language_codes()}
    current = {code: all(not p.is_stale(code) for p in parts) for code, parts in present.items()}
    states = {code: min((p.state_in(code) for p in parts), default=State.MISSING) for code, parts in present.items()}
    record_change(passage=survivor, language=source_language, text=joined[source_language],
                  state=states[source_language], action=Action.MERGED, author=author, comment=comment,
                  notes=note)  # fmt: skip
    for code in language_codes():
        if code == source_language or not joined[code]:
            continue
        basis = survivor.source_digest if current[code] else digest("\n\n".join(p.source_text for p in passages[:1]))
        record_change(passage=survivor, language=code, text=joined[code], state=states[code], action=Action.MERGED,
                      author=author, comment=comment, notes=note, basis=basis)  # fmt: skip
    tracked = approved_words.Tracked(passage.pk for passage in absorbed)  # the survivor's record_change tracks it
    for passage in absorbed:
        Passage.all_objects.filter(pk=passage.pk).update(merged_into=survivor)
        _source_changed(passage, Revision.objects.create(
            passage=passage, language=source_language, text=passage.source_text,
            state=int(passage.state_in(source_language)), basis=passage.source_digest, action=Action.MERGED,
            author=author, notes=[{"code": "merged-into", "passage": survivor.number, "key": survivor.key}]))
    renumber(survivor.declaration)
    tracked.settle()  # the absorbed passages' history left every month
    summary.refresh([survivor.declaration_id])  # the absorbed passages left every count (noted: merge_passages)
    survivor.refresh_from_db()
    return survivor


@transaction.atomic
def retire_passages(*, passages: Sequence[Passage], author: AbstractBaseUser | None = None,
                    notes: Sequence[dict[str, Any]] = ()) -> int:  # fmt: skip
    """Take passages out of their declaration's current text (a new version of the source left them out). Like a
    merged passage, a retired one keeps its row and its whole history, and every ordinary query stops seeing it;
    its source side gets a RETIRED revision saying so. The passages left are renumbered. Return how many."""
    moment = timezone.now()
    retired = 0
    tracked = approved_words.Tracked(passage.pk for passage in passages)
    for passage in passages:
        retired += Passage.objects.filter(pk=passage.pk).update(retired_at=moment)
        _source_changed(passage, Revision.objects.create(
            passage=passage, language=passage.source_language, text=passage.source_text,
            state=int(passage.state_in(passage.source_language)), basis=passage.source_digest, action=Action.RETIRED,
            author=author, notes=list(notes)))
    if passages:
        renumber(passages[0].declaration)
        summary.refresh({passage.declaration_id for passage in passages})
    tracked.settle()
    return retired


def renumber(declaration: Declaration, *, moving: Passage | None = None, to: int = 0) -> int:
    """Give the declaration's current passages the positions 0, 1, 2… in their order (position, then pk), closing
    the gaps a merge leaves; with `moving`, that passage is first put at number `to` (the others after it move
    down one). Return how many passages changed position. Merged passages keep the position they had."""
    passages = list(Passage.objects.filter(declaration=declaration).order_by("position", "pk").only("pk", "position"))
    if moving is not None:
        passages = [passage for passage in passages if passage.pk != moving.pk]
        passages.insert(min(max(to - 1, 0), len(passages)), moving)
    moved = [passage for index, passage in enumerate(passages) if passage.position != index]
    for index, passage in enumerate(passages):
        passage.position = index
    Passage.objects.bulk_update(moved, ["position"], batch_size=500)
    return len(moved)


@dataclass(frozen=True)
class ChangeSpec:
    """One translation change to write in bulk (imports): the passage by id and its declaration's source language,
    so that 10,000 changes need no model objects."""

    passage_id: int
    source_language: str
    language: str
    text: str
    state: State
    basis: str
    action: Action
    author: Any = None
    comment: str = ""
    notes: tuple[dict[str, Any], ...] = ()


@transaction.atomic
def apply_changes(changes: Sequence[ChangeSpec]) -> int:
    """Write many translation changes at once, each with its revision, in one transaction; return how many.

    The bulk twin of record_change for imports of thousands of passages; it refuses source-language changes,
    which must go through record_change (they move the source digest and may carry translations forward).
    Both tables are written with prepared statements (executemany): bulk_update's CASE expressions and
    bulk_create's per-object SQL building took most of an import's time at 10,000 rows.
    """
    tracked = approved_words.Tracked(change.passage_id for change in changes)
    updates: dict[str, list[tuple[str, int, str, int]]] = {}
    notes_field = Revision._meta.get_field("notes")
    inserts = []
    written = []
    moment = timezone.now()
    now = connection.ops.adapt_datetimefield_value(moment)
    for change in changes:
        if change.language == change.source_language:
            raise ValueError("apply_changes writes translations only; use record_change for the source")
        stored_text = normalise_text(change.text) if change.state != State.MISSING else ""
        basis = change.basis if change.state != State.MISSING else ""
        updates.setdefault(change.language, []).append((stored_text, int(change.state), basis, change.passage_id))
        author_id = change.author.pk if change.author is not None else None
        written.append(Written(passage_id=change.passage_id, language=change.language,
                               source_language=change.source_language, text=stored_text, state=change.state,
                               author_id=author_id, created_at=moment, notes=tuple(change.notes)))  # fmt: skip
        inserts.append((change.passage_id, change.language, stored_text, int(change.state), basis,
                        str(change.action), author_id, change.comment, notes_field.get_db_prep_value(list(change.notes),
                        connection), now))  # fmt: skip
    quote = connection.ops.quote_name
    passages = quote(Passage._meta.db_table)
    revisions = quote(Revision._meta.db_table)
    names = ["passage_id", "language", "text", "state", "basis", "action", "author_id", "comment", "notes",
             "created_at"]
    insert = (f"INSERT INTO {revisions} ({', '.join(quote(n) for n in names)}) "
              f"VALUES ({', '.join(['%s'] * len(names))})")  # fmt: skip
    with connection.cursor() as cursor:
        for language, values in updates.items():
            columns = [quote(column(name, language)) for name in ("text", "state", "basis")]
            cursor.executemany(
                f"UPDATE {passages} SET {columns[0]} = %s, {columns[1]} = %s, {columns[2]} = %s WHERE id = %s",
                values,
            )
        cursor.executemany(insert, inserts)
    tracked.settle()
    summary.refresh(_declarations_of([change.passage_id for change in changes]))
    _tell(written)
    return len(inserts)


def _declarations_of(passage_ids: Sequence[int]) -> set[int]:
    """The declarations of these passages, in statements of summary.CHUNK ids (bound parameters are limited)."""
    ids = sorted(set(passage_ids))
    found: set[int] = set()
    for start in range(0, len(ids), summary.CHUNK):
        chunk = ids[start : start + summary.CHUNK]
        found.update(Passage.all_objects.filter(pk__in=chunk).values_list("declaration_id", flat=True).distinct())
    return found


def _carry_translations_forward(passage: Passage, old_digest: str, *, author: AbstractBaseUser | None) -> None:
    for language in language_codes():
        if language == passage.declaration.source_language or passage.state_in(language) == State.MISSING:
            continue
        if passage.basis_in(language) != old_digest:
            continue  # already stale before this edit: a minor change does not make it current
        setattr(passage, column("basis", language), passage.source_digest)
        passage.save(update_fields=[column("basis", language)])
        _append(
            passage,
            language,
            action=Action.KEPT_CURRENT,
            author=author,
            comment="",  # the action itself says why, in the reader's language
        )


def _source_changed(passage: Passage, revision: Revision) -> None:
    """A revision in the source language dates the passage's source (Passage.source_changed_at)."""
    if revision.language == passage.declaration.source_language:
        Passage.all_objects.filter(pk=passage.pk).update(source_changed_at=revision.created_at)
        passage.source_changed_at = revision.created_at


def _append(
    passage: Passage, language: str, *, action: Action, author: AbstractBaseUser | None, comment: str,
    warnings: list[dict[str, Any]] | None = None, notes: list[dict[str, Any]] | None = None,
) -> Revision:
    revision = Revision.objects.create(
        passage=passage,
        language=language,
        text=passage.text_in(language),
        state=int(passage.state_in(language)),
        basis=passage.basis_in(language),
        action=action,
        author=author,
        comment=comment,
        warnings=warnings or [],
        notes=notes or [],
    )
    _source_changed(passage, revision)
    return revision


@transaction.atomic
def add_source_passages(*, declaration: Declaration, texts: Sequence[str], first_position: int = 0,
                        action: Action = Action.IMPORTED, author: AbstractBaseUser | None = None,
                        notes: list[dict[str, Any]] | None = None) -> list[Passage]:  # fmt: skip
    """Create many passages with an approved source text each and its first revision, in bulk: the twin of
    add_passage for a document of thousands of paragraphs (one add_passage per paragraph took 20 s at 3,000;
    bench/documents.py). The same rows and revisions as add_passage, and the same hook calls."""
    source = declaration.source_language
    passages = []
    for offset, text in enumerate(texts):
        passage = Passage(declaration=declaration, position=first_position + offset)
        for language in language_codes():
            _set(passage, language, text="", state=State.MISSING, basis="")
        stored = normalise_text(text)
        passage.source_digest = digest(stored)
        passage.source_words = count_words(stored)
        _set(passage, source, text=stored, state=State.APPROVED, basis=passage.source_digest)
        passages.append(passage)
    moment = timezone.now()
    for passage in passages:
        passage.source_changed_at = moment  # the time of its first revision, below
    Passage.objects.bulk_create(passages, batch_size=500)
    revisions = Revision.objects.bulk_create(
        [Revision(passage=passage, language=source, text=passage.text_in(source), state=int(State.APPROVED),
                  basis=passage.source_digest, action=action, author=author, notes=notes or [], created_at=moment)
         for passage in passages],
        batch_size=500,
    )  # fmt: skip
    summary.refresh([declaration.pk])
    _tell([_written(passage, source, revision) for passage, revision in zip(passages, revisions, strict=True)])
    return passages


@transaction.atomic
def add_passage(
    *,
    declaration: Declaration,
    position: int,
    texts: Mapping[str, str],
    states: Mapping[str, State],
    action: Action = Action.CREATED,
    author: AbstractBaseUser | None = None,
    comment: str = "",
    notes: list[dict[str, Any]] | None = None,
) -> Passage:
    """Create a passage with its text in some languages; every language given gets its first revision.

    The source text is written first so that the translations' basis is that source.
    """
    for language in texts:
        column("text", language)  # raises for an unknown language before anything is written
    passage = Passage(declaration=declaration, position=position)
    for language in language_codes():
        _set(passage, language, text="", state=State.MISSING, basis="")
    passage.save()
    ordered = sorted(texts, key=lambda code: code != declaration.source_language)
    with summary.deferred():  # one recount for the new passage, whatever number of languages it comes with
        for language in ordered:
            record_change(
                passage=passage,
                language=language,
                text=texts[language],
                state=states.get(language, State.DRAFT),
                action=action,
                author=author,
                comment=comment,
                notes=notes,
            )
        summary.refresh([declaration.pk])  # also when no text was given: missing in every language still counts
    return passage
