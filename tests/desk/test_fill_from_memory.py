"""Fill from memory on the desk, `POST /desk/<slug>/<language>/fill-from-memory/` (issue 22): coordinators only,
the counts said, and each fill undone from the history like any other change."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import PASSWORD
from workbench.declarations.models import Action, Declaration, Passage, Revision, State
from workbench.desk.workflow import DeskError, Intent, submit, version_token
from workbench.memory import learning
from workbench.memory.models import Entry

pytestmark = pytest.mark.django_db

SEOUL = "The delegates met in Seoul."
SEOUL_FR = "Les délégués se sont réunis à Séoul."
ADOPTED = "They adopted a declaration on cultural diversity."
ADOPTED_FR = "Ils ont adopté une déclaration sur la diversité culturelle."


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def later(make_declaration: Callable[..., Declaration], people: dict[str, User]) -> Declaration:
    """A memory of two sentences, and a declaration whose first two passages it holds whole and whose third it
    does not."""
    origin = learning.Origin("en", "fr", Entry.TMX, reference="hand.tmx")
    learning.store([learning.make_unit(SEOUL, SEOUL_FR, origin, whole=False),
                    learning.make_unit(ADOPTED, ADOPTED_FR, origin, whole=False)])  # fmt: skip
    return make_declaration([f"{SEOUL} {ADOPTED}", SEOUL, f"{ADOPTED} A sentence nobody translated."], slug="later")


def fill_url(declaration: Declaration, language: str = "fr") -> str:
    return reverse("desk:fill-from-memory", args=[declaration.slug, language])


def history(client: Client, passage: Passage) -> lxml.html.HtmlElement:
    response = client.get(reverse("desk:history", args=[passage.declaration.slug, "fr", passage.key]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def test_a_coordinator_fills_and_is_told_the_counts(later: Declaration, people: dict[str, User]) -> None:
    client = client_for("coordinator")
    editor = reverse("desk:editor", args=[later.slug, "fr"])
    page = lxml.html.fromstring(client.get(editor).content.decode())
    [form] = page.xpath("//form[contains(@class, 'fill-from-memory')]")
    assert form.get("action") == fill_url(later) and form.get("method") == "post"
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")

    response = client.post(fill_url(later), follow=True)
    assert response.redirect_chain == [(editor, 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert message == ("2 missing passages filled from the memory, as drafts to check. 1 missing passage left as it "
                       "was: not all of its sentences have a 100% match in the memory.")  # fmt: skip
    first, second, third = later.passages.order_by("position")
    assert (first.text_in("fr"), first.state_in("fr")) == (f"{SEOUL_FR} {ADOPTED_FR}", State.DRAFT)
    assert (second.text_in("fr"), second.state_in("fr")) == (SEOUL_FR, State.DRAFT)
    assert third.state_in("fr") == State.MISSING
    # The editor says how each row got its draft, and the button stays while a passage is missing.
    rows = lxml.html.fromstring(client.get(editor).content.decode())
    said = rows.xpath(f"//section[@id='p-{first.key}']//span[contains(@class, 'last-change')]")[0].text_content()
    assert said.startswith("filled from memory by coordinator")
    assert rows.xpath("//form[contains(@class, 'fill-from-memory')]")


def test_one_passage_filled_and_nothing_to_fill_are_said_so(
    make_declaration: Callable[..., Declaration], later: Declaration
) -> None:
    client = client_for("coordinator")
    alone = make_declaration([SEOUL], slug="alone")
    response = client.post(fill_url(alone), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "1 missing passage filled from the memory, as a draft to check."]  # fmt: skip
    # Nothing missing any more: the editor offers no fill, and a fill anyway says there was nothing to do.
    editor = client.get(reverse("desk:editor", args=["alone", "fr"])).content.decode()
    assert "fill-from-memory" not in editor
    response = client.post(fill_url(alone), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "No passage is missing in French: there was nothing to fill."]  # fmt: skip


@pytest.mark.parametrize("username", ["translator-fr", "reviewer-fr", "outsider"])
def test_only_coordinators_may_fill(later: Declaration, username: str) -> None:
    before = Revision.objects.count()
    client = client_for(username)
    assert client.post(fill_url(later)).status_code == 403
    assert Revision.objects.count() == before
    if username != "outsider":
        editor = client.get(reverse("desk:editor", args=[later.slug, "fr"])).content.decode()
        assert "fill-from-memory" not in editor


def test_a_visitor_a_get_a_forged_post_and_the_source_language_are_refused(later: Declaration) -> None:
    before = Revision.objects.count()
    anonymous = Client().post(fill_url(later))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert client_for("coordinator").get(fill_url(later)).status_code == 405
    forged = Client(enforce_csrf_checks=True)
    assert forged.login(username="coordinator", password=PASSWORD)
    assert forged.post(fill_url(later)).status_code == 403  # no CSRF token
    assert client_for("coordinator").post(fill_url(later, "en")).status_code == 404
    assert Revision.objects.count() == before


def test_a_fill_is_undone_from_the_history_and_can_be_restored_again(later: Declaration) -> None:
    client = client_for("coordinator")
    client.post(fill_url(later))
    passage = later.passages.get(position=1)
    filled = Revision.objects.get(passage=passage, language="fr")
    assert filled.action == Action.FILLED_FROM_MEMORY

    # The history shows the fill, and the version before it: no translation, which can be restored.
    page = history(client, passage)
    assert page.xpath("//li[contains(@class, 'revision')]//strong")[0].text_content() == "filled from memory"
    [before] = page.xpath("//div[@class='before-first']")
    undo = reverse("desk:restore-missing", args=[later.slug, "fr", passage.key])
    assert before.xpath(".//form/@action") == [undo]
    assert client.post(undo, {"based_on": version_token(passage, "fr")}).status_code == 302
    passage.refresh_from_db()
    assert (passage.text_in("fr"), passage.state_in("fr"), passage.basis_in("fr")) == ("", State.MISSING, "")
    undone = Revision.objects.filter(passage=passage, language="fr").latest("pk")
    assert (undone.action, undone.state, undone.text) == (Action.RESTORED, State.MISSING, "")
    assert Revision.objects.filter(pk=filled.pk).exists()  # the fill stays in the history

    # Now missing: the filled version is the one to restore, and "no translation" is not offered twice.
    page = history(client, passage)
    assert page.xpath("//div[@class='before-first']//form") == []
    restore = reverse("desk:restore", args=[later.slug, "fr", passage.key, filled.pk])
    assert page.xpath(f"//form[@action='{restore}']")
    assert client.post(restore, {"based_on": version_token(passage, "fr")}).status_code == 302
    passage.refresh_from_db()
    assert (passage.text_in("fr"), passage.state_in("fr")) == (SEOUL_FR, State.DRAFT)
    # And the "restored to missing" revision is itself a version that can be restored.
    missing_again = reverse("desk:restore", args=[later.slug, "fr", passage.key, undone.pk])
    assert history(client, passage).xpath(f"//form[@action='{missing_again}']")
    assert client.post(missing_again, {"based_on": version_token(passage, "fr")}).status_code == 302
    passage.refresh_from_db()
    assert passage.state_in("fr") == State.MISSING


def test_a_translator_may_undo_a_fill_in_their_language_but_a_source_cannot_be_emptied(
    later: Declaration, people: dict[str, User]
) -> None:
    client_for("coordinator").post(fill_url(later))
    passage = later.passages.get(position=1)
    translator = client_for("translator-fr")
    undo = reverse("desk:restore-missing", args=[later.slug, "fr", passage.key])
    assert translator.post(undo, {"based_on": version_token(passage, "fr")}).status_code == 302
    passage.refresh_from_db()
    assert passage.state_in("fr") == State.MISSING
    with pytest.raises(DeskError, match="source text cannot be restored to nothing"):
        submit(passage=passage, language="en", intent=Intent.RESTORE_MISSING, user=people["coordinator"],
               based_on=version_token(passage, "en"))  # fmt: skip
    # A stale form (someone changed the passage since) is a conflict, as for any restore.
    client_for("coordinator").post(fill_url(later))
    stale = translator.post(undo, {"based_on": 1})
    assert stale.status_code == 409
