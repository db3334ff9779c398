from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import AlignOptions, Bead, align, align_paragraphs

from .helpers import assert_valid, seed_release, shapes

WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango")


def numbered_list(count: int, seed: int = 1, words: tuple[int, int] = (10, 30)) -> list[str]:
    rng = random.Random(seed)
    return [f"{k + 1}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words))) + "."
            for k in range(count)]


def test_bead_is_a_small_frozen_dataclass() -> None:
    bead = Bead((0,), (0, 1), 0.5)
    assert dataclasses.is_dataclass(bead)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bead.confidence = 1.0  # type: ignore[misc]
    assert bead.format() == "[0]:[0, 1]"
    assert bead.format(with_confidence=True) == "[0]:[0, 1]:0.500"


unit_text = st.text(alphabet=st.sampled_from("abcde fghij KLMN 0123 .,?!«»"), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(unit_text, max_size=25), st.lists(unit_text, max_size=25),
       st.sets(st.integers(0, 25)), st.sets(st.integers(0, 25)))
def test_invariants_on_random_input(src: list[str], tgt: list[str], sb: set[int], tb: set[int]) -> None:
    beads = align(src, tgt, source_breaks=sb, target_breaks=tb)
    assert_valid(beads, len(src), len(tgt))


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10_000))
def test_invariants_with_coarse_to_fine_search(seed: int) -> None:
    rng = random.Random(seed)
    src = numbered_list(rng.randint(150, 220), seed)
    tgt = [s for s in src if rng.random() > 0.05]
    # A small full-search limit forces the banded, coarse-to-fine path on a small input.
    beads = align(src, tgt, options=AlignOptions(full_limit=2000))
    assert_valid(beads, len(src), len(tgt))
    assert sum(1 for b in beads if len(b.source) == 1 and len(b.target) == 1) >= 0.8 * len(tgt)


def test_identical_texts_align_one_to_one_with_high_confidence() -> None:
    text = numbered_list(40)
    beads = align(text, text)
    assert shapes(beads) == [((k,), (k,)) for k in range(40)]
    assert min(b.confidence for b in beads) > 0.9


def test_dropped_paragraph_gets_a_deletion_bead_in_the_right_place() -> None:
    src = numbered_list(30)
    tgt = src[:12] + src[13:]
    beads = align(src, tgt)
    assert_valid(beads, 30, 29)
    assert ((12,), ()) in shapes(beads)
    assert ((11,), (11,)) in shapes(beads) and ((13,), (12,)) in shapes(beads)


def test_merged_paragraphs_get_a_two_to_one_bead() -> None:
    src = numbered_list(30, seed=7)
    tgt = src[:20] + [src[20] + " " + src[21]] + src[22:]
    beads = align(src, tgt)
    assert ((20, 21), (20,)) in shapes(beads)
    assert ((22,), (21,)) in shapes(beads)


def test_one_side_empty() -> None:
    assert shapes(align(["a b c", "d e"], [])) == [((0,), ()), ((1,), ())]
    assert shapes(align([], ["x"])) == [((), (0,))]
    assert all(b.confidence == 1.0 for b in align([], ["x", "y"]))


def test_both_empty() -> None:
    assert align([], []) == []
    assert align_paragraphs([], []) == []


def test_one_very_long_paragraph() -> None:
    long_src = " ".join(numbered_list(400))
    long_tgt = long_src.upper()
    beads = align(["Intro 1.", long_src, "End 2."], ["INTRO 1.", long_tgt, "END 2."])
    assert shapes(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_mixed_scripts() -> None:
    src = ["Seoul is the capital of Korea since 1394.", "The Han River flows through it.",
           "About 9.7 million people live there.", "BTS and the K-pop industry are based there."]
    tgt = ["서울은 1394년부터 한국의 수도이다.", "한강이 서울을 가로질러 흐른다.",
           "약 9.7백만 명이 그곳에 산다.", "BTS와 K-pop 산업이 그곳에 있다."]
    beads = align(src, tgt)
    assert_valid(beads, 4, 4)
    assert shapes(beads) == [((k,), (k,)) for k in range(4)]


def test_paragraph_breaks_steer_sentence_alignment() -> None:
    # Without breaks the lengths favour a 1-2 bead across the paragraph boundary;
    # the boundary on both sides makes the aligner keep paragraphs apart.
    src_paras = [["The first paragraph has one long sentence about alpha and bravo and charlie."],
                 ["Short one.", "Another short one here."]]
    tgt_paras = [["Le premier paragraphe a une longue phrase sur alpha, bravo et charlie."],
                 ["Une courte.", "Une autre courte ici."]]
    beads = align_paragraphs(src_paras, tgt_paras)
    assert shapes(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_align_paragraphs_equals_align_with_breaks() -> None:
    src = numbered_list(12)
    tgt = numbered_list(12)
    paras_s = [src[:5], src[5:]]
    paras_t = [tgt[:4], tgt[4:]]
    a = align_paragraphs(paras_s, paras_t)
    b = align(src, tgt, source_breaks=[5], target_breaks=[4])
    assert a == b


def test_numbers_beat_length() -> None:
    # Lengths alone would pair these crosswise; the dates decide.
    src = ["In 1848 revolutions swept Europe.", "Short.", "Peace came in 1919 after a long war."]
    tgt = ["En 1848, des révolutions balayèrent l'Europe entière.", "Bref.",
           "La paix vint en 1919."]
    assert shapes(align(src, tgt)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_low_confidence_marks_doubtful_beads() -> None:
    src = numbered_list(20)
    tgt = src[:10] + ["Completely unrelated filler text without any anchor whatsoever"] + src[10:]
    beads = align(src, tgt)
    sure = [b.confidence for b in beads if b.source and b.target and b.source[0] < 8]
    assert min(sure) > 0.8


def test_the_temperature_changes_confidences_not_beads() -> None:
    # The temperature calibrates the posteriors only: the best path is the same at any.
    from .helpers import alice_slice

    src, tgt = alice_slice()
    src, tgt = src[:40], tgt[:40]
    runs = [align(src, tgt, options=AlignOptions(temperature=t)) for t in (0.5, 0.8, 1.5)]
    assert shapes(runs[0]) == shapes(runs[1]) == shapes(runs[2])
    # ... and a colder one is surer of the same beads overall.
    means = [sum(b.confidence for b in run) / len(run) for run in runs]
    assert means[0] > means[1] > means[2]


def test_fragment_against_whole_text_is_not_confidently_wrong() -> None:
    # Three long English paragraphs against a two-line French fragment: the lengths fit no
    # alignment, so they must not dictate one with high confidence.  The second target
    # line shares 2005, 33 and "Conf" with the third source paragraph only.
    filler = ("The delegates discussed the draft at length, heard the reports of the working "
              "groups and agreed to meet again before the end of the year. ")
    src = [filler * 3,
           filler * 12 + "They stressed that culture is not merchandise like any other.",
           filler * 4 + "The convention should be adopted at the UNESCO 33rd General Conference in 2005."]
    tgt = ["Un paragraphe sans rapport, sans chiffres.", "En 2005, la 33e Conférence [63]."]
    beads = align(src, tgt)
    assert_valid(beads, 3, 2)
    # The line goes with its paragraph (alone, or with the unrelated line before it, the
    # fragment read as the end of the text), or nothing is sure.
    holding = next(b for b in beads if 1 in b.target)
    assert holding.source == (2,) or max(b.confidence for b in beads) < 0.7, beads
    assert max(b.confidence for b in beads) < 0.8, beads


@pytest.mark.parametrize("dropped", [3, 4])
def test_a_dropped_paragraph_is_told_by_the_numbers_the_translation_lacks(dropped: int) -> None:
    # The seed release, its French version with one dated paragraph taken out.  Its
    # numbers (dates, counts) are then nowhere in the French: the paragraph was omitted,
    # not merged into a neighbour's bead, which the lengths alone cannot tell.
    english, french = seed_release()
    assert len(english) == len(french) == 7
    french = french[:dropped] + french[dropped + 1:]
    want = ((dropped,), ())
    assert want in shapes(align(english, french))
    # Whole paragraphs (no clause step), with and without the numbers priced.
    assert want in shapes(align(english, french, options=AlignOptions(refine=False)))
    assert want not in shapes(align(english, french, options=AlignOptions(refine=False, missing_cost_cap=0.0)))
