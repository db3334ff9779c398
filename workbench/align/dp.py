"""Banded dynamic programming over bead shapes, vectorised with numpy.

The search space is a staircase band: for every source prefix length ``i`` only
target prefix lengths ``lo[i] <= j < hi[i]`` are considered.  Rows are processed
one at a time, but every row is a handful of numpy operations over the whole
band width, so the Python-level work is linear in the number of source units.

Besides the best path (Viterbi) the module can run the forward-backward
recursions in log space; the posterior probability that a bead of the best path
is in the alignment is what the aligner reports as its confidence.  Long texts
use ``segmented.solve_segmented``, the same recursions on all segments at once.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .skips import RowBounds, Skips, row_bounds, shortcut_backward, shortcut_forward, shortcut_min

if TYPE_CHECKING:
    from .segmented import Grid

# (source units, target units) of every bead shape except 0-1, which is handled by
# a prefix scan inside each row because it stays on the same row.
SHAPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (1, 4), (4, 1), (3, 3),
)
MAX_SPAN = 4

_SQRT_HALF = 0.5 ** 0.5   # a Python float: it must not widen float32 arrays
_CELLS_PER_CHUNK = 1_500_000


def neg_log_erfc(z: np.ndarray) -> np.ndarray:
    """-log(erfc(z)) for z >= 0 without underflow for large z.

    Uses the Chebyshev-fitted erfc approximation popularised by Numerical
    Recipes (relative error below 1.2e-7), evaluated in log space.
    """
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    return -(np.log(t) - z * z + poly)


# The coefficients of neg_log_erfc's polynomial, constant term first (_length_cost_into).
_ERFC_COEFFS = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
                -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def length_cost(ls: np.ndarray, lt: np.ndarray, ratio: float, variance: float, rel_spread: float
                ) -> np.ndarray:
    """-log of the two-sided probability of a length deviation at least this large.

    Under the model this probability is uniform, so the cost has mean 1 over the beads
    of a text the model fits (``aligner`` uses that to detect texts it does not fit).
    """
    mean = np.maximum((ls * ratio + lt) * 0.5, 1.0)
    spread = variance * mean + (rel_spread * mean) ** 2
    delta = np.abs(lt - ls * ratio) / np.sqrt(spread)
    return neg_log_erfc(delta * _SQRT_HALF)


@dataclass
class CostModel:
    """Everything the bead cost depends on, for one pair of unit sequences."""

    src_prefix: np.ndarray          # (n+1,) cumulative source lengths
    tgt_prefix: np.ndarray          # (m+1,) cumulative target lengths
    ratio: float                    # expected target length per source character
    variance: float                 # Gale-Church variance per character
    rel_spread: float               # relative standard deviation that does not average out
    null_scale: float               # share of the length cost charged to 1-0 and 0-1 beads
    priors: dict[tuple[int, int], float]   # -log prior of every shape incl. (0, 1)
    evidence_weight: float
    ev_grid: np.ndarray | None = None      # (n, WM) evidence of unit pairs near the band
    ev_lo: np.ndarray | None = None        # (n,) absolute target column of ev_grid[:, 0]
    chance_prefix: np.ndarray | None = None  # (n+1,) cumulative expected chance evidence per
                                             # source unit, per unit of normalised target length
    # (n+1,) weight of the boundary at this prefix (0: none, 1: a paragraph's; bool is fine)
    src_break: np.ndarray | None = None
    tgt_break: np.ndarray | None = None    # (m+1,)
    break_mismatch: float = 0.0
    break_inside: float = 0.0
    # Subtracted from the cost of omitting each unit (1-0, 0-1 beads): see evidence.price_kept.
    src_null_bonus: np.ndarray | None = None   # (n,)
    tgt_null_bonus: np.ndarray | None = None   # (m,)
    # Whole units omitted by one bead (a paragraph dropped, aligned through its clauses):
    # see skips.py.  Both searches take them; a segment of the segmented search only those
    # whose two ends lie in it.
    src_skips: Skips | None = None
    tgt_skips: Skips | None = None
    # Cost of omitting one unit before the other text begins or after it ends, in place of
    # the omission's prior (None: the prior): one text may be only a part of the other.
    # Skips keep their price: at an edge the units' own omissions are the cheaper way.
    edge_null: float | None = None
    # Subtracted from every bead pairing units: end_score[src_end[i], tgt_end[j]] for a bead
    # ending at (i, j), the log-odds of how its two sides end (ends.py).
    end_score: np.ndarray | None = None
    src_end: np.ndarray | None = None   # (n+1,) int
    tgt_end: np.ndarray | None = None   # (m+1,) int
    src_break_cum: np.ndarray = field(init=False)
    tgt_break_cum: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.src_prefix) - 1
        m = len(self.tgt_prefix) - 1
        self.src_break = np.zeros(n + 1) if self.src_break is None else np.asarray(self.src_break, dtype=float)
        self.tgt_break = np.zeros(m + 1) if self.tgt_break is None else np.asarray(self.tgt_break, dtype=float)
        self.src_break_cum = np.cumsum(self.src_break)
        self.tgt_break_cum = np.cumsum(self.tgt_break)

    @property
    def n(self) -> int:
        return len(self.src_prefix) - 1

    @property
    def m(self) -> int:
        return len(self.tgt_prefix) - 1

    def length_cost(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        # Symmetric Gale-Church: the variance grows with the mean length of both sides
        # so that 0-1 and 1-0 beads get a finite, length-dependent cost.
        # A second, length-proportional spread term: translators' expansion differs from
        # one passage to the next, which pure Gale-Church would only allow for short units,
        # so long units (paragraphs) would otherwise be merged to average out their deviations.
        return length_cost(ls, lt, self.ratio, self.variance, self.rel_spread)

    def evidence(self, i0: np.ndarray, j0: np.ndarray, a: int, b: int) -> np.ndarray:
        """Evidence of a bead from the pair evidence of the unit pairs it joins.

        Each source unit is credited with its best partner in the bead and each target
        unit likewise (the two halves averaged).  Summing over all pairs instead would
        count a key repeated in neighbouring units once per pair and reward merging.
        """
        if self.ev_grid is None or a == 0 or b == 0:
            return np.zeros(i0.shape)
        width = self.ev_grid.shape[1]
        cells = [[None] * b for _ in range(a)]
        for t in range(a):
            r = i0 + t
            base = self.ev_lo[r]
            for u in range(b):
                col = j0 + u - base
                ok = (col >= 0) & (col < width)
                cells[t][u] = np.where(ok, self.ev_grid[r, np.clip(col, 0, width - 1)], 0.0)
        if a == 1 and b == 1:
            return cells[0][0]
        total = np.zeros(i0.shape)
        for t in range(a):
            row = cells[t][0]
            for u in range(1, b):
                row = np.maximum(row, cells[t][u])
            total += row
        for u in range(b):
            col = cells[0][u]
            for t in range(1, a):
                col = np.maximum(col, cells[t][u])
            total += col
        return total * 0.5

    def edge_discount(self, i: np.ndarray, j: np.ndarray, a: int, b: int) -> np.ndarray:
        """What an omission (a 1-0 bead at column ``j``, a 0-1 bead at row ``i``) costs
        less than its prior where the other text has not begun or has ended."""
        if self.edge_null is None or (a and b):
            return np.zeros(np.broadcast(i, j).shape)
        at_edge = (j == 0) | (j == self.m) if a else (i == 0) | (i == self.n)
        return np.where(at_edge, max(self.priors[(a, b)] - self.edge_null, 0.0), 0.0)

    def bead_cost(self, i0: np.ndarray, j0: np.ndarray, a: int, b: int) -> np.ndarray:
        """Cost of the bead covering source [i0, i0+a) and target [j0, j0+b).

        The caller guarantees that indices are in range (it masks invalid cells).
        """
        ls = self.src_prefix[i0 + a] - self.src_prefix[i0]
        lt = self.tgt_prefix[j0 + b] - self.tgt_prefix[j0]
        if a and b:
            cost = self.length_cost(ls, lt) + self.priors[(a, b)]
        else:
            # Gale-Church prices an omitted unit by its length, which makes dropping a
            # long paragraph so dear that the search merges it into a neighbour instead.
            cost = self.priors[(a, b)] + self.null_scale * self.length_cost(ls, lt)
            if a and self.src_null_bonus is not None:
                cost = cost - self.src_null_bonus[i0]
            if b and self.tgt_null_bonus is not None:
                cost = cost - self.tgt_null_bonus[j0]
            cost = cost - self.edge_discount(i0, j0, a, b)
        if self.evidence_weight and a and b:
            cost = cost - self.evidence_weight * self.evidence(i0, j0, a, b)
        if self.end_score is not None and a and b:
            assert self.src_end is not None and self.tgt_end is not None
            cost = cost - self.end_score[self.src_end[i0 + a], self.tgt_end[j0 + b]]
        if self.break_mismatch:
            cost = cost + self.break_mismatch * np.abs(self.src_break[i0 + a] - self.tgt_break[j0 + b])
        if self.break_inside:
            inside = np.zeros(i0.shape)
            if a > 1:
                inside += self.src_break_cum[i0 + a - 1] - self.src_break_cum[i0]
            if b > 1:
                inside += self.tgt_break_cum[j0 + b - 1] - self.tgt_break_cum[j0]
            cost = cost + self.break_inside * inside
        return cost


@dataclass
class Band:
    lo: np.ndarray   # (n+1,) first allowed target prefix per source prefix
    hi: np.ndarray   # (n+1,) one past the last allowed target prefix

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max())

    @staticmethod
    def full(n: int, m: int) -> Band:
        return Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))


@dataclass
class Result:
    path: list[tuple[int, int]]      # lattice points from (0, 0) to (n, m)
    costs: list[float]               # cost of each bead of the path
    posteriors: list[float] | None   # probability of each bead, if requested
    # The band and bead costs of a segmented search, for a later search in a band inside it.
    cells: tuple[Band, Grid] | None = field(default=None, repr=False)


def chunks(n_rows: int, width: int, reverse: bool) -> list[tuple[int, int]]:
    """Row blocks of about _CELLS_PER_CHUNK bead costs each, in the order they are filled."""
    per = max(1, _CELLS_PER_CHUNK // max(1, width * len(SHAPES)))
    out = [(r, min(r + per, n_rows)) for r in range(0, n_rows, per)]
    return out[::-1] if reverse else out


def _length_cost_into(ls: np.ndarray, lt: np.ndarray, ratio: float, variance: float, rel_spread: float,
                      out: np.ndarray) -> np.ndarray:
    """``length_cost`` of a (rows, 1) ``ls`` against (rows, width) ``lt``, written to ``out``.

    The same operations in the same order as ``length_cost`` and ``neg_log_erfc`` (so the
    same values bit for bit), but in place in ``out`` and two scratch arrays instead of
    some thirty temporaries: on the long texts' row blocks that is most of the time.
    The parameters are Python floats, as in the aligner, so float32 stays float32.
    """
    scaled = ls * ratio
    mean = np.add(scaled, lt, out=out)
    np.multiply(mean, 0.5, out=mean)
    np.maximum(mean, 1.0, out=mean)
    extra = np.multiply(mean, rel_spread, out=np.empty_like(out))
    np.square(extra, out=extra)
    spread = np.multiply(mean, variance, out=mean)
    np.add(spread, extra, out=spread)
    root = np.sqrt(spread, out=spread)
    z = np.subtract(lt, scaled, out=extra)
    np.abs(z, out=z)
    np.divide(z, root, out=z)
    np.multiply(z, _SQRT_HALF, out=z)
    # neg_log_erfc(z): t = 1 / (1 + z/2), Horner's scheme from the innermost coefficient.
    t = np.multiply(z, 0.5, out=root)
    np.add(t, 1.0, out=t)
    np.divide(1.0, t, out=t)
    poly = np.multiply(t, _ERFC_COEFFS[-1], out=np.empty_like(out))
    for c in _ERFC_COEFFS[-2:0:-1]:
        np.add(poly, c, out=poly)
        np.multiply(poly, t, out=poly)
    np.add(poly, _ERFC_COEFFS[0], out=poly)
    np.square(z, out=z)
    result = np.log(t, out=t)
    np.subtract(result, z, out=result)
    np.add(result, poly, out=result)
    return np.negative(result, out=result)


def _padded_rows(values: np.ndarray, fill: float, left: int, right: int, dtype: type,
                 extra_rows: int = 0) -> np.ndarray:
    """A copy of a 2-D array with ``fill`` columns on both sides (and rows at the end)."""
    rows, width = values.shape
    out = np.full((rows + extra_rows, left + width + right), fill, dtype=dtype)
    out[:rows, left:left + width] = values
    return out


def shape_costs(model: CostModel, band: Band, rows: np.ndarray, width: int, outgoing: bool,
                 with_index: bool = True, dtype: type = np.float64,
                 out: tuple[np.ndarray, np.ndarray] | None = None,
                 ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """Costs of every shape ending (or, with ``outgoing``, starting) at the band cells of ``rows``.

    Returns the (shapes, rows, width) costs (inf where the bead leaves the band), the flat
    indices of the other end of every bead (predecessor or successor, in a (n+1, width)
    array), the (rows, width) costs of the 0-1 bead ending (starting) at each cell, and
    the valid-cell mask.  Equal to ``CostModel.bead_cost`` cell by cell, but computed on
    whole row blocks: all shapes at a cell share their unit pairs, so the pair evidence is
    gathered once per (source offset, target offset), 16 gathers a cell instead of 44, and
    the per-shape maxima are built incrementally from them.  ``dtype`` is the precision
    of the arithmetic (float32 where the costs are stored as float32 anyway).  ``out``
    are (costs, 0-1 costs) arrays to fill instead of new ones.

    Everything that depends on the target column only (lengths of the last b target units,
    paragraph marks) is a 1-D table per b, read for a whole row block as windows of
    ``width`` columns starting at every row's first band column (one copy, no index
    arrays).  A bead is in the band on an interval of columns of every row, so its mask is
    two comparisons.  Cells outside the mask get whatever the tables hold there; their
    cost is replaced by inf.
    """
    n, m = model.n, model.m
    count = len(rows)
    n_shapes = len(SHAPES)
    sign = 1 if outgoing else -1
    cols = np.arange(width)
    lo_r, hi_r = band.lo, band.hi
    lo_rows = lo_r[rows]
    valid = cols < (hi_r[rows] - lo_rows)[:, None]
    rows_c = np.clip(rows, 0, n)
    if out is None:
        costs = np.empty((n_shapes, count, width), dtype=dtype)
        c01 = np.empty((count, width), dtype=dtype)
    else:
        costs, c01 = out
    idx = np.zeros((n_shapes, count, width), dtype=np.int64) if with_index else None

    # Column tables are indexed by target prefix j; a row block reads j = lo[row] + column
    # (+ b for outgoing beads, whose other end is to the right).  Padded so that every
    # window stays inside: columns past m are never in the band.
    table_len = m + 1 + width + MAX_SPAN

    def windows(table: np.ndarray, shift: int) -> np.ndarray:
        return sliding_window_view(table, width)[lo_rows + shift]

    def column_table(values: np.ndarray, first: int = 0, kind: type = np.float64) -> np.ndarray:
        # ``values`` at prefixes first .. m, zeros elsewhere (past m: padding).
        table = np.zeros(table_len, dtype=kind)
        table[first:m + 1] = values
        return table

    tgt_prefix = model.tgt_prefix

    def target_lengths(b: int) -> np.ndarray:
        # Length of the b target units before prefix j: differences of the float64 prefix
        # sums first (they are exact, the sums may not be), then the cast.
        values = (tgt_prefix[b:] - tgt_prefix[:-b]).astype(dtype) if b else 0.0
        return windows(column_table(values, b, dtype), b if outgoing else 0)

    # Pair evidence of source unit (k-th from the cell) and target unit (u-th from the cell):
    # incoming beads cover units i-1, i-2, ... and j-1, j-2, ...; outgoing ones i, i+1, ...
    # Read as windows of the block's evidence rows, padded with a width of zero columns each
    # side (a window further out has no column in range) and a zero row for rows outside
    # 0..n-1.
    pair_ok = model.ev_grid is not None and bool(model.evidence_weight) and count > 0
    pair: dict[tuple[int, int], np.ndarray] = {}
    if pair_ok:
        assert model.ev_grid is not None and model.ev_lo is not None
        ev_w = model.ev_grid.shape[1]
        first_row = max(int(rows.min()) - MAX_SPAN, 0)
        past_row = min(int(rows.max()) + MAX_SPAN, n)
        padded = _padded_rows(model.ev_grid[first_row:past_row], 0.0, width, width, dtype, extra_rows=1)
        pad_w = padded.shape[1]
        ev_windows = sliding_window_view(padded.reshape(-1), width)

    def pair_ev(k: int, u: int) -> np.ndarray:
        key = (k, u)
        if key not in pair:
            r = rows + k if outgoing else rows - 1 - k
            inside = (r >= 0) & (r < n)
            rc = np.where(inside, r, past_row)
            c0 = lo_rows + (u if outgoing else -1 - u) - model.ev_lo[np.clip(rc, 0, max(n - 1, 0))]
            c0 = np.clip(c0, -width, ev_w)
            pair[key] = ev_windows[(rc - first_row) * pad_w + width + c0]
        return pair[key]

    def evidence(a: int, b: int) -> np.ndarray | float:
        if not pair_ok or a == 0 or b == 0:
            return 0.0
        if a == 1 and b == 1:
            return pair_ev(0, 0)
        # Each source unit credited with its best partner, each target unit likewise.
        total = 0.0
        for k in range(a):
            row = row_max.get((k, b))
            if row is None:
                row = pair_ev(k, 0)
                for u in range(1, b):
                    row = np.maximum(row, pair_ev(k, u))
                row_max[(k, b)] = row
            total = total + row
        for u in range(b):
            col = col_max.get((u, a))
            if col is None:
                col = pair_ev(0, u)
                for k in range(1, a):
                    col = np.maximum(col, pair_ev(k, u))
                col_max[(u, a)] = col
            total = total + col
        return total * 0.5

    row_max: dict[tuple[int, int], np.ndarray] = {}
    col_max: dict[tuple[int, int], np.ndarray] = {}
    if model.break_mismatch:
        tgt_break = column_table(model.tgt_break)
        if not outgoing:
            # Every incoming bead ends at the cell itself.
            end_mismatch = (model.break_mismatch
                            * np.abs(model.src_break[rows_c][:, None] - windows(tgt_break, 0))).astype(dtype)
    ends_ok = model.end_score is not None
    if ends_ok:
        assert model.end_score is not None and model.src_end is not None and model.tgt_end is not None
        end_score = model.end_score.astype(dtype)
        tgt_end = column_table(model.tgt_end, kind=np.int64)
        if not outgoing:
            # Every incoming bead ends at the cell itself.
            end_bonus = end_score[model.src_end[rows_c][:, None], windows(tgt_end, 0)]
    scratch = np.empty((count, width), dtype=dtype)
    for s, (a, b) in enumerate((*SHAPES, (0, 1))):
        target = c01 if s == n_shapes else costs[s]
        other = rows + sign * a                      # row of the bead's other end
        oc = np.clip(other, 0, n)
        # Columns w whose other end j + sign*b lies in the band row oc and in 0..m.
        w_lo = np.maximum(lo_r[oc], 0) - lo_rows - sign * b
        w_hi = np.minimum(np.minimum(hi_r[oc], m + 1) - lo_rows - sign * b, hi_r[rows] - lo_rows)
        w_hi = np.where((other >= 0) & (other <= n), w_hi, 0)
        if not (w_hi > np.maximum(w_lo, 0)).any():
            target.fill(np.inf)
            continue
        ok = (cols >= w_lo[:, None]) & (cols < w_hi[:, None])
        ls = np.abs(model.src_prefix[oc] - model.src_prefix[rows_c]).astype(dtype)[:, None]
        cost = _length_cost_into(ls, target_lengths(b), model.ratio, model.variance, model.rel_spread,
                                 target)
        if a and b:
            np.add(cost, model.priors[(a, b)], out=cost)
        else:
            np.multiply(cost, model.null_scale, out=cost)
            np.add(cost, model.priors[(a, b)], out=cost)
            if a and model.src_null_bonus is not None:
                # The omitted source unit: row - 1 for incoming beads, row for outgoing ones.
                unit = np.clip(rows if outgoing else rows - 1, 0, max(n - 1, 0))
                np.subtract(cost, model.src_null_bonus[unit].astype(dtype)[:, None], out=cost)
            if b and model.tgt_null_bonus is not None:
                table = column_table(model.tgt_null_bonus, 1, dtype)
                np.subtract(cost, windows(table, 1 if outgoing else 0), out=cost)
            if model.edge_null is not None:
                # A 1-0 bead stays in its column, a 0-1 bead in its row.
                edge = model.edge_discount(rows_c[:, None], lo_rows[:, None] + cols, a, b)
                np.subtract(cost, edge.astype(dtype), out=cost)
        if a and b and pair_ok:
            np.subtract(cost, np.multiply(evidence(a, b), model.evidence_weight, out=scratch), out=cost)
        if a and b and ends_ok:
            if outgoing:
                np.subtract(cost, end_score[model.src_end[oc][:, None], windows(tgt_end, b)], out=cost)
            else:
                np.subtract(cost, end_bonus, out=cost)
        if model.break_mismatch:
            if outgoing:
                mismatch = np.abs(model.src_break[oc][:, None] - windows(tgt_break, b))
                np.add(cost, (model.break_mismatch * mismatch).astype(dtype), out=cost)
            else:
                np.add(cost, end_mismatch, out=cost)
        if model.break_inside and (a > 1 or b > 1):
            # Paragraph starts strictly inside the bead's span on either side.
            inside = 0.0
            if a > 1:
                cum = model.src_break_cum
                first_i = np.minimum(oc, rows_c)
                inside = inside + (cum[np.clip(first_i + a - 1, 0, n)] - cum[first_i])[:, None]
            if b > 1:
                # Marks at target prefixes j-b+1 .. j-1 of a bead ending at prefix j.
                cum = model.tgt_break_cum
                inside = inside + windows(column_table(cum[b - 1:m] - cum[:m + 1 - b], b), b if outgoing else 0)
            np.add(cost, (model.break_inside * inside).astype(dtype), out=cost)
        np.copyto(cost, np.inf, where=~ok)
        if idx is not None and s < n_shapes:
            joc = np.clip(lo_rows[:, None] + cols + sign * b, 0, m)
            idx[s] = oc[:, None] * width + (joc - lo_r[oc][:, None])
    return costs, idx, c01, valid


def _incoming(model: CostModel, band: Band, rows: np.ndarray, width: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Costs and predecessor flat indices of every shape ending at the given rows."""
    costs, idx, c01, valid = shape_costs(model, band, rows, width, outgoing=False)
    assert idx is not None
    return costs, idx, c01, valid


def _outgoing(model: CostModel, band: Band, rows: np.ndarray, width: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Costs and successor flat indices of every shape starting at the given rows."""
    costs, idx, c01, valid = shape_costs(model, band, rows, width, outgoing=True)
    assert idx is not None
    return costs, idx, c01, valid


def logsumexp0(vals: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """log(sum(exp(vals), axis=0)); ``overwrite`` lets it use ``vals`` as scratch space."""
    top = vals.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    if overwrite:
        np.subtract(vals, safe, out=vals)
        scores = np.exp(vals, out=vals)
    else:
        scores = np.exp(vals - safe)
    with np.errstate(divide="ignore"):
        return safe + np.log(scores.sum(axis=0))


SRC_SKIP = len(SHAPES) + 2   # back pointer of a skip over a whole source unit
TGT_SKIP = len(SHAPES) + 3   # ... over a whole target unit


class SourceSkips:
    """The source skips of ``model`` by the row where they end and where they start."""

    def __init__(self, model: CostModel, band: Band, width: int) -> None:
        self.band, self.width = band, width
        self.on = model.src_skips is not None and len(model.src_skips.end) > 0
        # Target prefixes where a source skip may be taken (see Skips.beside), padded so
        # that every column of the band can be looked up.
        self.beside: np.ndarray | None = None
        if self.on:
            self.from_, self.from_cost = model.src_skips.by_prefix(model.n, at_end=True)
            self.to, self.to_cost = model.src_skips.by_prefix(model.n, at_end=False)
            if model.src_skips.beside is not None:
                self.beside = np.zeros(model.m + 1 + width, dtype=bool)
                self.beside[:model.m + 1] = model.src_skips.beside

    def allowed(self, inside: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``inside`` where a source skip may be taken at target prefixes ``j`` (in the band)."""
        return inside if self.beside is None else inside & self.beside[j]

    def other_row(self, table: np.ndarray, i: int, other: int) -> np.ndarray:
        """Row ``other`` of a (n+1, width) table read at the absolute columns of row ``i``
        (nan outside row ``other``'s band, and where no skip may be taken)."""
        lo, hi = self.band.lo, self.band.hi
        k = lo[i] - lo[other] + np.arange(self.width)
        inside = self.allowed((k >= 0) & (k < hi[other] - lo[other]), lo[i] + np.arange(self.width))
        return np.where(inside, table[other * self.width + np.clip(k, 0, self.width - 1)], np.nan)


def _target_bounds(model: CostModel, band: Band, rows: np.ndarray, width: int) -> RowBounds | None:
    return row_bounds(model.tgt_skips, band.lo[rows], band.hi[rows], width, rows)


def solve(model: CostModel, band: Band, temperature: float | None = None) -> Result:
    """Best path through the band; with a temperature, also bead posteriors."""
    n, m = model.n, model.m
    width = band.width
    n_shapes = len(SHAPES)
    best = np.full((n + 1) * width, np.inf)
    back = np.zeros((n + 1) * width, dtype=np.int8)
    want_post = temperature is not None
    fwd = np.full((n + 1) * width, -np.inf) if want_post else None
    inv_t = 1.0 / temperature if want_post else 0.0
    src_skips = SourceSkips(model, band, width)
    with np.errstate(invalid="ignore", over="ignore"):
        for r0, r1 in chunks(n + 1, width, reverse=False):
            rows = np.arange(r0, r1)
            costs, idx, c01, valid = _incoming(model, band, rows, width)
            scan = np.where(valid & np.isfinite(c01), c01, 0.0)
            cum = np.cumsum(scan, axis=1)
            bounds = _target_bounds(model, band, rows, width)
            for r, i in enumerate(rows):
                base = i * width
                src_skip = src_skips.on and src_skips.from_[i] >= 0
                if i == 0:
                    x = np.full(width, np.inf)
                    x[0] = 0.0   # band.lo[0] == 0 is guaranteed
                    arg = np.zeros(width, dtype=np.int8)
                else:
                    vals = best[idx[:, r]] + costs[:, r]
                    arg = vals.argmin(axis=0).astype(np.int8)
                    x = vals[arg, np.arange(width)]
                if src_skip:
                    # The whole source unit ending here omitted: from its start's row.
                    cand = src_skips.other_row(best, i, src_skips.from_[i]) + src_skips.from_cost[i]
                    better = cand < x
                    x = np.where(better, cand, x)
                    arg = np.where(better, SRC_SKIP, arg).astype(np.int8)
                y = x - cum[r]
                acc = np.minimum.accumulate(y)
                row = acc + cum[r]
                row[~valid[r]] = np.inf
                row_back = np.where(acc == y, arg, n_shapes).astype(np.int8)
                shortcuts = bounds is not None and bounds.count[r] >= 2
                if shortcuts:
                    rb = bounds.rows(slice(r, r + 1))
                    new, better, skipped = shortcut_min(row[None], cum[r][None], rb)
                    row = np.where(valid[r], new[0], np.inf)
                    row_back = np.where(skipped[0], TGT_SKIP, np.where(better[0], n_shapes, row_back))
                best[base:base + width] = row
                back[base:base + width] = row_back
                if want_post:
                    if i == 0:
                        fx = np.where(np.arange(width) == 0, 0.0, -np.inf)
                    else:
                        fx = logsumexp0(fwd[idx[:, r]] - costs[:, r] * inv_t)
                    if src_skip:
                        prev = src_skips.other_row(fwd, i, src_skips.from_[i])
                        fx = np.logaddexp(fx, np.where(np.isnan(prev), -np.inf,
                                                       prev - src_skips.from_cost[i] * inv_t))
                    g = -cum[r] * inv_t
                    frow = np.logaddexp.accumulate(fx - g) + g
                    frow[~valid[r]] = -np.inf
                    if shortcuts:
                        frow = np.where(valid[r], shortcut_forward(frow[None], g[None], rb, inv_t)[0], -np.inf)
                    fwd[base:base + width] = frow

    # Trace back the best path.
    tgt_from = model.tgt_skips.by_prefix(m, at_end=True)[0] if model.tgt_skips is not None else None
    path = [(n, m)]
    i, j = n, m
    while i > 0 or j > 0:
        s = int(back[i * width + (j - band.lo[i])])
        if s == n_shapes:
            a, b = 0, 1
        elif s == SRC_SKIP:
            a, b = i - int(src_skips.from_[i]), 0
        elif s == TGT_SKIP:
            a, b = 0, j - int(tgt_from[j])
        else:
            a, b = SHAPES[s]
        i, j = i - a, j - b
        path.append((i, j))
    path.reverse()
    bead_costs = costs_along(model, path)
    if not want_post:
        return Result(path, bead_costs, None)

    bwd = _backward(model, band, width, inv_t)
    log_z = fwd[n * width + (m - band.lo[n])]
    posts = []
    for ((i0, j0), (i1, j1)), c in zip(zip(path, path[1:], strict=False), bead_costs, strict=False):
        lp = fwd[i0 * width + (j0 - band.lo[i0])] - c * inv_t + bwd[i1 * width + (j1 - band.lo[i1])] - log_z
        posts.append(float(np.exp(min(0.0, lp))))
    return Result(path, bead_costs, posts)


def paired_beads(path: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The (k, 2) lattice points where the beads of ``path`` that pair units (both sides
    non-empty) start, and where they end."""
    pts = np.asarray(path, dtype=np.int64).reshape(-1, 2)
    both = (np.diff(pts, axis=0) > 0).all(axis=1)
    return pts[:-1][both], pts[1:][both]


def costs_along(model: CostModel, path: list[tuple[int, int]]) -> list[float]:
    pts = np.array(path, dtype=np.int64)
    starts, steps = pts[:-1], np.diff(pts, axis=0)
    out = np.zeros(len(steps))
    # Skips (omissions of several units) are priced by the prefix where they end.
    src_skip = tgt_skip = None
    if model.src_skips is not None and ((steps[:, 0] > 1) & (steps[:, 1] == 0)).any():
        src_skip = model.src_skips.by_prefix(model.n, at_end=True)[1]
    if model.tgt_skips is not None and ((steps[:, 1] > 1) & (steps[:, 0] == 0)).any():
        tgt_skip = model.tgt_skips.by_prefix(model.m, at_end=True)[1]
    for a, b in set(zip(steps[:, 0].tolist(), steps[:, 1].tolist(), strict=True)):
        sel = (steps[:, 0] == a) & (steps[:, 1] == b)
        if b == 0 and a > 1:
            out[sel] = src_skip[starts[sel, 0] + a]
        elif a == 0 and b > 1:
            out[sel] = tgt_skip[starts[sel, 1] + b]
        else:
            out[sel] = model.bead_cost(starts[sel, 0], starts[sel, 1], a, b)
    return out.tolist()


def _backward(model: CostModel, band: Band, width: int, inv_t: float) -> np.ndarray:
    n, m = model.n, model.m
    bwd = np.full((n + 1) * width, -np.inf)
    src_skips = SourceSkips(model, band, width)
    with np.errstate(invalid="ignore", over="ignore"):
        for r0, r1 in chunks(n + 1, width, reverse=True):
            rows = np.arange(r0, r1)
            costs, idx, c01, valid = _outgoing(model, band, rows, width)
            # h[k] = score of the 0-1 bead leaving column k; H is its exclusive prefix sum.
            h = np.where(valid & np.isfinite(c01), -c01 * inv_t, 0.0)
            big_h = np.cumsum(h, axis=1) - h
            bounds = _target_bounds(model, band, rows, width)
            for r in range(len(rows) - 1, -1, -1):
                i = rows[r]
                base = i * width
                if i == n:
                    y = np.full(width, -np.inf)
                    y[m - band.lo[n]] = 0.0
                else:
                    y = logsumexp0(bwd[idx[:, r]] - costs[:, r] * inv_t)
                if src_skips.on and src_skips.to[i] >= 0:
                    after = src_skips.other_row(bwd, i, src_skips.to[i])
                    y = np.logaddexp(y, np.where(np.isnan(after), -np.inf, after - src_skips.to_cost[i] * inv_t))
                z = y + big_h[r]
                row = np.logaddexp.accumulate(z[::-1])[::-1] - big_h[r]
                row[~valid[r]] = -np.inf
                if bounds is not None and bounds.count[r] >= 2:
                    rb = bounds.rows(slice(r, r + 1))
                    row = np.where(valid[r], shortcut_backward(row[None], big_h[r][None], rb, inv_t)[0], -np.inf)
                bwd[base:base + width] = row
    return bwd
