"""Backups (workbench/declarations/archive.py): a generated corpus survives export, wipe and import row for row, and
every damaged archive is refused with its file (and line) named and nothing written."""
from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.utils import translation

from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.declarations.archive import (
    MANIFEST,
    ArchiveError,
    archived_models,
    export_archive,
    file_name,
    import_archive,
    not_archived,
    workbench_apps,
)
from workbench.declarations.changes import add_passage, merge_passages, record_change
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.models import (
    Action,
    AlignmentReview,
    ApprovedWords,
    Assignment,
    Declaration,
    Edition,
    Passage,
    PendingImport,
    ProgressSummary,
    Revision,
    Role,
    State,
    digest,
    summary_fields,
)
from workbench.declarations.seeding import load_seeds
from workbench.discussion.threads import add_comment, resolve
from workbench.documents.models import PassageBlock, SourceDocument
from workbench.lexicon.models import WordPair
from workbench.memory import learning
from workbench.memory.models import Entry, Unit
from workbench.memory.tmx import import_tmx
from workbench.notifications.models import Digest, Notification, Preference, Recipient
from workbench.planning.models import Task
from workbench.terms.models import Entry as GlossaryEntry
from workbench.terms.models import Proposal

Snapshot = dict[str, list[dict[str, Any]]]
TMX_UNIT = (b'<tmx version="1.4"><header/><body><tu tuid="t1" creationdate="20040603T101500Z">'
            b'<tuv xml:lang="en"><seg>Culture is a common good.</seg></tuv>'
            b'<tuv xml:lang="fr"><seg>La culture est un bien commun.</seg></tuv></tu></body></tmx>')


def snapshot() -> Snapshot:
    """Every archived row, every column, as the database holds it, by primary key. Raw SQL rather than the ORM:
    the managers hide merged passages and modeltranslation's values() substitutes the active language's text for
    the original `text`/`title` columns, and the comparison must not share the code under test's view of the rows."""
    taken: Snapshot = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in archived_models():
            fields = model._meta.concrete_fields
            cursor.execute(
                f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(model._meta.db_table)} "
                f"ORDER BY {quote(model._meta.pk.column)}"
            )
            names = [f.attname for f in fields]
            taken[model._meta.label_lower] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return taken


def derived_rows() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The rows of the tables derived from the archived ones (ProgressSummary, ApprovedWords), without their ids."""
    return (set(ProgressSummary.objects.values_list("declaration", "language", *summary_fields())),
            set(ApprovedWords.objects.values_list("declaration", "language", "month", "words")))  # fmt: skip


def wipe() -> None:
    """Make the database as empty as a freshly migrated one: archived tables emptied (revisions and editions refuse
    ORM deletes by design, hence SQL) and their id sequences restarted, so a restore that forgot to move the
    sequences past the restored ids would make new rows collide."""
    # The derived tables too (not archived): a restore must count them afresh, not find them left over.
    tables = [model._meta.db_table for model in [PendingImport, ProgressSummary, ApprovedWords, *archived_models()]]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    # PostgreSQL refuses to TRUNCATE tables with foreign-key checks still pending in this (test) transaction.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def corpus(db: None, seeds_dir: Path) -> Snapshot:
    """A generated corpus plus what it lacks: the seed (published edition), a merged passage, an alignment review,
    a person with a real password hash, and a pending upload (which is not archived)."""
    generate_corpus(declarations=6, passages=4, seed=7)
    load_seeds(seeds_dir)
    person = get_user_model().objects.create_user(
        "archivist", email="archivist@example.org", password="s3cret-enough", first_name="Ada", last_name="Lé",
        is_staff=True,
    )  # fmt: skip
    declaration = Declaration.objects.get(slug="corpus-00000")
    first, second = list(declaration.passages.all()[:2])
    merge_passages(passages=[first, second], author=person, comment="one paragraph at the source")
    AlignmentReview.objects.create(
        declaration=declaration, language="fr", origin="pasted", source_units=[{"key": first.key, "text": "A"}],
        target_units=["Un"], rows=[[[0], [0]]], created_by=person,
    )  # fmt: skip
    # A revision carrying warnings (Revision.warnings, a JSON column): restored as it was, not as the default.
    record_change(passage=first, language="fr", text="Un paragraphe, 450.", state=State.TRANSLATED,
                  action=Action.IMPORTED, author=person, warnings=[{"code": "only-target", "values": ["450"]}])
    PendingImport.objects.create(user=person, declaration=declaration, language="fr", format="po",
                                 filename="x.po", content=b"msgid \"\"")  # fmt: skip
    # The translation memory is archived too (memory.Unit): what the corpus's approvals teach (the corpus is
    # written in bulk, past the learning hook, hence a rebuild) and a unit imported from a TMX file.
    learning.rebuild()
    import_tmx(TMX_UNIT, source_language="en", target_language="fr", reference="archive.tmx")
    # The checks' state (issue 23): a stored finding, a reviewer's override with its reason, a switched-off check.
    Finding.objects.create(passage=first, language="fr", check_name="numbers", text="%(number)s is missing",
                           params={"number": "400"}, target_digest=digest("Un paragraphe, 450."))  # fmt: skip
    Override.objects.create(passage=first, language="fr", check_name="numbers", reason="« 450 » : voulu.",
                            target_digest=digest("Un paragraphe, 450."), author=person)  # fmt: skip
    SwitchedOff.objects.create(declaration=declaration, check_name="double-space", author=person)
    # The glossary: an entry with approved and forbidden translations, and a dismissed proposal (never re-proposed).
    GlossaryEntry.objects.create(source_language="en", target_language="fr", term="WTO", approved=["OMC"],
                                 forbidden=["WTO"], note="l’OMC", case_sensitive=True, added_by=person)  # fmt: skip
    Proposal.objects.create(source_language="en", target_language="fr", source_phrase="delegate",
                            target_phrase="délégué", source_count=5, pair_count=4, score=0.8, state="dismissed",
                            decided_by=person)  # fmt: skip
    # A document's original (a binary column) and a passage's block (issue 24).
    SourceDocument.objects.create(declaration=declaration, language="en", format="docx", filename="seoul.docx",
                                  content=b"PK\x03\x04\x00\xff binary", added_by=person)  # fmt: skip
    PassageBlock.objects.create(passage=first, order=0, kind="footnote", level=0, note="1")
    # Who does a translation by when (issue 25), with a date and both people.
    Task.objects.create(declaration=declaration, language="fr", translator=person, reviewer=person,
                        due_on=datetime.date(2004, 7, 1), priority=3, assigned_by=person)  # fmt: skip
    # What people were told and how they want it (issue 25): a read notice with its details (JSON) and event key,
    # a choice of digest, a mail language, a digest sent.
    Notification.objects.create(user=person, kind="overdue", params={"slug": declaration.slug, "title": "« Lé »"},
                                url=f"/desk/{declaration.slug}/fr/", dedupe="task:1:2004-07-01", delivery="digest",
                                read_at=datetime.datetime(2004, 7, 2, tzinfo=datetime.UTC),
                                emailed_at=datetime.datetime(2004, 7, 2, tzinfo=datetime.UTC))  # fmt: skip
    Preference.objects.create(user=person, kind="overdue", mode="digest")
    Recipient.objects.create(user=person, language="fr")
    Digest.objects.create(user=person, day=datetime.date(2004, 7, 2), count=1)
    # The lexicon learnt from the memory (issue 27), archived so a restore aligns as before.
    WordPair.objects.create(source_language="en", target_language="fr", source="door", target="porte", count=4,
                            score=0.8)  # fmt: skip
    # A passage's discussion (issue 25): a comment mentioning its author (a coordinator holds every language),
    # resolved, so the thread row carries who resolved it and the thread its "resolved" entry.
    Assignment.objects.create(user=person, role=Role.COORDINATOR)
    comment = add_comment(passage=first, language="fr", author=person, text="@archivist « 450 » ?")
    assert comment.mentions.exists()
    resolve(thread=comment.thread, user=person)
    # When a source last changed is restored as archived, not dated again from the history (a history dated by SQL,
    # or by an older workbench, may say otherwise).
    Passage.objects.filter(pk=declaration.passages.order_by("position").last().pk).update(
        source_changed_at=datetime.datetime(2001, 2, 3, tzinfo=datetime.UTC))
    # modeltranslation keeps the original columns (`text`, `title`) beside text_en, text_fr…; the archive must keep
    # what they hold, not what the active language reads through them.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Passage._meta.db_table} SET text = %s WHERE id = %s", ["as stored", second.pk])
    taken = snapshot()
    # The corpus must exercise what the round trip claims to cover.
    assert Passage.all_objects.filter(merged_into__isnull=False).exists()
    assert Edition.objects.exists() and Revision.objects.filter(author__isnull=False).exists()
    assert Revision.objects.exclude(warnings=[]).exists()
    assert Unit.objects.filter(entry=Entry.APPROVED).exists() and Unit.objects.filter(entry=Entry.TMX).exists()
    assert taken["auth.user"] and all(taken[label] for label in taken)
    return taken


@pytest.fixture
def archive(corpus: Snapshot, tmp_path: Path) -> Path:
    path = tmp_path / "backup"
    with translation.override("fr"):  # the active language must not change what is archived
        export_archive(path=path)
    return path


def rewrite(archive: Path, model: type, edit: Callable[[list[bytes]], list[bytes]], *, reseal: bool = True) -> None:
    """Change a file's decompressed lines; with `reseal`, also fix the manifest's rows, size and checksum so the
    deeper checks (gzip, JSON, row count, database) are what must catch the damage."""
    target = archive / file_name(model)
    lines = gzip.decompress(target.read_bytes()).splitlines(keepends=True)
    target.write_bytes(gzip.compress(b"".join(edit(lines))))
    if reseal:
        reseal_file(archive, model, rows=len(edit(lines)))


def reseal_file(archive: Path, model: type, *, rows: int | None = None) -> None:
    manifest = json.loads((archive / MANIFEST).read_text())
    data = (archive / file_name(model)).read_bytes()
    for entry in manifest["files"]:
        if entry["model"] == model._meta.label_lower:
            entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
            if rows is not None:
                entry["rows"] = rows
    (archive / MANIFEST).write_text(json.dumps(manifest))


def test_every_model_is_archived_or_deliberately_left_out() -> None:
    own = {model for config in workbench_apps() for model in config.get_models()}
    assert apps.get_app_config("declarations") in workbench_apps()
    assert own == (set(archived_models()) - {get_user_model()}) | set(not_archived())


def test_round_trip_restores_every_row_of_every_model(corpus: Snapshot, archive: Path) -> None:
    manifest = json.loads((archive / MANIFEST).read_text())
    assert {entry["model"]: entry["rows"] for entry in manifest["files"]} == {k: len(v) for k, v in corpus.items()}
    assert manifest["migrations"]["declarations"]
    assert sorted(p.name for p in archive.iterdir()) == sorted([MANIFEST] + [file_name(m) for m in archived_models()])
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: the owner alone may open it
    # Columns come from the models: every configured language is there.
    passage_entry = next(e for e in manifest["files"] if e["model"] == "declarations.passage")
    assert {"text_en", "text_fr", "state_fr", "basis_fr", "merged_into_id"} <= set(passage_entry["columns"])

    derived = derived_rows()
    assert all(derived)
    wipe()
    assert all(not rows for rows in snapshot().values()) and not any(derived_rows())
    with translation.override("fr"):  # the active language must not matter either
        report = import_archive(path=archive)
    assert derived_rows() == derived  # the progress summary and the approved words by month, counted afresh

    assert report.rows == {label: len(rows) for label, rows in corpus.items()}
    restored = snapshot()
    for label, rows in corpus.items():
        assert restored[label] == rows, label  # every column of every row, updated_at and password hashes included
    assert get_user_model().objects.get(username="archivist").check_password("s3cret-enough")
    # New rows after a restore get fresh primary keys (sequences are reset on PostgreSQL).
    declaration = Declaration.objects.create(slug="after-restore", source_language="en", issued_on="2024-01-01")
    passage = add_passage(declaration=declaration, position=0, texts={"en": "New."}, states={"en": State.APPROVED})
    assert passage.pk > max(row["id"] for row in corpus["declarations.passage"])
    assert Revision.objects.filter(passage=passage).count() == 1


def test_the_same_data_gives_the_same_files(archive: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    export_archive(path=again)
    for model in archived_models():
        assert (archive / file_name(model)).read_bytes() == (again / file_name(model)).read_bytes()


def test_import_refuses_a_database_that_is_not_empty(corpus: Snapshot, archive: Path) -> None:
    with pytest.raises(CommandError, match=r"not empty \(.*in declarations.declaration") as refused:
        call_command("import_archive", str(archive))
    assert refused.value.returncode == 1
    assert snapshot() == corpus


def test_import_refuses_users_left_in_the_database(archive: Path) -> None:
    wipe()
    get_user_model().objects.create_user("early-admin")
    with pytest.raises(ArchiveError, match=r"not empty \(1 in auth.user\)"):
        import_archive(path=archive)
    assert not Declaration.objects.exists()


def refused(archive: Path, pattern: str) -> None:
    """The import fails with `pattern` in its message, and the (emptied) database stays empty."""
    wipe()
    with pytest.raises(CommandError, match=pattern):
        call_command("import_archive", str(archive))
    assert all(not rows for rows in snapshot().values())


def test_a_changed_byte_fails_the_checksum(archive: Path) -> None:
    target = archive / file_name(Passage)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    refused(archive, r"declarations\.passage\.jsonl\.gz: SHA-256 does not match")


def test_a_truncated_file_is_refused_even_with_a_matching_manifest(archive: Path) -> None:
    target = archive / file_name(Revision)
    target.write_bytes(target.read_bytes()[:-40])
    refused(archive, r"declarations\.revision\.jsonl\.gz: .*bytes, the manifest says")
    reseal_file(archive, Revision)
    refused(archive, r"declarations\.revision\.jsonl\.gz: after line \d+: the file is damaged")


def test_a_bad_json_line_is_named(archive: Path) -> None:
    rewrite(archive, Declaration, lambda lines: [*lines[:2], b'{"id": 3, "slug": \n', *lines[3:]])
    refused(archive, r"declarations\.declaration\.jsonl\.gz: line 3: not valid JSON")


def test_a_row_with_other_columns_is_named(archive: Path) -> None:
    def drop_column(lines: list[bytes]) -> list[bytes]:
        row = json.loads(lines[0])
        del row["title_fr"]
        return [json.dumps(row).encode() + b"\n", *lines[1:]]

    rewrite(archive, Declaration, drop_column)
    refused(archive, r"declarations\.declaration\.jsonl\.gz: line 1: not a row of declarations\.declaration")


def test_a_row_count_that_differs_from_the_manifest_is_refused(archive: Path) -> None:
    rewrite(archive, Edition, lambda lines: lines[:-1], reseal=False)
    reseal_file(archive, Edition)  # size and checksum right, row count still the old one
    refused(archive, r"declarations\.edition\.jsonl\.gz: \d+ rows, the manifest says")


def test_a_missing_file_is_named(archive: Path) -> None:
    (archive / file_name(Edition)).unlink()
    refused(archive, r"declarations\.edition\.jsonl\.gz is missing")


def test_a_missing_or_damaged_manifest_is_refused(archive: Path) -> None:
    manifest = (archive / MANIFEST).read_text()
    (archive / MANIFEST).write_text(manifest[:100])
    refused(archive, r"manifest\.json is damaged")
    (archive / MANIFEST).unlink()
    refused(archive, r"manifest\.json is missing")


def test_another_migration_state_is_refused(archive: Path) -> None:
    manifest = json.loads((archive / MANIFEST).read_text())
    manifest["migrations"]["declarations"].append("9999_from_the_future")
    (archive / MANIFEST).write_text(json.dumps(manifest))
    refused(archive, r"migration state does not match.*declarations: the archive was made at 9999_from_the_future")


def test_another_schema_is_refused(archive: Path) -> None:
    # An archive made with a third language configured has columns this database lacks.
    manifest = json.loads((archive / MANIFEST).read_text())
    for entry in manifest["files"]:
        if entry["model"] == "declarations.passage":
            entry["columns"].append("text_es")
    (archive / MANIFEST).write_text(json.dumps(manifest))
    refused(archive, r"declarations\.passage\.jsonl\.gz has the columns of another schema: not in this database "
                     r"\['text_es'\]")  # fmt: skip


def test_rows_the_database_rejects_roll_back_the_whole_import(archive: Path) -> None:
    """Everything checks out until the database itself refuses a row (a duplicate passage key, late in the load):
    the declarations, users and passages written before it are rolled back with it."""

    def duplicate_key(lines: list[bytes]) -> list[bytes]:
        first, last = json.loads(lines[0]), json.loads(lines[-1])
        last["key"] = first["key"]
        return [*lines[:-1], json.dumps(last).encode() + b"\n"]

    rewrite(archive, Passage, duplicate_key)
    refused(archive, r"declarations\.passage\.jsonl\.gz: lines 1-\d+ cannot be restored")


def test_export_refuses_an_existing_archive_and_leaves_it_alone(archive: Path) -> None:
    before = {p.name: p.read_bytes() for p in archive.iterdir()}
    with pytest.raises(CommandError, match="exists and is not an empty directory"):
        call_command("export_archive", str(archive))
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == before
    assert [p.name for p in archive.parent.iterdir()] == ["backup"]  # no half-written sibling left behind


def test_commands_report_what_they_did(corpus: Snapshot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("export_archive", str(tmp_path / "cli"))
    assert f"{len(corpus['declarations.passage'])} declarations.passage" in capsys.readouterr().out
    wipe()
    call_command("import_archive", str(tmp_path / "cli"))
    assert "restored" in capsys.readouterr().out
    assert snapshot() == corpus


def test_datetimes_keep_their_microseconds(archive: Path) -> None:
    lines = gzip.decompress((archive / file_name(Revision)).read_bytes()).splitlines()
    stamps = [datetime.datetime.fromisoformat(json.loads(line)["created_at"]) for line in lines]
    assert any(stamp.microsecond % 1000 for stamp in stamps)
