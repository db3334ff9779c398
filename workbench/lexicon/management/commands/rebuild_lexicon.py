"""`manage.py rebuild_lexicon [--source en --target fr]`: the lexicon learnt again from the translation memory."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from workbench.lexicon.learning import rebuild
from workbench.memory.models import Unit


class Command(BaseCommand):
    help = ("Learn the lexicon (word pairs per language pair) again from the translation memory's sentence pairs; "
            "every pair of the memory, or the one given.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", help="source language (with --target: only this pair)")
        parser.add_argument("--target", help="target language")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["source"]) != bool(options["target"]):
            # One language alone names no pair: rebuilding every pair instead would surprise.
            raise CommandError(_("Give both --source and --target (one language pair), or neither (every pair)."))
        if options["source"] and options["target"]:
            pairs = [(options["source"], options["target"])]
        else:
            pairs = sorted(set(Unit.objects.values_list("source_language", "target_language").distinct()))
        for source, target in pairs:
            stored = rebuild(source, target)
            self.stdout.write(_("%(source)s→%(target)s: %(count)d word pairs") %
                              {"source": source, "target": target, "count": stored})
