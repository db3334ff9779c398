"""Beads that omit a whole unit of several pieces at once.

Aligned through its clauses, a paragraph missing from the translation would cost one
omission per clause, so the search merged it into a neighbour's bead instead.  A skip
omits all the clauses of one unit in one bead.  On the source side it jumps from the row
where the unit starts to the row where it ends; on the target side it is a shortcut inside
a row, from the column where the unit starts to the column where it ends.

The searches first scan a row for 0-1 beads (a prefix scan), then apply the target
shortcuts here, for many rows at once.  Along a row, the unit boundaries cut it into
stretches that are either a skippable unit or a gap; a path crossing a stretch either
walks it with 0-1 beads or, if it is a unit, skips it.  So the value at every boundary is
a linear recurrence over the boundaries (min-plus for the best path, sum-product for the
forward and backward sums), solved with prefix scans, and every other column gets the best
(or the sum) of reaching its last boundary and walking on.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Skips:
    """The units of one side that a single bead may omit, with that bead's cost."""

    start: np.ndarray   # (k,) prefix where each unit starts, increasing
    end: np.ndarray     # (k,) prefix where it ends (at least start + 2)
    cost: np.ndarray    # (k,) cost of the bead omitting it
    # The other side's prefixes where a skip may be taken (None: all).  A unit omitted whole
    # lies between units of the other side, not inside one: the clause path of a sentence
    # that skipped a paragraph halfway made one bead of the sentence and the paragraph.
    beside: np.ndarray | None = None

    def by_prefix(self, count: int, at_end: bool) -> tuple[np.ndarray, np.ndarray]:
        """(count+1,) other end of the skip ending (or starting) at every prefix, -1 where
        none does, and its cost."""
        other = np.full(count + 1, -1, dtype=np.int64)
        cost = np.zeros(count + 1)
        here, there = (self.end, self.start) if at_end else (self.start, self.end)
        other[here] = there
        cost[here] = self.cost
        return other, cost


def _along(values: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``np.take_along_axis(values, cols, axis=1)`` for 2-D arrays, without its index
    building (the shortcuts run a few times per row step, on small arrays)."""
    return values[np.arange(len(values))[:, None], cols]


@dataclass
class RowBounds:
    """The unit boundaries of target skips inside the band of each of R rows."""

    col: np.ndarray     # (R, B) column of every boundary, relative to the row's band (0: padding)
    ok: np.ndarray      # (R, B) a boundary, not padding
    skip: np.ndarray    # (R, B) cost of skipping the unit from boundary p - 1 to p (inf: none)
    last: np.ndarray    # (R, W) last boundary at or before each column (-1: none)
    first: np.ndarray   # (R, W) first boundary at or after each column (>= count: none)
    count: np.ndarray   # (R,) boundaries in each row

    def rows(self, which: np.ndarray) -> RowBounds:
        return RowBounds(self.col[which], self.ok[which], self.skip[which], self.last[which],
                         self.first[which], self.count[which])


def row_bounds(skips: Skips | None, lo: np.ndarray, hi: np.ndarray, width: int, rows: np.ndarray
               ) -> RowBounds | None:
    """Boundaries of the target skips in the band [lo, hi) of every row of ``rows``; None
    when no skip lies inside any row's band.  Rows where ``skips.beside`` says no get none."""
    if skips is None or not len(skips.end):
        return None
    bounds = np.unique(np.concatenate([skips.start, skips.end]))
    cost_at = np.full(len(bounds), np.inf)
    cost_at[np.searchsorted(bounds, skips.end)] = skips.cost
    first = np.searchsorted(bounds, lo)
    count = np.searchsorted(bounds, hi) - first
    if skips.beside is not None:
        count = np.where(skips.beside[rows], count, 0)
    if int(count.max(initial=0)) < 2:
        return None
    p = np.arange(int(count.max()))
    ok = p < count[:, None]
    idx = np.minimum(first[:, None] + p, len(bounds) - 1)
    col = np.where(ok, bounds[idx] - lo[:, None], 0)
    # A skip ending at boundary p starts at boundary p - 1 (no boundary lies inside a unit);
    # the first boundary's unit starts before the band.
    skip = np.where(ok, cost_at[idx], np.inf)
    skip[:, 0] = np.inf
    marks = np.zeros((len(lo), width), dtype=np.int64)
    marks[np.nonzero(ok)[0], col[ok]] = 1
    last = np.cumsum(marks, axis=1) - 1
    return RowBounds(col, ok, skip, last, last + 1 - marks, count)


def shortcut_min(row0: np.ndarray, cum: np.ndarray, rb: RowBounds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best values of rows after their target skips.

    ``row0`` (R, W) are the values after the 0-1 scan, ``cum`` the prefix sums of the 0-1
    bead costs (walking from column a to b costs cum[b] - cum[a]).  Returns the new values,
    the columns whose value improved (they are reached by 0-1 beads from an improved column
    or by a skip) and the columns reached by a skip.
    """
    v = _along(row0, rb.col)
    v[~rb.ok] = np.inf
    c = _along(cum, rb.col)
    walk = np.zeros(v.shape)
    walk[:, 1:] = c[:, 1:] - c[:, :-1]
    step = np.where(rb.ok, np.minimum(walk, rb.skip), 0.0)
    # best[p] = min(v[p], best[p - 1] + step[p]): a prefix minimum after taking out the
    # cumulative steps.
    total = np.cumsum(step, axis=1)
    best = total + np.minimum.accumulate(v - total, axis=1)
    out, better, skipped = row0.copy(), np.zeros(row0.shape, dtype=bool), np.zeros(row0.shape, dtype=bool)
    # Only rows where a boundary improved change at all (most rows of most texts do not).
    rows = np.flatnonzero((best < v).any(axis=1))
    if not len(rows):
        return out, better, skipped
    at = np.maximum(rb.last[rows], 0)
    cand = _along(best[rows], at) + cum[rows] - _along(c[rows], at)
    # A margin, so that rounding in the two ways of summing the same walk flips nothing.
    better[rows] = (rb.last[rows] >= 0) & (cand < row0[rows] - 1e-9)
    out[rows] = np.where(better[rows], cand, row0[rows])
    by_skip = (best < v) & (rb.skip < walk) & rb.ok
    r, p = np.nonzero(by_skip)
    skipped[r, rb.col[r, p]] = True
    return out, better, skipped & better


def _affine_scan(log_a: np.ndarray, log_b: np.ndarray) -> np.ndarray:
    """x[p] = a[p] * x[p - 1] + b[p] along axis 1 from x[-1] = 0, with a, b and x as logs."""
    total = np.cumsum(log_a, axis=1)
    return total + np.logaddexp.accumulate(log_b - total, axis=1)


def shortcut_forward(f0: np.ndarray, g: np.ndarray, rb: RowBounds, inv_t: float) -> np.ndarray:
    """Forward log-sums of rows after their target skips.  ``f0`` are the sums after the
    0-1 scan, ``g`` the log weight prefix of walking (a to b weighs g[b] - g[a])."""
    v = _along(f0, rb.col)
    v[~rb.ok] = -np.inf
    gb = _along(g, rb.col)
    log_w = np.zeros(v.shape)
    log_w[:, 1:] = gb[:, 1:] - gb[:, :-1]
    log_s = np.where(rb.ok, -rb.skip * inv_t, -np.inf)
    # Sums over paths that skip at least once: through boundary p they either walked the
    # last stretch after skipping earlier, or skipped it after reaching its start anyhow.
    log_a = np.where(rb.ok, np.logaddexp(log_w, log_s), 0.0)
    log_b = np.full(v.shape, -np.inf)
    log_b[:, 1:] = v[:, :-1] + log_s[:, 1:]
    skipped = _affine_scan(log_a, log_b)
    return _add_where_it_counts(f0, g, gb, skipped, v, rb.last, rb.last >= 0, sign=1.0)


def shortcut_backward(b0: np.ndarray, g: np.ndarray, rb: RowBounds, inv_t: float) -> np.ndarray:
    """Backward log-sums of rows after their target skips (the mirror of the forward)."""
    v = _along(b0, rb.col)
    v[~rb.ok] = -np.inf
    gb = _along(g, rb.col)
    log_s = np.where(rb.ok, -rb.skip * inv_t, -np.inf)
    # Stretch p + 1 (boundary p to p + 1) seen from boundary p, for every p.
    log_a = np.zeros(v.shape)
    log_b = np.full(v.shape, -np.inf)
    nxt_ok = rb.ok[:, 1:]
    log_a[:, :-1] = np.where(nxt_ok, np.logaddexp(gb[:, 1:] - gb[:, :-1], log_s[:, 1:]), 0.0)
    log_b[:, :-1] = v[:, 1:] + log_s[:, 1:]
    skipped = _affine_scan(log_a[:, ::-1], log_b[:, ::-1])[:, ::-1]
    return _add_where_it_counts(b0, g, gb, skipped, v, np.minimum(rb.first, rb.col.shape[1] - 1),
                                rb.first < rb.count[:, None], sign=-1.0)


# Paths through skips weighing less than exp(-NEGLIGIBLE) of the others at every boundary of
# a row change none of its sums in double precision.
NEGLIGIBLE = 40.0


def _add_where_it_counts(plain: np.ndarray, g: np.ndarray, gb: np.ndarray, skipped: np.ndarray, v: np.ndarray,
                         at: np.ndarray, has: np.ndarray, sign: float) -> np.ndarray:
    """``plain`` plus, at every column, the paths through skips of its boundary ``at``
    walked to (sign 1) or from (sign -1) the column.  A column's plain sum already holds
    its boundary's plain sum times the same walk, so rows whose skip paths are negligible
    at every boundary are left as they are."""
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((skipped - v > -NEGLIGIBLE).any(axis=1))
    out = plain.copy()
    if not len(rows):
        return out
    at = at[rows]
    extra = _along(skipped[rows], at) + sign * (g[rows] - _along(gb[rows], at))
    out[rows] = np.where(has[rows], np.logaddexp(plain[rows], extra), plain[rows])
    return out
