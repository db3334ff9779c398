"""Unsure omissions that a nearby merge pays back (workbench/align/diagonal.py)."""
from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from workbench.align import AlignOptions, Bead, align
from workbench.align.diagonal import straighten

from .helpers import assert_valid

NO_BREAKS = np.zeros(12, dtype=bool)


def _pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_an_omission_paid_back_by_a_merge_becomes_one_to_one() -> None:
    beads = [Bead((0,), (0,), 0.99), Bead((1,), (), 0.82), Bead((2,), (1,), 0.91), Bead((3,), (2, 3), 0.91),
             Bead((4,), (4,), 0.99)]  # fmt: skip
    out = straighten(beads, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99)
    assert _pairs(out) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), (4,))]
    # The aligner was no surer of the new beads than of the least sure it replaced.
    assert [b.confidence for b in out] == [0.99, 0.82, 0.82, 0.82, 0.99]


def test_a_run_with_a_sure_bead_or_unequal_sides_is_kept() -> None:
    sure = [Bead((0,), (), 0.8), Bead((1,), (0, 1), 0.995)]
    assert straighten(sure, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99) == sure
    unequal = [Bead((0,), (), 0.8), Bead((1,), (0,), 0.8), Bead((2, 3), (1,), 0.8)]
    assert straighten(unequal, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99) == unequal
    no_omission = [Bead((0, 1), (0,), 0.5), Bead((2,), (1, 2), 0.5)]
    assert straighten(no_omission, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99) == no_omission


def test_the_span_limits_how_far_a_merge_may_pay_back() -> None:
    beads = [Bead((0,), (), 0.8), Bead((1,), (0,), 0.8), Bead((2,), (1,), 0.8), Bead((3,), (2, 3), 0.8)]
    assert straighten(beads, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99) == beads
    assert _pairs(straighten(beads, NO_BREAKS, NO_BREAKS, span=4, confidence=0.99)) == [
        ((i,), (i,)) for i in range(4)]


def test_one_to_one_beads_must_keep_the_paragraph_marks_facing() -> None:
    beads = [Bead((0,), (), 0.8), Bead((1,), (0, 1), 0.8)]
    src_break = np.array([True, False, True])  # prefixes 0..2: a paragraph starts at 0 only, then the end
    tgt_break = np.array([True, True, True])  # the target's second unit starts a paragraph
    assert straighten(beads, src_break, tgt_break, span=3, confidence=0.99) == beads
    assert _pairs(straighten(beads, tgt_break, tgt_break, span=3, confidence=0.99)) == [((0,), (0,)), ((1,), (1,))]


def _words(rng: random.Random, size: int, letters: str) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append("".join(rng.choice(letters) for _ in range(rng.randint(3, 8))))
    return " ".join(words).capitalize() + "."


def _bitext(sentences_per_unit: int) -> tuple[list[str], list[str]]:
    """Seven units a side in made-up words that share no letter (only lengths to go by); the fifth source unit is
    220 characters, its translation 40 (a free, short rendering)."""
    rng = random.Random(50 * 220 * 40)
    src_sizes, tgt_sizes = [100, 120, 90, 50, 220, 110, 100], [100, 120, 90, 50, 40, 110, 100]

    def unit(size: int, letters: str) -> str:
        share = size // sentences_per_unit
        return " ".join(_words(rng, share, letters) for _ in range(sentences_per_unit))

    pairs = [(unit(s, "abcdefgh"), unit(t, "mnopqrstu")) for s, t in zip(src_sizes, tgt_sizes, strict=True)]
    return [s for s, _ in pairs], [t for _, t in pairs]


def test_paragraphs_are_straightened_by_the_aligner() -> None:
    src, tgt = _bitext(sentences_per_unit=2)
    plain = align(src, tgt, options=replace(AlignOptions(), straighten_span=1))
    # By length alone the short translation of the long paragraph is explained by a merge and an omission at the
    # end, which the aligner is unsure of.
    assert ((4,), (4, 5)) in _pairs(plain) and ((6,), ()) in _pairs(plain)
    beads = align(src, tgt)
    assert_valid(beads, len(src), len(tgt))
    assert _pairs(beads) == [((i,), (i,)) for i in range(7)]
    assert max(b.confidence for b in beads[4:]) < AlignOptions().straighten_confidence


def test_sentences_are_not_straightened() -> None:
    src, tgt = _bitext(sentences_per_unit=1)
    plain = align(src, tgt, options=replace(AlignOptions(), straighten_span=1))
    # The same run is there and would qualify, but on sentences the omission stands.
    assert _pairs(straighten(plain, NO_BREAKS, NO_BREAKS, span=3, confidence=0.99)) != _pairs(plain)
    assert _pairs(align(src, tgt)) == _pairs(plain)
