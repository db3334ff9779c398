from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.exchange import po
from workbench.exchange.applying import apply_file
from workbench.exchange.management.commands._common import find_user, finish_import, read_file
from workbench.exchange.units import ExchangeError


class Command(BaseCommand):
    help = "Import a PO file exported by the workbench, as USER. All of it applies, or nothing does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the person the changes are recorded for")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")

    def handle(self, *args: Any, file: str, user: str, dry_run: bool, **options: Any) -> None:
        person = find_user(user)
        try:
            parsed = po.parse(read_file(file))
        except ExchangeError as error:
            raise CommandError(f"{file}: {error} Nothing was applied.") from error
        report = apply_file(
            parsed=parsed, user=person, label_for=po.label_for, state_for=po.state_for, dry_run=dry_run
        )
        finish_import(self, report)
