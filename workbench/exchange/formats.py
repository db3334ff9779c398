"""The exchange formats the desk offers, registered in one place: add a module here and it appears everywhere."""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from workbench.declarations.models import Declaration
from workbench.exchange import po, xliff
from workbench.exchange.applying import apply_file
from workbench.exchange.units import ImportReport


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    module: ModuleType

    def export(self, declaration: Declaration, language: str) -> bytes:
        return self.module.export_declaration(declaration, language)

    def import_content(
        self,
        content: bytes,
        *,
        user: Any,
        declaration: Declaration | None = None,
        language: str | None = None,
        dry_run: bool = False,
    ) -> ImportReport:
        """Parse a file in this format and apply it (all or nothing): the one entry point for the commands, the
        desk's upload and the background job. Raises ExchangeError for a file that cannot be read."""
        return apply_file(
            parsed=self.module.parse(content),
            user=user,
            label_for=self.module.label_for,
            state_for=self.module.state_for,
            declaration=declaration,
            language=language,
            dry_run=dry_run,
        )


FORMATS = {
    "po": Format("po", "PO (gettext)", "po", "text/x-gettext-translation; charset=utf-8", po),
    "xliff": Format("xliff", "XLIFF 1.2", "xlf", "application/x-xliff+xml", xliff),
}


def guess(filename: str) -> Format | None:
    """The format a file's name says it is in."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return next((f for f in FORMATS.values() if suffix in (f.extension, f.name)), None)
