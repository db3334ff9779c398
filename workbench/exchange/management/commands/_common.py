"""What the exchange commands share: finding the user, reading the file, writing output, printing the report."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.exchange.formats import FORMATS
from workbench.exchange.units import ExchangeError, ImportReport


def find_user(username: str) -> Any:
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as error:
        raise CommandError(f"No user called {username!r}.") from error


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error


def write_output(command: BaseCommand, content: str | bytes, output: str | None) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output:
        Path(output).write_bytes(data)
        command.stderr.write(f"Wrote {output} ({len(data):,} bytes).")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def finish_import(command: BaseCommand, report: ImportReport) -> None:
    for line in report.lines():
        command.stdout.write(line)
    if not report.ok:
        raise CommandError("Nothing was applied because of the errors above.")


class ImportCommand(BaseCommand):
    """`import_<format> FILE --user NAME [--dry-run]` for any registered format."""

    format_name: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the person the changes are recorded for")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")

    def handle(self, *args: Any, file: str, user: str, dry_run: bool, **options: Any) -> None:
        person = find_user(user)
        try:
            report = FORMATS[self.format_name].import_content(read_file(file), user=person, dry_run=dry_run)
        except ExchangeError as error:
            raise CommandError(f"{file}: {error} Nothing was applied.") from error
        finish_import(self, report)
