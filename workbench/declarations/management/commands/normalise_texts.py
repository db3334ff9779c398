from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workbench.declarations.normalising import normalise_stored_texts


class Command(BaseCommand):
    help = ("Find passage texts stored with CRLF line ends or invisible characters (before the write path "
            "normalised them) and, with --apply, rewrite them, one 'normalised' revision each.")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="rewrite them (without it: only report)")

    def handle(self, *args: Any, apply: bool, **options: Any) -> None:
        report = normalise_stored_texts(apply=apply)
        for slug, position, key, language in report.texts:
            self.stdout.write(f"{slug} passage {position + 1} ({key}) [{language}]")
        verb = "rewrote" if apply else "would rewrite (run again with --apply)"
        self.stdout.write(f"{verb}: {len(report.texts)} texts")
        for slug, language, number in report.editions:
            self.stdout.write(f"edition {number} of {slug} [{language}] was published with such characters: "
                              "editions are never rewritten; publish again for a clean one")  # fmt: skip
