"""Sentence and paragraph alignment: length cost plus translation-surviving evidence.

Units are first cut into clauses and aligned through them when that can show what
whole units hide (``refine``: a sentence moved to the next paragraph, a clause to the
next sentence); the unit beads are read off the clause path.  Pipeline for one pair
of unit sequences (units or clauses):

1. Every unit becomes a length and a set of evidence keys (``features``).
2. Pass 1 finds the best bead path with Gale-Church length cost, bead-shape
   priors, paragraph-boundary agreement, shared-key evidence and the numbers each
   bead keeps or lacks (``_kept_keys``).  Long inputs
   are solved coarse-to-fine: units are grouped, the grouped problem is solved
   (recursively), and the fine search is confined to a band around its path.
3. A small lexicon of truncated stems is learnt from the pass-1 beads of this
   very document (mutual best Dice association), its pairs become extra keys.
4. Pass 2 re-aligns with the richer evidence in a band around the pass-1 path
   and runs forward-backward, so that every bead gets its posterior
   probability as confidence.

Long texts (``fast_cells``) skip the fine level of pass 1 (the lexicon is learnt
from the coarse beads) and run forward-backward only in a narrow, width-capped
band around the final path; long banded searches run segment-parallel
(``dp.solve_segmented``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import features, refine
from .dp import MAX_SPAN, Band, CostModel, Result, length_cost, solve, solve_segmented
from .parallel import map_parallel, run_parallel
from .skips import Skips


@dataclass(frozen=True)
class Bead:
    """Source unit indices aligned with target unit indices (either side may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    def format(self, with_confidence: bool = False) -> str:
        src, tgt = ", ".join(map(str, self.source)), ", ".join(map(str, self.target))
        return f"[{src}]:[{tgt}]:{self.confidence:.3f}" if with_confidence else f"[{src}]:[{tgt}]"


_DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.86, (1, 0): 0.006, (0, 1): 0.006, (1, 2): 0.045, (2, 1): 0.045, (2, 2): 0.012,
    (1, 3): 0.008, (3, 1): 0.008, (2, 3): 0.004, (3, 2): 0.004, (1, 4): 0.002, (4, 1): 0.002,
    (3, 3): 0.001,
}


@dataclass(frozen=True)
class ClauseStep:
    """How units are aligned through their clauses (refine.py)."""

    break_mismatch: float   # a clause bead ending on a unit end of one side only
    break_inside: float     # per unit end a clause bead crosses
    null_factor: float      # a clause omission is this many times likelier than a unit's
    mark_weight: float      # the caller's paragraph marks, in unit ends
    # A whole unit omitted by one bead (skips.py) is this many times likelier than a unit's
    # omission (0: its clauses are omitted one by one), and costs this much more per clause.
    # Clauses aligned well cost about a nat each (the 1-1 prior and a typical length cost):
    # with no charge per clause, one skip a side beat a right pair of many-clause paragraphs
    # whose clause cuts differ (Alice 129 of the paragraph gold); at 1 a paragraph translated
    # only in part (one clause of five) was skipped, and its translation with it.
    unit_null_factor: float = 1.0
    unit_null_piece: float = 2.0


@dataclass
class AlignOptions:
    """Tunable constants; the defaults were fitted on the shared development set."""

    variance: float = 6.8
    # Relative spread of long beads' lengths.  At 0.1 a paragraph dropped between two long
    # ones was cheaper to merge into them (a 36% longer 3-2 bead cost ~5 nats) than to omit.
    rel_spread: float = 0.05
    # Omissions are priced by their shape prior only: a translator skips a passage whatever
    # its length, and pricing it by length made long dropped paragraphs merge instead.
    null_scale: float = 0.0
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(_DEFAULT_PRIORS))
    evidence_weight: float = 0.5
    idf_cap: float = 5.0
    chance_scale: float = 1.0
    local_window: int = 5
    chance_size_power: float = 0.5
    lexicon_weight: float = 1.5
    lexicon_min_count: int = 2
    lexicon_min_dice: float = 0.3
    lexicon_max_beads: int = 4000
    break_mismatch: float = 4.0
    break_inside: float = 2.0
    # Units are aligned through their clauses (see refine.py and ClauseStep).  Paragraphs:
    # a clause bead crossing a unit boundary costs less than a paragraph break does,
    # because re-cut paragraphs are what this step is there to find; omissions come in
    # whole passages, so a clause omission is priced 4x likelier than a unit's.
    refine: bool = True
    paragraph_step: ClauseStep = field(default_factory=lambda: ClauseStep(3.0, 1.0, 4.0, 1.0))
    # A sentence end inside a unit weighs this many unit ends: translators keep sentence
    # ends more often than the clause cuts (; :) around them.
    refine_sentence_weight: float = 0.2
    # Sentences are aligned through their clauses too, up to this many lattice cells,
    # ~7,500 sentences a side (on the dev sets concatenated to 7,200 sentences, strict F1
    # 0.940 against 0.923, 1.5 s against 1.2 s; beyond, the long-text path alone keeps
    # 24,000 sentences under 5 s: clauses would take ~4.3 s).  Their paragraph marks weigh
    # 7/3 sentence ends: a clause bead ending on a paragraph end of one side only pays
    # 3 x 7/3 = 7, the sentence level's 4 plus 3; a sentence is rarely several clauses,
    # so no omission discount, and no whole-sentence omissions either (on the dev sets
    # within +-0.0005 F1, and 40% slower on 7,000 sentences).
    refine_sentences: bool = True
    refine_sentence_cells: int = 60_000_000
    sentence_step: ClauseStep = field(default_factory=lambda: ClauseStep(3.0, 0.5, 1.0, 7.0 / 3.0, 0.0))
    # A number of one unit that its bead's other side lacks costs -log(1 - p) nats, p the
    # share of the text's numbers found on the other side somewhere (at most this).
    missing_cost_cap: float = 2.0
    temperature: float = 1.0
    # Texts whose lengths fit the model badly get a wider length distribution and flatter
    # posteriors (see _misfit); the misfit is shrunk towards a good fit by this many beads.
    misfit_temperature: bool = True
    misfit_prior_beads: float = 1.0
    full_limit: int = 1_300_000
    coarse_factor: int = 4
    coarse_margin: int = 16
    refine_margin: int = 12
    second_pass: bool = True
    # Prior of one bead omitting a whole unit of several pieces, and its extra cost per piece,
    # when the units aligned are the clauses of larger ones (set from ClauseStep; 0: none).
    unit_null: float = 0.0
    unit_null_piece: float = 0.0
    # Banded searches over more source units than this run segment-parallel (see
    # dp.solve_segmented): rows of segment_rows, widened by segment_overlap each side.
    segment_min_rows: int = 3000
    segment_rows: int = 256
    segment_overlap: int = 48
    # Above fast_cells lattice cells (long texts) the first pass stops at the coarse level:
    # the lexicon is learnt from grouped beads and the single fine pass searches a band
    # of fast_margin units around the coarse path.
    fast_cells: int = 20_000_000
    fast_margin: int = 8
    fast_refine_margin: int = 3
    fast_width: int = 16
    # The coarse first pass of a long text: solved fully below this many cells (one more
    # grouping level than full_limit), segment-parallel above this many rows.  Both only
    # cut Python-level steps; the coarse path of the speed-bench text is the same.
    fast_full_limit: int = 150_000
    fast_segment_min_rows: int = 1000


# ---------------------------------------------------------------------------
# Evidence between units


# Keys of a sequence of units in flat form: (unit index, key id) arrays, sorted by unit.
Keys = tuple[np.ndarray, np.ndarray]


def _key_weights(src_keys: Keys, tgt_keys: Keys, n_src: int, n_tgt: int, n_keys: int,
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


def _kept_keys(level: _Level, span: tuple[np.ndarray, np.ndarray, int], ev_grid: np.ndarray,
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
    if level.kept is None or level.missing <= 0:
        return None
    kept_src, kept_tgt = level.kept
    miss = level.missing
    keep = -math.log1p(-math.exp(-miss))
    # Few keys are priced: their matches are added where they fall, not as a whole grid.
    reward = np.full(int(max(kept_src[1].max(initial=0), kept_tgt[1].max(initial=0))) + 1,
                     2.0 * max(miss - keep, 0.0) / max(evidence_weight, 1e-9))
    flat = ev_grid.reshape(-1)
    for cell, weight in _matches(kept_src, kept_tgt, level.m, reward, *span):
        np.add.at(flat, cell, weight)
    return (miss * np.bincount(kept_src[0], minlength=level.n).astype(float),
            miss * np.bincount(kept_tgt[0], minlength=level.m).astype(float))


def _group(unit: np.ndarray, ident: np.ndarray) -> Keys:
    """Distinct (unit, id) pairs, sorted by unit."""
    return features.distinct_pairs(unit, ident)


# Key matches expanded at once in _pair_evidence: bounds its memory on wide bands.
_MATCH_CHUNK = 1_000_000


def _evidence_span(band: Band, n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray, int]:
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


def _pair_evidence(src_keys: Keys, tgt_keys: Keys, m: int, weights: np.ndarray,
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


# ---------------------------------------------------------------------------
# Search


@dataclass
class _Level:
    """One alignment problem: unit lengths, keys and paragraph marks of both sides."""

    src_len: np.ndarray
    tgt_len: np.ndarray
    src_keys: Keys
    tgt_keys: Keys
    src_break: np.ndarray   # (n+1,) bool
    tgt_break: np.ndarray   # (m+1,) bool
    # The keys translation keeps (numbers) of both sides, and what one costs when the
    # bead's other side lacks it (see _kept_keys).
    kept: tuple[Keys, Keys] | None = None
    missing: float = 0.0
    # Aligning clauses: the prefix where every unit of each side starts, and its end
    # (whole units may then be omitted by one bead, see skips.py).
    src_units: np.ndarray | None = None
    tgt_units: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.src_len)

    @property
    def m(self) -> int:
        return len(self.tgt_len)

    def coarsen(self, factor: int) -> _Level:
        def group_len(x: np.ndarray) -> np.ndarray:
            pad = (-len(x)) % factor
            return np.concatenate([x, np.zeros(pad)]).reshape(-1, factor).sum(axis=1)

        def group_keys(keys: Keys) -> Keys:
            return _group(keys[0] // factor, keys[1])

        def group_breaks(br: np.ndarray) -> np.ndarray:
            idx = np.minimum(np.arange(0, len(br) - 1 + factor, factor), len(br) - 1)
            out = br[idx].copy()
            out[0] = out[-1] = True
            return out

        # The two sides' sorts are independent: two threads.
        src_keys, tgt_keys = run_parallel(lambda: group_keys(self.src_keys), lambda: group_keys(self.tgt_keys))
        return _Level(group_len(self.src_len), group_len(self.tgt_len), src_keys, tgt_keys,
                      group_breaks(self.src_break), group_breaks(self.tgt_break),
                      None if self.kept is None else (group_keys(self.kept[0]), group_keys(self.kept[1])),
                      self.missing)


def _band_around(path: Sequence[tuple[int, int]], scale: int, n: int, m: int, margin: int,
                 cap: int | None = None) -> Band:
    """A staircase band covering a (possibly coarser) path, widened by ``margin`` units.

    With ``cap``, no row is wider than ``cap`` columns (or the path's own extent in the
    row, if larger), centred on the path: the segmented search stores the band as a
    rectangle of its widest row, so a few wide rows would cost as much as all rows wide.
    """
    pts = np.array(path, dtype=np.int64)
    a = np.minimum(pts[:-1, 0] * scale, n)
    b = np.minimum(pts[1:, 0] * scale, n)
    c0 = np.minimum(pts[:-1, 1] * scale, m)
    c1 = np.minimum(pts[1:, 1] * scale, m)
    rows = np.arange(n + 1)
    # The path is monotone: the leftmost column of a row is that of the first bead reaching
    # the row, the rightmost that of the last bead starting at or before it.
    path_min = c0[np.minimum(np.searchsorted(b, rows, "left"), len(b) - 1)]
    path_max = c1[np.searchsorted(a, rows, "right") - 1]
    # Sliding min/max over +-margin rows are plain shifts for the same reason.
    lo = np.maximum(path_min[np.maximum(rows - margin, 0)] - margin, 0)
    hi = np.minimum(path_max[np.minimum(rows + margin, n)] + margin, m) + 1
    lo[0] = 0
    hi[n] = m + 1
    if cap is not None:
        need = path_max - path_min + 1
        limit = max(cap, int(need.max()))
        slack = limit - need
        lo = np.maximum(lo, path_min - slack // 2)
        hi = np.minimum(hi, lo + limit)
    return Band(lo, hi)


def _model(level: _Level, opts: AlignOptions, weights: np.ndarray, band: Band,
           ratio: float) -> CostModel:
    span = _evidence_span(band, level.n, level.m, opts.local_window)
    ev_grid = _pair_evidence(level.src_keys, level.tgt_keys, level.m, weights, span, level.tgt_len,
                             opts.local_window, opts.chance_size_power)
    bonus = _kept_keys(level, span, ev_grid, opts.evidence_weight)
    chance = None
    if opts.local_window <= 0:
        # Global chance level instead of the local one: the probability that a key of a
        # source unit occurs in a target unit, per target character.
        df_t = np.bincount(level.tgt_keys[1], minlength=len(weights)).astype(float)
        p_key = df_t / max(1.0, float(level.tgt_len.sum()))
        src_unit, src_key = level.src_keys
        per_unit = np.bincount(src_unit, weights=weights[src_key] * p_key[src_key], minlength=level.n)
        chance = np.concatenate([[0.0], np.cumsum(per_unit)]) * opts.chance_scale
    return CostModel(
        src_prefix=np.concatenate([[0.0], np.cumsum(level.src_len)]),
        tgt_prefix=np.concatenate([[0.0], np.cumsum(level.tgt_len)]),
        ratio=ratio, variance=opts.variance, rel_spread=opts.rel_spread,
        null_scale=opts.null_scale,
        priors={k: -math.log(v) for k, v in opts.priors.items()},
        evidence_weight=opts.evidence_weight, ev_grid=ev_grid, ev_lo=span[0],
        chance_prefix=chance,
        src_break=level.src_break, tgt_break=level.tgt_break,
        break_mismatch=opts.break_mismatch, break_inside=opts.break_inside,
        src_null_bonus=bonus[0] if bonus else None, tgt_null_bonus=bonus[1] if bonus else None,
        src_skips=_skips(level.src_units, opts.unit_null, opts.unit_null_piece, bonus[0] if bonus else None),
        tgt_skips=_skips(level.tgt_units, opts.unit_null, opts.unit_null_piece, bonus[1] if bonus else None),
    )


def _skips(units: np.ndarray | None, prior: float, per_piece: float, null_bonus: np.ndarray | None) -> Skips | None:
    """Beads omitting a whole unit of several pieces: one omission at ``prior`` plus
    ``per_piece`` a piece, less the bonus of every piece for the numbers it takes out of
    the text (see _kept_keys)."""
    if units is None or prior <= 0:
        return None
    start, end = units[:-1], units[1:]
    several = end - start >= 2
    start, end = start[several], end[several]
    cost = -math.log(prior) + per_piece * (end - start)
    if null_bonus is not None and len(start):
        cum = np.concatenate([[0.0], np.cumsum(null_bonus)])
        cost -= cum[end] - cum[start]
    return Skips(start, end, cost)


def _search(level: _Level, opts: AlignOptions, weights: np.ndarray, ratio: float,
            band: Band | None = None, temperature: float | None = None) -> tuple[Result, Band]:
    n, m = level.n, level.m
    if band is None:
        if (n + 1) * (m + 1) <= opts.full_limit or min(n, m) < 4 * opts.coarse_factor:
            band = Band.full(n, m)
        else:
            coarse = level.coarsen(opts.coarse_factor)
            coarse_result, _ = _search(coarse, opts, weights, ratio)
            if (n + 1) * (m + 1) > opts.fast_cells:
                band = _band_around(coarse_result.path, opts.coarse_factor, n, m, opts.fast_margin,
                                    cap=opts.fast_width * 2)
            else:
                band = _band_around(coarse_result.path, opts.coarse_factor, n, m, opts.coarse_margin)
    model = _model(level, opts, weights, band, ratio)
    if n > opts.segment_min_rows and band.width <= m // 2:
        return solve_segmented(model, band, temperature, opts.segment_rows, opts.segment_overlap), band
    return solve(model, band, temperature), band


# ---------------------------------------------------------------------------
# Per-document lexicon


# Stem pairs generated per counting chunk: bounds the lexicon's memory whatever the text size.
_PAIR_CHUNK = 500_000


def _unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_counts=True), from a plain sort (several times faster)."""
    ordered = np.sort(values)
    first = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return ordered[first], np.diff(np.append(first, len(ordered)))


def _count_pairs(s_bead: np.ndarray, s_id: np.ndarray, t_bead: np.ndarray, t_id: np.ndarray,
                 opts: AlignOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Stem pairs passing the count and Dice thresholds, with their Dice, counted exactly.

    Only pairs that can pass are generated: a pair co-occurs at most min(df_s, df_t) times,
    so both stems need a bead frequency of at least ``lexicon_min_count`` and frequencies
    within a factor (2 - d) / d of each other for a Dice of d.  This drops most pairs of a
    long text (hapaxes, function words against content words), and the rest is counted
    in chunks of whole source stems, so each chunk's counts are final and only the pairs
    that pass are kept.
    """
    min_count = max(1, opts.lexicon_min_count)
    md = opts.lexicon_min_dice
    df_s = np.bincount(s_id)
    df_t = np.bincount(t_id)
    ok_s = df_s[s_id] >= min_count
    ok_t = df_t[t_id] >= min_count
    s_bead, s_id = s_bead[ok_s], s_id[ok_s]
    t_bead, t_id = t_bead[ok_t], t_id[ok_t]
    if not len(s_id) or not len(t_id):
        return None
    # Target occurrences sorted by (bead, frequency): a source occurrence pairs with the
    # contiguous run of its bead's target stems of compatible frequency.
    top = int(df_t.max()) + 1
    codes = t_bead * top + df_t[t_id]
    order = np.argsort(codes, kind="stable")
    codes, t_sorted = codes[order], t_id[order]
    d = df_s[s_id].astype(np.float64)
    if md > 0:
        lo = np.ceil(d * md / (2.0 - md) - 1e-9).astype(np.int64)
        hi = np.minimum(np.floor(d * (2.0 - md) / md + 1e-9), top - 1).astype(np.int64)
    else:
        lo = np.zeros(len(d), dtype=np.int64)
        hi = np.full(len(d), top - 1, dtype=np.int64)
    start = np.searchsorted(codes, s_bead * top + np.maximum(lo, min_count), "left")
    stop = np.searchsorted(codes, s_bead * top + hi, "right")
    count = np.maximum(stop - start, 0)
    # Source occurrences grouped by stem, cut into chunks of about _PAIR_CHUNK pairs at
    # stem boundaries (a single stem's occurrences are never split).
    by_stem = np.argsort(s_id, kind="stable")
    sid_sorted = s_id[by_stem]
    cum = np.cumsum(count[by_stem])
    stem_end = np.flatnonzero(np.append(sid_sorted[1:] != sid_sorted[:-1], True)) + 1
    cuts = [0]
    for target in range(_PAIR_CHUNK, int(cum[-1]) + _PAIR_CHUNK, _PAIR_CHUNK):
        k = int(np.searchsorted(cum[stem_end - 1], target, "left"))
        end = int(stem_end[min(k, len(stem_end) - 1)])
        if end > cuts[-1]:
            cuts.append(end)
    if cuts[-1] != len(by_stem):
        cuts.append(len(by_stem))
    t_vocab = int(t_id.max()) + 1
    t_narrow = t_sorted.astype(np.uint32) if t_vocab < 2 ** 32 else t_sorted

    def count_chunk(chunk: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        occ = by_stem[chunk[0]:chunk[1]]
        reps = count[occ]
        total = int(reps.sum())
        # Codes relative to the chunk's first source stem: they usually fit 32 bits, which
        # halves the sort that does the counting.
        s_base = int(s_id[occ[0]])
        span = (int(s_id[occ[-1]]) - s_base + 1) * t_vocab
        dtype = np.uint32 if span < 2 ** 32 else np.int64
        # Target position of every pair: its occurrence's run start plus its rank in the run.
        where = np.repeat(start[occ] - (np.cumsum(reps) - reps), reps)
        where += np.arange(total)
        pair = np.repeat(((s_id[occ] - s_base) * t_vocab).astype(dtype), reps)
        pair += (t_narrow if dtype == np.uint32 else t_sorted)[where]
        del where
        pairs, counts = _unique_counts(pair)
        pairs = pairs.astype(np.int64)
        ps, pt = pairs // t_vocab + s_base, pairs % t_vocab
        keep = (counts >= min_count) & (2.0 * counts / (df_s[ps] + df_t[pt]) >= md)
        return ps[keep], pt[keep], counts[keep]

    # Chunks hold whole source stems, so their counts are final and independent: two threads.
    chunks = [(c0, c1) for c0, c1 in zip(cuts, cuts[1:], strict=False) if count[by_stem[c0:c1]].sum()]
    found = map_parallel(count_chunk, chunks)
    out_s, out_t, out_c = [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]
    if not out_s:
        return None
    ps, pt, counts = np.concatenate(out_s), np.concatenate(out_t), np.concatenate(out_c)
    if not len(ps):
        return None
    return ps, pt, 2.0 * counts / (df_s[ps] + df_t[pt])


def _learn_lexicon(path: Sequence[tuple[int, int]], src_stems: Keys, tgt_stems: Keys,
                   n: int, m: int, opts: AlignOptions
                   ) -> list[tuple[int, int, float]]:
    """Stem pairs that co-occur in aligned beads far more than chance (mutual best Dice)."""
    beads = [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(path, path[1:], strict=False) if i1 > i0 and j1 > j0]
    if len(beads) < 4:
        return []
    if len(beads) > opts.lexicon_max_beads:
        step = len(beads) / opts.lexicon_max_beads
        beads = [beads[int(k * step)] for k in range(opts.lexicon_max_beads)]
    def bead_stems(stems: Keys, count: int, spans: list[tuple[int, int]]) -> Keys:
        # Every unit's bead (-1 outside the sampled beads), then distinct stems per bead.
        of_unit = np.full(count, -1, dtype=np.int64)
        for k, (lo, hi) in enumerate(spans):
            of_unit[lo:hi] = k
        bead = of_unit[stems[0]]
        keep = bead >= 0
        return _group(bead[keep], stems[1][keep])

    (s_bead, s_id), (t_bead, t_id) = run_parallel(
        lambda: bead_stems(src_stems, n, [(i0, i1) for i0, i1, _, _ in beads]),
        lambda: bead_stems(tgt_stems, m, [(j0, j1) for _, _, j0, j1 in beads]))
    if not len(s_id) or not len(t_id):
        return []
    found = _count_pairs(s_bead, s_id, t_bead, t_id, opts)
    if found is None:
        return []
    ps, pt, dice = found
    # Mutual best: the pair must be the best partner of both its stems.
    order = np.lexsort((-dice, ps))
    first_s = np.ones(len(order), dtype=bool)
    first_s[1:] = ps[order][1:] != ps[order][:-1]
    best_for_s = set(order[first_s].tolist())
    order = np.lexsort((-dice, pt))
    first_t = np.ones(len(order), dtype=bool)
    first_t[1:] = pt[order][1:] != pt[order][:-1]
    best_for_t = set(order[first_t].tolist())
    chosen = sorted(best_for_s & best_for_t)
    return [(int(ps[c]), int(pt[c]), float(dice[c])) for c in chosen]


# ---------------------------------------------------------------------------
# Public entry points


# Keys that translation keeps, by their first character: numbers and footnote markers.
# Pricing acronyms, ? and !, quotation marks or : ; ( the same way was tried: textberg
# gained up to 0.007 and transread lost up to 0.005.
_KEPT_PREFIXES = "#["


def _kept(src_keys: Keys, tgt_keys: Keys, vocab: dict[str, int], cap: float) -> tuple[tuple[Keys, Keys] | None, float]:
    """The kept keys of both sides, and -log(1 - p) (at most ``cap``): p the share of their
    occurrences whose key the other side has somewhere, add-one smoothed."""
    if cap <= 0:
        return None, 0.0
    priced = np.array([name[:1] in _KEPT_PREFIXES for name in vocab], dtype=bool)

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


def _breaks(count: int, breaks: Iterable[int] | None) -> np.ndarray:
    out = np.zeros(count + 1, dtype=bool)
    out[0] = out[count] = True
    if breaks is not None:
        for b in breaks:
            if 0 < b < count:
                out[b] = True
    return out


def align(source_units: Sequence[str], target_units: Sequence[str], *,
          source_breaks: Iterable[int] | None = None, target_breaks: Iterable[int] | None = None,
          options: AlignOptions | None = None) -> list[Bead]:
    """Align two sequences of text units (sentences or paragraphs).

    ``source_breaks``/``target_breaks`` are unit indices that start a new
    paragraph; when given, beads are steered to agree with paragraph boundaries
    on both sides.  Returns monotone beads covering every unit exactly once.
    """
    opts = options or AlignOptions()
    n, m = len(source_units), len(target_units)
    if n == 0 or m == 0:
        # Nothing to choose between: every unit is certainly unmatched.
        return ([Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)])

    src_break, tgt_break = _breaks(n, source_breaks), _breaks(m, target_breaks)
    if opts.refine and refine.holds_paragraphs(source_units, target_units):
        # Paragraphs: the caller's breaks (sections, say) count as paragraph ends.
        beads = _align_through_clauses(source_units, target_units, src_break, tgt_break, opts,
                                       opts.paragraph_step)
    elif opts.refine and opts.refine_sentences and (n + 1) * (m + 1) <= opts.refine_sentence_cells:
        beads = _align_through_clauses(source_units, target_units, src_break, tgt_break, opts,
                                       opts.sentence_step, skip_if_uncut=True)
    else:
        beads = []
    return beads or _align_units(source_units, target_units, src_break, tgt_break, opts)


def _align_units(source_units: Sequence[str], target_units: Sequence[str], src_break: np.ndarray,
                 tgt_break: np.ndarray, opts: AlignOptions,
                 groups: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
    """``align`` proper: the units as they are, with boundary weights (see ``CostModel``).

    ``groups``: the units are pieces of larger ones, which start at these prefixes (and end
    at the last); a whole larger unit may be omitted by one bead (``opts.unit_null``).
    """
    n, m = len(source_units), len(target_units)
    vocab: dict[str, int] = {}
    src, tgt = features.extract_pair(source_units, target_units, vocab)
    src_keys: Keys = (src.key_unit, src.key_id)
    tgt_keys: Keys = (tgt.key_unit, tgt.key_id)
    # Units without visible characters still need a size so ratios stay finite.
    src_len = np.maximum(src.length, 1.0)
    tgt_len = np.maximum(tgt.length, 1.0)
    # The document's length ratio, shrunk towards 1 for tiny inputs where a single
    # unmatched unit would otherwise distort it.
    shrink = (n + m) / (n + m + 20.0)
    ratio = float(np.exp(shrink * np.log(tgt_len.sum() / src_len.sum())))
    level = _Level(src_len, tgt_len, src_keys, tgt_keys, src_break, tgt_break,
                   *_kept(src_keys, tgt_keys, vocab, opts.missing_cost_cap),
                   *(groups or (None, None)))
    weights = _key_weights(src_keys, tgt_keys, n, m, len(vocab), opts.idf_cap)

    if not opts.second_pass:
        result, _ = _search(level, opts, weights, ratio, temperature=opts.temperature)
        return _beads(result)

    src_stems: Keys = (src.stem_unit, src.stem_id)
    tgt_stems: Keys = (tgt.stem_unit, tgt.stem_id)
    fast = (n + 1) * (m + 1) > opts.fast_cells and min(n, m) >= 4 * opts.coarse_factor
    if fast:
        # Long text: the coarse path is good enough to learn the lexicon from (beads of
        # grouped units), which saves a whole fine-level pass.
        f = opts.coarse_factor
        coarse_opts = replace(opts, full_limit=opts.fast_full_limit,
                              segment_min_rows=opts.fast_segment_min_rows, coarse_margin=opts.fast_margin)
        first, _ = _search(level.coarsen(f), coarse_opts, weights, ratio)
        coarse_src, coarse_tgt = run_parallel(lambda: _group(src_stems[0] // f, src_stems[1]),
                                              lambda: _group(tgt_stems[0] // f, tgt_stems[1]))
        lexicon = _learn_lexicon(first.path, coarse_src, coarse_tgt, -(-n // f), -(-m // f), opts)
    else:
        first, _ = _search(level, opts, weights, ratio)
        lexicon = _learn_lexicon(first.path, src_stems, tgt_stems, n, m, opts)
    if lexicon:
        base = len(vocab)
        # Mutual best pairs: a stem belongs to at most one pair, whose key it gets.
        def with_lexicon(keys: Keys, stem_unit: np.ndarray, stem_id: np.ndarray, side: int) -> Keys:
            pair_of = np.full(int(stem_id.max()) + 1, -1, dtype=np.int64)
            pair_of[[pair[side] for pair in lexicon]] = base + np.arange(len(lexicon))
            extra = pair_of[stem_id]
            keep = extra >= 0
            return _group(np.concatenate([keys[0], stem_unit[keep]]),
                          np.concatenate([keys[1], extra[keep]]))

        src_keys2, tgt_keys2 = run_parallel(lambda: with_lexicon(src_keys, *src_stems, 0),
                                            lambda: with_lexicon(tgt_keys, *tgt_stems, 1))
        weights2 = _key_weights(src_keys2, tgt_keys2, n, m, base + len(lexicon), opts.idf_cap)
        dice = np.array([d for _, _, d in lexicon])
        weights2[base:] *= opts.lexicon_weight * dice
        level = replace(level, src_keys=src_keys2, tgt_keys=tgt_keys2)
        weights = weights2
    if fast:
        return _beads(_fast_final(level, opts, weights, ratio, first.path))
    else:
        band = _band_around(first.path, 1, n, m, opts.refine_margin)
    # The pass-1 path stands in for the final one when measuring the misfit of the lengths.
    # A text whose lengths fit M times worse than expected gets an M times wider length
    # distribution (so shared numbers and names can outweigh lengths that mean little) and
    # posteriors at temperature M (so its confidences say how little the model knows).
    misfit = _misfit(first.path, level, ratio, opts)
    if misfit > 1.0:
        opts = replace(opts, variance=opts.variance * misfit, rel_spread=opts.rel_spread * math.sqrt(misfit))
    result, _ = _search(level, opts, weights, ratio, band=band, temperature=opts.temperature * misfit)
    return _beads(result)


def _align_through_clauses(source_units: Sequence[str], target_units: Sequence[str], src_break: np.ndarray,
                           tgt_break: np.ndarray, opts: AlignOptions, step: ClauseStep,
                           skip_if_uncut: bool = False) -> list[Bead]:
    """Align units by aligning their clauses with the unit ends as (soft) breaks.

    The caller's paragraph breaks weigh ``step.mark_weight`` unit ends, sentence ends inside
    a unit ``refine_sentence_weight``.  With ``skip_if_uncut``, returns no beads when no
    unit has more than one clause (the clause alignment would be the unit alignment).
    """
    src, src_starts, src_inner = refine.split_units(source_units)
    tgt, tgt_starts, tgt_inner = refine.split_units(target_units)
    if skip_if_uncut and len(src) == len(source_units) and len(tgt) == len(target_units):
        return []

    def weights(count: int, starts: list[int], inner: list[int], breaks: np.ndarray) -> np.ndarray:
        out = np.zeros(count + 1)
        out[inner] = opts.refine_sentence_weight
        out[[0, *starts, count]] = np.where(breaks, step.mark_weight, 1.0)
        return out

    priors = dict(opts.priors)
    for shape in ((1, 0), (0, 1)):
        priors[shape] = min(0.5, priors[shape] * step.null_factor)
    clause_opts = replace(opts, priors=priors, break_mismatch=step.break_mismatch, break_inside=step.break_inside,
                          unit_null=min(0.5, opts.priors[(1, 0)] * step.unit_null_factor),
                          unit_null_piece=step.unit_null_piece)
    groups = (np.array([0, *src_starts, len(src)]), np.array([0, *tgt_starts, len(tgt)]))
    steps = [(len(b.source), len(b.target), b.confidence)
             for b in _align_units(src, tgt, weights(len(src), src_starts, src_inner, src_break),
                                   weights(len(tgt), tgt_starts, tgt_inner, tgt_break), clause_opts, groups)]
    return [Bead(tuple(s), tuple(t), c)
            for s, t, c in refine.unit_beads(steps, src_starts, tgt_starts, len(source_units), len(target_units))]


def _fast_final(level: _Level, opts: AlignOptions, weights: np.ndarray, ratio: float,
                coarse_path: Sequence[tuple[int, int]]) -> Result:
    """Final pass of a long text: best path in a band around the coarse path, then the
    posteriors (three times the work of the best path per cell) only in a narrow band
    around that path, from the bead costs already computed for the wide band."""
    n, m = level.n, level.m
    wide = _band_around(coarse_path, opts.coarse_factor, n, m, opts.fast_margin, cap=opts.fast_width * 2)
    if not (n > opts.segment_min_rows and wide.width <= m // 2):
        fine, _ = _search(level, opts, weights, ratio, band=wide)
        band = _band_around(fine.path, 1, n, m, opts.fast_refine_margin, cap=opts.fast_width)
        temperature = opts.temperature * _misfit(fine.path, level, ratio, opts)
        return _search(level, opts, weights, ratio, band=band, temperature=temperature)[0]
    model = _model(level, opts, weights, wide, ratio)
    fine = solve_segmented(model, wide, None, opts.segment_rows, opts.segment_overlap)
    narrow = _band_around(fine.path, 1, n, m, opts.fast_refine_margin, cap=opts.fast_width)
    narrow = Band(np.maximum(narrow.lo, wide.lo), np.minimum(narrow.hi, wide.hi))
    # Long texts: the misfit only tempers the posteriors (re-costing would need another pass).
    temperature = opts.temperature * _misfit(fine.path, level, ratio, opts)
    return solve_segmented(model, narrow, temperature, opts.segment_rows, opts.segment_overlap,
                           reuse=fine.cells, path=fine.path, path_costs=fine.costs)


def _misfit(path: Sequence[tuple[int, int]], level: _Level, ratio: float, opts: AlignOptions) -> float:
    """How much worse the lengths along ``path`` fit than the model expects (1: as expected).

    The length cost of a bead is -log of a two-sided p-value, so over the beads of a text
    the model describes it averages about 1.  When it averages M >> 1 (a fragment against
    a whole text, a summary, a different edition) the differences between competing paths
    are artefacts of the Gaussian tail: the path is then dictated by lengths that mean
    little, and a posterior taken at face value is near 1 for a clearly wrong path.  The
    mean is shrunk towards 1 by ``misfit_prior_beads`` so that one slightly awkward bead
    of a tiny text does not count as a misfit.
    """
    if not opts.misfit_temperature:
        return 1.0
    pts = np.array(path, dtype=np.int64)
    steps = np.diff(pts, axis=0)
    both = (steps[:, 0] > 0) & (steps[:, 1] > 0)
    if not both.any():
        return 1.0
    src_prefix = np.concatenate([[0.0], np.cumsum(level.src_len)])
    tgt_prefix = np.concatenate([[0.0], np.cumsum(level.tgt_len)])
    ls = src_prefix[pts[1:, 0]] - src_prefix[pts[:-1, 0]]
    lt = tgt_prefix[pts[1:, 1]] - tgt_prefix[pts[:-1, 1]]
    costs = length_cost(ls[both], lt[both], ratio, opts.variance, opts.rel_spread)
    k = opts.misfit_prior_beads
    return max(1.0, (float(costs.sum()) + k) / (len(costs) + k))


def _beads(result: Result) -> list[Bead]:
    posts = result.posteriors or [1.0] * len(result.costs)
    path = result.path
    # Index tuples are sliced from one tuple of all indices (cheaper than a range each).
    src_idx = tuple(range(path[-1][0]))
    tgt_idx = tuple(range(path[-1][1]))
    return [Bead(src_idx[i0:i1], tgt_idx[j0:j1], round(min(1.0, max(0.0, p)), 4))
            for ((i0, j0), (i1, j1)), p in zip(zip(path, path[1:], strict=False), posts, strict=False)]


def align_paragraphs(source_paragraphs: Sequence[Sequence[str]],
                     target_paragraphs: Sequence[Sequence[str]],
                     options: AlignOptions | None = None) -> list[Bead]:
    """Align sentences grouped in paragraphs; indices count sentences across all paragraphs."""
    def flat(paras: Sequence[Sequence[str]]) -> tuple[list[str], list[int]]:
        units: list[str] = []
        starts: list[int] = []
        for para in paras:
            if para:
                starts.append(len(units))
                units.extend(para)
        return units, starts

    src, src_starts = flat(source_paragraphs)
    tgt, tgt_starts = flat(target_paragraphs)
    return align(src, tgt, source_breaks=src_starts, target_breaks=tgt_starts, options=options)
