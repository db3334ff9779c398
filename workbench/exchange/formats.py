"""The exchange formats the desk offers, registered in one place: add a module here and it appears everywhere."""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from workbench.declarations.models import Declaration
from workbench.exchange import po, xliff


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    module: ModuleType

    def export(self, declaration: Declaration, language: str) -> bytes:
        return self.module.export_declaration(declaration, language)


FORMATS = {
    "po": Format("po", "PO (gettext)", "po", "text/x-gettext-translation; charset=utf-8", po),
    "xliff": Format("xliff", "XLIFF 1.2", "xlf", "application/x-xliff+xml", xliff),
}


def guess(filename: str) -> Format | None:
    """The format a file's name says it is in."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return next((f for f in FORMATS.values() if suffix in (f.extension, f.name)), None)
