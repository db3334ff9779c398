from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration
from workbench.exchange import po
from workbench.exchange.management.commands._common import write_output


class Command(BaseCommand):
    help = "Export a declaration (or, with --all, every declaration) in LANGUAGE as a PO file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("arguments", nargs="+", metavar="SLUG LANGUAGE | --all LANGUAGE")
        parser.add_argument("--all", action="store_true", help="every declaration in one file")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, arguments: list[str], all: bool, output: str | None, **options: Any) -> None:
        if all:
            if len(arguments) != 1:
                raise CommandError("Usage: export_po --all LANGUAGE [--output FILE]")
            (language,) = arguments
            declarations = Declaration.objects.all()
        else:
            if len(arguments) != 2:
                raise CommandError("Usage: export_po SLUG LANGUAGE [--output FILE]")
            slug, language = arguments
            declarations = Declaration.objects.filter(slug=slug)
            if not declarations.exists():
                raise CommandError(f"No declaration with the slug {slug!r}.")
            if declarations.get().source_language == language:
                raise CommandError(f"{language} is the source language of {slug}; export a target language.")
        if not is_language(language):
            raise CommandError(f"{language!r} is not one of the workbench's languages.")
        write_output(self, po.export(declarations, language, whole_language=all), output)
