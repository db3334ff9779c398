"""The memory fills itself from approvals and accepted alignment reviews, and keeps what it learnt (issue 22)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbench.declarations.changes import ChangeSpec, apply_changes, record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.memory import learning
from workbench.memory.models import Entry, Unit
from workbench.reviews import alignment

pytestmark = pytest.mark.django_db

SOURCE = "The delegates met in Seoul. They adopted a declaration on cultural diversity."
TARGET = "Les délégués se sont réunis à Séoul. Ils ont adopté une déclaration sur la diversité culturelle."


def pairs() -> set[tuple[str, str, bool]]:
    return set(Unit.objects.values_list("source", "target", "whole"))


def approve(passage: object, text: str, author: object = None) -> None:
    record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED,
                  author=author)  # fmt: skip


def test_an_approval_enters_whole_and_as_sentence_pairs(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration([SOURCE]).passages.get()
    record_change(passage=passage, language="fr", text=TARGET, state=State.TRANSLATED, action=Action.EDITED)
    assert not Unit.objects.exists()  # translated is not approved: nothing learnt yet
    approve(passage, TARGET)
    assert pairs() == {
        (SOURCE, TARGET, True),
        ("The delegates met in Seoul.", "Les délégués se sont réunis à Séoul.", False),
        ("They adopted a declaration on cultural diversity.",
         "Ils ont adopté une déclaration sur la diversité culturelle.", False),
    }  # fmt: skip
    unit = Unit.objects.get(whole=True)
    assert (unit.entry, unit.passage_key, unit.declaration_id) == (Entry.APPROVED, passage.key, passage.declaration_id)
    assert (unit.source_language, unit.target_language) == ("en", "fr")
    assert unit.source_folded == SOURCE.casefold()
    assert unit.target_folded.startswith("les delegues se sont reunis a seoul")


def test_a_pair_that_does_not_split_cleanly_enters_whole(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration([SOURCE]).passages.get()
    joined = "Les délégués, réunis à Séoul, ont adopté une déclaration sur la diversité culturelle."
    approve(passage, joined)
    assert pairs() == {(SOURCE, joined, True)}


def test_send_back_and_a_source_edit_keep_what_was_learnt(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration([SOURCE]).passages.get()
    approve(passage, TARGET)
    learnt = pairs()
    record_change(passage=passage, language="fr", text=TARGET, state=State.DRAFT, action=Action.SENT_BACK,
                  comment="Revoir.")  # fmt: skip
    record_change(passage=passage, language="en", text=SOURCE + " Again.", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    assert pairs() == learnt and Unit.objects.count() == 3


def test_approving_the_same_text_twice_stores_it_once(make_declaration: Callable[..., Declaration]) -> None:
    passage = make_declaration([SOURCE]).passages.get()
    approve(passage, TARGET)
    record_change(passage=passage, language="fr", text=TARGET, state=State.DRAFT, action=Action.SENT_BACK)
    approve(passage, TARGET)
    assert Unit.objects.count() == 3


def test_a_bulk_import_that_approves_feeds_the_memory(make_declaration: Callable[..., Declaration]) -> None:
    declaration = make_declaration([SOURCE, "A second paragraph."])
    first, second = declaration.passages.order_by("position")
    apply_changes([
        ChangeSpec(passage_id=first.pk, source_language="en", language="fr", text=TARGET, state=State.APPROVED,
                   basis=first.source_digest, action=Action.IMPORTED),
        ChangeSpec(passage_id=second.pk, source_language="en", language="fr", text="Un second paragraphe.",
                   state=State.DRAFT, basis=second.source_digest, action=Action.IMPORTED),
    ])  # fmt: skip
    assert (SOURCE, TARGET, True) in pairs()
    assert not Unit.objects.filter(source="A second paragraph.").exists()  # a draft teaches nothing


def test_rebuild_gives_back_what_the_writes_learnt_and_keeps_tmx_units(
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = make_declaration([SOURCE, "Second.", "Third."])
    first, second, third = declaration.passages.order_by("position")
    approve(first, TARGET)
    approve(second, "Deuxième.")
    record_change(passage=second, language="en", text="Second, changed.", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED)  # fmt: skip
    record_change(passage=third, language="fr", text="Troisième.", state=State.DRAFT, action=Action.EDITED)
    learnt = set(Unit.objects.values_list("source", "target", "whole", "entry", "passage_key", "revision_id"))
    learning.store([learning.make_unit("From a file.", "D’un fichier.",
                                       learning.Origin("en", "fr", Entry.TMX, reference="old.tmx#1"), whole=True)])
    Unit.objects.filter(entry=Entry.APPROVED)[:1].get().delete()

    report = learning.rebuild()

    assert set(Unit.objects.exclude(entry=Entry.TMX).values_list("source", "target", "whole", "entry", "passage_key",
                                                                  "revision_id")) == learnt  # fmt: skip
    assert Unit.objects.filter(entry=Entry.TMX, source="From a file.").exists()
    assert report["units"] == len(learnt) + 1


def test_an_accepted_alignment_review_feeds_the_memory_with_its_origin(seoul: Declaration, people: dict) -> None:
    paragraphs = [p.text_in("fr") for p in seoul.passages.order_by("position")]
    review = alignment.start_review(declaration=seoul, language="fr", paragraphs=paragraphs, origin="test",
                                    user=people["coordinator"])  # fmt: skip
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above",
                               row=len(alignment.rows_of(review)) - 1)  # fmt: skip
    assert not Unit.objects.exists()
    alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"], replace_approved=False)
    whole = Unit.objects.filter(whole=True).order_by("pk")
    assert [(u.source, u.target) for u in whole] == [(p.source_text, p.text_in("fr"))
                                                    for p in seoul.passages.order_by("position")]  # fmt: skip
    assert {(u.entry, u.review_id, u.author_id) for u in whole} == {(Entry.REVIEW, review.pk, people["reviewer-fr"].pk)}
