from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from workbench.declarations.summary import rebuild


class Command(BaseCommand):
    help = ("Recount the progress summary (ProgressSummary: passages and words per declaration, language and "
            "progress bucket) from the passages, in one transaction. The write functions keep it right; run this "
            "after writing passages by other means (SQL, a restore made by hand).")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(f"progress summary rebuilt: {rows} rows in {time.perf_counter() - started:.1f} s")
