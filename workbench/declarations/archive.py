"""Backups: the whole workbench as a directory of gzip'd JSON lines, and back (`export_archive`, `import_archive`).

An archive is a directory holding one `<app>.<model>.jsonl.gz` per archived model (one JSON object per row, keyed by
column attribute name, primary keys kept so every foreign key stays valid) and `manifest.json`: the format version,
when and from which migration state it was made, and per file its row count, byte size and SHA-256.

Why these choices:
- Columns come from `_meta.concrete_fields`, never from a typed list, so a language added later (`text_es`, …) or a new
  column is archived without touching this module; the manifest names the columns and an import refuses an archive
  whose columns differ from this database's.
- Users are archived (with their password hashes) because a restore must keep who wrote each revision and published
  each edition. The archive must therefore be stored like a secret.
- An import checks everything it can before writing anything: the manifest, every file's size and checksum, that every
  line decompresses and parses with the expected columns, and the row counts. Then it writes every row in one
  transaction, so a failure half-way (a constraint the rows break) leaves the database as it was.
- Rows are inserted with prepared multi-row INSERTs naming explicit columns rather than `bulk_create`: bulk_create runs
  each field's `pre_save`, and `auto_now` would overwrite every `updated_at` with the time of the restore (the public
  pages' freshness is computed from it).
- An export reads every table in one transaction so the files agree with each other (a revision never points at a
  passage the passage file lacks). On SQLite that transaction is DEFERRED, a WAL read snapshot that lets the desk keep
  saving during a long export; on PostgreSQL it is REPEATABLE READ, READ ONLY.
"""
from __future__ import annotations

import base64
import contextlib
import datetime
import decimal
import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from workbench.declarations import summary
from workbench.declarations.languages import language_codes

FORMAT = "workbench-archive"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000  # rows read per database round trip and inserted per executemany call


def workbench_apps() -> list[Any]:
    """The project's own app configs, in INSTALLED_APPS order (the content model first)."""
    return [config for config in apps.get_app_configs() if config.name.startswith("workbench.")]


def archived_models() -> list[type[models.Model]]:
    """What an archive holds, in the order an import loads it (every foreign key points at a model loaded earlier,
    except Passage.merged_into, which points within its own table; foreign keys are checked at commit).

    Each app names its own archived models in its AppConfig (`archived_models`, in load order), so an app built on
    the content model adds its tables to the backup without this module importing it."""
    found: list[type[models.Model]] = [get_user_model()]
    for config in workbench_apps():
        found += [config.get_model(name) for name in getattr(config, "archived_models", ())]
    return found


def not_archived() -> dict[type[models.Model], str]:
    """Models deliberately left out, with the reason, from each app's AppConfig (`transient_models`); a test checks
    every model of the project's apps is archived or listed here."""
    left_out: dict[type[models.Model], str] = {}
    for config in workbench_apps():
        for name, reason in getattr(config, "transient_models", {}).items():
            left_out[config.get_model(name)] = reason
    return left_out


class ArchiveError(Exception):
    """An archive that cannot be written or restored; the message names the file (and line) concerned."""


@dataclass
class ArchiveReport:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        counts = ", ".join(f"{count} {label}" for label, count in self.rows.items())
        return f"{self.total} rows ({counts}) in {self.seconds:.1f} s"


def file_name(model: type[models.Model]) -> str:
    return f"{model._meta.label_lower}.jsonl.gz"


def columns(model: type[models.Model]) -> list[str]:
    """The attribute names of the model's columns (`declaration_id`, `text_fr`, …), in the model's field order."""
    return [f.attname for f in model._meta.concrete_fields]


def _plain(model: type[models.Model], using: str) -> models.QuerySet[Any]:
    """Every row exactly as stored. Not the model's managers: Passage's default one hides merged passages, and
    modeltranslation's querysets replace the original `text`/`title`… columns in values() with the active language's
    value (with fallbacks), which would archive something other than what the column holds."""
    return models.QuerySet(model=model, using=using)


def migration_state(*, using: str = "default") -> dict[str, list[str]]:
    """The applied migrations of every app whose models are archived: what the archive's columns correspond to."""
    apps = sorted({model._meta.app_label for model in archived_models()})
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {app: sorted(name for app_label, name in applied if app_label == app) for app in apps}


# --- export -------------------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """JSON for the column values the json module does not know. Datetimes keep their microseconds (Django's JSON
    encoder would cut them to milliseconds and a restored revision would not compare equal)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")  # BinaryField.to_python reads base64 back
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot archive a value of type {type(value).__name__}")


class _CountingHashWriter:
    """A file object that hashes and counts the (compressed) bytes written through it, so no second read is needed."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent read of every table, without holding the write lock any longer than needed (see module doc)."""
    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        connection.ensure_connection()
        mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_model(model: type[models.Model], directory: Path, *, using: str, chunk_size: int) -> dict[str, Any]:
    names = columns(model)
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode)
    rows = _plain(model, using).order_by("pk").values_list(*names).iterator(chunk_size=chunk_size)
    count = 0
    with open(directory / file_name(model), "wb") as raw:
        counter = _CountingHashWriter(raw)
        # mtime=0 and no file name in the gzip header: the same data gives the same bytes (and checksum).
        with gzip.GzipFile(filename="", mode="wb", fileobj=counter, compresslevel=6, mtime=0) as compressed:  # type: ignore[arg-type]
            lines: list[str] = []
            for values in rows:
                lines.append(encoder.encode(dict(zip(names, values, strict=True))))
                if len(lines) >= chunk_size:
                    compressed.write(("\n".join(lines) + "\n").encode("utf-8"))
                    count += len(lines)
                    lines = []
            if lines:
                compressed.write(("\n".join(lines) + "\n").encode("utf-8"))
                count += len(lines)
    return {
        "model": model._meta.label_lower,
        "file": file_name(model),
        "columns": names,
        "rows": count,
        "bytes": counter.size,
        "sha256": counter.sha256.hexdigest(),
    }


def export_archive(*, path: Path, using: str = "default", chunk_size: int = CHUNK) -> ArchiveReport:
    """Write every archived row under `path` (a directory that must not exist yet, or be empty).

    The files are written into a hidden sibling directory that is renamed to `path` only once complete, so a failed
    export leaves nothing that could be mistaken for an archive.
    """
    started = time.perf_counter()
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ArchiveError(f"{path} exists and is not an empty directory; choose a new path for the archive")
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp makes the directory readable by its owner only, which the archive keeps: it holds password hashes.
    working = Path(tempfile.mkdtemp(prefix=f".{path.name}.partial-", dir=path.parent))
    try:
        with _snapshot(using):
            entries = [_write_model(model, working, using=using, chunk_size=chunk_size) for model in archived_models()]
            state = migration_state(using=using)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "languages": language_codes(),
            "migrations": state,
            "files": entries,
        }
        (working / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if path.exists():
            path.rmdir()  # empty, checked above
        os.replace(working, path)
    except BaseException:
        shutil.rmtree(working, ignore_errors=True)
        raise
    return ArchiveReport(
        path=path,
        rows={entry["model"]: entry["rows"] for entry in entries},
        seconds=time.perf_counter() - started,
    )


# --- import -------------------------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, checked against what this code archives; raises ArchiveError naming what is wrong."""
    manifest_path = Path(path) / MANIFEST
    if not Path(path).is_dir():
        raise ArchiveError(f"{path} is not a directory; an archive is the directory export_archive wrote")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ArchiveError(f"{manifest_path} is missing: this is not a complete archive") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"{manifest_path} is damaged: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{manifest_path} is not a workbench archive manifest (format {FORMAT!r} expected)")
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            f"{manifest_path}: archive format version {manifest.get('version')!r}; "
            f"this workbench reads version {VERSION}"
        )
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(entry, dict) for entry in files):
        raise ArchiveError(f"{manifest_path}: 'files' must be a list of file entries")
    by_model = {entry.get("model"): entry for entry in files}
    expected = [model._meta.label_lower for model in archived_models()]
    missing = [label for label in expected if label not in by_model]
    unknown = [str(label) for label in by_model if label not in expected]
    if missing or unknown or len(files) != len(expected):
        raise ArchiveError(
            f"{manifest_path} does not list the archived models: missing {missing or 'none'}, "
            f"unknown {unknown or 'none'}"
        )
    for model in archived_models():
        entry = by_model[model._meta.label_lower]
        # The file name is derived here, never taken from the manifest as a path (no "../" can be smuggled in).
        if entry.get("file") != file_name(model):
            raise ArchiveError(f"{manifest_path}: {model._meta.label_lower} must be in {file_name(model)}")
        for key, kind in (("rows", int), ("bytes", int), ("sha256", str), ("columns", list)):
            if not isinstance(entry.get(key), kind):
                raise ArchiveError(f"{manifest_path}: {file_name(model)} has no valid {key!r}")
        here = columns(model)
        if sorted(entry["columns"]) != sorted(here):
            raise ArchiveError(
                f"{file_name(model)} has the columns of another schema: not in this database "
                f"{sorted(set(entry['columns']) - set(here)) or 'none'}, missing from the archive "
                f"{sorted(set(here) - set(entry['columns'])) or 'none'}"
            )
    if not isinstance(manifest.get("migrations"), dict):
        raise ArchiveError(f"{manifest_path}: 'migrations' is missing")
    return manifest


def check_migrations(manifest: dict[str, Any], *, using: str = "default") -> None:
    """Refuse an archive made at another migration state: its columns would not mean what this schema's do."""
    here = migration_state(using=using)
    there = manifest["migrations"]
    problems = []
    for app, applied in here.items():
        archived = there.get(app)
        if not isinstance(archived, list) or sorted(archived) != applied:
            archived = archived if isinstance(archived, list) else []
            problems.append(
                f"{app}: the archive was made at {max(archived, default='(nothing)')}, this database is at "
                f"{max(applied, default='(nothing)')} (only in the archive: {sorted(set(archived) - set(applied))}; "
                f"only here: {sorted(set(applied) - set(archived))})"
            )
    if problems:
        raise ArchiveError(
            "the archive's migration state does not match this database's; restore it with the code version that "
            "made it, migrated to the same state (manage.py migrate), then migrate forward. "
            + "; ".join(problems)
        )


def existing_rows(*, using: str = "default") -> dict[str, int]:
    """Archived tables that already hold rows in the target database, with their counts."""
    counts = {model._meta.label_lower: _plain(model, using).count() for model in archived_models()}
    return {label: count for label, count in counts.items() if count}


def _require_empty(using: str) -> None:
    occupied = existing_rows(using=using)
    if occupied:
        held = ", ".join(f"{count} in {label}" for label, count in occupied.items())
        raise ArchiveError(
            f"the database is not empty ({held}); an archive restores into a freshly migrated database only, "
            "so nothing is merged or overwritten"
        )


def _lines(directory: Path, model: type[models.Model]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) for every line of the model's file; ArchiveError with file and line on any damage."""
    name = file_name(model)
    expected = set(columns(model))
    number = 0
    try:
        with gzip.open(directory / name, "rt", encoding="utf-8", newline="\n") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ArchiveError(f"{name}: line {number}: not valid JSON ({error.msg})") from error
                if not isinstance(row, dict) or row.keys() != expected:
                    raise ArchiveError(f"{name}: line {number}: not a row of {model._meta.label_lower}")
                yield number, row
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as error:
        # EOFError: the gzip stream ends early (truncated); BadGzipFile is an OSError.
        raise ArchiveError(f"{name}: after line {number}: the file is damaged ({error})") from error


def verify_files(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file present, of the size and checksum the manifest gives, parsing into the row count it gives."""
    entries = {entry["model"]: entry for entry in manifest["files"]}
    for model in archived_models():
        entry = entries[model._meta.label_lower]
        name = file_name(model)
        target = directory / name
        if not target.is_file():
            raise ArchiveError(f"{name} is missing from {directory}")
        size = target.stat().st_size
        if size != entry["bytes"]:
            raise ArchiveError(f"{name}: {size} bytes, the manifest says {entry['bytes']}: the file is damaged")
        checksum = hashlib.sha256()
        with open(target, "rb") as raw:
            while block := raw.read(1 << 20):
                checksum.update(block)
        if checksum.hexdigest() != entry["sha256"]:
            raise ArchiveError(f"{name}: SHA-256 does not match the manifest: the file is damaged")
        count = sum(1 for _line in _lines(directory, model))
        if count != entry["rows"]:
            raise ArchiveError(f"{name}: {count} rows, the manifest says {entry['rows']}")


# Column types whose JSON value (str, int, bool or null) is already the database parameter on every backend.
# Skipping the field's preparation for them halves the time of an import (a million calls for 30,000 passages);
# the round-trip test compares every stored value, so a type that needed preparing would show there.
PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "BooleanField", "CharField", "SlugField", "EmailField",
    "TextField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "PositiveBigIntegerField",
})  # fmt: skip


def _identity(value: Any) -> Any:
    return value


def _converters(model: type[models.Model], using: str) -> list[Callable[[Any], Any]]:
    """Per column, JSON value -> database parameter, through the field's own parsing and preparation."""
    connection = connections[using]
    converters: list[Callable[[Any], Any]] = []
    for model_field in model._meta.concrete_fields:
        stored_as = model_field.target_field if model_field.is_relation else model_field
        if stored_as.get_internal_type() in PLAIN_TYPES:
            converters.append(_identity)
            continue
        if isinstance(model_field, models.JSONField):
            # Already Python (the JSON line decoded it); to_python would not parse it again.
            def convert(value: Any, f: models.Field = model_field) -> Any:
                return f.get_db_prep_save(value, connection)
        else:
            def convert(value: Any, f: models.Field = model_field) -> Any:
                return None if value is None else f.get_db_prep_save(f.to_python(value), connection)
        converters.append(convert)
    return converters


def _load_model(model: type[models.Model], directory: Path, *, using: str, batch_size: int) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    converters = _converters(model, using)
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    total = 0
    batch: list[tuple[Any, ...]] = []
    first_line = 1

    def flush(cursor: Any, last_line: int) -> None:
        try:
            cursor.executemany(statement, batch)
        except DatabaseError as error:
            lines = f"lines {first_line}-{last_line}"
            raise ArchiveError(f"{file_name(model)}: {lines} cannot be restored: {error}") from error

    with connection.cursor() as cursor:
        number = 0
        for number, row in _lines(directory, model):
            batch.append(tuple(convert(row[name]) for convert, name in zip(converters, names, strict=True)))
            if len(batch) >= batch_size:
                flush(cursor, number)
                total += len(batch)
                batch = []
                first_line = number + 1
        if batch:
            flush(cursor, number)
            total += len(batch)
    return total


def import_archive(*, path: Path, using: str = "default", batch_size: int = CHUNK) -> ArchiveReport:
    """Restore the archive at `path` into an empty database, all or nothing.

    Everything that can be checked is checked before the first write; the writes then run in one transaction.
    """
    started = time.perf_counter()
    path = Path(path)
    manifest = read_manifest(path)
    check_migrations(manifest, using=using)
    _require_empty(using)  # before the long verification: no need to read a large archive to refuse it
    verify_files(path, manifest)
    report = ArchiveReport(path=path)
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            _require_empty(using)  # again, under the transaction: nothing slipped in during the verification
            for model in archived_models():
                report.rows[model._meta.label_lower] = _load_model(model, path, using=using, batch_size=batch_size)
            # The progress summary is derived from the passages and not archived: count it from what was restored
            # (the passages' source_changed_at is archived with them and restored as it was).
            summary.rebuild(using=using, date_sources=False)
            # Explicit primary keys leave PostgreSQL's sequences behind; new rows would collide with restored ones.
            statements = connection.ops.sequence_reset_sql(no_style(), archived_models())
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    except DatabaseError as error:
        # Deferred foreign keys are checked at commit: rows pointing at rows the archive lacks end up here.
        raise ArchiveError(f"the archive's rows are inconsistent and were not restored: {error}") from error
    report.seconds = time.perf_counter() - started
    return report
