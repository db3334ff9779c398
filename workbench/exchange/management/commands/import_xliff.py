from __future__ import annotations

from workbench.exchange.management.commands._common import ImportCommand


class Command(ImportCommand):
    help = "Import an XLIFF 1.2 file exported by the workbench, as USER. All of it applies, or nothing does."
    format_name = "xliff"
