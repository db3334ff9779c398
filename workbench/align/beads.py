"""The aligner's answer: beads of source and target unit indices (a module of its own so that the steps after the
search, diagonal.py, make beads without importing the aligner)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    """Source unit indices aligned with target unit indices (either side may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    def format(self, with_confidence: bool = False) -> str:
        src, tgt = ", ".join(map(str, self.source)), ", ".join(map(str, self.target))
        return f"[{src}]:[{tgt}]:{self.confidence:.3f}" if with_confidence else f"[{src}]:[{tgt}]"
