"""`manage.py memory rebuild | import | export | suggest`: the translation memory from the command line."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workbench.exchange.units import ExchangeError
from workbench.memory import learning
from workbench.memory.models import Entry, Unit
from workbench.memory.suggestions import suggest
from workbench.memory.tmx import COMMAND_LINE_LIMIT, import_tmx, language_named, write_tmx


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(_("%(value)s is not a number of matches (1 or more)") % {"value": value})
    return int(value)


class Command(BaseCommand):
    help = (
        "The translation memory: `rebuild` relearns it from the history (TMX units kept); `import FILE.tmx` and "
        "`export --source en --target fr FILE.tmx` read and write TMX 1.4; `suggest --source en --target fr TEXT` "
        "prints the best matches as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,import,export,suggest}")
        actions.add_parser("rebuild", help="relearn the units of approvals and accepted alignment reviews")
        reading = actions.add_parser("import", help="add the units of a TMX file, all or nothing")
        reading.add_argument("path", type=Path, help="the TMX file")
        reading.add_argument("--source", default="en", help="its source language (default: en)")
        reading.add_argument("--target", default=None,
                             help="its target language (default: the one other configured language it holds)")
        writing = actions.add_parser("export", help="write the units of one direction as TMX 1.4")
        writing.add_argument("--source", required=True, help="source language")
        writing.add_argument("--target", required=True, help="target language")
        writing.add_argument("path", type=Path, help="the TMX file to write (replaced if it exists)")
        asking = actions.add_parser("suggest", help="print the memory's best matches for a sentence, as JSON")
        asking.add_argument("--source", required=True, help="source language")
        asking.add_argument("--target", required=True, help="target language")
        asking.add_argument("--limit", type=_positive, default=5, help="at most this many matches (default: 5)")
        asking.add_argument("text", help="the source sentence")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handlers = {"rebuild": self.rebuild, "import": self.import_file, "export": self.export_file,
                    "suggest": self.suggest}  # fmt: skip
        try:
            handlers[action](**options)
        except ExchangeError as error:
            raise CommandError(str(error)) from error

    def rebuild(self, **options: Any) -> None:
        done = learning.rebuild()
        kept = Unit.objects.filter(entry=Entry.TMX).count()
        in_memory = ngettext("%(count)s unit in the memory.", "%(count)s units in the memory.", done["units"])
        # Only the total gets a plural form of its own: the other counts read as "label: number".
        self.stdout.write(_("Memory rebuilt (learnt from the history: %(removed)s removed, %(offered)s relearnt; "
                            "TMX units kept: %(kept)s): %(total)s")
                          % {"removed": done["removed"], "offered": done["offered"], "kept": kept,
                             "total": in_memory % {"count": done["units"]}})  # fmt: skip

    def import_file(self, *, path: Path, source: str, target: str | None, **options: Any) -> None:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(problem)s") % {"path": path, "problem": error.strerror}
                               ) from error  # fmt: skip
        try:
            report = import_tmx(content, source_language=source, target_language=target, reference=path.name,
                                limit=COMMAND_LINE_LIMIT)  # fmt: skip
        except ExchangeError as error:
            raise CommandError(_("Nothing imported from %(file)s: %(problem)s") % {"file": path.name,
                                                                                   "problem": error}) from error
        self.stdout.write(report.summary())

    def export_file(self, *, path: Path, source: str, target: str, **options: Any) -> None:
        # Written beside the file, then renamed: a failed export never leaves half a TMX file under the name.
        partial = path.with_name(f".{path.name}.partial")
        try:
            with open(partial, "wb") as out:
                count = write_tmx(out, source_language=source, target_language=target)
            os.replace(partial, path)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(problem)s") % {"path": path, "problem": error.strerror}
                               ) from error  # fmt: skip
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(ngettext("%(count)s unit (%(source)s → %(target)s) written to %(path)s.",
                                   "%(count)s units (%(source)s → %(target)s) written to %(path)s.", count)
                          % {"count": count, "source": language_named(source), "target": language_named(target),
                             "path": path})  # fmt: skip

    def suggest(self, *, text: str, source: str, target: str, limit: int, **options: Any) -> None:
        found = suggest(text, source_language=language_named(source), target_language=language_named(target),
                        limit=limit)  # fmt: skip
        self.stdout.write(json.dumps([suggestion.as_json() for suggestion in found], ensure_ascii=False, indent=2))
