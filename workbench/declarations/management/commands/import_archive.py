"""`manage.py import_archive PATH`: restore an archive written by export_archive into an empty database."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.archive import ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        "Restore a backup archive into a freshly migrated, empty database. The archive is checked in full (manifest, "
        "checksums, row counts, migration state) before anything is written, and written in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive directory export_archive wrote")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = import_archive(path=path)
        except ArchiveError as error:
            raise CommandError(f"nothing imported: {error}") from error
        self.stdout.write(f"restored {report.summary()} from {report.path}")
