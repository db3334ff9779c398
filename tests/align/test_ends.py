"""How the two sides of a bead end (ends.py): final punctuation and closing quotations,
weighed by what the document's own first pass says about them."""
from __future__ import annotations

import random

import numpy as np
import pytest

from workbench.align import AlignOptions, align, ends


def test_end_classes_read_the_last_mark_and_a_closing_quotation() -> None:
    c = ends.end_class
    assert c("Do cats eat bats ?") == c("Les chats mangent-ils les chauves-souris ?")
    assert c("' Do cats eat bats ? '") == c("« Les chats mangent-ils ? »") != c("Do cats eat bats ?")
    assert c("He waited .") != c("He waited ?") != c("He waited !")
    assert c("Wait...") == c("Attendez…") != c("Wait.")
    assert c("the letter read as follows :") == c("libellée en ces termes :")
    assert c("_ New York . _") == c("New York.")     # emphasis marks are not quotations
    assert c("Pierre Aronnax") == c("") == 0
    assert ends.end_classes(["A ?", "B"]).tolist() == [0, c("A ?"), 0]


def test_the_table_rewards_ends_the_first_pass_saw_together() -> None:
    q, s = ends.end_class("?"), ends.end_class(".")
    # Ten beads: four questions facing questions, six statements facing statements.
    src_end = np.array([0, *([q] * 4), *([s] * 6)])
    tgt_end = src_end.copy()
    path = [(k, k) for k in range(11)]
    table = ends.learn(path, src_end, tgt_end, smoothing=20.0)
    assert table is not None
    assert table[q, q] > 0 and table[s, s] > 0
    assert table[q, s] < 0 and table[s, q] < 0
    # Shrunk further towards independence, the same counts say less.
    shrunk = ends.learn(path, src_end, tgt_end, smoothing=200.0)
    assert shrunk is not None and 0 < shrunk[q, q] < table[q, q] and table[q, s] < shrunk[q, s] < 0
    # Omissions only: nothing to learn from.
    assert ends.learn([(0, 0), (1, 0), (1, 1)], np.array([0, q]), np.array([0, q]), 20.0) is None


def _words(rng: random.Random, letters: str, length: int) -> str:
    """Words of the given letters, ``length`` characters without spaces in all."""
    out, left = [], length
    while left > 0:
        size = min(left, rng.randint(3, 8))
        out.append("".join(rng.choice(letters) for _ in range(size)))
        left -= size
    return " ".join(out)


def _dialogue(missing: int) -> tuple[list[str], list[str]]:
    """Sixty lines, every third ending on a comma (a comma is no evidence key: question
    marks are), and a 'translation' of the same lengths in other letters (no shared word),
    without line ``missing``.  Lines 30 (a comma) and 31 are equally long, so lengths
    cannot tell which of them is missing."""
    rng = random.Random(7)
    src, tgt = [], []
    for k in range(60):
        length = 50 if k in (30, 31) else rng.randint(20, 90)
        end = "," if k % 3 == 0 else "."
        src.append(f"{_words(rng, 'abcdefghijklm', length)} {end}")
        if k != missing:
            tgt.append(f"{_words(rng, 'nopqrstuvwxyz', length)} {end}")
    return src, tgt


@pytest.mark.parametrize("missing", [30, 31])
def test_which_of_two_equal_sentences_is_untranslated_is_told_by_how_they_end(missing: int) -> None:
    src, tgt = _dialogue(missing)
    kept = 61 - missing                     # the other one of 30 and 31
    want = {((missing,), ()), ((kept,), (30,))}
    assert want <= {(b.source, b.target) for b in align(src, tgt)}


def test_without_the_ends_the_two_are_a_tie_one_of_them_lost() -> None:
    found = []
    for missing in (30, 31):
        src, tgt = _dialogue(missing)
        beads = {(b.source, b.target) for b in align(src, tgt, options=AlignOptions(end_weight=0.0))}
        found.append(((missing,), ()) in beads)
    assert not all(found)


def test_where_the_ends_count_the_posteriors_are_taken_warmer() -> None:
    # The ends count again some punctuation the keys count, so where they are learnt the
    # confidences come out flatter (end_temperature); the beads stay the same.
    src, tgt = _dialogue(30)
    cold, warm = (align(src, tgt, options=AlignOptions(end_temperature=t)) for t in (0.0, 0.5))
    assert [(b.source, b.target) for b in cold] == [(b.source, b.target) for b in warm]
    assert sum(b.confidence for b in warm) < sum(b.confidence for b in cold)
    # Without the ends it changes nothing.
    plain = [AlignOptions(end_weight=0.0, end_temperature=t) for t in (0.0, 0.5)]
    assert [b.confidence for b in align(src, tgt, options=plain[0])] == [
        b.confidence for b in align(src, tgt, options=plain[1])]
