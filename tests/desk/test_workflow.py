from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State, digest
from workbench.desk.workflow import MAX_TEXT_CHARS, DeskError, Intent, Outcome, submit, version_token

pytestmark = pytest.mark.django_db


def first(declaration: Declaration) -> Passage:
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    return passage


def test_save_then_mark_translated_then_approve(seoul_unchecked: Declaration, people: dict[str, User]) -> None:
    seoul = seoul_unchecked
    passage = first(seoul)
    steps = [
        (Intent.SAVE, "translator-fr", State.DRAFT, Action.EDITED),
        (Intent.MARK_TRANSLATED, "translator-fr", State.TRANSLATED, Action.MARKED_TRANSLATED),
        (Intent.APPROVE, "reviewer-fr", State.APPROVED, Action.APPROVED),
    ]
    for number, (intent, who, state, action) in enumerate(steps):
        result = submit(
            passage=passage, language="fr", intent=intent, user=people[who], based_on=version_token(passage, "fr"),
            text=f"Texte {number}.", source_digest_seen=passage.source_digest,
        )  # fmt: skip
        assert result.outcome is Outcome.APPLIED
        assert result.revision is not None
        assert (result.revision.state, result.revision.action, result.revision.author) == (state, action, people[who])
        passage.refresh_from_db()
        assert passage.text_in("fr") == f"Texte {number}." and passage.state_in("fr") == state


def test_a_save_based_on_an_old_version_is_refused_and_kept_as_a_conflict(
    seoul: Declaration, people: dict[str, User]
) -> None:
    passage = first(seoul)
    opened = version_token(passage, "fr")
    submit(passage=passage, language="fr", intent=Intent.SAVE, user=people["reviewer-fr"], based_on=opened,
           text="Celui du réviseur.")  # fmt: skip

    result = submit(passage=passage, language="fr", intent=Intent.SAVE, user=people["translator-fr"],
                    based_on=opened, text="Celui du traducteur.")  # fmt: skip

    assert result.outcome is Outcome.CONFLICT
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Celui du réviseur."  # the first save stands
    kept = Revision.objects.get(passage=passage, action=Action.CONFLICT)
    assert (kept.text, kept.author) == ("Celui du traducteur.", people["translator-fr"])
    assert result.current is not None and result.current.text == "Celui du réviseur."
    # A conflict revision is history, not the current version: the next save is based on the reviewer's.
    assert version_token(passage, "fr") == result.current.pk


def test_the_same_form_sent_twice_makes_one_revision(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    opened = version_token(passage, "fr")
    arguments = dict(passage=passage, language="fr", intent=Intent.MARK_TRANSLATED, user=people["translator-fr"],
                     based_on=opened, text="Deux fois.")  # fmt: skip
    before = Revision.objects.count()
    assert submit(**arguments).outcome is Outcome.APPLIED
    assert submit(**arguments).outcome is Outcome.UNCHANGED
    assert Revision.objects.count() == before + 1


def test_send_back_needs_a_comment_and_a_translated_passage(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    reviewer = people["reviewer-fr"]
    with pytest.raises(DeskError, match="Only a translated or approved passage"):
        submit(passage=passage, language="fr", intent=Intent.SEND_BACK, user=reviewer,
               based_on=version_token(passage, "fr"), comment="Non.")  # fmt: skip
    record_change(passage=passage, language="fr", text="Traduit.", state=State.TRANSLATED, action=Action.EDITED)
    with pytest.raises(DeskError, match="comment is required"):
        submit(passage=passage, language="fr", intent=Intent.SEND_BACK, user=reviewer,
               based_on=version_token(passage, "fr"), comment="  ")  # fmt: skip
    result = submit(passage=passage, language="fr", intent=Intent.SEND_BACK, user=reviewer,
                    based_on=version_token(passage, "fr"), comment="Le chiffre est faux.")  # fmt: skip
    assert result.revision is not None
    assert (result.revision.action, result.revision.state, result.revision.comment) == (
        Action.SENT_BACK, State.DRAFT, "Le chiffre est faux.",
    )  # fmt: skip
    passage.refresh_from_db()
    assert passage.text_in("fr") == "Traduit."  # sending back keeps the text for the translator


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "The text is empty"), ("   \n ", "The text is empty"), ("x" * (MAX_TEXT_CHARS + 1), "at most 50,000")],
)
def test_bad_text_is_refused_and_changes_nothing(
    seoul: Declaration, people: dict[str, User], text: str, message: str
) -> None:
    passage = first(seoul)
    before = (Revision.objects.count(), passage.text_in("fr"))
    with pytest.raises(DeskError, match=message):
        submit(passage=passage, language="fr", intent=Intent.SAVE, user=people["translator-fr"],
               based_on=version_token(passage, "fr"), text=text)  # fmt: skip
    passage.refresh_from_db()
    assert (Revision.objects.count(), passage.text_in("fr")) == before


def test_a_translation_typed_against_an_older_source_is_saved_but_stale(
    seoul: Declaration, people: dict[str, User]
) -> None:
    passage = first(seoul)
    seen = passage.source_digest
    opened = version_token(passage, "fr")
    submit(passage=passage, language="en", intent=Intent.EDIT_SOURCE, user=people["coordinator"],
           based_on=version_token(passage, "en"), text="A rewritten source.")  # fmt: skip
    result = submit(passage=passage, language="fr", intent=Intent.MARK_TRANSLATED, user=people["translator-fr"],
                    based_on=opened, text="Traduit d'après l'ancienne source.", source_digest_seen=seen)  # fmt: skip
    assert result.outcome is Outcome.APPLIED
    passage.refresh_from_db()
    assert passage.basis_in("fr") == seen
    assert passage.is_stale("fr")


def test_approving_a_stale_translation_makes_it_answer_the_current_source(
    seoul_unchecked: Declaration, people: dict[str, User]
) -> None:
    seoul = seoul_unchecked
    passage = first(seoul)
    submit(passage=passage, language="en", intent=Intent.EDIT_SOURCE, user=people["coordinator"],
           based_on=version_token(passage, "en"), text="A rewritten source.")  # fmt: skip
    passage.refresh_from_db()
    assert passage.is_stale("fr")
    submit(passage=passage, language="fr", intent=Intent.APPROVE, user=people["reviewer-fr"],
           based_on=version_token(passage, "fr"), text=passage.text_in("fr"),
           source_digest_seen=passage.source_digest)  # fmt: skip
    passage.refresh_from_db()
    assert not passage.is_stale("fr") and passage.basis_in("fr") == digest("A rewritten source.")


def test_minor_source_edit_is_recorded_and_keeps_translations_current(
    seoul: Declaration, people: dict[str, User]
) -> None:
    passage = first(seoul)
    submit(passage=passage, language="en", intent=Intent.EDIT_SOURCE, user=people["coordinator"],
           based_on=version_token(passage, "en"), text=passage.source_text.replace("400", "four hundred"),
           minor=True)  # fmt: skip
    passage.refresh_from_db()
    assert not passage.is_stale("fr")
    assert Revision.objects.filter(passage=passage, language="fr", action=Action.KEPT_CURRENT).count() == 1


def test_restore_makes_an_old_version_current_as_a_new_revision(seoul: Declaration, people: dict[str, User]) -> None:
    passage = first(seoul)
    original = Revision.objects.filter(passage=passage, language="fr").earliest("pk")
    submit(passage=passage, language="fr", intent=Intent.SAVE, user=people["translator-fr"],
           based_on=version_token(passage, "fr"), text="Une erreur.")  # fmt: skip
    count = Revision.objects.count()
    result = submit(passage=passage, language="fr", intent=Intent.RESTORE, user=people["translator-fr"],
                    based_on=version_token(passage, "fr"), restore=original)  # fmt: skip
    assert result.outcome is Outcome.APPLIED
    passage.refresh_from_db()
    assert passage.text_in("fr") == original.text and passage.state_in("fr") == State.DRAFT
    assert Revision.objects.count() == count + 1
    assert Revision.objects.latest("pk").action == Action.RESTORED
    assert Revision.objects.filter(pk=original.pk).exists()  # nothing was rewritten


def test_a_version_of_another_passage_cannot_be_restored(seoul: Declaration, people: dict[str, User]) -> None:
    first_passage, second = seoul.passages.order_by("position")[:2]
    foreign = Revision.objects.filter(passage=second, language="fr").first()
    with pytest.raises(DeskError, match="does not belong"):
        submit(passage=first_passage, language="fr", intent=Intent.RESTORE, user=people["coordinator"],
               based_on=version_token(first_passage, "fr"), restore=foreign)  # fmt: skip
