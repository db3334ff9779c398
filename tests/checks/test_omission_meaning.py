"""The omission check names the sentence left out by meaning when the optional embedding model is installed
(workbench/checks/omission.py, _by_meaning); without it, by lengths and letters as before (tests/embeddings.py:
CI runs the model's tests rather than skipping them)."""
from __future__ import annotations

from tests.embeddings import needs_model
from workbench.checks.omission import check_omission

# Made by hand: the translation renders the second sentence freely ("les travaux se sont prolongés…") and leaves out
# the third, which shares its names (Seoul, UNESCO) with the first. The translation's letters are closest to the
# third, so by letters the second looks like the one left out.
SOURCE = ("Seoul welcomed the delegates of UNESCO on Monday. The meeting lasted four long days. "
          "The coalition thanked Seoul and UNESCO warmly.")
TARGET = ("Séoul a accueilli lundi les délégués de l'UNESCO. "
          "Les travaux se sont prolongés pendant quatre journées entières.")
LEFT_OUT = "The coalition thanked Seoul and UNESCO warmly."
RATIO = 1.15  # the usual French/English length ratio (checks.lengths.default_stats)


def _named(**options: object) -> list[str]:
    return [f.params["sentence"] for f in check_omission(SOURCE, TARGET, RATIO, lexicon=None, **options)]


@needs_model
def test_the_model_names_the_sentence_that_was_left_out() -> None:
    assert _named() == [LEFT_OUT]
    # The same passage without meaning: one omission found, but the wrong sentence named.
    assert _named(meaning=False) == ["The meeting lasted four long days."]


@needs_model
def test_meaning_does_not_flag_a_complete_translation() -> None:
    complete = TARGET + " La coalition a chaleureusement remercié Séoul et l'UNESCO."
    assert check_omission(SOURCE, complete, RATIO, lexicon=None) == []


def test_without_the_model_lengths_and_letters_name_it(no_model: None) -> None:
    assert _named() == ["The meeting lasted four long days."]
