"""`manage.py export_archive PATH`: every declaration, passage, revision, edition (and the people behind them)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.archive import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Write a backup archive: a new directory PATH with one gzip'd JSON-lines file per model and manifest.json "
        "(row counts, sizes, SHA-256). It holds the users' password hashes: store it like a secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive directory to create (must not exist or be empty)")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = export_archive(path=path)
        except ArchiveError as error:
            raise CommandError(f"nothing exported: {error}") from error
        self.stdout.write(f"archived {report.summary()} to {report.path}")
