"""The memory's text index on each database: word counts, fuzzy candidates and the concordance (issue 22)."""

from __future__ import annotations

import pytest

from workbench.declarations.folding import fold
from workbench.memory import index, learning
from workbench.memory.models import Entry, Term, Unit

pytestmark = pytest.mark.django_db


def remember(*pairs: tuple[str, str]) -> list[Unit]:
    origin = learning.Origin("en", "fr", Entry.TMX, reference="hand.tmx")
    learning.store([learning.make_unit(source, target, origin, whole=False) for source, target in pairs])
    return list(Unit.objects.order_by("pk"))


def counts() -> dict[str, int]:
    return dict(Term.objects.filter(language="en").values_list("term", "units"))


def test_each_word_is_counted_once_per_unit_and_the_units_in_all() -> None:
    remember(("The delegates met, the delegates left.", "x"), ("Délégués: the end.", "y"))
    assert counts() == {"": 2, "the": 2, "delegates": 1, "met": 1, "left": 1, "delegues": 1, "end": 1}
    # Recounting from the units gives the same counts (rebuild and archive restore rely on it).
    Term.objects.update(units=99)
    index.recount()
    assert counts() == {"": 2, "the": 2, "delegates": 1, "met": 1, "left": 1, "delegues": 1, "end": 1}


def test_the_rarest_words_are_asked_for_numbers_last_and_unknown_words_left_out() -> None:
    remember(*((f"The delegates met in room {n}.", "x") for n in range(60)), ("The delegates met in Seoul.", "y"))
    # seoul (1 unit of 61) first; then the first three are kept whatever their count (delegates, in: ties go in
    # alphabetical order); beyond them met and the, in every unit, are too common to ask for; the number 7 (1 unit)
    # comes last; "paris" is in no unit.
    chosen = index.rarest(index.words("the delegates met in seoul paris 7"), "en")
    assert chosen == ["seoul", "delegates", "in", "7"]


def test_a_match_is_found_when_its_rarest_word_is_the_one_that_changed() -> None:
    units = remember(
        ("The plenary adopted the Seoul Declaration unanimously.", "La plénière a adopté la Déclaration de Séoul."),
        *((f"Item {n} was postponed to a later meeting.", "x") for n in range(30)),
    )
    found = index.candidates(fold("The plenary adopted the Paris Declaration unanimously."), source_language="en",
                             target_language="fr")  # fmt: skip
    assert found[0] == units[0].pk
    assert index.candidates(fold("Nothing of this is in the memory."), source_language="en",
                            target_language="fr") == []  # fmt: skip


def test_lengths_that_cannot_score_enough_are_not_candidates() -> None:
    long = "The plenary adopted the declaration " + "and its many annexes " * 10
    remember((long, "x"), ("The plenary adopted the declaration.", "y"))
    found = index.candidates(fold("The plenary adopted the declaration."), source_language="en", target_language="fr")
    assert [Unit.objects.get(pk=pk).target for pk in found] == ["y"]


def test_the_concordance_finds_words_in_order_from_their_beginning_without_accents_or_case() -> None:
    remember(("The Convention on Cultural Diversity.", "La Convention sur la diversité culturelle."),
             ("Diversity of cultural expressions.", "La diversité des expressions culturelles."))  # fmt: skip

    def found(text: str, side: str = "both") -> list[str]:
        return [u.source for u in index.concordance(text, source_language="en", target_language="fr", side=side)]

    assert found("cultural divers") == ["The Convention on Cultural Diversity."]
    assert found("DIVERSITÉ", side="target") == ["Diversity of cultural expressions.",
                                                  "The Convention on Cultural Diversity."]  # fmt: skip
    assert found("diversite", side="source") == []
    assert found("ultural") == []  # a word is searched from its beginning
    assert found("diversity of") == ["Diversity of cultural expressions."]


@pytest.mark.parametrize("text", ['a" OR "b', "NEAR(x y)", "*", "^start", "col : x", "' | !x", "\"'\""])
def test_search_syntax_typed_in_the_box_is_only_text(text: str) -> None:
    remember(("Some text.", "Du texte."))
    assert list(index.concordance(text, source_language="en", target_language="fr")) == []
    assert index.candidates(fold(text), source_language="en", target_language="fr") == []


def test_the_index_follows_edits_and_deletions_of_units() -> None:
    [unit] = remember(("The old wording.", "L'ancien libellé."))
    unit.source, unit.source_folded = "The new wording.", fold("The new wording.")
    unit.save()
    assert [u.pk for u in index.concordance("new wording", source_language="en", target_language="fr")] == [unit.pk]
    assert list(index.concordance("old wording", source_language="en", target_language="fr")) == []
    unit.delete()
    assert list(index.concordance("new wording", source_language="en", target_language="fr")) == []
