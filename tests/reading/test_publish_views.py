"""The coordinator's publish page: who may, what it says, what it does."""
from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.reading.conftest import SLUG, approve_all
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Edition, Role, State

pytestmark = pytest.mark.django_db

URL = f"/publish/{SLUG}/fr/"


def test_visitors_are_sent_to_log_in(client: Client, seoul: Declaration) -> None:
    response = client.post(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Edition.objects.filter(language="fr").exists()


def test_translators_and_reviewers_may_not_publish(client: Client, seoul: Declaration) -> None:
    reviewer = User.objects.create_user("reviewer-fr")
    Assignment.objects.create(user=reviewer, role=Role.REVIEWER, language="fr")
    client.force_login(reviewer)
    approve_all(seoul, "fr")
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not Edition.objects.filter(language="fr").exists()


def test_the_confirmation_page_lists_what_blocks_publishing(
    client: Client, seoul: Declaration, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This declaration cannot be published in French until every passage is approved" in html
    first = seoul.passages.order_by("position").first()
    assert first is not None
    assert f"Passage 1 ({first.key}) is not approved: it is draft." in html
    assert '<button type="submit">' not in html.split("<main", 1)[1]
    refused = client.post(URL)
    assert refused.status_code == 409
    assert not Edition.objects.filter(language="fr").exists()


def test_a_coordinator_publishes_and_lands_on_the_new_edition(
    client: Client, seoul: Declaration, coordinator: User
) -> None:
    approve_all(seoul, "fr")
    client.force_login(coordinator)
    assert "Publish edition 1" in client.get(URL).content.decode()
    response = client.post(URL)
    assert (response.status_code, response["Location"]) == (302, f"/fr/declarations/{SLUG}/editions/1/")
    edition = Edition.objects.get(language="fr")
    assert edition.published_by == coordinator
    page = client.get(f"/fr/declarations/{SLUG}/").content.decode()
    assert "Du 1er au 4 juin 2004" in page
    again = client.get(URL).content.decode()
    assert "The approved text is the same as the latest edition" in again
    assert "Publish edition 2" in again


def test_unknown_declaration_or_language_is_404(client: Client, seoul: Declaration, coordinator: User) -> None:
    client.force_login(coordinator)
    assert client.get("/publish/nope/fr/").status_code == 404
    assert client.get(f"/publish/{SLUG}/de/").status_code == 404



def test_the_publish_page_shows_the_numbers_an_alignment_found_on_one_side(client: Client, seoul: Declaration) -> None:
    second = seoul.passages.order_by("position")[1]
    for passage in seoul.passages.all():
        record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.APPROVED,
                      action=Action.APPROVED,
                      warnings=[{"code": "only-source", "values": ["450"]}] if passage == second else None)  # fmt: skip
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests"))
    page = client.get(f"/publish/{seoul.slug}/fr/").content.decode()
    assert "Passage 2: only in the source: 450" in page
    assert page.count("only in the source") == 1


@pytest.mark.parametrize(
    ("hour", "language", "shown"),
    [
        (4, "en", "June 3, 2004, 4:33 a.m."),
        (16, "en", "June 3, 2004, 4:33 p.m."),
        (4, "fr", "3 juin 2004 04:33"),
        (16, "fr", "3 juin 2004 16:33"),
    ],
)
def test_the_time_of_the_latest_edition_never_ends_in_a_doubled_full_stop(
    client: Client, seoul: Declaration, coordinator: User, hour: int, language: str, shown: str
) -> None:
    # English times end in "a.m." / "p.m.": the sentence must not add a second full stop after them.
    published_at = datetime.datetime(2004, 6, 3, hour, 33, tzinfo=datetime.UTC)
    Edition.objects.create(declaration=seoul, language="fr", number=1, title="Déclaration de Séoul",
                           passages=[], published_at=published_at)  # fmt: skip
    client.force_login(coordinator)
    html = client.get(URL, headers={"accept-language": language}).content.decode()
    assert f'<html lang="{language}">' in html
    sentence = re.search(r"<p>([^<]*:33[^<]*)<a ", html)
    assert sentence is not None, html
    assert shown in sentence.group(1)
    assert ".." not in sentence.group(1)


def test_the_publish_page_leads_back_to_the_editor_and_the_desk(
    client: Client, seoul: Declaration, coordinator: User
) -> None:
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert f'<a href="/desk/{SLUG}/fr/">Back to the French editor</a>' in html
    assert '<a href="/desk/">Desk</a>' in html
    assert client.get(f"/desk/{SLUG}/fr/").status_code == 200
    # English is the source: it has no editor to go back to, only the desk.
    source = client.get(f"/publish/{SLUG}/en/").content.decode()
    assert "editor</a>" not in source and '<a href="/desk/">Desk</a>' in source
