"""The checks' after_write hook: every write to a passage re-checks what it touched, in the write's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.checks.findings import refresh
from workbench.declarations.changes import Written


def check_writes(written: Sequence[Written]) -> None:
    """Replace the findings of each written passage × language. A source-text write re-checks every translation
    of the passage (they answer the new text now); a bulk write of thousands is one refresh, not thousands."""
    refresh((w.passage_id, None if w.language == w.source_language else w.language) for w in written)
