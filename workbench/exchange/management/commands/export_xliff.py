from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.languages import is_language
from workbench.declarations.models import Declaration
from workbench.exchange import xliff
from workbench.exchange.management.commands._common import write_output


class Command(BaseCommand):
    help = "Export a declaration in LANGUAGE as an XLIFF 1.2 file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("language")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, slug: str, language: str, output: str | None, **options: Any) -> None:
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"No declaration with the slug {slug!r}.")
        if not is_language(language) or language == declaration.source_language:
            raise CommandError(f"{language!r} is not a target language of {slug}.")
        write_output(self, xliff.export(declaration, language), output)
