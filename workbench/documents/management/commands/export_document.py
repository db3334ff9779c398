from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.models import Declaration
from workbench.documents.bilingual import BILINGUAL_WRITERS, write_bilingual
from workbench.documents.safety import FORMATS, DocumentError
from workbench.documents.writing import Written, write


class Command(BaseCommand):
    help = ("Write a declaration in a language as a document: the format from the output's file name, or the "
            "original's. Passages not translated (or stale) there are written in the source language and listed. "
            "With --bilingual, the source and the language side by side in two columns (.docx or .html).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("language", choices=[code for code, _ in settings.LANGUAGES])
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--bilingual", action="store_true",
                            help="Source and translation side by side, one row per passage (.docx or .html).")

    def handle(self, *args: Any, **options: Any) -> None:
        declaration = Declaration.objects.filter(slug=options["slug"]).first()
        if declaration is None:
            raise CommandError(f"No declaration with the slug {options['slug']!r}.")
        output: Path = options["output"]
        kind = FORMATS.get(output.suffix.lower())
        if output.suffix and kind is None:
            raise CommandError(f"{output.name}: write .docx, .odt, .html, .md or .txt.")
        if options["bilingual"] and kind not in BILINGUAL_WRITERS:
            raise CommandError(f"{output.name}: a bilingual document is written as .docx or .html.")
        try:
            written = self._write(declaration, options["language"], kind, options["bilingual"])
        except DocumentError as error:
            raise CommandError(str(error)) from error
        output.write_bytes(written.content)
        self.stdout.write(f"Wrote {output} ({written.format.upper()}, {len(written.content):,} bytes)")
        if written.untranslated:
            shown = ", ".join(str(n) for n in written.untranslated[:30])
            more = "…" if len(written.untranslated) > 30 else ""
            self.stdout.write(f"{len(written.untranslated)} passage(s) left in the source language "
                              f"({declaration.source_language}): {shown}{more}")

    @staticmethod
    def _write(declaration: Declaration, language: str, kind: str | None, bilingual: bool) -> Written:
        if bilingual:
            return write_bilingual(declaration, language, kind or "docx")
        return write(declaration, language, kind)
