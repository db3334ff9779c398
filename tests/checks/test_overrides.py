"""Approval waits for the checks (issue 23): refused while a failure is not overridden, allowed once a reviewer
overrides it with a reason (which the history shows), re-opened by an edit; translators cannot override."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.checks.test_findings import GOOD, SOURCE, WRONG_NUMBER, logged_in, save
from workbench.checks.models import Finding, Override
from workbench.declarations.models import Declaration, Passage, State, digest
from workbench.desk.workflow import DeskError, Intent, submit, version_token

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def failing(make_declaration: Callable[..., Declaration]) -> Passage:
    return make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]}, translation_state=State.TRANSLATED
                            ).passages.get()  # fmt: skip


def override(client: Client, passage: Passage, reason: str, check: str = "numbers") -> int:
    url = reverse("desk:override", args=[passage.declaration.slug, "fr", passage.key])
    return client.post(url, {"check_name": check, "reason": reason}).status_code


def test_approval_is_refused_naming_the_check_then_allowed_after_an_override_with_a_reason(
    client: Client, people: dict[str, User], failing: Passage
) -> None:
    client = logged_in(client, "reviewer-fr")
    response = client.post(reverse("desk:row", args=[failing.declaration.slug, "fr", failing.key]),
                           {"intent": "approve", "text": WRONG_NUMBER, "based_on": version_token(failing, "fr"),
                            "source_digest": failing.source_digest})  # fmt: skip
    assert response.status_code == 400
    assert "Numbers" in response.content.decode() or "numbers" in response.content.decode()
    failing.refresh_from_db()
    assert failing.state_in("fr") == State.TRANSLATED

    assert override(client, failing, "   ") == 302  # no reason: refused, nothing written
    assert not Override.objects.exists()
    assert override(client, failing, "The source's figure is a typo; 450 is right.") == 302
    kept = Override.objects.get()
    assert (kept.check_name, kept.target_digest) == ("numbers", digest(WRONG_NUMBER))
    assert kept.author == people["reviewer-fr"]

    assert save(client, failing, WRONG_NUMBER, intent="approve") == 302
    failing.refresh_from_db()
    assert failing.state_in("fr") == State.APPROVED

    history = client.get(reverse("desk:history", args=[failing.declaration.slug, "fr", failing.key])).content.decode()
    assert "The source&#x27;s figure is a typo; 450 is right." in history
    assert "reviewer-fr" in history.split("The source&#x27;s figure")[0].rsplit("override-entry", 1)[1]


def test_an_edit_reopens_the_failure_the_override_was_for(people: dict[str, User], failing: Passage) -> None:
    Override.objects.create(passage=failing, language="fr", check_name="numbers", reason="Checked.",
                            target_digest=digest(WRONG_NUMBER), author=people["reviewer-fr"])  # fmt: skip
    edited = WRONG_NUMBER.replace("2004", "2004 environ")
    with pytest.raises(DeskError, match="[Nn]umbers"):
        submit(passage=failing, language="fr", intent=Intent.APPROVE, user=people["reviewer-fr"],
               based_on=version_token(failing, "fr"), text=edited,
               source_digest_seen=failing.source_digest)  # fmt: skip
    failing.refresh_from_db()
    assert failing.state_in("fr") == State.TRANSLATED and failing.text_in("fr") == WRONG_NUMBER
    # The text the override was for is approved; the clean text needs no override at all.
    submit(passage=failing, language="fr", intent=Intent.APPROVE, user=people["reviewer-fr"],
           based_on=version_token(failing, "fr"), text=WRONG_NUMBER,
           source_digest_seen=failing.source_digest)  # fmt: skip
    failing.refresh_from_db()
    assert failing.state_in("fr") == State.APPROVED
    submit(passage=failing, language="fr", intent=Intent.APPROVE, user=people["reviewer-fr"],
           based_on=version_token(failing, "fr"), text=GOOD, source_digest_seen=failing.source_digest)  # fmt: skip
    failing.refresh_from_db()
    assert failing.text_in("fr") == GOOD and failing.state_in("fr") == State.APPROVED


def test_a_draft_save_is_never_refused_for_a_failure(people: dict[str, User], failing: Passage) -> None:
    for intent in (Intent.SAVE, Intent.MARK_TRANSLATED):
        submit(passage=failing, language="fr", intent=intent, user=people["translator-fr"],
               based_on=version_token(failing, "fr"), text=WRONG_NUMBER + f" {intent.value}",
               source_digest_seen=failing.source_digest)  # fmt: skip
    assert Finding.objects.filter(passage=failing, check_name="numbers").exists()


def test_a_translator_cannot_override_and_nobody_overrides_what_does_not_fail(
    client: Client, people: dict[str, User], failing: Passage
) -> None:
    assert override(logged_in(client, "translator-fr"), failing, "I am sure.") == 403
    client.logout()
    reviewer = logged_in(client, "reviewer-fr")
    assert override(reviewer, failing, "No such failure.", check="dates") == 302
    assert not Override.objects.exists()
