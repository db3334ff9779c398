"""The workbench's lexicon: learnt from the memory, rebuilt by `manage.py rebuild_lexicon`, and read by the
alignment intake, the omission check and term proposals."""
from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workbench.align.dictionary import text_stems
from workbench.align.lexicon import WordPair as Learnt
from workbench.align.lexicon import learn_words
from workbench.checks.omission import _left_out, _unmatched_share
from workbench.lexicon import lookup
from workbench.lexicon.models import WordPair
from workbench.memory.learning import Origin, make_unit
from workbench.memory.models import Entry as Source
from workbench.memory.models import Unit
from workbench.reviews.alignment import propose
from workbench.terms.proposals import _confirmed, candidates

DATA = Path(__file__).resolve().parents[1] / "data" / "align-lexicon"
# Checked by hand: door/porte in three pairs, house/maison in three, big/grande in two; "the" has no partner with a
# stem ("la" is under three letters), "open"/"ouverte" and "ouvrez" are two stems (ouver, ouvre), so neither pairs.
PAIRS = [("The door is open.", "La porte est ouverte."), ("Close the door.", "Fermez la porte."),
         ("The house is big.", "La maison est grande."), ("A big house.", "Une grande maison."),
         ("The door of the house.", "La porte de la maison."), ("Open it.", "Ouvrez.")]


@pytest.fixture(autouse=True)
def _no_freedict(monkeypatch: pytest.MonkeyPatch) -> None:
    # The learnt pairs alone, whether or not Debian's FreeDict is installed on this machine.
    monkeypatch.setattr(lookup, "_freedict", lambda source, target: None)
    lookup._CACHE.clear()


def test_learner_on_a_hand_checked_example() -> None:
    assert learn_words(PAIRS) == [Learnt("big", "grande", 2, 1.0), Learnt("door", "porte", 3, 1.0),
                                  Learnt("house", "maison", 3, 1.0)]
    assert learn_words(PAIRS, min_count=3) == [Learnt("door", "porte", 3, 1.0), Learnt("house", "maison", 3, 1.0)]
    assert learn_words([]) == []


@pytest.mark.django_db
def test_rebuild_command_learns_each_pair_of_the_memory_again() -> None:
    origin = Origin(source_language="en", target_language="fr", entry=Source.TMX)
    Unit.objects.bulk_create([make_unit(s, t, origin, whole=False) for s, t in PAIRS])
    WordPair.objects.create(source_language="en", target_language="fr", source="stale", target="périmé")
    out = StringIO()
    call_command("rebuild_lexicon", stdout=out)
    assert "en→fr: 2 word pairs" in out.getvalue()
    rows = {(w.source, w.target, w.count) for w in WordPair.objects.filter(source_language="en")}
    assert rows == {("door", "porte", 3), ("house", "maison", 3)}
    assert lookup.lexicon_for("en", "fr") == {"door": {"porte"}, "house": {"maison"}}
    assert lookup.lexicon_for("fr", "en") is None


@pytest.mark.django_db
@pytest.mark.parametrize("given", [["--source", "en"], ["--target", "fr"]])
def test_rebuild_command_wants_both_languages_or_neither(given: list[str]) -> None:
    origin = Origin(source_language="en", target_language="fr", entry=Source.TMX)
    Unit.objects.bulk_create([make_unit(s, t, origin, whole=False) for s, t in PAIRS])
    WordPair.objects.create(source_language="en", target_language="fr", source="stale", target="périmé")
    with pytest.raises(CommandError, match="both --source and --target"):
        call_command("rebuild_lexicon", *given, stdout=StringIO())
    assert list(WordPair.objects.values_list("source", flat=True)) == ["stale"]  # nothing rebuilt


@pytest.mark.django_db
def test_lookup_merges_freedict_and_follows_a_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "_freedict", lambda source, target: {"door": frozenset({"portail"})})
    WordPair.objects.create(source_language="en", target_language="fr", source="door", target="porte")
    first = lookup.lexicon_for("en", "fr")
    assert first == {"door": {"porte", "portail"}}
    assert lookup.lexicon_for("en", "fr") is first  # same object: the aligner's compiled stems are reused
    WordPair.objects.create(source_language="en", target_language="fr", source="house", target="maison")
    assert lookup.lexicon_for("en", "fr") == {"door": {"porte", "portail"}, "house": {"maison"}}


@pytest.mark.django_db
def test_intake_proposes_with_the_pairs_lexicon() -> None:
    source = (DATA / "source.txt").read_text(encoding="utf-8").splitlines()
    target = (DATA / "target.txt").read_text(encoding="utf-8").splitlines()
    ids_s, ids_t = range(len(source)), range(len(target))
    plain = {(row.source, row.target) for row in propose(source, target, ids_s, ids_t, ("en", "fr"))}
    assert ((3, 4), (3,)) in plain
    WordPair.objects.bulk_create([WordPair(source_language="en", target_language="fr", source=s, target=t)
                                  for s, t in [("captain", "capitaine"), ("asleep", "endormi"), ("dog", "chien"),
                                               ("door", "porte"), ("ship", "navire"), ("harbour", "port")]])
    rows = {(row.source, row.target) for row in propose(source, target, ids_s, ids_t, ("en", "fr"))}
    assert ((3,), (3,)) in rows and ((4, 5), (4,)) in rows


def test_omission_check_tells_the_sentence_without_any_translation_in_the_target() -> None:
    lexicon = {"dogs": ["chiens"], "bark": ["aboient"], "night": ["nuit"], "children": ["enfants"],
               "sing": ["chantent"], "songs": ["chansons"]}
    target = ["Les chiens aboient la nuit."]
    # By their letters alone the wrong one is taken ("Children"/"chiens"); the lexicon finds the dogs translated.
    assert _left_out(["Children sing songs.", "Dogs bark at night."], target, 1.2) == [1]
    assert _left_out(["Children sing songs.", "Dogs bark at night."], target, 1.2, lexicon) == [0]
    assert _left_out(["Dogs bark at night.", "Chiefs choose chairs."], target, 1.2, lexicon) == [1]


def test_term_candidates_take_the_lexicons_translation() -> None:
    # "vessel" meets "navire" twice and "bateau" twice: the association alone cannot choose; the lexicon does.
    pairs = [("The vessel left.", "Le navire est parti."), ("A vessel came.", "Un bateau est venu."),
             ("The vessel sank.", "Le navire a coulé."), ("Our vessel waits.", "Notre bateau attend."),
             ("Rain fell.", "La pluie tomba.")]
    plain = {c.source_phrase: c.target_phrase for c in candidates(pairs, "en", "fr", min_count=2)}
    given = {c.source_phrase: c.target_phrase
             for c in candidates(pairs, "en", "fr", min_count=2, lexicon={"vessel": ["bateau"]})}
    assert given["vessel"] == "bateau"
    assert plain.get("vessel") != "bateau"


def test_a_cognate_translation_counts_as_present() -> None:
    # The aligner's compiled lexicon leaves protocol/protocole out (the prefix key has it already): asking whether
    # the translation is there must not.
    lexicon = {"protocol": ["protocole", "accord"]}
    covered = set(text_stems("La convention et le protocole."))
    assert _unmatched_share("The convention and the protocol.", covered, lexicon) == 0.0
    assert _unmatched_share("The convention and the protocol.", set(text_stems("La convention.")), lexicon) == 1.0
    assert _confirmed(("protocol",), ("protocole",), lexicon)
    assert not _confirmed(("protocol",), ("convention",), lexicon)


@pytest.mark.django_db
def test_a_regional_language_code_finds_freedict_by_its_base_language(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []

    def fake(source: str, target: str) -> dict[str, frozenset[str]]:
        asked.append((source, target))
        return {"porta": frozenset({"door"})}

    monkeypatch.setattr(lookup, "_freedict", fake)
    assert lookup.lexicon_for("pt-br", "en") == {"porta": {"door"}}
    assert lookup.lexicon_for("pt_BR", "fr-CA") == {"porta": {"door"}}
    assert asked == [("pt", "en"), ("pt", "fr")]
