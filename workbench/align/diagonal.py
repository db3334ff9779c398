"""Unsure omissions that a nearby merge pays back, undone in favour of one-to-one beads.

Where a translation is free (rewritten verse, a compressed speech), the length model may
explain a unit that is much longer than its translation by merging it with a neighbour's
translation, and then has a unit left over on the other side, which it omits: a 1-0 bead
and a 1-2 bead next to each other, covering as many units on each side as the one-to-one
beads would.  Translators do omit units and do split them, but rarely both within two
units of each other, so when the aligner is itself unsure of every bead of such a run,
the one-to-one beads are the likelier reading (Alice's rewritten verse, 197-199 of the
paragraph gold; bench/README-align.md).  A run any bead of which the aligner is sure of is
left alone: there the length evidence did decide (at sentence level the same book has a
sure 1-2 beside an omission that its gold confirms).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .beads import Bead


def straighten(beads: Sequence[Bead], src_break: np.ndarray, tgt_break: np.ndarray, *, span: int,
               confidence: float) -> list[Bead]:
    """``beads`` with every run of at most ``span`` beads that holds an omission (a bead with
    an empty side), covers as many source as target units, and has no bead of confidence
    ``confidence`` or more replaced by one-to-one beads.  ``src_break``/``tgt_break`` mark the
    prefixes where a paragraph starts: a run is replaced only where the one-to-one beads
    start a paragraph on one side exactly where they do on the other.  A new bead's
    confidence is the run's least (the aligner was no surer of it)."""
    out: list[Bead] = []
    at = 0
    while at < len(beads):
        replaced = _one_to_one(beads[at:at + span], src_break, tgt_break, confidence)
        if replaced is None:
            out.append(beads[at])
            at += 1
            continue
        run, pairs, sure = replaced
        out.extend(Bead((s,), (t,), sure) for s, t in pairs)
        at += run
    return out


def _one_to_one(window: Sequence[Bead], src_break: np.ndarray, tgt_break: np.ndarray, confidence: float
                ) -> tuple[int, list[tuple[int, int]], float] | None:
    """The longest run at the start of ``window`` (two beads or more) that may be replaced:
    its length, its one-to-one pairs and their confidence; None when there is none."""
    for run in range(len(window), 1, -1):
        beads = window[:run]
        if all(b.source and b.target for b in beads):  # no omission in the run
            continue
        if max(b.confidence for b in beads) >= confidence:
            continue
        source = [i for b in beads for i in b.source]
        target = [j for b in beads for j in b.target]
        if len(source) != len(target):
            continue
        if any(src_break[i] != tgt_break[j] for i, j in zip(source[1:], target[1:], strict=True)):
            continue
        return run, list(zip(source, target, strict=True)), min(b.confidence for b in beads)
    return None
