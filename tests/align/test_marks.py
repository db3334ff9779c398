"""Paragraph marks the two sides do not share are not held against the alignment."""
from __future__ import annotations

from itertools import accumulate

import pytest

from workbench.align import align

from .helpers import alice_sentences, assert_valid, shapes

SRC, TGT = alice_sentences()


def _flat(paragraphs: list[list[str]]) -> tuple[list[str], list[int]]:
    """Sentences and the index where each paragraph after the first starts."""
    starts = list(accumulate(len(p) for p in paragraphs))[:-1]
    return [s for p in paragraphs for s in p], starts


@pytest.mark.parametrize("kept", ["none", "every other"])
def test_target_marks_missing_or_thinned_align_as_no_marks_at_all(kept: str) -> None:
    # Held to the source's marks, a target without them merged sentences across every
    # source paragraph end (transread sentences 0.962 -> 0.847).
    src, src_marks = _flat(SRC)
    tgt, tgt_marks = _flat(TGT)
    thinned = [] if kept == "none" else tgt_marks[::2]
    beads = align(src, tgt, source_breaks=src_marks, target_breaks=thinned)
    assert_valid(beads, len(src), len(tgt))
    assert shapes(beads) == shapes(align(src, tgt))


def test_marks_both_sides_share_are_kept() -> None:
    src, src_marks = _flat(SRC)
    tgt, tgt_marks = _flat(TGT)
    assert shapes(align(src, tgt, source_breaks=src_marks, target_breaks=tgt_marks)) != shapes(align(src, tgt))
