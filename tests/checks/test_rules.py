"""Each check on hand-written pairs, both directions, a correct translation and a faulty one."""
from __future__ import annotations

import pytest

from workbench.checks.lengths import LengthStats, default_stats
from workbench.checks.runner import check_text, fix_up

pytestmark = pytest.mark.django_db  # the glossary and acronym checks read the glossary

NBSP = "\u00a0"
NNBSP = "\u202f"


def found(source: str, target: str, source_language: str = "en", target_language: str = "fr") -> set[str]:
    stats: LengthStats = default_stats(source_language, target_language)
    return {f.check for f in check_text(source, target, source_language=source_language,
                                        target_language=target_language, length_stats=stats)}  # fmt: skip


# (check, source language, source, target, whether the check must fail)
CASES = [
    ("numbers", "en", "It cost 1,000.5 dollars.", "Cela a coûté 1 000,5 dollars.", False),
    ("numbers", "en", "It cost 1,000.5 dollars.", "Cela a coûté 1 000,6 dollars.", True),
    ("numbers", "fr", "Il y avait 400 délégués.", "There were 400 delegates.", False),
    ("numbers", "fr", "Il y avait 400 délégués.", "There were 450 delegates.", True),
    ("numbers", "en", "Growth was 50% this year.", f"La croissance a été de 50{NBSP}% cette année.", False),
    ("numbers", "en", "Growth was 50% this year.", f"La croissance a été de 5{NBSP}% cette année.", True),
    # Numbers in words on one side and digits on the other (text2num reads the words).
    ("numbers", "en", "They sailed 250 miles.", "Ils firent deux cent cinquante milles.", False),
    ("numbers", "en", "They sailed 250 miles.", "Ils firent deux cent soixante milles.", True),
    ("numbers", "fr", "Il y avait deux mille délégués.", "There were 2,000 delegates.", False),
    ("numbers", "fr", "Il y avait deux mille délégués.", "There were 3,000 delegates.", True),
    # "milles" is the noun (miles), never the numeral: 200 miles, not 200,000.
    ("numbers", "en", "It lay 200,000 miles away.", "Il était à deux cents milles.", True),
    ("numbers", "en", "It reached 18.3 knots.", "Il atteignit dix-huit nœuds et trois dixièmes.", False),
    ("numbers", "en", "It reached 18.3 knots.", "Il atteignit dix-huit nœuds et quatre dixièmes.", True),
    ("numbers", "en", "Some 100 boats came.", "Une centaine de bateaux vinrent.", False),
    ("numbers", "en", "On the 27th they left.", "Le 27, ils partirent.", False),
    ("numbers", "en", "On the 27th they left.", "Le 28, ils partirent.", True),
    ("numbers", "en", "CHAPTER 14 The Reef", "CHAPITRE XIV L'écueil", False),
    ("numbers", "en", "CHAPTER 14 The Reef", "CHAPITRE XV L'écueil", True),
    ("dates", "en", "They met on June 3, 2004.", "Ils se sont réunis le 3 juin 2004.", False),
    ("dates", "en", "They met on June 3, 2004.", "Ils se sont réunis le 4 juin 2004.", True),
    ("dates", "fr", "Ils se sont réunis le 3 juin 2004.", "They met on June 3, 2004.", False),
    ("dates", "fr", "Ils se sont réunis en 2004.", "They met in 2005.", True),
    ("dates", "en", "From June 1 to 4, 2004, in Seoul.", "Du 1er au 4 juin 2004, à Séoul.", False),
    ("dates", "en", "From June 1 to 4, 2004, in Seoul.", "Du 1er au 5 juin 2004, à Séoul.", True),
    ("markers", "en", "As agreed in Paris.[63]", "Comme convenu à Paris.[63]", False),
    ("markers", "en", "As agreed in Paris.[63]", "Comme convenu à Paris.", True),
    ("markers", "fr", "Comme convenu à Paris.[12]", "As agreed in Paris.[13]", True),
    # Inline tags from documents: the same tags, wherever the translator put them, and well formed.
    ("tags", "en", "The <b>ministers</b> met in <i>Seoul</i>.", "Les <b>ministres</b> se sont réunis à <i>Séoul</i>.",
     False),
    ("tags", "en", "The <b>ministers</b> met in <i>Seoul</i>.", "<i>Séoul</i> a reçu les <b>ministres</b>.", False),
    ("tags", "en", "The <b>ministers</b> met in <i>Seoul</i>.", "Les <b>ministres</b> se sont réunis à Séoul.", True),
    ("tags", "en", 'The text<fn n="3"/>.', 'Le texte<fn n="4"/>.', True),
    ("tags", "en", "The <b>ministers</b> met.", "Les <b>ministres</i> se sont</b> réunis<i>.", True),
    ("tags", "en", "<b>All</b> <i>met</i>.", "<b>Tous <i>se réunirent</b></i>.", True),  # the same tags, crossed
    ("tags", "fr", 'Voir <a href="https://incd.net">le site</a>.', 'See <a href="https://incd.org">the site</a>.',
     True),
    # The checks other than "tags" read the text without them: a footnote reference is not the number 3.
    ("numbers", "en", 'The text<fn n="3"/> of 2004.', 'Le texte<fn n="3"/> de 2004.', False),
    ("urls", "en", "See http://www.incd.net/docs.", "Voir http://www.incd.net/docs.", False),
    ("urls", "en", "See http://www.incd.net/docs.", "Voir http://www.incd.org/docs.", True),
    ("emails", "fr", "Écrivez à info@incd.net.", "Write to info@incd.net.", False),
    ("emails", "fr", "Écrivez à info@incd.net.", "Write to info@incd.org.", True),
    ("brackets", "en", "The meeting (in Seoul) ended.", "La réunion (à Séoul) s’est terminée.", False),
    ("brackets", "en", "The meeting (in Seoul) ended.", "La réunion (à Séoul s’est terminée.", True),
    ("quotes", "en", 'He said "yes" to it.', f"Il a dit «{NBSP}oui{NBSP}» à cela.", False),
    ("quotes", "en", 'He said "yes" to it.', f"Il a dit «{NBSP}oui à cela.", True),
    ("quotes", "en", 'He said "yes" to it.', 'Il a dit "oui" à cela.', False),
    ("french-quotes", "en", 'He said "yes" to it.', 'Il a dit "oui" à cela.', True),
    ("french-quotes", "en", 'He said "yes" to it.', f"Il a dit «{NBSP}oui{NBSP}» à cela.", False),
    ("quotes", "en", 'He said "yes" to it.', 'Il a dit "oui à cela.', True),
    # French dialogue: one quotation over the exchange, replies set off by dashes, closed in a later passage.
    ("quotes", "en", '"Are you ready?" he asked. "Yes," she said.',
     f"«{NBSP}Êtes-vous prêt{NBSP}? demanda-t-il. — Oui, dit-elle.", False),
    ("quotes", "en", 'They called it "the book". It was old.', f"On l’appelait «{NBSP}le livre. Il était vieux.",
     True),
    # The source starts inside a quotation: the translation's closing mark alone is not a slip.
    ("quotes", "en", 'to the end." He left.', f"jusqu’au bout{NBSP}». Il partit.", False),
    ("french-spacing", "en", "Why? Because.", f"Pourquoi{NBSP}? Parce que.", False),
    ("french-spacing", "en", "Why? Because.", f"Pourquoi{NNBSP}? Parce que.", False),
    ("french-spacing", "en", "Why? Because.", "Pourquoi? Parce que.", True),
    ("french-spacing", "en", "Why? Because.", "Pourquoi ? Parce que.", True),
    ("french-spacing", "en", "At 10:30, see http://incd.net.", "À 10:30, voir http://incd.net.", False),
    ("end-punctuation", "en", "The meeting ended.", "La réunion s’est terminée.", False),
    ("end-punctuation", "en", "The meeting ended.", "La réunion s’est terminée", True),
    ("end-punctuation", "fr", "La réunion s’est-elle terminée ?", "Did the meeting end.", True),
    ("double-space", "en", "The meeting ended.", "La réunion  s’est terminée.", True),
    ("double-space", "en", "The meeting ended.", "La réunion s’est terminée.", False),
    ("repeated-words", "en", "The meeting ended.", "La la réunion s’est terminée.", True),
    ("repeated-words", "en", "We commit ourselves.", "Nous nous engageons.", False),
    ("unchanged", "en", "The meeting ended in Seoul.", "The meeting ended in Seoul.", True),
    ("unchanged", "en", "UNESCO", "UNESCO", False),
    ("acronyms", "en", "UNESCO adopted it.", "L’UNESCO l’a adopté.", False),
    ("acronyms", "en", "The WTO agreed.", "L’OMC a donné son accord.", False),
    ("acronyms", "en", "UNESCO adopted it.", "L’organisation l’a adopté.", True),
    ("omission", "en", "The delegates met in Seoul for four days. They adopted a declaration on cultural diversity. "
     "The next meeting will be held in Paris.",
     "Les délégués se sont réunis à Séoul pendant quatre jours. Ils ont adopté une déclaration sur la diversité "
     "culturelle. La prochaine réunion se tiendra à Paris.", False),
    ("omission", "en", "The delegates met in Seoul for four days. They adopted a declaration on cultural diversity. "
     "The next meeting will be held in Paris.",
     "Les délégués se sont réunis à Séoul pendant quatre jours. La prochaine réunion se tiendra à Paris.", True),
]


@pytest.mark.parametrize(("check", "language", "source", "target", "fails"), CASES)
def test_each_check(check: str, language: str, source: str, target: str, fails: bool) -> None:
    other = "fr" if language == "en" else "en"
    assert (check in found(source, target, language, other)) is fails


def test_an_empty_translation_has_nothing_to_check() -> None:
    assert found("The budget rose by 400 million.", "  ") == set()


def test_disabled_checks_are_not_run() -> None:
    failures = check_text("It cost 400 dollars.", "Cela a coûté 450 dollars", source_language="en",
                          target_language="fr", disabled={"numbers"})  # fmt: skip
    assert "numbers" not in {f.check for f in failures} and "end-punctuation" in {f.check for f in failures}


def test_a_missing_number_is_named_in_the_message() -> None:
    failures = check_text("It cost 400 dollars.", "Cela a coûté 450 dollars.", source_language="en",
                          target_language="fr")  # fmt: skip
    messages = [f.message() for f in failures if f.check == "numbers"]
    assert messages == ["The number 400 of the source is 450 in the translation."]


def test_the_omission_message_quotes_the_sentence_left_out() -> None:
    source, target = CASES[-1][2], CASES[-1][3]
    failures = [f for f in check_text(source, target, source_language="en", target_language="fr")
                if f.check == "omission"]  # fmt: skip
    assert failures and "They adopted a declaration" in failures[0].message()


@pytest.mark.parametrize(("check", "target", "fixed"), [
    ("french-spacing", "Pourquoi? Parce que: voilà!", f"Pourquoi{NBSP}? Parce que{NBSP}: voilà{NBSP}!"),
    ("french-spacing", "Il a dit «oui».", f"Il a dit «{NBSP}oui{NBSP}»."),
    ("double-space", "La réunion  s’est  terminée.", "La réunion s’est terminée."),
    ("french-quotes", 'Il a dit "oui" hier.', f"Il a dit «{NBSP}oui{NBSP}» hier."),
])
def test_fix_ups(check: str, target: str, fixed: str) -> None:
    assert fix_up(check, "source", target, target_language="fr") == fixed
    assert check not in found("He said yes: yes!", fixed) or check == "french-quotes"


def test_no_fix_up_where_there_is_nothing_mechanical_to_do() -> None:
    assert fix_up("numbers", "It cost 400.", "Cela a coûté 450.", target_language="fr") is None
    assert fix_up("double-space", "x", "Rien à corriger.", target_language="fr") is None
