"""Glossary matching: inflected forms on both sides, case, multi-word terms, overlaps, elision, the cache."""
from __future__ import annotations

import time

import pytest
from django.utils import timezone

from workbench.terms.matching import find_terms, glossary_problems, translation_found
from workbench.terms.models import Entry

pytestmark = pytest.mark.django_db


def add(term: str, approved: list[str], forbidden: list[str] | None = None, *, case_sensitive: bool = False,
        source: str = "en", target: str = "fr") -> Entry:  # fmt: skip
    return Entry.objects.create(source_language=source, target_language=target, term=term, approved=approved,
                                forbidden=forbidden or [], case_sensitive=case_sensitive)  # fmt: skip


def found(text: str, source: str = "en", target: str = "fr") -> list[tuple[str, str]]:
    return [(m.entry.term, m.text) for m in find_terms(text, source_language=source, target_language=target)]


def test_an_inflected_english_form_matches_the_term() -> None:
    add("organization", ["organisation"])
    text = "Several international organizations took part."
    matches = find_terms(text, source_language="en", target_language="fr")
    assert [(m.entry.term, m.text) for m in matches] == [("organization", "organizations")]
    assert text[matches[0].start:matches[0].end] == "organizations"


def test_an_inflected_french_form_matches_the_term() -> None:
    add("organisation", ["organization"], source="fr", target="en")
    assert found("Les organisations internationales.", "fr", "en") == [("organisation", "organisations")]


def test_a_french_translation_is_found_in_an_inflected_form() -> None:
    assert translation_found("Les organisations internationales", "organisation internationale", language="fr",
                             case_sensitive=False)  # fmt: skip
    assert not translation_found("Les États membres", "organisation", language="fr", case_sensitive=False)


def test_a_word_the_lemmatizer_takes_for_a_function_word_matches_only_itself() -> None:
    # simplemma gives French "été" (summer) the lemma of "être": the verb's forms must not count as the noun.
    assert translation_found("Un été chaud.", "été", language="fr", case_sensitive=False)
    assert not translation_found("Il est chaud et ils sont là.", "été", language="fr", case_sensitive=False)
    add("été", ["summer"], source="fr", target="en")
    assert found("Il est là en été.", "fr", "en") == [("été", "été")]


def test_a_term_matches_the_other_case_unless_case_sensitive() -> None:
    add("trade", ["commerce"])
    add("WTO", ["OMC"], case_sensitive=True)
    assert found("Trade and the WTO.") == [("trade", "Trade"), ("WTO", "WTO")]
    assert found("trade and the wto.") == [("trade", "trade")]


def test_a_case_sensitive_translation_must_keep_its_case() -> None:
    assert translation_found("Le rôle de l'OMC", "OMC", language="fr", case_sensitive=True)
    assert not translation_found("Le rôle de l'omc", "OMC", language="fr", case_sensitive=True)
    assert translation_found("Le rôle de l'omc", "OMC", language="fr", case_sensitive=False)


def test_a_multi_word_term_matches_a_run_of_lemmas() -> None:
    add("cultural diversity", ["diversité culturelle"])
    found_here = found("They protect the cultural diversities of nations.")
    assert found_here == [("cultural diversity", "cultural diversities")]
    assert found("Cultural and biological diversity.") == []


def test_the_longest_term_wins_where_terms_overlap() -> None:
    add("trade", ["commerce"])
    add("World Trade Organization", ["Organisation mondiale du commerce"])
    add("organization", ["organisation"])
    assert found("The World Trade Organization rules trade.") == [
        ("World Trade Organization", "World Trade Organization"), ("trade", "trade")]


def test_an_elided_french_article_does_not_hide_the_term() -> None:
    add("OMC", ["WTO"], source="fr", target="en")
    assert found("Le rôle de l'OMC et de l’OMC.", "fr", "en") == [("OMC", "OMC"), ("OMC", "OMC")]
    # …and an approved translation written with its article meets the bare word, and the other way round.
    assert translation_found("Les membres de l’OMC", "OMC", language="fr", case_sensitive=True)
    assert translation_found("Les membres OMC", "l'OMC", language="fr", case_sensitive=True)
    assert translation_found("la position d'un membre de l’Organisation", "l'organisation", language="fr",
                             case_sensitive=False)  # fmt: skip


def test_an_english_possessive_keeps_the_term() -> None:
    add("WTO member", ["membre de l'OMC"])
    # The possessive is dropped like an elided article: "the WTO's members" are the WTO members.
    assert found("The WTO’s members agreed.") == [("WTO member", "WTO’s members")]
    assert found("The WTO members agreed.") == [("WTO member", "WTO members")]
    assert found("The WTO s members agreed.") == []  # a lone "s" is a word, not a possessive
    add("WTO", ["OMC"], case_sensitive=True)
    assert found("The WTO's rules.") == [("WTO", "WTO")]


def test_a_missing_approved_translation_is_a_problem() -> None:
    entry = add("cultural diversity", ["diversité culturelle"])
    problems = glossary_problems("Cultural diversity matters.", "La variété des cultures compte.",
                                 source_language="en", target_language="fr")  # fmt: skip
    assert [(p.match.entry, p.kind, p.found) for p in problems] == [(entry, "missing", None)]
    assert glossary_problems("Cultural diversity matters.", "Les diversités culturelles comptent.",
                             source_language="en", target_language="fr") == []  # fmt: skip


def test_a_forbidden_translation_is_a_problem_even_with_the_approved_one() -> None:
    entry = add("WTO", ["OMC"], ["Organisation mondiale"], case_sensitive=False)
    problems = glossary_problems("The WTO and the WTO.", "L'OMC et l'Organisation mondiale.",
                                 source_language="en", target_language="fr")  # fmt: skip
    assert [(p.match.entry, p.kind, p.found) for p in problems] == [(entry, "forbidden", "Organisation mondiale")]
    both = glossary_problems("The WTO.", "L'Organisations mondiales.", source_language="en", target_language="fr")
    assert [(p.kind, p.found) for p in both] == [("missing", None), ("forbidden", "Organisations mondiales")]


def test_a_forbidden_form_inside_the_approved_one_is_not_a_problem() -> None:
    add("World Trade Organization", ["Organisation mondiale du commerce"], ["Organisation"])
    assert glossary_problems("The World Trade Organization.", "L'Organisation mondiale du commerce.",
                             source_language="en", target_language="fr") == []  # fmt: skip


def test_other_language_pairs_are_not_used() -> None:
    add("trade", ["comercio"], target="es")
    assert found("Trade.") == []


def test_an_edit_is_seen_at_once() -> None:
    entry = add("tariff", ["tarif"])
    assert glossary_problems("A tariff.", "Un droit de douane.", source_language="en", target_language="fr")
    entry.approved = ["droit de douane"]
    entry.save()
    assert glossary_problems("A tariff.", "Un droit de douane.", source_language="en", target_language="fr") == []
    # An edit that goes around save() (no signal) but moves changed_at, as a queryset update from another process.
    Entry.objects.filter(pk=entry.pk).update(approved=["tarif"], changed_at=timezone.now())
    assert glossary_problems("A tariff.", "Un droit de douane.", source_language="en", target_language="fr")
    Entry.objects.bulk_create([Entry(source_language="en", target_language="fr", term="duty", approved=["droit"])])
    assert found("A duty.") == [("duty", "duty")]
    Entry.objects.filter(term="duty").delete()
    assert found("A duty.") == []


def test_a_passage_is_checked_in_a_few_milliseconds_against_500_terms() -> None:
    Entry.objects.bulk_create([Entry(source_language="en", target_language="fr", term=f"term{n} word{n % 7}",
                                     approved=[f"terme{n}"], forbidden=[f"mauvais{n}"]) for n in range(497)])
    add("trade", ["commerce"])
    add("market access", ["accès aux marchés"])
    add("WTO", ["OMC"], case_sensitive=True)
    source = ("The WTO members discussed market access for agricultural products, trade in services and the "
              "special treatment of developing countries, term12 word5 included. ") * 3  # fmt: skip
    target = ("Les membres de l’OMC ont examiné l'accès aux marchés pour les produits agricoles, le commerce des "
              "services et le traitement spécial des pays en développement, terme12 compris. ") * 3  # fmt: skip
    assert glossary_problems(source, target, source_language="en", target_language="fr") == []
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        glossary_problems(source, target, source_language="en", target_language="fr")
    per_call = (time.perf_counter() - started) / runs
    assert per_call < 0.01, f"{per_call * 1000:.1f} ms per passage"
