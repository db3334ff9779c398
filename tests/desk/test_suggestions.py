"""The editor's suggestion panel, `GET /desk/<slug>/<language>/<key>/suggestions/` (issue 22): who may read it, the
order of what it offers, placeables, origins, machine translation's state, and escaping."""

from __future__ import annotations

from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.desk.conftest import PASSWORD
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, Passage, State
from workbench.memory import learning
from workbench.memory.models import Entry

pytestmark = pytest.mark.django_db

SEOUL = "The delegates met in Seoul."
SEOUL_FR = "Les délégués se sont réunis à Séoul."
ADOPTED = "They adopted a declaration on cultural diversity."
ADOPTED_FR = "Ils ont adopté une déclaration sur la diversité culturelle."


def approve(passage: Passage, text: str, author: User) -> None:
    record_change(passage=passage, language="fr", text=text, state=State.APPROVED, action=Action.APPROVED,
                  author=author)  # fmt: skip


def url(passage: Passage, *, fragment: bool = True) -> str:
    path = reverse("desk:suggestions", args=[passage.declaration.slug, "fr", passage.key])
    return path + ("?fragment=1" if fragment else "")


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def fragment(passage: Passage, username: str = "translator-fr") -> Any:
    response = client_for(username).get(url(passage))
    assert response.status_code == 200
    return lxml.html.fragment_fromstring(response.content.decode(), create_parent="div")


def texts(tree: Any, xpath: str) -> list[str]:
    return [element.text_content().strip() for element in tree.xpath(xpath)]


@pytest.fixture
def memory(make_declaration: Callable[..., Declaration], people: dict[str, User]) -> Declaration:
    """An earlier declaration whose two passages were approved: the memory this test's passages are looked up in."""
    earlier = make_declaration([f"{SEOUL} {ADOPTED}", "The delegates met in Paris."], slug="earlier")
    first, second = earlier.passages.order_by("position")
    approve(first, f"{SEOUL_FR} {ADOPTED_FR}", people["reviewer-fr"])
    approve(second, "Les délégués se sont réunis à Paris.", people["reviewer-fr"])
    return earlier


def test_translators_of_the_language_may_read_it_others_may_not(
    memory: Declaration, make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    passage = make_declaration([SEOUL], slug="later").passages.get()
    assert client_for("translator-fr").get(url(passage)).status_code == 200
    assert client_for("coordinator").get(url(passage)).status_code == 200
    assert client_for("outsider").get(url(passage)).status_code == 403
    anonymous = Client().get(url(passage))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    # The source language has no suggestions to offer, and a passage of another declaration is not this one's.
    english = reverse("desk:suggestions", args=["later", "en", passage.key])
    assert client_for("coordinator").get(english).status_code == 404
    elsewhere = reverse("desk:suggestions", args=["earlier", "fr", passage.key])
    assert client_for("translator-fr").get(elsewhere).status_code == 404


def test_the_best_match_comes_first_with_its_diff_and_origin(
    memory: Declaration, make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration(["The delegates met in Seoul. An entirely new second sentence here."],
                               slug="later").passages.get()  # fmt: skip
    tree = fragment(passage)
    assert tree.xpath("//section[contains(@class, 'is-whole')]") == []  # no earlier passage read like this one
    first_sentence = tree.xpath("//section[contains(@class, 'is-sentence')]")[0]
    assert texts(first_sentence, "h3/q") == [SEOUL]
    items = first_sentence.xpath(".//li[contains(@class, 'suggestion')]")
    assert [item.get("data-text") for item in items] == [SEOUL_FR, "Les délégués se sont réunis à Paris."]
    assert [item.get("data-number") for item in items] == ["1", "2"]
    assert texts(items[0], ".//span[@class='score']") == ["100% match"]
    score = int(texts(items[1], ".//span[@class='score']")[0].removesuffix("% match"))
    assert 60 <= score < 100
    # The word diff from the memory's source to this sentence: Paris out, Seoul in.
    assert texts(items[1], ".//p[@class='suggestion-source']//del") == ["Paris."]
    assert texts(items[1], ".//p[@class='suggestion-source']//ins") == ["Seoul."]
    origin = items[0].xpath(".//p[contains(@class, 'suggestion-origin')]")[0]
    first = memory.passages.get(position=0)
    editor = reverse("desk:editor", args=["earlier", "fr"])
    assert origin.xpath(".//a/@href") == [f"{editor}?p={first.key}#p-{first.key}"]
    said = " ".join(origin.text_content().split())
    assert said.startswith("approved passage · Test, passage 1")
    assert "by reviewer-fr" in said
    second_sentence = tree.xpath("//section[contains(@class, 'is-sentence')]")[1]
    assert texts(second_sentence, ".//p[contains(@class, 'no-match')]") == ["No match in the memory."]


def test_a_whole_passage_match_comes_first_and_can_fill_the_text(
    memory: Declaration, make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([f"{SEOUL} {ADOPTED}"], slug="later").passages.get()
    tree = fragment(passage)
    groups = tree.xpath("//section[contains(@class, 'suggestion-group')]")
    assert "is-whole" in groups[0].get("class")
    [whole] = groups[0].xpath(".//li")
    assert (whole.get("data-number"), whole.get("data-text"), whole.get("data-fills")) == (
        "1", f"{SEOUL_FR} {ADOPTED_FR}", "1")  # fmt: skip
    assert texts(whole, ".//span[contains(@class, 'badge')]") == ["whole passage"]
    assert tree.xpath("//button[@class='suggestion-fill']/@data-number") == ["1"]
    # Then each sentence, with the sentence units learnt from the same approval.
    assert [g.xpath(".//li/@data-text")[0] for g in groups[1:3]] == [SEOUL_FR, ADOPTED_FR]


def test_a_one_sentence_passage_does_not_repeat_its_whole_match(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    approve(make_declaration([SEOUL], slug="earlier").passages.get(), SEOUL_FR, people["reviewer-fr"])
    tree = fragment(make_declaration([SEOUL], slug="later").passages.get())
    assert tree.xpath("//li/@data-text") == [SEOUL_FR]
    assert texts(tree, "//section[contains(@class, 'is-sentence')]//p[contains(@class, 'no-match')]") == [
        "No match in the memory."]  # fmt: skip


def test_substituted_placeables_are_shown(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    earlier = make_declaration(["The 400 delegates met in Seoul."], slug="earlier").passages.get()
    approve(earlier, "Les 400 délégués se sont réunis à Séoul.", people["reviewer-fr"])
    tree = fragment(make_declaration(["The 450 delegates met in Seoul."], slug="later").passages.get())
    item = tree.xpath("//li[contains(@class, 'suggestion')]")[0]
    assert item.get("data-text") == "Les 450 délégués se sont réunis à Séoul."
    [mark] = item.xpath(".//mark[@class='placeable']")
    assert (mark.text, mark.get("title")) == ("450", "put in for 400")
    assert texts(item, ".//span[@class='score']") == ["100% match"]
    assert texts(item, ".//del") == ["400"] and texts(item, ".//ins") == ["450"]


def test_user_text_is_escaped(make_declaration: Callable[..., Declaration], people: dict[str, User]) -> None:
    origin = learning.Origin("en", "fr", Entry.TMX, reference='<img src=x onerror="alert(2)">.tmx')
    learning.store([learning.make_unit("The delegates <script>alert(1)</script> met.",
                                       'Les délégués <script>alert(1)</script> "réunis".', origin, whole=False)])
    passage = make_declaration(["The delegates <script>alert(1)</script> met."], slug="later").passages.get()
    body = client_for("translator-fr").get(url(passage)).content.decode()
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'data-text="Les délégués &lt;script&gt;alert(1)&lt;/script&gt; &quot;réunis&quot;."' in body
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;.tmx" in body
    # The whole page (without the editor's script) escapes the same way.
    page = client_for("translator-fr").get(url(passage, fragment=False)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_machine_translation_off_or_unavailable_is_said(
    settings: Any, make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    passage = make_declaration([SEOUL], slug="later").passages.get()
    settings.WORKBENCH_MT_URL = ""
    assert texts(fragment(passage), "//p[contains(@class, 'machine-off')]") == [
        "Machine translation is not set up on this workbench."]  # fmt: skip
    # A service that does not answer (a port on this machine nobody listens on): said, and the memory still shown.
    closed = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    settings.WORKBENCH_MT_URL = f"http://127.0.0.1:{closed.server_address[1]}"
    closed.server_close()
    tree = fragment(passage)
    assert texts(tree, "//section[contains(@class, 'is-machine')]/p[@class='unavailable']") == [
        "Machine translation is unavailable at the moment."]  # fmt: skip
    assert tree.xpath("//section[contains(@class, 'is-sentence')]") != []


def test_the_page_without_script_and_the_editors_panel(
    memory: Declaration, make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([SEOUL], slug="later").passages.get()
    client = client_for("translator-fr")
    page = client.get(url(passage, fragment=False))
    assert page.status_code == 200 and b"<html" in page.content and b"Back to the editor" in page.content
    assert b"<html" not in client.get(url(passage)).content
    editor = client.get(reverse("desk:editor", args=["later", "fr"])).content.decode()
    assert f'href="{url(passage, fragment=False)}"' in editor  # each row links to its suggestions
    assert 'id="suggestion-panel"' in editor and "desk/suggestions.js" in editor
    assert "Ctrl+Shift+1 … 9 inserts the suggestion with that number at the cursor" in editor
