from __future__ import annotations

from workbench.align import split_sentences


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
