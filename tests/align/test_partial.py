"""One text only a part of the other: a translation in progress, or of some chapters."""
from __future__ import annotations

import pytest

from workbench.align import AlignOptions, align

from .helpers import alice_slice, assert_valid, shapes
from .test_align import numbered_list


def test_a_translation_of_the_first_third_pairs_its_units_and_omits_the_rest() -> None:
    # The totals give a length ratio of 1/3, which pass 1 followed by pairing every
    # translated unit with three source units; and the last translated unit went with the
    # last source unit, a bad pair being cheaper than one more omission.
    src = numbered_list(300, 4)
    tgt = [unit.upper() for unit in src[:100]]
    beads = align(src, tgt)
    assert_valid(beads, 300, 100)
    assert shapes(beads) == [((k,), (k,)) for k in range(100)] + [((k,), ()) for k in range(100, 300)]


@pytest.mark.parametrize("part", ["first third", "first half", "second half"])
@pytest.mark.parametrize("partial_side", ["source", "target"])
def test_either_side_may_be_any_part_of_the_other(part: str, partial_side: str) -> None:
    src, tgt = alice_slice()
    whole = set(shapes(align(src, tgt)))
    cut = {"first third": slice(0, 33), "first half": slice(0, 50), "second half": slice(50, 100)}[part]
    part_src, part_tgt = (src[cut], tgt) if partial_side == "source" else (src, tgt[cut])
    beads = align(part_src, part_tgt)
    assert_valid(beads, len(part_src), len(part_tgt))
    shift = cut.start or 0
    pairs = [(tuple(i + (shift if partial_side == "source" else 0) for i in s),
              tuple(j + (shift if partial_side == "target" else 0) for j in t))
             for s, t in shapes(beads) if s and t]
    # As the whole texts align, but for a bead where the part ends.
    assert len(pairs) >= cut.stop - cut.start - 2
    assert sum(1 for bead in pairs if bead in whole) >= len(pairs) - 1, pairs


def test_without_the_edges_and_the_second_ratio_a_part_is_misaligned() -> None:
    # What the two measures are for: with neither, the second half of the source against
    # the whole translation pairs almost nothing right.
    src, tgt = alice_slice()
    whole = set(shapes(align(src, tgt)))
    off = AlignOptions(edge_null=None, partial_units=1e9)
    pairs = [((tuple(i + 50 for i in s)), t) for s, t in shapes(align(src[50:], tgt, options=off)) if s and t]
    assert sum(1 for bead in pairs if bead in whole) < len(pairs) // 2
