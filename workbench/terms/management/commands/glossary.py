"""`manage.py glossary import | export | propose`: a language pair's glossary from the command line."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workbench.exchange.units import ExchangeError
from workbench.memory.tmx import COMMAND_LINE_LIMIT, language_named
from workbench.terms.entries import GlossaryFileError
from workbench.terms.importing import export_entries, format_of, import_entries, read_file
from workbench.terms.proposals import propose


class Command(BaseCommand):
    help = (
        "The glossary of a language pair: `import FILE --source en --target fr` merges a TBX or CSV file into it "
        "(--replace also deletes the terms the file lacks), `export --source en --target fr FILE` writes it (format "
        "from the extension, .tbx or .csv), `propose --source en --target fr` proposes term pairs from the memory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export,propose}")
        reading = actions.add_parser("import", help="merge a TBX or CSV glossary, all or nothing")
        reading.add_argument("path", type=Path, help="the .tbx or .csv file")
        reading.add_argument("--replace", action="store_true", help="also delete the terms the file does not name")
        writing = actions.add_parser("export", help="write the glossary as TBX or CSV")
        writing.add_argument("path", type=Path, help="the .tbx or .csv file to write (replaced if it exists)")
        asking = actions.add_parser("propose", help="propose term pairs from the approved bitext")
        asking.add_argument("--limit", type=int, default=50, help="at most this many new proposals (default: 50)")
        for action in (reading, writing, asking):
            action.add_argument("--source", required=True, help="source language")
            action.add_argument("--target", required=True, help="target language")

    def handle(self, *args: Any, action: str, source: str, target: str, **options: Any) -> None:
        handlers = {"import": self.import_file, "export": self.export_file, "propose": self.propose}
        try:
            handlers[action](source=language_named(source), target=language_named(target), **options)
        except (ExchangeError, GlossaryFileError) as error:
            raise CommandError(str(error)) from error

    def import_file(self, *, path: Path, source: str, target: str, replace: bool, **options: Any) -> None:
        file_format = format_of(path.name)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(problem)s") % {"path": path, "problem": error.strerror}
                               ) from error  # fmt: skip
        try:
            entries = read_file(content, file_format, source_language=source, target_language=target,
                                limit=COMMAND_LINE_LIMIT)  # fmt: skip
        except GlossaryFileError as error:
            raise CommandError(_("Nothing imported from %(file)s: %(problem)s")
                               % {"file": path.name, "problem": error}) from error  # fmt: skip
        report = import_entries(entries, source_language=source, target_language=target, replace=replace)
        self.stdout.write(_("Glossary %(source)s → %(target)s: %(added)s added, %(updated)s updated, %(unchanged)s "
                            "unchanged, %(deleted)s deleted.")
                          % {"source": source, "target": target, "added": report.added, "updated": report.updated,
                             "unchanged": report.unchanged, "deleted": report.deleted})  # fmt: skip

    def export_file(self, *, path: Path, source: str, target: str, **options: Any) -> None:
        content = export_entries(format_of(path.name), source_language=source, target_language=target)
        # Written beside the file, then renamed: a failed export never leaves half a file under the name.
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(content)
            os.replace(partial, path)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(problem)s") % {"path": path, "problem": error.strerror}
                               ) from error  # fmt: skip
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(_("Glossary %(source)s → %(target)s written to %(path)s.")
                          % {"source": source, "target": target, "path": path})  # fmt: skip

    def propose(self, *, source: str, target: str, limit: int, **options: Any) -> None:
        proposals = propose(source, target, limit=limit)
        for proposal in proposals:
            self.stdout.write(f"{proposal.score:.2f}\t{proposal.pair_count}/{proposal.source_count}\t"
                              f"{proposal.source_phrase}\t{proposal.target_phrase}")  # fmt: skip
        self.stdout.write(ngettext("%(count)s open proposal.", "%(count)s open proposals.", len(proposals))
                          % {"count": len(proposals)})  # fmt: skip
