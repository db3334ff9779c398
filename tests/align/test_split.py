from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align import split, split_sentences


def test_abbreviations_and_numbers_do_not_split() -> None:
    text = "Mr. Smith paid $3.5 million in the U.S. last year. Dr. Jones did not. See J. R. R. Tolkien."
    assert split_sentences(text) == ["Mr. Smith paid $3.5 million in the U.S. last year.",
                                     "Dr. Jones did not.", "See J. R. R. Tolkien."]


def test_french_guillemets_and_curly_quotes() -> None:
    assert split_sentences("« Viendrez-vous ? » demanda-t-il. « Oui ! » Elle partit.") == [
        "« Viendrez-vous ? » demanda-t-il.", "« Oui ! »", "Elle partit."]
    assert split_sentences("He said: “Stop.” Then he left.") == ["He said: “Stop.”", "Then he left."]


def test_blank_lines_are_hard_boundaries_and_whitespace_is_normalised() -> None:
    assert split_sentences("First part\nstill first\n\nsecond part") == ["First part still first", "second part"]
    assert split_sentences("   ") == []


def test_year_ends_a_sentence_but_list_number_does_not() -> None:
    assert split_sentences("It happened in 1867. The sea was calm.") == ["It happened in 1867.", "The sea was calm."]
    assert split_sentences("See chapter 3. Then go on.") == ["See chapter 3. Then go on."]


# The splitter reads long paragraphs in place; each shortcut must say what the plain
# regular expression on the sliced text says.
@st.composite
def _sliced(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text and a slice of it [start, end), with a run of word characters and dots that may be
    longer than the splitter's look-back."""
    text = st.text(alphabet=st.sampled_from("aB1 .._\t\u00a0éX9«("), max_size=40)
    run = st.text(alphabet=st.sampled_from("aB1._é9"), min_size=40, max_size=100)
    block = draw(text) + draw(run) + draw(text)
    end = draw(st.integers(0, len(block)))
    return block, draw(st.integers(0, end)), end


@settings(max_examples=300, deadline=None)
@given(_sliced())
def test_word_before_a_full_stop_is_read_as_on_the_slice(sliced: tuple[str, int, int]) -> None:
    block, start, end = sliced
    plain = re.search(r"([\w.]+)$", block[start:end])
    assert split._word_before(block, start, end) == (plain.group(1) if plain else None)


@settings(max_examples=300, deadline=None)
@given(_sliced())
def test_short_number_before_a_full_stop_is_read_as_on_the_slice(sliced: tuple[str, int, int]) -> None:
    block, start, end = sliced
    plain = re.search(r"(?:^|\s)\d{1,2}$", block[start:end])
    assert split._short_number_before(block, start, end) == bool(plain)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aB1 «\"'(—-¿.é"), max_size=30), st.data())
def test_sentence_start_is_read_as_on_the_rest(block: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(block)))
    rest = block[pos:].lstrip(split._OPENERS + " ")
    plain = bool(rest) and (rest[0].isdigit() or rest[0].isupper()
                            or (rest[0].isalpha() and rest[0].lower() == rest[0].upper()))
    assert split._starts_sentence(block, pos) == plain
