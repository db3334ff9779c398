"""The same text and state change nothing, on every path that writes a passage (issue 21: the history grew while
the text stayed the same). One test per path."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.declarations.test_admin import form_data
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.declarations.seeding import load_seeds
from workbench.desk.workflow import Intent, Outcome, submit, version_token
from workbench.reviews import alignment

pytestmark = pytest.mark.django_db
TEXT = "Premier paragraphe,\nsur deux lignes."


def translated(seoul: Declaration) -> Passage:
    passage = seoul.passages.order_by("position").first()
    assert passage is not None
    record_change(passage=passage, language="fr", text=TEXT, state=State.TRANSLATED, action=Action.EDITED)
    return passage


def test_record_change_with_the_same_text_and_state_adds_no_revision(seoul: Declaration) -> None:
    passage = translated(seoul)
    current = Revision.objects.filter(passage=passage, language="fr").latest("pk")
    before = Revision.objects.count()
    again = record_change(passage=passage, language="fr", text=TEXT.replace("\n", "\r\n") + "\r\n",
                          state=State.TRANSLATED, action=Action.EDITED)  # fmt: skip
    assert Revision.objects.count() == before and again == current
    # A real change still makes one.
    record_change(passage=passage, language="fr", text=TEXT, state=State.APPROVED, action=Action.APPROVED)
    assert Revision.objects.count() == before + 1


def test_the_desk_save_of_the_same_text_sent_with_crlf_changes_nothing(
    seoul: Declaration, people: dict[str, User]
) -> None:
    passage = translated(seoul)
    before = Revision.objects.count()
    result = submit(passage=passage, language="fr", intent=Intent.MARK_TRANSLATED, user=people["translator-fr"],
                    based_on=version_token(passage, "fr"), text=TEXT.replace("\n", "\r\n"),
                    source_digest_seen=passage.source_digest)  # fmt: skip
    assert result.outcome is Outcome.UNCHANGED and Revision.objects.count() == before


def test_restoring_the_current_version_changes_nothing(seoul: Declaration, people: dict[str, User]) -> None:
    passage = translated(seoul)
    submit(passage=passage, language="fr", intent=Intent.SAVE, user=people["translator-fr"],
           based_on=version_token(passage, "fr"), text=TEXT)  # now a draft: what a restore makes
    current = Revision.objects.filter(passage=passage, language="fr").latest("pk")
    before = Revision.objects.count()
    result = submit(passage=passage, language="fr", intent=Intent.RESTORE, user=people["translator-fr"],
                    based_on=current.pk, restore=current)  # fmt: skip
    assert result.outcome is Outcome.UNCHANGED and Revision.objects.count() == before


def test_the_admin_form_sent_back_unchanged_with_crlf_adds_no_revision(
    client: Client, seeds_dir: Path, django_user_model: type[User]
) -> None:
    load_seeds(seeds_dir)
    seoul = Declaration.objects.get()
    record_change(passage=seoul.passages.get(position=0), language="fr", text=TEXT, state=State.TRANSLATED,
                  action=Action.EDITED)  # fmt: skip
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw-for-tests"))
    url = reverse("admin:declarations_declaration_change", args=[seoul.pk])
    data = form_data(client.get(url))
    # What a browser sends: every textarea's line ends as CRLF.
    data = {name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in data.items()}
    before = Revision.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302
    assert Revision.objects.count() == before


def test_accepting_an_alignment_whose_text_is_already_there_adds_no_revision(
    seoul: Declaration, people: dict[str, User]
) -> None:
    texts = [p.text_in("fr") for p in seoul.passages.order_by("position")]
    for passage in seoul.passages.all():
        record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.TRANSLATED,
                      action=Action.MARKED_TRANSLATED)  # fmt: skip
    review = alignment.start_review(declaration=seoul, language="fr", paragraphs=texts, origin="again",
                                    user=people["coordinator"])  # fmt: skip
    review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm-above",
                               row=len(review.rows) - 1)  # fmt: skip
    before = Revision.objects.count()
    accepted = alignment.accept(review_id=review.pk, version=review.version, user=people["reviewer-fr"],
                                replace_approved=False)  # fmt: skip
    assert accepted.written == [1, 2, 3] and Revision.objects.count() == before


def test_loading_the_seeds_again_adds_no_revision(seoul: Declaration, seeds_dir: Path) -> None:
    before = Revision.objects.count()
    load_seeds(seeds_dir)
    assert Revision.objects.count() == before
