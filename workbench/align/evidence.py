"""Evidence that a source unit and a target unit translate each other.

Every unit is a set of keys (``features``): numbers, names, cognate stems, marks.  A
pair of units gets the inverse-document-frequency weight of the keys it shares, less
what the source unit shares by chance with the target units around it; numbers are
also priced when the other side of a bead lacks them (``price_kept``).  The grid of
pair evidence covers only the pairs a bead of the search band may join.
"""
from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import features
from .dp import MAX_SPAN, Band
from .parallel import map_parallel

# Keys of a sequence of units in flat form: (unit index, key id) arrays, sorted by unit.
Keys = tuple[np.ndarray, np.ndarray]


def key_weights(src_keys: Keys, tgt_keys: Keys, n_src: int, n_tgt: int, n_keys: int,
                 cap: float) -> np.ndarray:
    """Inverse-document-frequency weight of keys found on both sides (0 otherwise)."""
    df_s = np.bincount(src_keys[1], minlength=n_keys).astype(float)
    df_t = np.bincount(tgt_keys[1], minlength=n_keys).astype(float)
    total = n_src + n_tgt
    with np.errstate(divide="ignore"):
        w = np.log((total + 2.0) / np.maximum(df_s + df_t, 1.0))
    w = np.clip(w, 0.0, cap)
    w[(df_s == 0) | (df_t == 0)] = 0.0
    return w


# Keys that translation keeps, by their first character: numbers and footnote markers.
# Pricing acronyms, ? and !, quotation marks or : ; ( the same way was tried: textberg
# gained up to 0.007 and transread lost up to 0.005.
KEPT_PREFIXES = "#["


def kept_keys(src_keys: Keys, tgt_keys: Keys, vocab: dict[str, int], cap: float
              ) -> tuple[tuple[Keys, Keys] | None, float]:
    """The kept keys of both sides, and -log(1 - p) (at most ``cap``): p the share of their
    occurrences whose key the other side has somewhere, add-one smoothed."""
    if cap <= 0:
        return None, 0.0
    priced = np.array([name[:1] in KEPT_PREFIXES for name in vocab], dtype=bool)

    def of(keys: Keys) -> Keys:
        on = priced[keys[1]]
        return keys[0][on], keys[1][on]

    src, tgt = of(src_keys), of(tgt_keys)
    total = len(src[1]) + len(tgt[1])
    if not total:
        return None, 0.0
    present = int(np.isin(src[1], tgt[1]).sum() + np.isin(tgt[1], src[1]).sum())
    p = (present + 1.0) / (total + 2.0)
    return (src, tgt), min(cap, -math.log(1.0 - p))


def price_kept(kept: tuple[Keys, Keys] | None, missing: float, n: int, m: int,
               span: tuple[np.ndarray, np.ndarray, int], ev_grid: np.ndarray,
               evidence_weight: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Price the numbers: kept by the bead's other side, or missing there.

    Translation keeps numbers; omitting a unit takes its numbers out of the other text
    altogether.  So a number that its bead's other side lacks costs -log(1 - p) (p the
    share of the text's numbers that the other side has somewhere), one it keeps
    -log(p), one in an omitted unit nothing.  Every unit is in one bead of any path, so
    charging every unit's numbers as missing is the same on all paths: what remains is a
    bonus for omitting a unit (returned, per unit of each side) and a reward for each
    number a pair shares, added to ``ev_grid`` (in evidence units).  This tells a
    paragraph dropped from the translation, whose numbers are nowhere on the other side
    and so carry no evidence, from one merged into its neighbours' bead.
    """
    if kept is None or missing <= 0:
        return None
    kept_src, kept_tgt = kept
    miss = missing
    keep = -math.log1p(-math.exp(-miss))
    # Few keys are priced: their matches are added where they fall, not as a whole grid.
    reward = np.full(int(max(kept_src[1].max(initial=0), kept_tgt[1].max(initial=0))) + 1,
                     2.0 * max(miss - keep, 0.0) / max(evidence_weight, 1e-9))
    flat = ev_grid.reshape(-1)
    for cell, weight in _matches(kept_src, kept_tgt, m, reward, *span):
        np.add.at(flat, cell, weight)
    return (miss * np.bincount(kept_src[0], minlength=n).astype(float),
            miss * np.bincount(kept_tgt[0], minlength=m).astype(float))


def group(unit: np.ndarray, ident: np.ndarray) -> Keys:
    """Distinct (unit, id) pairs, sorted by unit."""
    return features.distinct_pairs(unit, ident)


# Key matches expanded at once in pair_evidence: bounds its memory on wide bands.
_MATCH_CHUNK = 1_000_000


def evidence_span(band: Band, n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray, int]:
    """The target columns [ev_lo, ev_hi) of every source unit's row of the evidence grid,
    and the grid's width: every pair a bead in the band may join, plus ``window``."""
    rows = np.arange(n)
    ev_lo = np.maximum(band.lo[np.maximum(rows - (MAX_SPAN - 1), 0)] - window, 0)
    ev_hi = np.minimum(band.hi[np.minimum(rows + MAX_SPAN, n)] + window, m)
    return ev_lo, ev_hi, max(1, int((ev_hi - ev_lo).max()) if n else 1)


def _matches(src_keys: Keys, tgt_keys: Keys, m: int, weights: np.ndarray, ev_lo: np.ndarray,
             ev_hi: np.ndarray, width: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(grid cell, key weight) of every key a source unit shares with a target unit of its
    row's span, in chunks; keys of weight 0 are skipped."""
    s_unit, s_key = src_keys
    t_unit, t_key = tgt_keys
    keep = weights[s_key] > 0
    s_unit, s_key = s_unit[keep], s_key[keep]
    keep = weights[t_key] > 0
    t_unit, t_key = t_unit[keep], t_key[keep]
    if not len(s_key) or not len(t_key):
        return
    stride = m + 1
    # (key, unit) pairs are distinct, so the codes are too and any sort is the same sort;
    # the sorted codes hold the units too.
    codes = np.sort(t_key * stride + t_unit)
    t_sorted = codes % stride
    start = np.searchsorted(codes, s_key * stride + ev_lo[s_unit])
    stop = np.searchsorted(codes, s_key * stride + ev_hi[s_unit])
    count = stop - start
    # Matches are expanded in chunks of source keys: on coarse levels a common key of a
    # grouped unit meets the same key in every target unit of a wide band.
    cum = np.cumsum(count)
    cuts = np.searchsorted(cum, np.arange(_MATCH_CHUNK, int(cum[-1]), _MATCH_CHUNK), "right")
    bounds = [0, *np.unique(cuts).tolist(), len(count)]
    for k0, k1 in zip(bounds, bounds[1:], strict=False):
        part = count[k0:k1]
        total = int(part.sum())
        if not total:
            continue
        # Per match: the target position (its source key's run start plus its rank in the
        # run), then the grid cell (row of the source unit, column of the target unit).
        where = np.repeat(start[k0:k1] - (np.cumsum(part) - part), part)
        where += np.arange(total)
        units = s_unit[k0:k1]
        cell = np.repeat(units * width - ev_lo[units], part)
        cell += t_sorted[where]
        del where
        yield cell, np.repeat(weights[s_key[k0:k1]], part)


def pair_evidence(src_keys: Keys, tgt_keys: Keys, m: int, weights: np.ndarray,
                   span: tuple[np.ndarray, np.ndarray, int], tgt_len: np.ndarray, window: int,
                   size_power: float = 0.5) -> np.ndarray:
    """Evidence of every unit pair a bead may join, as an (n, width) grid.

    The evidence of a pair is its weighted shared keys minus what the source unit
    shares, per character, with the target units around it: keys that recur in
    neighbouring units (a character's name in a dialogue) say nothing about which
    neighbour is the translation, and merging beads must not collect them for free.
    """
    ev_lo, ev_hi, width = span
    n = len(ev_lo)
    grid = np.zeros(n * width)
    for cell, weight in _matches(src_keys, tgt_keys, m, weights, ev_lo, ev_hi, width):
        grid += np.bincount(cell, weights=weight, minlength=n * width)
    grid = grid.reshape(n, width)
    if window > 0:
        # Chance matches grow with a unit's size, but less than linearly: a key is in a
        # unit or not, and common keys are in most units whatever their length.
        len_prefix = np.concatenate([[0.0], np.cumsum(tgt_len ** size_power)])
        _subtract_chance(grid, ev_lo, ev_hi, len_prefix, m, window)
    return grid


def _subtract_chance(grid: np.ndarray, ev_lo: np.ndarray, ev_hi: np.ndarray, len_prefix: np.ndarray,
                     m: int, window: int) -> None:
    """Subtract from every pair's evidence what its source unit shares with the target
    units within ``window`` of it, scaled to the target unit's share of their length.

    The window of column x is clipped to the row's span [0, ev_hi - ev_lo).  Beyond the
    span a row holds zeros, so its prefix sums are constant there and the clipped box
    sums are plain column shifts of the prefix sums padded with ``window`` zeros on the
    left and copies of the last sum on the right.  ``len_prefix`` is non-decreasing, so a
    clipped index reads the same value as clipping the value read at the unclipped
    index; both become windows of 1-D tables.  The same values as clipping every index.
    """
    n, width = grid.shape
    x = np.arange(width)
    w = window
    top = m + width + 1
    k = np.arange(top)
    lp_lo = len_prefix[np.clip(k - w, 0, m)]                  # window start of column k
    lp_hi = len_prefix[np.clip(k + w + 1, 0, m)]              # window end
    cell = np.minimum(k, m)
    cell_len = len_prefix[np.minimum(cell + 1, m)] - len_prefix[cell]
    lo_view, hi_view, cell_view = (sliding_window_view(t, width) for t in (lp_lo, lp_hi, cell_len))
    # In blocks of rows, so that the temporaries stay small on long texts; blocks are
    # independent, so they run on two threads.
    block = max(1, _MATCH_CHUNK // (4 * width))

    def subtract(r0: int) -> None:
        g = grid[r0:r0 + block]
        rows = len(g)
        prefix = np.empty((rows, width + 2 * w + 1))
        prefix[:, :w + 1] = 0.0
        np.cumsum(g, axis=1, out=prefix[:, w + 1:w + 1 + width])
        prefix[:, w + 1 + width:] = prefix[:, w + width:w + width + 1]
        box = prefix[:, 2 * w + 1:2 * w + 1 + width] - prefix[:, :width]
        base = ev_lo[r0:r0 + rows]
        first = len_prefix[base][:, None]
        last = len_prefix[ev_hi[r0:r0 + rows]][:, None]
        win_len = np.clip(hi_view[base], first, last) - np.clip(lo_view[base], first, last)
        expected = np.where(win_len > 0, box * cell_view[base] / np.maximum(win_len, 1e-9), 0.0)
        span = (ev_hi - ev_lo)[r0:r0 + rows, None]
        expected[x[None, :] >= span] = 0.0
        g -= expected

    map_parallel(subtract, range(0, n, block))
