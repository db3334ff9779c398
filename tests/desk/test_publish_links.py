"""Publishing from where the work is (issue 25): the editor, the progress page and the desk tell a publisher whether
a language can be published, link to it or to what blocks it, and the publish page links back."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.reading.conftest import approve_all
from workbench.declarations.changes import record_change
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.models import Action, Declaration, Edition, State

pytestmark = pytest.mark.django_db

PUBLISH = "/publish/seoul-declaration-2004/fr/"


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def editor_page(client: Client, declaration: Declaration) -> str:
    return client.get(reverse("desk:editor", args=[declaration.slug, "fr"])).content.decode()


def progress_row(client: Client, declaration: Declaration) -> str:
    html = client.get("/desk/progress/").content.decode()
    start = html.index(f'data-slug="{declaration.slug}"')
    return html[start : html.index("</tr>", start)]


def desk_entry(client: Client, declaration: Declaration) -> str:
    html = client.get("/desk/").content.decode()
    start = html.rindex('<li class="desk-entry">', 0, html.index(f"/desk/{declaration.slug}/fr/"))
    return html[start : html.index("</li>", start)]


def publish_line(html: str) -> str:
    found = re.findall(r'<(?:a|span) class="publish-(?:link|blocked|done)"[^>]*>[^<]*</(?:a|span)>', html)
    assert len(found) <= 1, found
    return found[0] if found else ""


def passages(declaration: Declaration) -> list:
    return list(declaration.passages.order_by("position"))


def unapprove(passage: object) -> None:
    record_change(passage=passage, language="fr", text="Brouillon.", state=State.DRAFT, action=Action.EDITED)


def change_source(passage: object) -> None:
    """A real change of the source: the French approved against the old one becomes stale."""
    record_change(passage=passage, language="en", text="A new source text.", state=State.APPROVED,
                  action=Action.EDITED)  # fmt: skip


def test_a_coordinator_is_offered_to_publish_when_every_passage_is_approved(people: dict[str, User],
                                                                             seoul: Declaration) -> None:  # fmt: skip
    approve_all(seoul, "fr")
    client = client_for("coordinator")
    for html in (editor_page(client, seoul), progress_row(client, seoul), desk_entry(client, seoul)):
        assert publish_line(html) == f'<a class="publish-link" href="{PUBLISH}">Publish in French</a>'


def test_the_blockers_are_counted_and_lead_to_the_first_one(people: dict[str, User], make_declaration) -> None:  # noqa: ANN001
    declaration = make_declaration([f"Paragraph {n}." for n in range(6)], slug="six",
                                   translations={"fr": [f"Paragraphe {n}." for n in range(6)]})  # fmt: skip
    approve_all(declaration, "fr")
    every = passages(declaration)
    for passage in (every[4], every[2], every[3]):
        unapprove(passage)
    change_source(every[1])
    client = client_for("coordinator")
    expected = "Not publishable yet: 3 passages not approved, 1 stale"
    editor = reverse("desk:editor", args=[declaration.slug, "fr"])
    at = f"{editor}?p={every[1].key}#p-{every[1].key}"
    link = f'<a class="publish-blocked" href="{at}">{expected}, no title in this language</a>'
    assert publish_line(progress_row(client, declaration)) == link
    assert publish_line(desk_entry(client, declaration)) == link
    declaration.title_fr = "Essai"
    declaration.save()
    assert publish_line(editor_page(client, declaration)) == (
        f'<a class="publish-blocked" href="{at}">{expected}</a>')
    link = f'<a class="publish-blocked" href="{at}">{expected}</a>'
    assert publish_line(progress_row(client, declaration)) == link
    assert publish_line(desk_entry(client, declaration)) == link
    # The publish page names the same four passages.
    assert client.get("/publish/six/fr/").content.decode().count("<li>Passage ") == 4


def test_one_blocker_is_worded_in_the_singular(people: dict[str, User], seoul: Declaration) -> None:
    approve_all(seoul, "fr")
    unapprove(passages(seoul)[-1])
    client = client_for("coordinator")
    for html in (editor_page(client, seoul), progress_row(client, seoul)):
        assert ">Not publishable yet: 1 passage not approved</a>" in publish_line(html)
        assert f"#p-{passages(seoul)[-1].key}" in publish_line(html)


def test_the_language_is_named_in_the_interface_language(people: dict[str, User], seoul: Declaration) -> None:
    # The sentence itself waits for the French catalogue (locale/, the lead's); the name comes from Django.
    approve_all(seoul, "fr")
    client = client_for("coordinator")
    client.cookies["django_language"] = "fr"
    line = publish_line(editor_page(client, seoul))
    assert 'class="publish-link"' in line and "français</a>" in line


def test_translators_and_reviewers_see_no_publish_line(people: dict[str, User], seoul: Declaration) -> None:
    approve_all(seoul, "fr")
    for username in ("translator-fr", "reviewer-fr"):
        client = client_for(username)
        assert publish_line(editor_page(client, seoul)) == ""
        assert "publish-" not in desk_entry(client, seoul)
    reviewer_progress = client_for("reviewer-fr").get("/desk/progress/").content.decode()
    assert "declaration-row" in reviewer_progress and "publish-" not in reviewer_progress


def test_clicking_through_publishes_and_the_page_leads_back(people: dict[str, User], seoul: Declaration) -> None:
    approve_all(seoul, "fr")
    client = client_for("coordinator")
    href = re.search(r'class="publish-link" href="([^"]+)"', editor_page(client, seoul))
    assert href is not None
    confirmation = client.get(href.group(1)).content.decode()
    editor = reverse("desk:editor", args=[seoul.slug, "fr"])
    assert f'<a href="{editor}">Back to the French editor</a>' in confirmation
    assert '<a href="/desk/">Desk</a>' in confirmation
    response = client.post(href.group(1))
    assert (response.status_code, response["Location"]) == (302, f"/fr/declarations/{seoul.slug}/editions/1/")
    assert Edition.objects.filter(declaration=seoul, language="fr").count() == 1
    done = '<span class="publish-done">Published (edition 1)</span>'
    for html in (editor_page(client, seoul), progress_row(client, seoul), desk_entry(client, seoul)):
        assert publish_line(html) == done
    # A new approved text is an unpublished change: the link comes back, on the lists as in the editor.
    first = passages(seoul)[0]
    record_change(passage=first, language="fr", text="Un texte revu.", state=State.APPROVED, action=Action.APPROVED)
    for html in (editor_page(client, seoul), progress_row(client, seoul), desk_entry(client, seoul)):
        assert ">Publish in French</a>" in publish_line(html)


def test_a_new_title_is_an_unpublished_change(people: dict[str, User], seoul: Declaration) -> None:
    approve_all(seoul, "fr")
    client = client_for("coordinator")
    client.post(PUBLISH)
    seoul.refresh_from_db()
    seoul.title_fr = seoul.title_fr + " (revu)"
    seoul.save()
    for html in (editor_page(client, seoul), progress_row(client, seoul)):
        assert ">Publish in French</a>" in publish_line(html)


def test_the_desk_costs_publishers_no_query_more_whatever_its_length(people: dict[str, User]) -> None:
    generate_corpus(declarations=3, passages=3, seed=4, prefix="few")
    coordinator, translator = client_for("coordinator"), client_for("translator-fr")

    def counted(client: Client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/desk/").status_code == 200
        return len(queries)

    few = counted(coordinator), counted(translator)
    generate_corpus(declarations=40, passages=3, seed=5, prefix="many")
    many = counted(coordinator), counted(translator)
    assert few == many
    # The publish status rides on the query that reads the page's figures (none more); "stale since you translated
    # it" reads one query per working language (the coordinator works in both, the translator in French only).
    assert many[0] == many[1] + 1
