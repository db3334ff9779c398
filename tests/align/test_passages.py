"""Sentences with paragraph marks: a passage one side has and the other lacks is omitted
whole, as one bead (see AlignOptions.paragraph_null_factor and bench/align_passages.py)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.align import AlignOptions, align_paragraphs

from .helpers import alice_sentences, assert_valid

SENTENCES = alice_sentences()
# Paragraphs 80-85 of the other side's text, inserted after paragraph 30: the right
# language, and far from anything it translates.
AT, PASSAGE = 31, slice(80, 86)


def _pairs(beads: list, source_of: list[int], target_of: list[int]) -> set[tuple[int, int]]:
    return {(source_of[i], target_of[j]) for b in beads for i in b.source for j in b.target
            if source_of[i] >= 0 and target_of[j] >= 0}


def _with_passage(paragraphs: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """The paragraphs with the passage inserted as one paragraph, and for every sentence
    its index in the plain text (-1: inserted)."""
    passage = [s for p in paragraphs[PASSAGE] for s in p]
    before = sum(len(p) for p in paragraphs[:AT])
    total = sum(len(p) for p in paragraphs)
    origin = [*range(before), *[-1] * len(passage), *range(before, total)]
    return [*paragraphs[:AT], passage, *paragraphs[AT:]], origin


@pytest.mark.parametrize("side", ["source", "target"])
def test_a_passage_one_side_adds_is_one_bead_and_the_rest_aligns_as_without_it(side: str) -> None:
    src, tgt = SENTENCES
    n, m = sum(map(len, src)), sum(map(len, tgt))
    plain_beads = align_paragraphs(src, tgt)
    plain = _pairs(plain_beads, list(range(n)), list(range(m)))
    if side == "target":
        tgt, target_of = _with_passage(tgt)
        source_of = list(range(n))
    else:
        src, source_of = _with_passage(src)
        target_of = list(range(m))
    beads = align_paragraphs(src, tgt)
    assert_valid(beads, len(source_of), len(target_of))
    inserted = tuple(k for k, o in enumerate(target_of if side == "target" else source_of) if o < 0)
    assert len(inserted) >= 10
    want = ((), inserted) if side == "target" else (inserted, ())
    assert want in [(b.source, b.target) for b in beads]
    # What is learnt from the text (lexicon, how bead ends correspond) shifts a little with
    # the passage in it, so units the plain alignment was unsure of may pair otherwise;
    # no others.
    unsure = [b for b in plain_beads if b.confidence < 0.7]
    unsure_src = {i for b in unsure for i in b.source}
    unsure_tgt = {j for b in unsure for j in b.target}
    changed = _pairs(beads, source_of, target_of) ^ plain
    assert all(i in unsure_src and j in unsure_tgt for i, j in changed), sorted(changed)
    assert len(changed) <= 4


@pytest.mark.parametrize("off", [{"paragraph_null_factor": 0.0}, {"paragraph_null_cells": 0}])
def test_without_paragraph_omissions_the_passage_is_paired_with_its_neighbours(off: dict) -> None:
    # What the whole-paragraph omissions are for: one omission per sentence cost more
    # than merging the passage's edges into the beads around it.  Texts above
    # paragraph_null_cells (long ones) are aligned so.
    src, tgt = SENTENCES
    tgt, target_of = _with_passage(tgt)
    beads = align_paragraphs(src, tgt, options=replace(AlignOptions(), **off))
    assert any(target_of[j] < 0 for b in beads if b.source for j in b.target)


@pytest.mark.parametrize("slack", [4, 6])
def test_a_passage_the_search_folds_is_still_one_bead(slack: int) -> None:
    # A low fold trigger folds the passage (gaps.py).  With a slack of 4 the run is the
    # whole passage: unfolded, it came out as one omission per clause.  With 6 it is the
    # passage less its edges: folded in part, the paragraph's skip was split around the
    # folded unit, and the passage's edges went with their neighbours.
    src, tgt = SENTENCES
    tgt, target_of = _with_passage(tgt)
    small = AlignOptions(full_limit=2000, fold_limit=8 if slack == 4 else 4, fold_slack=slack, fold_rows=4)
    beads = align_paragraphs(src, tgt, options=small)
    assert_valid(beads, sum(map(len, src)), len(target_of))
    inserted = tuple(k for k, o in enumerate(target_of) if o < 0)
    assert ((), inserted) in [(b.source, b.target) for b in beads]
