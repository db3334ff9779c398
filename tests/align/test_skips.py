"""Whole units omitted by one bead (skips.py): the search against plain recursions, and
what the skips are for, a paragraph dropped from a translation."""
from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import AlignOptions, align, dp
from workbench.align.aligner import ClauseStep
from workbench.align.skips import Skips, row_bounds, shortcut_backward, shortcut_forward, shortcut_min

from .helpers import alice_slice, assert_valid, seed_release, shapes


def _model(seed: int, n: int, m: int) -> dp.CostModel:
    """A small cost model with random lengths, marks, skips over groups of 2-3 units (taken
    anywhere or only where the other side stands at random prefixes), and omissions at the
    edges priced apart or not."""
    rng = random.Random(seed)

    def skips(count: int, other: int) -> Skips:
        start, end, cost = [], [], []
        pos = 0
        while pos < count:
            size = rng.choice((1, 2, 3))
            if size >= 2 and pos + size <= count:
                start.append(pos)
                end.append(pos + size)
                cost.append(rng.uniform(0.5, 6.0))
            pos += size
        beside = rng.choice([None, np.array([rng.random() < 0.5 for _ in range(other + 1)])])
        return Skips(np.array(start, dtype=np.int64), np.array(end, dtype=np.int64), np.array(cost), beside)

    priors = {(1, 1): 0.86, (1, 0): 0.02, (0, 1): 0.02, **{s: 0.01 for s in dp.SHAPES if s not in ((1, 1), (1, 0))}}
    return dp.CostModel(
        src_prefix=np.concatenate([[0.0], np.cumsum([rng.uniform(5, 60) for _ in range(n)])]),
        tgt_prefix=np.concatenate([[0.0], np.cumsum([rng.uniform(5, 60) for _ in range(m)])]),
        ratio=1.0, variance=6.8, rel_spread=0.05, null_scale=0.0,
        priors={k: -math.log(v) for k, v in priors.items()}, evidence_weight=0.0,
        src_break=np.array([rng.random() < 0.3 for _ in range(n + 1)], dtype=float),
        tgt_break=np.array([rng.random() < 0.3 for _ in range(m + 1)], dtype=float),
        break_mismatch=2.0, break_inside=1.0,
        src_skips=skips(n, m), tgt_skips=skips(m, n),
        # Omissions before a text begins or after it ends priced apart, or not.
        edge_null=rng.choice([None, rng.uniform(0.1, 3.0)]),
        # Bead ends of three classes and what facing ends are worth (ends.py).
        end_score=np.array([[rng.uniform(-2.0, 2.0) for _ in range(3)] for _ in range(3)]),
        src_end=np.array([rng.randrange(3) for _ in range(n + 1)]),
        tgt_end=np.array([rng.randrange(3) for _ in range(m + 1)]),
    )


def _steps(model: dp.CostModel, i: int, j: int) -> list[tuple[int, int, float]]:
    """Every bead leaving lattice point (i, j): (source units, target units, cost)."""
    out = []
    for a, b in (*dp.SHAPES, (0, 1)):
        if i + a <= model.n and j + b <= model.m:
            out.append((a, b, float(model.bead_cost(np.array([i]), np.array([j]), a, b)[0])))
    for side, skips in ((0, model.src_skips), (1, model.tgt_skips)):
        if skips.beside is not None and not skips.beside[(j, i)[side]]:
            continue
        for s, e, c in zip(skips.start.tolist(), skips.end.tolist(), skips.cost.tolist(), strict=True):
            if s == (i, j)[side]:
                out.append((e - s, 0, c) if side == 0 else (0, e - s, c))
    return out


def _reference(model: dp.CostModel) -> tuple[float, dict, dict, float]:
    """Best cost, forward and backward log-sums of every lattice point, and the log-sum of
    all paths, by plain recursions over the whole lattice."""
    n, m = model.n, model.m
    best = {(0, 0): 0.0}
    fwd = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in best:
                continue
            for a, b, c in _steps(model, i, j):
                q = (i + a, j + b)
                best[q] = min(best.get(q, math.inf), best[(i, j)] + c)
                fwd[q] = np.logaddexp(fwd.get(q, -math.inf), fwd[(i, j)] - c)
    bwd = {(n, m): 0.0}
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            for a, b, c in _steps(model, i, j):
                q = (i + a, j + b)
                if q in bwd:
                    bwd[(i, j)] = np.logaddexp(bwd.get((i, j), -math.inf), bwd[q] - c)
    return best[(n, m)], fwd, bwd, fwd[(n, m)]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 9), st.integers(1, 9))
def test_search_with_skips_equals_plain_recursions(seed: int, n: int, m: int) -> None:
    model = _model(seed, n, m)
    result = dp.solve(model, dp.Band.full(n, m), temperature=1.0)
    best, fwd, bwd, log_z = _reference(model)
    path = result.path
    assert path[0] == (0, 0) and path[-1] == (n, m)
    assert sum(result.costs) == pytest.approx(best, abs=1e-9)
    for (p, q), c, post in zip(zip(path, path[1:], strict=False), result.costs, result.posteriors, strict=True):
        assert (q[0] - p[0], q[1] - p[1], pytest.approx(c)) in _steps(model, *p)
        assert post == pytest.approx(math.exp(fwd[p] - c + bwd[q] - log_z), abs=1e-9)


def test_a_cheap_skip_is_taken_as_one_bead() -> None:
    # Source units 1-3 are one larger unit; omitting it whole costs less than three
    # omissions or any merge of units far too long for the target.
    model = dp.CostModel(
        src_prefix=np.array([0.0, 20, 120, 220, 320, 340]), tgt_prefix=np.array([0.0, 20, 40]),
        ratio=1.0, variance=6.8, rel_spread=0.05, null_scale=0.0,
        priors={k: -math.log(0.01 if k != (1, 1) else 0.86) for k in (*dp.SHAPES, (0, 1))},
        evidence_weight=0.0, src_skips=Skips(np.array([1]), np.array([4]), np.array([3.0])),
    )
    result = dp.solve(model, dp.Band.full(5, 2), temperature=1.0)
    assert result.path == [(0, 0), (1, 1), (4, 1), (5, 2)]
    assert result.costs[1] == 3.0
    assert result.posteriors[1] > 0.99


ENGLISH, FRENCH = seed_release()
WITHOUT_SKIPS = AlignOptions(paragraph_step=ClauseStep(3.0, 1.0, 4.0, 1.0, unit_null_factor=0.0))


@pytest.mark.parametrize("side", ["source", "target"])
@pytest.mark.parametrize("dropped", range(7))
def test_every_paragraph_dropped_from_the_seed_gets_its_own_bead(side: str, dropped: int) -> None:
    english, french = ENGLISH, FRENCH
    if side == "target":
        french = french[:dropped] + french[dropped + 1:]
        want = ((dropped,), ())
    else:
        english = english[:dropped] + english[dropped + 1:]
        want = ((), (dropped,))
    beads = align(english, french)
    assert_valid(beads, len(english), len(french))
    assert want in shapes(beads)
    # Every other paragraph keeps its partner.
    assert sum(1 for b in beads if len(b.source) == len(b.target) == 1) == 6


def test_without_whole_unit_omissions_long_dropped_paragraphs_merge() -> None:
    # The last paragraph's seven clauses cost seven omissions: it went into its neighbour's
    # bead, with high confidence.  This is what the skips are for.  (Omissions after the
    # other text ends are cheap now, which finds it too: they are priced as others here.)
    beads = align(ENGLISH, FRENCH[:6], options=replace(WITHOUT_SKIPS, edge_null=None))
    assert ((6,), ()) not in shapes(beads)
    assert ((6,), ()) in shapes(align(ENGLISH, FRENCH[:6]))


@pytest.mark.parametrize("side", ["source", "target"])
def test_the_segmented_search_skips_like_the_row_by_row_search(side: str) -> None:
    # Segments of 8 clause rows (the slice has ~200).  Paragraph 29 has four clauses a
    # side: dropped, it is found only by a skip.
    src, tgt = alice_slice()
    if side == "target":
        tgt = tgt[:29] + tgt[30:]
        want = ((29,), ())
    else:
        src = src[:29] + src[30:]
        want = ((), (29,))
    # Banded (coarse to fine), so that the segmented search applies.
    plain = align(src, tgt, options=AlignOptions(full_limit=2000))
    seg = align(src, tgt, options=AlignOptions(full_limit=2000, segment_min_rows=0, segment_rows=8,
                                               segment_overlap=3))
    assert want in shapes(plain)
    assert shapes(seg) == shapes(plain)
    # Free segment ends change the posteriors slightly (as in test_long_inputs.py).
    diffs = [abs(a.confidence - b.confidence) for a, b in zip(plain, seg, strict=True)]
    assert sum(diffs) / len(diffs) < 0.01 and max(diffs) < 0.25


_WORDS = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega river stone cloud".split()


def _numbered_paragraphs(rng: random.Random, sizes: Sequence[int], length: tuple[int, int] = (6, 14)) -> list[str]:
    """Paragraph k of ``sizes[k]`` numbered sentences of random words."""
    return [" ".join(f"Item {k}.{s} " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(*length))) + "."
                     for s in range(size)) for k, size in enumerate(sizes)]


def _dropping(long: int, sentences: int) -> tuple[list[str], list[str]]:
    """60 paragraphs of three sentences, paragraph ``long`` of ``sentences``; the target
    drops that one."""
    src = _numbered_paragraphs(random.Random(3), [sentences if k == long else 3 for k in range(60)])
    return src, [p.upper() for k, p in enumerate(src) if k != long]


def test_a_skip_longer_than_the_segment_overlap_gets_its_posterior_from_a_segment_holding_it() -> None:
    # A paragraph of 24 sentences dropped, its skip starting late in a segment's core of 32
    # rows with 16 rows of overlap: it ends past that segment.
    src, tgt = _dropping(20, 24)
    plain = align(src, tgt, options=AlignOptions(full_limit=2000))
    seg = align(src, tgt, options=AlignOptions(full_limit=2000, segment_min_rows=0, segment_rows=32,
                                               segment_overlap=16))
    assert ((20,), ()) in shapes(seg)
    assert shapes(seg) == shapes(plain)
    assert max(abs(a.confidence - b.confidence) for a, b in zip(plain, seg, strict=True)) < 0.01


def test_segments_whose_paths_never_meet_are_still_joined_into_one_path() -> None:
    # Segments of 8 rows with 4 of overlap cannot hold a 12-clause skip, so their paths
    # disagree around it; joining them once looped for ever (the bridge went up and left).
    src, tgt = _dropping(30, 12)
    beads = align(src, tgt, options=AlignOptions(full_limit=2000, segment_min_rows=0, segment_rows=8,
                                                 segment_overlap=4))
    assert_valid(beads, len(src), len(tgt))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(40, 70), st.sets(st.integers(0, 39), max_size=6),
       st.sets(st.integers(0, 39), max_size=6))
def test_segmented_search_with_skips_keeps_bead_invariants(seed: int, count: int, drop_src: set[int],
                                                             drop_tgt: set[int]) -> None:
    # Paragraphs of 1-6 numbered sentences, some dropped from either side, through tiny
    # segments: whatever the segments make of the skips, the beads cover both sides once.
    rng = random.Random(seed)
    paras = _numbered_paragraphs(rng, [rng.randint(1, 6) for _ in range(count)], length=(3, 9))
    src = [p for k, p in enumerate(paras) if k not in drop_src]
    tgt = [p.upper() for k, p in enumerate(paras) if k not in drop_tgt]
    opts = AlignOptions(full_limit=2000, segment_min_rows=0, segment_rows=rng.choice((8, 16, 32)),
                        segment_overlap=rng.choice((4, 8, 16)))
    assert_valid(align(src, tgt, options=opts), len(src), len(tgt))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 100_000))
def test_shortcuts_of_many_rows_at_once_equal_row_by_row(seed: int) -> None:
    # The segmented search applies the shortcuts to all segments' rows in one call, and
    # leaves alone the rows they cannot change: the same as one row at a time.
    rng = np.random.default_rng(seed)
    m, width, rows = 60, 14, 12
    starts = np.arange(0, m - 4, 5)
    skips = Skips(starts, starts + rng.integers(2, 5, len(starts)), rng.uniform(0.0, 8.0, len(starts)))
    lo = np.sort(rng.integers(0, m - width, rows))
    hi = lo + rng.integers(width // 2, width + 1, rows)
    rb = row_bounds(skips, lo, hi, width, np.arange(rows))
    assert rb is not None
    values = rng.uniform(0.0, 10.0, (rows, width))
    values[rng.random((rows, width)) < 0.1] = np.inf
    walk = np.cumsum(rng.uniform(0.0, 3.0, (rows, width)), axis=1)
    together = [shortcut_min(values, walk, rb), (shortcut_forward(-values, -walk, rb, 1.0),),
                (shortcut_backward(-values, -walk, rb, 1.0),)]
    for r in range(rows):
        one = rb.rows(np.array([r]))
        alone = [shortcut_min(values[r:r + 1], walk[r:r + 1], one),
                 (shortcut_forward(-values[r:r + 1], -walk[r:r + 1], one, 1.0),),
                 (shortcut_backward(-values[r:r + 1], -walk[r:r + 1], one, 1.0),)]
        for batch, single in zip(together, alone, strict=True):
            for a, b in zip(batch, single, strict=True):
                assert np.array_equal(a[r:r + 1], b), (r, a[r], b[0])
    # Some rows change, or the test would prove nothing.
    assert (together[0][0] < values).any()
