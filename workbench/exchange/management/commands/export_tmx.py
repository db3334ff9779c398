from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.languages import is_language
from workbench.exchange import tmx
from workbench.exchange.management.commands._common import write_output


class Command(BaseCommand):
    help = "Export every approved translation into LANGUAGE as a TMX 1.4 translation memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("language")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, language: str, output: str | None, **options: Any) -> None:
        if not is_language(language):
            raise CommandError(f"{language!r} is not one of the workbench's languages.")
        write_output(self, tmx.export(language), output)
