"""Long stretches of the translation with nothing opposite them (an annex, a chapter).

A banded search stores its band as a rectangle as wide as its widest row.  Where the
guiding path omits a long run of target units it does so inside one row (0-1 beads stay
on their row), and that one row would make every row as wide: a 3,000-sentence section
the source lacks cost 2.3 GB on a 15,000-sentence text.  So the inside of such a run is
folded into a single target unit before the search (``Folding``), and the path found
is unfolded afterwards (``Folding.unfold``).  A run need not sit in one row: the guiding
path may pair a few source units with it by chance, so any stretch it crosses far more
steeply than a translation does (``long_runs``: four times as steep by default) counts.
The run's first and last ``slack`` units stay as they are, so the search still decides
where it begins and ends; its inside can only be omitted, which is what the guiding path
says of it.  A source run needs nothing of the kind: 1-0 beads go down a column, one
narrow row each.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def long_runs(path: Sequence[tuple[int, int]], limit: int, slack: int, rows: int) -> list[tuple[int, int]]:
    """Target ranges ``[start, end)`` to fold: where ``path`` (in the units being aligned)
    crosses at least ``limit + 2 * slack`` target units within ``rows`` source units, the
    stretch it crosses less ``slack`` at both ends (overlapping stretches joined)."""
    pts = np.asarray(path, dtype=np.int64)
    if len(pts) < 2:
        return []
    # For every point, the last point at most ``rows`` source units further on.
    reach = np.searchsorted(pts[:, 0], pts[:, 0] + rows, "right") - 1
    starts = np.flatnonzero(pts[reach, 1] - pts[:, 1] >= limit + 2 * slack)
    runs: list[tuple[int, int]] = []
    for k in starts.tolist():
        lo, hi = int(pts[k, 1]), int(pts[reach[k], 1])
        if runs and lo <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], hi))
        else:
            runs.append((lo, hi))
    return [(lo + slack, hi - slack) for lo, hi in runs]


def whole_units(runs: list[tuple[int, int]], units: np.ndarray) -> list[tuple[int, int]]:
    """The runs cut down to the whole units inside them (``units``: where every unit
    starts, and the end), those of at least two units' length kept.  A unit one bead may
    omit whole (skips.py) is then folded whole or not at all: folded in part, its skip
    was split around the folded unit, and a passage of one paragraph came out as one
    omission per sentence with its edges paired to its neighbours."""
    out = []
    for lo, hi in runs:
        start = units[np.searchsorted(units, lo, "left")]
        end = units[np.searchsorted(units, hi, "right") - 1]
        if end - start >= 2:
            out.append((int(start), int(end)))
    return out


@dataclass(frozen=True)
class Folding:
    """Target units folded: every run ``[start, end)`` became one unit at ``start``
    (shifted by the runs folded before it)."""

    runs: tuple[tuple[int, int], ...]
    m: int   # target units before folding
    # Where the omission of a run is cut into beads when unfolded: the starts of the units
    # one bead may omit whole (skips.py), or None for one bead per unit.
    cuts: frozenset[int] | None = None

    def column(self, j: np.ndarray) -> np.ndarray:
        """Folded index of every target prefix ``j`` (inside a run: the end of its unit)."""
        j = np.asarray(j, dtype=np.int64)
        out = j.copy()
        removed = 0
        for start, end in self.runs:
            inside = (j > start) & (j < end)
            out[inside] = start + 1 - removed
            out[j >= end] -= end - start - 1
            removed += end - start - 1
        return out

    def keep(self) -> np.ndarray:
        """Mask of the target units that stay units of their own."""
        mask = np.ones(self.m, dtype=bool)
        for start, end in self.runs:
            mask[start:end] = False
        return mask

    def unit_of(self) -> np.ndarray:
        """Folded unit of every target unit."""
        return self.column(np.arange(self.m) + 1) - 1

    def prefixes(self, values: np.ndarray) -> np.ndarray:
        """A per-prefix array (length m + 1) with the prefixes inside runs taken out."""
        mask = np.ones(self.m + 1, dtype=bool)
        for start, end in self.runs:
            mask[start + 1:end] = False
        return values[mask]

    def unfold(self, path: Sequence[tuple[int, int]], costs: Sequence[float],
               posteriors: Sequence[float] | None
               ) -> tuple[list[tuple[int, int]], list[float], list[float] | None]:
        """The path in unfolded target units: a bead omitting a folded unit becomes one 0-1
        bead per unit of its run (or per stretch between ``cuts``), with the same posterior
        and an equal share of its cost."""
        table = self.prefixes(np.arange(self.m + 1))   # folded prefix -> unfolded prefix
        run_at = dict(self.runs)
        out_path = [(path[0][0], int(table[path[0][1]]))]
        out_costs: list[float] = []
        out_posts: list[float] | None = None if posteriors is None else []
        for k, ((i0, j0), (i1, j1)) in enumerate(zip(path, path[1:], strict=False)):
            a, b = int(table[j0]), int(table[j1])
            ends: Sequence[int] = [b]
            if i0 == i1 and run_at.get(a) == b:
                ends = [e for e in range(a + 1, b + 1) if self.cuts is None or e in self.cuts or e == b]
            for end in ends:
                out_path.append((i1, end))
                out_costs.append(costs[k] / len(ends))
                if out_posts is not None and posteriors is not None:
                    out_posts.append(posteriors[k])
        return out_path, out_costs, out_posts
