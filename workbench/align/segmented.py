"""Segmented search for long inputs (``solve_segmented``).

The row-by-row recursions of ``dp.solve`` cost a few dozen numpy calls per source unit, which
dominates on long texts.  Here the rows are cut into segments of ``seg_rows`` core
rows, each widened by ``overlap`` rows on both sides, and all segments advance one
row at a time together, so the Python-level steps drop from n to about
seg_rows + 2 * overlap whatever the length.  A segment starts and ends anywhere in
its first and last row (free ends); optimal paths that start at different points
merge after a few beads, so each segment's path agrees with the global one inside
its core, and consecutive paths are joined at a lattice point they share.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .dp import (
    MAX_SPAN,
    SHAPES,
    SRC_SKIP,
    TGT_SKIP,
    Band,
    CostModel,
    Result,
    SourceSkips,
    chunks,
    costs_along,
    logsumexp0,
    shape_costs,
)
from .parallel import map_parallel, run_parallel
from .skips import RowBounds, row_bounds, shortcut_backward, shortcut_forward, shortcut_min


@dataclass
class _SegmentSkips:
    """The skips of a model as the segmented searches read them: all segments at once."""

    src: SourceSkips
    tgt: RowBounds | None           # the target shortcuts of every row of the band
    tgt_from: np.ndarray | None     # (m+1,) start of the target skip ending at each prefix

    @staticmethod
    def of(model: CostModel, band: Band) -> _SegmentSkips:
        width = band.width
        tgt = row_bounds(model.tgt_skips, band.lo, band.hi, width, np.arange(model.n + 1))
        tgt_from = model.tgt_skips.by_prefix(model.m, at_end=True)[0] if tgt is not None else None
        return _SegmentSkips(SourceSkips(model, band, width), tgt, tgt_from)

    def source_rows(self, grid: Grid, g: np.ndarray, t: int, incoming: bool
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Segments whose row ``g`` ends (incoming) or starts a source skip whose other end
        lies in the segment: their indices, the other end's local row and the skip's cost."""
        if not self.src.on:
            return None
        other = self.src.from_[g] if incoming else self.src.to[g]
        if incoming:
            has = (other >= grid.start) & (t > 0)
        else:
            has = (other >= 0) & (other <= grid.end) & (t < grid.end - grid.start)
        ks = np.flatnonzero(has)
        if not len(ks):
            return None
        cost = (self.src.from_cost if incoming else self.src.to_cost)[g[ks]]
        return ks, _PAD + other[ks] - grid.start[ks], cost

    def target_rows(self, g: np.ndarray, active: np.ndarray | bool = True) -> tuple[np.ndarray, RowBounds] | None:
        """Segments (among ``active`` ones) whose current row ``g`` holds a whole target
        skip, and the boundaries of those rows."""
        if self.tgt is None:
            return None
        ks = np.flatnonzero((self.tgt.count[g] >= 2) & active)
        return (ks, self.tgt.rows(g[ks])) if len(ks) else None

    def read(self, table: np.ndarray, band: Band, grid: Grid, g: np.ndarray, ks: np.ndarray, local: np.ndarray,
             fill: float) -> np.ndarray:
        """Local rows ``local`` of segments ``ks`` of a (K, stride, width) table, read at the
        absolute columns of their current rows ``g[ks]`` (``fill`` outside the band, and
        where no source skip may be taken)."""
        width = table.shape[2]
        other = local - _PAD + grid.start[ks]
        col = (band.lo[g[ks]] - band.lo[other])[:, None] + np.arange(width)
        inside = (col >= 0) & (col < (band.hi[other] - band.lo[other])[:, None])
        inside = self.src.allowed(inside, band.lo[g[ks]][:, None] + np.arange(width))
        values = table[ks[:, None], local[:, None], np.clip(col, 0, width - 1)]
        return np.where(inside, values, fill)


_START = len(SHAPES) + 1   # back pointer of a free start cell
_SHAPE_A = np.array([s[0] for s in SHAPES], dtype=np.int64)
_SHAPE_B = np.array([s[1] for s in SHAPES], dtype=np.int64)


@dataclass
class Grid:
    """Bead costs of every band cell, by global row, plus the segment layout."""

    costs: np.ndarray    # (shapes, n+1, W) cost of the bead ending at the cell, inf if impossible
    c01: np.ndarray      # (n+1, W) cost of the 0-1 bead ending at the cell, inf if impossible
    valid: np.ndarray    # (n+1, W)
    start: np.ndarray    # (K,) first global row of every segment
    end: np.ndarray      # (K,) last global row of every segment
    rows: int            # local rows of the longest segment
    # ``costs`` and ``c01`` flat, with W inf values before and after: windows of W values
    # that start up to W cells outside a row stay inside these arrays.
    flat_costs: np.ndarray
    flat_c01: np.ndarray

    @property
    def stride(self) -> int:
        """Rows per segment in the local arrays: pad rows before and after the segment's own."""
        return _PAD + self.rows + _PAD


_PAD = MAX_SPAN


def _grid(model: CostModel, band: Band, seg_rows: int, overlap: int,
          reuse: tuple[Band, Grid] | None = None) -> Grid:
    n = model.n
    width = band.width
    flat_costs = _padded_flat(len(SHAPES) * (n + 1) * width, width)
    costs = flat_costs[width:-width].reshape(len(SHAPES), n + 1, width)
    flat_c01 = _padded_flat((n + 1) * width, width)
    c01 = flat_c01[width:-width].reshape(n + 1, width)
    valid = np.empty((n + 1, width), dtype=bool)

    def fill(chunk: tuple[int, int]) -> None:
        r0, r1 = chunk
        rows = np.arange(r0, r1)
        # errstate is per thread, so it is set here rather than around the loop.
        with np.errstate(invalid="ignore", over="ignore"):
            if reuse is None:
                _, _, _, v = shape_costs(model, band, rows, width, outgoing=False, with_index=False,
                                          dtype=np.float32, out=(costs[:, r0:r1], c01[r0:r1]))
            else:
                c, z, v = _narrow_costs(band, rows, width, n, model.m, *reuse)
                costs[:, r0:r1] = c
                c01[r0:r1] = z
        valid[r0:r1] = v

    # Row blocks are independent and write disjoint rows: two threads.
    map_parallel(fill, chunks(n + 1, width, reverse=False))
    core = np.arange(0, n + 1, seg_rows)
    start = np.maximum(core - overlap, 0)
    end = np.minimum(core + seg_rows - 1 + overlap, n)
    return Grid(costs, c01, valid, start, end, int((end - start).max()) + 1, flat_costs, flat_c01)


def _padded_flat(size: int, pad: int) -> np.ndarray:
    """A float32 array of ``size`` + 2 * ``pad`` values whose first and last ``pad`` are inf."""
    flat = np.empty(size + 2 * pad, dtype=np.float32)
    flat[:pad] = np.inf
    flat[size + pad:] = np.inf
    return flat


def _cells(band: Band, rows: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, column and validity of every cell of ``rows`` in a band ``width`` wide."""
    cols = np.arange(width)
    i = np.broadcast_to(rows[:, None], (len(rows), width))
    j = band.lo[rows][:, None] + cols
    valid = j < band.hi[rows][:, None]
    return i, j, valid


def _narrow_costs(band: Band, rows: np.ndarray, width: int, n: int, m: int, wide: Band, base: Grid
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bead costs of ``rows`` in a band inside ``wide``, taken from the costs of the wide band.

    A bead's cost does not depend on the band, only whether it is allowed: a bead is kept
    if both its ends are in the narrow band (and the cell was computed in the wide one).
    """
    i, j, valid = _cells(band, rows, width)
    # Row r of the narrow band starts `shift` columns into row r of the wide one (the narrow
    # band lies inside it), so every row is a window of the wide grid's flat padded costs.
    shift = band.lo[rows] - wide.lo[rows]
    base_w = base.costs.shape[2]
    assert width <= base_w
    col = shift[:, None] + np.arange(width)
    valid = valid & (col >= 0) & (col < base_w)
    # A row more than a width outside the wide one has no valid column; its window is
    # only kept inside the padded arrays.
    shift = np.clip(shift, -base_w, base_w)
    shape_rows = np.arange(len(SHAPES))[:, None] * (n + 1) + rows
    costs = sliding_window_view(base.flat_costs, width)[base_w + shape_rows * base_w + shift]
    for s, (a, b) in enumerate(SHAPES):
        prev = np.clip(rows - a, 0, n)
        jp = j - b
        ok = valid & (rows >= a)[:, None] & (jp >= band.lo[prev][:, None]) & (jp < band.hi[prev][:, None])
        np.copyto(costs[s], np.inf, where=~ok)
    ok = valid & (j - 1 >= band.lo[rows][:, None])
    c01 = sliding_window_view(base.flat_c01, width)[base_w + rows * base_w + shift]
    np.copyto(c01, np.inf, where=~ok)
    return costs, c01, valid


@dataclass
class _Steps:
    """Where every shape's other end lies at every row step of a segmented search.

    Built for all steps at once, so that a step reads each shape's neighbour row as a
    window of ``width`` contiguous values (a strided view, no per-cell index arrays).
    The local arrays get ``left``/``right`` padding columns of the neutral value, and a
    window that starts outside the row's band reads padding where the bead is impossible
    anyway (its cost is inf wherever the other end is outside the band).
    """

    g: np.ndarray       # (T, K) global row of every segment at every step
    start: np.ndarray   # (T, shapes, K) flat start of the other end's window in the local array
    # Outgoing only: (T, shapes, K) flat start of the window of the bead costs at the other
    # end, in the grid's (shapes, n+1, width) costs with a width of padding at both ends.
    cost_start: np.ndarray | None
    left: int
    right: int
    padded: int         # width + left + right: columns of a local row


def _steps(band: Band, grid: Grid, width: int, n: int, outgoing: bool) -> _Steps:
    """Window layout of the predecessor (or, with ``outgoing``, successor) rows of all steps."""
    t = np.arange(grid.rows)
    g = np.minimum(grid.start[None, :] + t[:, None], n)
    a = _SHAPE_A[None, :, None]
    b = _SHAPE_B[None, :, None]
    if outgoing:
        other = np.minimum(g[:, None, :] + a, n)
        shift = band.lo[g][:, None, :] + b - band.lo[other]
    else:
        other = np.maximum(g[:, None, :] - a, 0)
        shift = band.lo[g][:, None, :] - band.lo[other] - b
    # A shift of a full width or more leaves no column of the window in range, so the
    # padding never needs to be wider than the band.
    left = min(width, max(0, -int(shift.min())))
    right = min(width, max(0, int(shift.max())))
    shift = np.clip(shift, -left, right)
    padded = left + width + right
    row = _PAD + t[:, None, None] + (a if outgoing else -a)
    seg = np.arange(len(grid.start))[None, None, :] * grid.stride
    start = (seg + row) * padded + left + shift
    cost_start = None
    if outgoing:
        # A successor's bead cost sits at the successor cell, i.e. at the same shift.
        shape = np.arange(len(SHAPES))[None, :, None]
        cost_start = width + (shape * (n + 1) + other) * width + shift
    return _Steps(g, start, cost_start, left, right, padded)


def _local(grid: Grid, steps: _Steps, fill: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A (K, stride, padded) local array filled with ``fill``, its band part and its row windows."""
    k_count = len(grid.start)
    width = steps.padded - steps.left - steps.right
    full = np.full((k_count, grid.stride, steps.padded), fill)
    core = full[:, :, steps.left:steps.left + width]
    return full, core, sliding_window_view(full.reshape(-1), width)


def solve_segmented(model: CostModel, band: Band, temperature: float | None = None,
                    seg_rows: int = 256, overlap: int = 48,
                    reuse: tuple[Band, Grid] | None = None,
                    path: list[tuple[int, int]] | None = None,
                    path_costs: list[float] | None = None) -> Result:
    """Like ``solve`` but for long inputs: all segments of the rows are searched at once.

    ``reuse`` is the ``cells`` of an earlier result of the same model whose band contains
    ``band``: its bead costs are reused instead of computed again.  ``path`` is the best
    path already known (it must lie in ``band``); then only its posteriors are computed,
    and ``path_costs`` are its bead costs if known.
    """
    n, m = model.n, model.m
    grid = _grid(model, band, seg_rows, overlap, reuse)
    skips = _SegmentSkips.of(model, band)
    if path is None:
        path = _segment_viterbi(band, grid, skips, seg_rows, n, m)
        path_costs = None
    bead_costs = costs_along(model, path) if path_costs is None else path_costs
    if temperature is None:
        return Result(path, bead_costs, None, (band, grid))
    posts = _segment_posteriors(band, grid, skips, path, bead_costs, 1.0 / temperature, seg_rows, n, m)
    return Result(path, bead_costs, posts, (band, grid))


def _segment_viterbi(band: Band, grid: Grid, skips: _SegmentSkips, seg_rows: int, n: int, m: int
                     ) -> list[tuple[int, int]]:
    """Best path: every segment's best path from a free start, the paths stitched together."""
    width = band.width
    k_count = len(grid.start)
    steps = _steps(band, grid, width, n, outgoing=False)
    full, best, windows = _local(grid, steps, np.inf)
    back = np.full((k_count, grid.stride, width), _START, dtype=np.int8)
    first = grid.start == 0
    cum01 = np.cumsum(np.where(grid.valid & np.isfinite(grid.c01), grid.c01, 0.0), axis=1)
    cols = np.arange(width)
    with np.errstate(invalid="ignore", over="ignore"):
        for t in range(grid.rows):
            g = steps.g[t]
            valid = np.take(grid.valid, g, axis=0)
            cum = np.take(cum01, g, axis=0)
            if t == 0:
                # The first segment starts at (0, 0); the others anywhere in their first row.
                x = np.where(first[:, None], np.where(cols == 0, 0.0, np.inf), np.where(valid, 0.0, np.inf))
                arg = np.where(first[:, None], 0, _START).astype(np.int8)
            else:
                vals = windows[steps.start[t]]
                vals += np.take(grid.costs, g, axis=1)
                arg = vals.argmin(axis=0).astype(np.int8)
                x = np.minimum.reduce(vals, axis=0)
            if (jump := skips.source_rows(grid, g, t, incoming=True)) is not None:
                ks, local, cost = jump
                cand = skips.read(best, band, grid, g, ks, local, np.inf) + cost[:, None]
                better = cand < x[ks]
                x[ks] = np.where(better, cand, x[ks])
                arg[ks] = np.where(better, SRC_SKIP, arg[ks])
            y = x - cum
            acc = np.minimum.accumulate(y, axis=1)
            row = np.where(valid, acc + cum, np.inf)
            row_back = np.where(acc == y, arg, len(SHAPES)).astype(np.int8)
            if (shortcut := skips.target_rows(g)) is not None:
                ks, rb = shortcut
                new, better, skipped = shortcut_min(row[ks], cum[ks], rb)
                row[ks] = np.where(valid[ks], new, np.inf)
                row_back[ks] = np.where(skipped, TGT_SKIP, np.where(better, len(SHAPES), row_back[ks]))
            best[:, _PAD + t] = row
            back[:, _PAD + t] = row_back
    del full, windows

    # Trace all segments back at once, one bead per step.
    seg = np.arange(k_count)
    i = grid.end.astype(np.int64)
    last_row = best[seg, _PAD + i - grid.start]
    j = np.where(i == n, m, band.lo[i] + np.argmin(last_row, axis=1))
    steps_i, steps_j = [i], [j]
    live = np.ones(k_count, dtype=bool)
    # Shapes, 0-1, a free start, then the skips (their sizes are looked up).
    a_of = np.array([s[0] for s in SHAPES] + [0, 0, 0, 0], dtype=np.int64)
    b_of = np.array([s[1] for s in SHAPES] + [1, 0, 0, 0], dtype=np.int64)
    while True:
        live = live & ((i > 0) | (j > 0))
        code = back[seg, _PAD + i - grid.start, np.clip(j - band.lo[i], 0, width - 1)].astype(np.int64)
        live &= code != _START
        if not live.any():
            break
        code = np.where(live, code, _START)
        a, b = a_of[code], b_of[code]
        if skips.src.on:
            a = np.where(code == SRC_SKIP, i - skips.src.from_[i], a)
        if skips.tgt_from is not None:
            b = np.where(code == TGT_SKIP, j - skips.tgt_from[np.clip(j, 0, m)], b)
        i, j = i - a, j - b
        steps_i.append(i)
        steps_j.append(j)
    rows_i = np.stack(steps_i, axis=1)
    rows_j = np.stack(steps_j, axis=1)
    # A segment's path is its points up to where it stopped (later steps repeat the last one).
    moved = np.ones(rows_i.shape, dtype=bool)
    moved[:, 1:] = (rows_i[:, 1:] != rows_i[:, :-1]) | (rows_j[:, 1:] != rows_j[:, :-1])
    paths = []
    for k in range(k_count):
        count = int(moved[k].sum())
        paths.append(list(zip(rows_i[k, count - 1::-1].tolist(), rows_j[k, count - 1::-1].tolist(),
                              strict=True)))
    return _stitch(paths, grid, seg_rows)


def _stitch(paths: list[list[tuple[int, int]]], grid: Grid, seg_rows: int) -> list[tuple[int, int]]:
    """Join the segments' paths at shared lattice points near the segment borders."""
    path = paths[0]
    for k in range(1, len(paths)):
        nxt = paths[k]
        border = k * seg_rows
        on_next = {p: q for q, p in enumerate(nxt)}
        tail = len(path)
        while tail > 0 and path[tail - 1][0] >= grid.start[k]:
            tail -= 1
        shared = [(abs(path[q][0] - border), q) for q in range(tail, len(path)) if path[q] in on_next]
        if shared:
            _, q = min(shared)
            path = path[:q] + nxt[on_next[path[q]]:]
            continue
        # No shared point (the overlap was too short to merge): bridge the last point of
        # the joined path before the border to the first later point of the next path.
        # The bridge must go right and down: if the next path never passes beyond that point
        # (it runs left of this one), start from an earlier point of this path.
        q = max(q for q, p in enumerate(path) if p[0] <= border)
        while True:
            p0 = path[q]
            r = next((r for r, p in enumerate(nxt) if p[0] >= p0[0] and p[1] >= p0[1] and p != p0), None)
            if r is not None or q == 0:
                break
            q -= 1
        assert r is not None, "the next path ends beyond the start"
        bridge = [p0]
        i, j = p0
        i1, j1 = nxt[r]
        while (i, j) != (i1, j1):
            i, j = i + (i < i1), j + (j < j1)
            bridge.append((i, j))
        path = path[:q] + bridge + nxt[r + 1:]
    return path


def _segment_posteriors(band: Band, grid: Grid, skips: _SegmentSkips, path: list[tuple[int, int]],
                        bead_costs: list[float], inv_t: float, seg_rows: int, n: int, m: int) -> list[float]:
    """Posterior of every bead of the path, from the segment whose core holds its start."""
    width = band.width
    k_count = len(grid.start)
    fsteps = _steps(band, grid, width, n, outgoing=False)
    bsteps = _steps(band, grid, width, n, outgoing=True)
    fwd_full, fwd, fwd_windows = _local(grid, fsteps, -np.inf)
    bwd_full, bwd, bwd_windows = _local(grid, bsteps, -np.inf)
    cost_windows = sliding_window_view(grid.flat_costs, width)
    cost_start = bsteps.cost_start
    assert cost_start is not None
    first = grid.start == 0
    last = grid.end == n
    h_all = np.where(grid.valid & np.isfinite(grid.c01), -grid.c01 * inv_t, 0.0)
    cum_all = np.cumsum(h_all, axis=1)
    # h[w]: score of the 0-1 bead leaving column w, i.e. entering column w + 1; big_h is
    # its exclusive prefix sum along every row.
    h_next = np.zeros(h_all.shape)
    h_next[:, :-1] = h_all[:, 1:]
    big_h_all = np.cumsum(h_next, axis=1) - h_next
    del h_next
    cols = np.arange(width)
    span = grid.end - grid.start
    first_end = int(span.min())

    def forward() -> None:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            for t in range(grid.rows):
                g = fsteps.g[t]
                valid = np.take(grid.valid, g, axis=0)
                if t == 0:
                    fx = np.where(first[:, None], np.where(cols == 0, 0.0, -np.inf),
                                  np.where(valid, 0.0, -np.inf))
                else:
                    vals = fwd_windows[fsteps.start[t]]
                    vals -= np.take(grid.costs, g, axis=1) * inv_t
                    fx = logsumexp0(vals, overwrite=True)
                if (jump := skips.source_rows(grid, g, t, incoming=True)) is not None:
                    ks, local, cost = jump
                    prev = skips.read(fwd, band, grid, g, ks, local, -np.inf)
                    fx[ks] = np.logaddexp(fx[ks], prev - cost[:, None] * inv_t)
                gsh = np.take(cum_all, g, axis=0)
                frow = np.where(valid, np.logaddexp.accumulate(fx - gsh, axis=1) + gsh, -np.inf)
                if (shortcut := skips.target_rows(g)) is not None:
                    ks, rb = shortcut
                    frow[ks] = np.where(valid[ks], shortcut_forward(frow[ks], gsh[ks], rb, inv_t), -np.inf)
                fwd[:, _PAD + t] = frow

    def backward() -> None:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            for t in range(grid.rows - 1, -1, -1):
                g = bsteps.g[t]
                valid = np.take(grid.valid, g, axis=0)
                vals = bwd_windows[bsteps.start[t]]
                vals -= cost_windows[cost_start[t]] * inv_t
                y = logsumexp0(vals, overwrite=True)
                if t >= first_end:
                    at_end = (t == span)[:, None]
                    end_row = np.where(last[:, None], np.where(cols == m - band.lo[n], 0.0, -np.inf),
                                       np.where(valid, 0.0, -np.inf))
                    y = np.where(at_end, end_row, np.where((t > span)[:, None], -np.inf, y))
                if (jump := skips.source_rows(grid, g, t, incoming=False)) is not None:
                    ks, local, cost = jump
                    after = skips.read(bwd, band, grid, g, ks, local, -np.inf)
                    y[ks] = np.logaddexp(y[ks], after - cost[:, None] * inv_t)
                big_h = np.take(big_h_all, g, axis=0)
                z = y + big_h
                row = np.where(valid, np.logaddexp.accumulate(z[:, ::-1], axis=1)[:, ::-1] - big_h, -np.inf)
                if (shortcut := skips.target_rows(g, active=t <= span)) is not None:
                    ks, rb = shortcut
                    row[ks] = np.where(valid[ks], shortcut_backward(row[ks], big_h[ks], rb, inv_t), -np.inf)
                bwd[:, _PAD + t] = row

    # The two recursions are independent (they only read the shared costs): two threads.
    run_parallel(forward, backward)
    end_local = _PAD + span
    log_z = np.array([float(fwd[k, end_local[k], m - band.lo[n]]) if last[k]
                      else float(np.logaddexp.reduce(fwd[k, end_local[k]])) for k in range(k_count)])
    # All beads at once: each from the segment whose core holds its start.
    pts = np.array(path, dtype=np.int64)
    i0, j0, i1, j1 = pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1]
    k = np.minimum(i0 // seg_rows, k_count - 1)
    # A skip may end past its start's segment: it is read from a segment that holds it.
    for q in np.flatnonzero(i1 > grid.end[k]).tolist():
        k[q] = int(np.flatnonzero((grid.start <= i0[q]) & (grid.end >= i1[q]))[0])
    s = grid.start[k]
    lp = (fwd[k, _PAD + i0 - s, j0 - band.lo[i0]] - np.asarray(bead_costs) * inv_t
          + bwd[k, _PAD + i1 - s, j1 - band.lo[i1]] - log_z[k])
    return np.exp(np.minimum(0.0, lp)).tolist()
