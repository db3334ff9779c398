"""Scores, placeables and the order of suggestions, on memories made by hand (issue 22)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from workbench.memory import learning
from workbench.memory.models import Entry
from workbench.memory.placeables import substitute
from workbench.memory.suggestions import score, suggest


@pytest.mark.parametrize(
    ("query", "source", "expected"),
    [
        # Indel similarity 100 × (1 − edits / (len a + len b)), rounded down; an edit inserts or deletes a character.
        ("kitten", "sitting", 61),  # common subsequence "ittn" (4): 6 + 7 − 2×4 = 5 edits; 100 × (1 − 5/13) = 61.5
        ("abcd", "abce", 75),  # 2 edits (delete d, insert e) over 8 characters
        # Only "." is common to "Seoul." and "Paris." beside the 21 shared characters: 54 − 2×22 = 10 edits of 54.
        ("The delegates met in Seoul.", "The delegates met in Paris.", 81),
        ("Déclaration", "Declaration", 90),  # accents count: é → e is two edits of 22, 90.9
        ("Same text.", "Same text.", 100),
        ("Same text", "Same text.", 94),  # never 100 unless equal: 1 edit of 19 is 94.7
    ],
)
def test_scores_computed_by_hand(query: str, source: str, expected: int) -> None:
    assert score(query, source) == expected


def test_numbers_and_dates_are_put_into_the_translation_the_target_languages_way() -> None:
    source, target, done = substitute(
        "The 450 delegates met on June 10, 2006 and spent 2,500.75 dollars.",
        "The 400 delegates met on June 3, 2004 and spent 1,000.5 dollars.",
        "Les 400 délégués se sont réunis le 3 juin 2004 et ont dépensé 1\u202f000,5 dollars.",
        "en", "fr",
    )  # fmt: skip
    assert source == "The 450 delegates met on June 10, 2006 and spent 2,500.75 dollars."
    assert target == "Les 450 délégués se sont réunis le 10 juin 2006 et ont dépensé 2\u202f500,75 dollars."
    assert [(s.old, s.new) for s in done] == [("400", "450"), ("3 juin 2004", "10 juin 2006"),
                                              ("1\u202f000,5", "2\u202f500,75")]  # fmt: skip
    assert all(target[s.start : s.end] == s.new for s in done)


def test_a_first_of_the_month_and_french_to_english() -> None:
    _, target, _ = substitute("Le 1er juin 2004, 2 500 personnes.", "Le 3 juin 2004, 1 000 personnes.",
                              "On June 3, 2004, 1,000 people.", "fr", "en")  # fmt: skip
    assert target == "On June 1, 2004, 2,500 people."


def test_a_value_the_translation_does_not_show_as_such_is_left_alone() -> None:
    assert substitute("The 450 delegates.", "The 400 delegates.", "Les quatre cents délégués.", "en", "fr") == (
        "The 400 delegates.", "Les quatre cents délégués.", []
    )  # fmt: skip
    # Different kinds or counts of values: nothing is paired.
    assert substitute("In 2006 the 450 came.", "In 2004 they came.", "En 2004 ils sont venus.", "en", "fr")[2] == []


def remember(source: str, target: str, *, whole: bool = False, days_ago: int = 0, key: str = "") -> None:
    origin = learning.Origin("en", "fr", Entry.APPROVED if key else Entry.TMX, reference="hand.tmx", passage_key=key,
                             created_at=timezone.now() - timezone.timedelta(days=days_ago))  # fmt: skip
    learning.store([learning.make_unit(source, target, origin, whole=whole)])


@pytest.mark.django_db
def test_suggestions_are_best_first_with_placeables_scored_as_the_match_they_become() -> None:
    remember("The 400 delegates met in Seoul.", "Les 400 délégués se sont réunis à Séoul.")
    remember("The delegates met in Paris.", "Les délégués se sont réunis à Paris.")
    remember("Nothing alike at all here.", "Rien de semblable.")
    found = suggest("The 450 delegates met in Seoul.", source_language="en", target_language="fr")
    assert [(s.target, s.score) for s in found] == [
        ("Les 450 délégués se sont réunis à Séoul.", 100),
        ("Les délégués se sont réunis à Paris.", score("The 450 delegates met in Seoul.",
                                                        "The delegates met in Paris.")),
    ]  # fmt: skip
    assert found[0].memory_source == "The 400 delegates met in Seoul."
    assert [(s.old, s.new) for s in found[0].substitutions] == [("400", "450")]
    assert found[0].origin["reference"] == "hand.tmx" and found[0].origin["entry"] == "tmx"
    assert suggest("The 450 delegates met in Seoul.", source_language="en", target_language="es") == []


@pytest.mark.django_db
def test_the_same_translation_is_offered_once_newest_origin_first() -> None:
    remember("The delegates met.", "Les délégués se sont réunis.", days_ago=30)
    remember("The delegates met.", "Les délégués se sont réunis.", whole=True, days_ago=1, key="abc123")
    found = suggest("The delegates met.", source_language="en", target_language="fr")
    assert len(found) == 1 and found[0].whole  # the whole-passage unit, and the newer one, wins the tie
