from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.models import Kind
from workbench.documents.intake import Metadata, create_declaration
from workbench.documents.reading import read_document
from workbench.documents.safety import DocumentError


class Command(BaseCommand):
    help = ("Make a declaration from a DOCX, ODT, HTML, Markdown or plain-text file: one passage per paragraph, "
            "heading, list item, table cell and footnote, in one transaction. Prints what it created.")

    def add_arguments(self, parser: CommandParser) -> None:
        languages = [code for code, _ in settings.LANGUAGES]
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--language", required=True, choices=languages, help="the document's language")
        parser.add_argument("--title", action="append", default=[], metavar="LANG=TITLE",
                            help="a title per language; the source language's is required (default: the file name)")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="date issued, YYYY-MM-DD (default: today)")
        parser.add_argument("--kind", choices=Kind.values, default=Kind.DECLARATION)
        parser.add_argument("--organisation", default="")
        parser.add_argument("--available-in", action="append", default=[], choices=languages,
                            help="a language the source reports it is available in (repeatable)")
        parser.add_argument("--translation", type=Path, help="a translation of the document, sent to alignment review")
        parser.add_argument("--translation-language", choices=languages, default="")
        parser.add_argument("--user", help="the user recorded as author of the passages")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        titles = {}
        for item in options["title"]:
            language, sep, title = item.partition("=")
            if not sep:
                raise CommandError(f"--title {item!r}: write it LANG=TITLE, e.g. en='Seoul Declaration'")
            titles[language] = title
        titles.setdefault(options["language"], path.stem)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            document = read_document(path.name, _read(path))
            translation = None
            if options["translation"]:
                translation = read_document(options["translation"].name, _read(options["translation"]))
            meta = Metadata(slug=options["slug"], source_language=options["language"],
                            issued_on=options["date"] or datetime.date.today(), kind=options["kind"],
                            organisation=options["organisation"], titles=titles, reported=options["available_in"])
            created = create_declaration(document, _read(path), meta, user, translation,
                                         options["translation_language"])
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {created.declaration.slug}: {created.passages} passages "
                          f"({created.footnotes} footnotes) from {document.format.upper()} {path.name}")
        if created.review_id is not None:
            self.stdout.write(f"Translation sent to alignment review #{created.review_id}: "
                              f"/desk/{created.declaration.slug}/{options['translation_language']}/align/")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
