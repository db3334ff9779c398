"""A long stretch of the translation with nothing opposite: folded, so the band stays narrow."""
from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import AlignOptions, align, aligner, gaps

from .helpers import assert_valid, shapes
from .test_align import numbered_list
from .test_long_inputs import SEGMENTED


@st.composite
def foldings(draw: st.DrawFn) -> gaps.Folding:
    m = draw(st.integers(1, 60))
    cuts = sorted(draw(st.sets(st.integers(0, m), max_size=8)))
    runs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b - a >= 2]
    return gaps.Folding(tuple(runs), m)


@settings(max_examples=200, deadline=None)
@given(foldings(), st.randoms(use_true_random=False))
def test_unfolding_a_folded_path_gives_a_path_of_the_unfolded_units(folding: gaps.Folding, rng: random.Random) -> None:
    table = folding.prefixes(np.arange(folding.m + 1))
    folded_m = len(table) - 1
    # Folding the unfolded prefixes gives every folded prefix back, in order.
    assert folding.column(table).tolist() == list(range(folded_m + 1))
    assert folding.unit_of().max() == folded_m - 1
    # A random monotone path over the folded units, with 0-1 beads over some folded runs.
    n = rng.randint(0, 6)
    path, i, j = [(0, 0)], 0, 0
    while (i, j) != (n, folded_m):
        a = rng.randint(0, min(2, n - i))
        b = rng.randint(0 if a else 1, min(2, folded_m - j)) if j < folded_m else 0
        if a == b == 0:
            a = 1
        i, j = i + a, j + b
        path.append((i, j))
    costs = [float(k) for k in range(len(path) - 1)]
    posts = [0.5] * (len(path) - 1)
    out, out_costs, out_posts = folding.unfold(path, costs, posts)
    assert out[0] == (0, 0) and out[-1] == (n, folding.m)
    steps = np.diff(np.array(out), axis=0)
    assert (steps >= 0).all() and (steps.sum(axis=1) > 0).all()
    assert len(out_costs) == len(out_posts) == len(out) - 1
    assert abs(sum(out_costs) - sum(costs)) < 1e-9
    # Every 0-1 bead over a folded run became one 0-1 bead per unit of the run.
    starts = {int(table[j0]): int(table[j1]) for (i0, j0), (i1, j1) in zip(path, path[1:], strict=False)
              if i0 == i1 and (int(table[j0]), int(table[j1])) in folding.runs}
    for start, end in starts.items():
        for col in range(start, end):
            assert any(a[1] == col and b[1] == col + 1 and a[0] == b[0]
                       for a, b in zip(out, out[1:], strict=False)), (start, end, out)


def test_long_runs_are_the_steep_stretches_less_their_slack() -> None:
    diagonal = [(k, k) for k in range(200)]
    assert gaps.long_runs(diagonal, 20, 5, 4) == []
    # Row 50 crosses columns 50-150 (a run of 100), then two rows cross 40 more.
    steep = [(k, k) for k in range(51)] + [(50, 150), (51, 170), (52, 190)] + [(k, k + 140) for k in range(53, 80)]
    # Within 4 rows, the first point crossing 30 columns is (46, 46) (to (50, 150)), the
    # last (50, 150) (to (54, 194)): columns 46-194, less 5 at both ends.
    assert gaps.long_runs(steep, 20, 5, 4) == [(51, 189)]
    # Within one row only, the stretch is row 50's.
    assert gaps.long_runs(steep, 20, 5, 0) == [(55, 145)]


def _with_annex(seed: int, annex: int) -> tuple[list[str], list[str], list[str], int]:
    """A numbered list, its translation, and the translation with ``annex`` unrelated
    lines inserted in the middle (and where they start)."""
    rng = random.Random(seed)
    src = numbered_list(300, seed)
    tgt = [s.upper() for s in src]
    at = rng.randint(100, 200)
    filler = [f"Annexe, ligne sans équivalent {'abcdefghij'[k % 10]} " + "mot " * rng.randint(5, 25)
              for k in range(annex)]
    return src, tgt, tgt[:at] + filler + tgt[at:], at


def test_an_annex_of_paragraphs_is_folded_with_the_whole_unit_omissions_around_it(monkeypatch) -> None:
    # Paragraphs are aligned through their clauses, with whole paragraphs omitted by one
    # bead (skips.py): the folded level keeps the skips of the paragraphs around the annex.
    src, tgt, with_annex, at = _with_annex(5, 120)
    pair = lambda units: [f"{a} {b}" for a, b in zip(units[::2], units[1::2], strict=False)]  # noqa: E731
    src, tgt, annex = pair(src), pair(tgt), pair(with_annex[at:at + 120])
    start = at // 2 - 1
    with_annex = tgt[:at // 2] + annex + tgt[at // 2:]
    del tgt[17], with_annex[17]   # a paragraph dropped from the translation, before the annex
    folds: list[list[tuple[int, int]]] = []
    real = gaps.long_runs
    monkeypatch.setattr(gaps, "long_runs", lambda *args: folds.append(real(*args)) or folds[-1])
    folded = []
    real_fold = aligner._Level.fold
    monkeypatch.setattr(aligner._Level, "fold", lambda level, f: folded.append(real_fold(level, f)) or folded[-1])
    small = {"full_limit": 2000, "fold_limit": 20, "fold_slack": 6, "fold_rows": 4, **SEGMENTED}
    beads = align(src, with_annex, options=AlignOptions(**small))
    assert_valid(beads, len(src), len(with_annex))
    assert any(folds)
    # Every folded clause level still knows where each paragraph starts (its whole-unit
    # omissions), the folded run being a paragraph of its own.
    assert folded
    for level in folded:
        units = level.tgt_units
        assert units is not None and units[0] == 0 and units[-1] == level.m and (np.diff(units) > 0).all()
    plain = align(src, tgt, options=AlignOptions(**small))
    assert ((17,), ()) in shapes(plain) and ((17,), ()) in shapes(beads)
    # The annex omitted paragraph by paragraph, but for a few at its end (the search
    # hesitates there with or without folding), and the text aligned as without it
    # away from the annex.
    end = start + len(annex)
    omitted = [b for b in beads if not b.source and start <= b.target[0] < end]
    assert len(omitted) >= len(annex) - 4
    far = [(b.source, tuple(t if t < start else t - len(annex) for t in b.target)) for b in beads
           if b.target and (b.target[-1] < start - 3 or b.target[0] >= end + 3)]
    assert set(far) <= set(shapes(plain)) and len(far) >= len(plain) - 10


def test_an_annex_of_the_translation_is_omitted_and_the_band_stays_narrow(monkeypatch) -> None:
    src, tgt, with_annex, at = _with_annex(3, 150)
    widths: list[int] = []   # of the bands searched at the finest level (the coarsest is full)
    for name in ("solve", "solve_segmented"):
        real = getattr(aligner, name)

        def spy(model, band, *args, _real=real, **kwargs):
            if model.n == len(src):
                widths.append(band.width)
            return _real(model, band, *args, **kwargs)

        monkeypatch.setattr(aligner, name, spy)
    small = {"full_limit": 2000, "fold_limit": 40, "fold_slack": 8, "fold_rows": 4, **SEGMENTED}
    beads = align(src, with_annex, options=AlignOptions(**small))
    assert_valid(beads, len(src), len(with_annex))
    folded_width = max(widths)
    # The annex: every line of it omitted on its own.
    annex = range(at, at + 150)
    assert [b for b in beads if set(b.target) & set(annex)] == [b for b in beads if b.target and b.target[0] in annex]
    assert all(not b.source and len(b.target) == 1 for b in beads if b.target and b.target[0] in annex)
    # The rest aligned as without the annex.
    plain = align(src, tgt, options=AlignOptions(**small))
    shifted = [(s, tuple(t if t < at else t - 150 for t in ts))
               for s, ts in shapes(beads) if not (ts and ts[0] in annex)]
    assert shifted == shapes(plain)
    # The band is narrower than the annex; without folding, wider (and the path is worse).
    widths.clear()
    align(src, with_annex, options=AlignOptions(**{**small, "fold_limit": 10_000}))
    assert folded_width < 150 < max(widths)


def _folded_units(n: int, m: int, guide: list[tuple[int, int]]) -> int:
    """Target units of the level that ``aligner._folded`` searches with the default options."""
    level = aligner._Level(np.ones(n), np.ones(m), (np.zeros(0, np.int64), np.zeros(0, np.int64)),
                           (np.zeros(0, np.int64), np.zeros(0, np.int64)),
                           np.ones(n + 1, bool), np.ones(m + 1, bool))
    seen: list[int] = []

    def solve(lv: aligner._Level, g: list[tuple[int, int]]) -> aligner.Result:
        seen.append(lv.m)
        return aligner.Result(list(g), [0.0] * (len(g) - 1), None)

    aligner._folded(level, guide, AlignOptions(), solve)
    return seen[0]


def test_a_passage_of_a_hundred_units_is_folded_but_a_steady_steep_text_is_not() -> None:
    # A passage of 100 target units inside one row of a text otherwise 1-1 folds (ten such
    # passages in the 4x speed text cost 1.7 GB unfolded); a target cut five times finer
    # than its source all along is no passage, whatever its slope.
    guide = [(i, i) for i in range(50)] + [(49, 49 + k) for k in range(1, 101)] + [(i, i + 100) for i in range(50, 101)]
    assert _folded_units(100, 200, guide) < 200 - 50
    steep = [(i, 5 * i) for i in range(101)]
    assert _folded_units(100, 500, steep) == 500
