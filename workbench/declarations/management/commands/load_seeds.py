from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = "Load the declarations listed in seeds/manifest.toml. Safe to run again: nothing duplicates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=settings.BASE_DIR / "seeds", help="the seeds folder (default: seeds/)"
        )

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            report = load_seeds(directory)
        except SeedError as error:
            raise CommandError(f"{error} (nothing was loaded from that declaration's files)") from error
        for line in report.lines():
            self.stdout.write(line)
