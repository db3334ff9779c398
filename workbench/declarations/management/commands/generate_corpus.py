"""`manage.py generate_corpus --declarations N --passages M --seed S`: a synthetic corpus for benchmarks (issue 8)."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbench.declarations.corpus import generate_corpus


class Command(BaseCommand):
    help = (
        "Create a realistic synthetic corpus: N declarations of M passages, every state in every language, stale "
        "passages, reported versions and two years of revision history. The same seed gives the same corpus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--declarations", type=int, default=100, help="how many declarations (default 100)")
        parser.add_argument("--passages", type=int, default=30, help="passages per declaration (default 30)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--prefix", default="corpus", help="slug prefix, to add a second corpus (default corpus)")

    def handle(self, *args: Any, declarations: int, passages: int, seed: int, prefix: str, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = generate_corpus(declarations=declarations, passages=passages, seed=seed, prefix=prefix)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"created {report.declarations} declarations, {report.passages} passages, {report.revisions} revisions, "
            f"{report.editions} editions, {report.reported} reported versions "
            f"in {time.perf_counter() - started:.1f} s"
        )
