"""The code paths for long texts, exercised on small inputs by lowering their thresholds."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import AlignOptions, align, features

from .helpers import assert_valid, shapes
from .test_align import numbered_list

# Segments of 16 rows with 8 rows of overlap: many segment borders on a 200-unit text (with 6,
# seed 262 differed by 0.25 in one posterior: free ends need a few beads to forget their start).
SEGMENTED = {"segment_min_rows": 0, "segment_rows": 16, "segment_overlap": 8}


def _text(seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    src = numbered_list(rng.randint(150, 220), seed)
    tgt = []
    for s in src:
        r = rng.random()
        if r < 0.04:
            continue                          # deletion
        if r < 0.08 and tgt:
            tgt[-1] = tgt[-1] + " " + s       # merge
        else:
            tgt.append(s.upper())
    return src, tgt


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000))
def test_segmented_search_matches_the_row_by_row_search(seed: int) -> None:
    src, tgt = _text(seed)
    plain = align(src, tgt, options=AlignOptions(full_limit=2000))
    seg = align(src, tgt, options=AlignOptions(full_limit=2000, **SEGMENTED))
    assert_valid(seg, len(src), len(tgt))
    assert shapes(seg) == shapes(plain)
    # Free segment ends change the posteriors only slightly (more near the borders of
    # these very short segments than with the default overlap).
    diffs = [abs(a.confidence - b.confidence) for a, b in zip(plain, seg, strict=True)]
    assert sum(diffs) / len(diffs) < 0.01 and max(diffs) < 0.25


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000), st.sets(st.integers(1, 150), max_size=10))
def test_fast_path_keeps_bead_invariants(seed: int, breaks: set[int]) -> None:
    src, tgt = _text(seed)
    opts = AlignOptions(full_limit=2000, fast_cells=1000, fast_width=8, **SEGMENTED)
    beads = align(src, tgt, source_breaks=breaks, target_breaks=breaks, options=opts)
    assert_valid(beads, len(src), len(tgt))
    one_to_one = sum(1 for b in beads if len(b.source) == 1 and len(b.target) == 1)
    assert one_to_one >= 0.75 * len(tgt)


unit_text = st.text(alphabet=st.sampled_from("abÉé İΣς ß\x00 07٣ [1] .?!«»'’ AB\t\u00a0"), max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(unit_text, max_size=8))
def test_bulk_extraction_equals_unit_by_unit(units: list[str]) -> None:
    keys: dict[str, int] = {}
    stems: dict[str, int] = {}
    ex = features.extract(units, keys, stems)
    key_names, stem_names = list(keys), list(stems)
    for k, unit in enumerate(units):
        want_keys, want_stems = features.unit_features(unit)
        assert {key_names[i] for u, i in zip(ex.key_unit, ex.key_id, strict=True) if u == k} == set(want_keys)
        assert {stem_names[i] for u, i in zip(ex.stem_unit, ex.stem_id, strict=True) if u == k} == set(want_stems)
        assert ex.length[k] == features.unit_length(unit)


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10_000))
def test_row_block_costs_equal_bead_by_bead_costs(seed: int) -> None:
    # dp.shape_costs computes all shapes of a row block at once from shared pair grids;
    # it must agree with CostModel.bead_cost, the plain definition, in both directions.
    import numpy as np

    from workbench.align import aligner, dp, ends, evidence

    src, tgt = _text(seed)
    src, tgt = src[:60], tgt[:60]
    vocab: dict[str, int] = {}
    s = features.extract(src, vocab, {})
    t = features.extract(tgt, vocab, {})
    n, m = len(src), len(tgt)
    # Numbers priced as kept or missing, so the omission bonuses are compared too.
    src_keys, tgt_keys = (s.key_unit, s.key_id), (t.key_unit, t.key_id)
    level = aligner._Level(np.maximum(s.length, 1.0), np.maximum(t.length, 1.0), src_keys, tgt_keys,
                           aligner._breaks(n, [5, 20]), aligner._breaks(m, [5, 21]),
                           *evidence.kept_keys(src_keys, tgt_keys, vocab, 1.5))
    # How bead ends correspond (ends.py), from a table that is not the identity.
    rng = np.random.default_rng(seed)
    level = replace(level, src_end=ends.end_classes(src), tgt_end=ends.end_classes(tgt),
                    end_score=rng.normal(0.0, 2.0, (ends.CLASSES, ends.CLASSES)))
    opts = AlignOptions()
    weights = evidence.key_weights(level.src_keys, level.tgt_keys, n, m, len(vocab), opts.idf_cap)
    band = aligner._band_around([(0, 0), (n, m)], 1, n, m, 6)
    model = aligner._model(level, opts, weights, band, 1.0)
    assert model.src_null_bonus is not None and model.src_null_bonus.any()
    assert model.end_score is not None and len(set(model.src_end.tolist())) > 1
    rows = np.arange(n + 1)
    for outgoing in (False, True):
        costs, _, c01, valid = dp.shape_costs(model, band, rows, band.width, outgoing)
        for s_idx, (a, b) in enumerate((*dp.SHAPES, (0, 1))):
            grid = c01 if s_idx == len(dp.SHAPES) else costs[s_idx]
            r, w = np.nonzero(np.isfinite(grid))
            j = band.lo[r] + w
            i0, j0 = (r, j) if outgoing else (r - a, j - b)
            want = model.bead_cost(i0, j0, a, b)
            assert np.allclose(grid[r, w], want), (outgoing, a, b)


@settings(max_examples=50, deadline=None)
@given(st.lists(unit_text, max_size=8))
def test_word_identity_survives_hash_collisions(units: list[str]) -> None:
    # With a hash base of 1 a word's hash is its code-point sum plus its length, so
    # anagrams ("abba", "baab") collide; the exact comparison must still keep them apart.
    import numpy as np
    import pytest

    units = [*units, "abba baab ab ba abba"]
    keys: dict[str, int] = {}
    stems: dict[str, int] = {}
    want = features.extract(units, keys, stems)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(features, "_HASH_BASE", 1)
        mp.setattr(features, "_HASH_INV", 1)
        keys2: dict[str, int] = {}
        stems2: dict[str, int] = {}
        got = features.extract(units, keys2, stems2)
    assert list(keys2) == list(keys) and list(stems2) == list(stems)
    for name in ("length", "key_unit", "key_id", "stem_unit", "stem_id"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    assert {"abba", "baab"} <= set(stems2)


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 10_000), st.sets(st.integers(1, 150), max_size=10))
def test_threads_do_not_change_results(seed: int, breaks: set[int]) -> None:
    # Row blocks, chunks, the two sides' extraction and the two recursions run on threads
    # when the machine has cores to spare; every piece computes what it computes alone.
    # Small chunks, so that there are several of each on this short text.
    from workbench.align import dp, evidence, lexicon, parallel

    src, tgt = _text(seed)
    opts = AlignOptions(full_limit=2000, fast_cells=1000, fast_width=8, **SEGMENTED)
    saved = parallel.WORKERS, dp._CELLS_PER_CHUNK, evidence._MATCH_CHUNK, lexicon._PAIR_CHUNK
    try:
        dp._CELLS_PER_CHUNK, evidence._MATCH_CHUNK, lexicon._PAIR_CHUNK = 3000, 500, 200
        parallel.WORKERS = 1
        alone = align(src, tgt, source_breaks=breaks, target_breaks=breaks, options=opts)
        parallel.WORKERS = 2
        threaded = align(src, tgt, source_breaks=breaks, target_breaks=breaks, options=opts)
    finally:
        parallel.WORKERS, dp._CELLS_PER_CHUNK, evidence._MATCH_CHUNK, lexicon._PAIR_CHUNK = saved
    assert threaded == alone


def test_a_passage_is_aligned_without_starting_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # A passage's few sentences (the omission check aligns one per save) cost more in thread start-up than they
    # gain: the aligner keeps them in the calling thread, and a long text still uses the threads.
    from workbench.align import parallel

    started: list[int] = []

    class Counting(parallel.ThreadPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ThreadPoolExecutor", Counting)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    src, tgt = _text(7)
    small = align(src[:6], tgt[:6])
    assert started == [] and small
    align(src, tgt)
    assert started, "a long text should still be aligned on two threads"
