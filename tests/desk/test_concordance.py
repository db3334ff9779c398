"""The concordance, `GET /desk/memory/` (issue 22): accent- and case-insensitive search on either side, the hits
marked in the original text, filters, errors for bad filters, escaping, and who may read which language pairs."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.desk.conftest import PASSWORD
from workbench.access import memory_pairs
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Role, State
from workbench.desk import concordance
from workbench.memory import learning
from workbench.memory.models import Entry, Unit

pytestmark = pytest.mark.django_db

URL = reverse("desk:memory")
SEOUL = "The delegates met in Seoul."
SEOUL_FR = "Les DÉLÉGUÉS se sont réunis à Séoul."


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def remember(source: str, target: str, *, declaration: Declaration | None = None, when: datetime.datetime | None = None,
             reference: str = "hand.tmx", languages: tuple[str, str] = ("en", "fr")) -> Unit:  # fmt: skip
    origin = learning.Origin(*languages, Entry.TMX, reference=reference,
                             declaration_id=declaration.pk if declaration else None,
                             created_at=when or timezone.now())  # fmt: skip
    learning.store([learning.make_unit(source, target, origin, whole=False)])
    return Unit.objects.get(source=source, target=target)


def search(username: str = "translator-fr", **params: str) -> Any:
    response = client_for(username).get(URL, {"pair": "en-fr", "side": "both", **params})
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def hits(page: Any) -> list[Any]:
    return page.xpath("//li[contains(@class, 'memory-hit')]")


def marks(hit: Any, side: str) -> list[str]:
    return [mark.text_content() for mark in hit.xpath(f".//p[contains(@class, 'side-{side}')]/mark")]


def errors(page: Any) -> dict[str, str]:
    return {e.get("id").removeprefix("error-"): e.text_content() for e in page.xpath("//span[@class='errorlist']")}


def test_a_visitor_logs_in_a_person_without_languages_is_refused(people: dict[str, User]) -> None:
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert client_for("outsider").get(URL).status_code == 403
    for username in ("translator-fr", "reviewer-fr", "coordinator"):
        assert client_for(username).get(URL).status_code == 200
    assert client_for("coordinator").post(URL).status_code == 405  # GET only: a search changes nothing


def test_the_target_side_is_searched_without_accents_or_case_and_the_hit_marked(people: dict[str, User]) -> None:
    remember(SEOUL, SEOUL_FR)
    remember("Nothing to see.", "Rien à voir.")
    page = search(q="delegues", side="target")
    [hit] = hits(page)
    assert marks(hit, "target") == ["DÉLÉGUÉS"]  # the original accented capitals, wrapped whole
    assert marks(hit, "source") == []  # "delegates" is not "delegues"
    assert hit.xpath(".//p[contains(@class, 'side-target')]")[0].text_content() == SEOUL_FR
    assert page.xpath("//h2[@id='hits-heading']")[0].text_content() == "1 unit found"
    # The source side alone does not hold it.
    assert hits(search(q="delegues", side="source")) == []


def test_the_source_side_is_searched_and_each_side_marks_its_own_hits(people: dict[str, User]) -> None:
    remember(SEOUL, SEOUL_FR)
    [hit] = hits(search(q="SEOUL", side="source"))
    assert marks(hit, "source") == ["Seoul"]
    assert marks(hit, "target") == ["Séoul"]  # the hit also occurs in the translation: marked there too
    assert hits(search(q="réunis", side="source")) == []
    [both] = hits(search(q="Réunis à SEOUL"))  # a phrase, on either side
    assert marks(both, "target") == ["réunis à Séoul"]


def test_each_unit_says_where_it_came_from(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    declaration = make_declaration([SEOUL], slug="earlier")
    passage = declaration.passages.get()
    record_change(passage=passage, language="fr", text=SEOUL_FR, state=State.APPROVED, action=Action.APPROVED,
                  author=people["reviewer-fr"])  # fmt: skip
    remember("The delegates met again.", "Les délégués se sont revus.", reference="partner-2004.tmx#17")
    page = search(q="delegates", side="source")
    approved, imported = sorted(hits(page), key=lambda h: "approved" not in h.text_content())
    said = " ".join(approved.xpath(".//p[contains(@class, 'memory-origin')]")[0].text_content().split())
    assert said.startswith("approved passage · whole passage · Test, passage 1 · by reviewer-fr · ")
    editor = reverse("desk:editor", args=["earlier", "fr"])
    assert approved.xpath(".//a/@href") == [f"{editor}?p={passage.key}#p-{passage.key}"]
    origin = " ".join(imported.xpath(".//p[contains(@class, 'memory-origin')]")[0].text_content().split())
    assert origin.startswith("TMX import · ") and origin.endswith("· partner-2004.tmx#17")


def test_filters_by_declaration_and_by_date(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    first, second = make_declaration([], slug="first"), make_declaration([], slug="second")
    moment = datetime.datetime(2024, 5, 10, 12, tzinfo=datetime.UTC)
    remember("Peace in the first.", "La paix dans la première.", declaration=first, when=moment)
    remember("Peace in the second.", "La paix dans la seconde.", declaration=second,
             when=moment + datetime.timedelta(days=30))  # fmt: skip
    remember("Peace from a file.", "La paix d'un fichier.", when=moment - datetime.timedelta(days=30))

    def sources(**params: str) -> list[str]:
        return [h.xpath(".//p[contains(@class, 'side-source')]")[0].text_content() for h in hits(search(**params))]

    assert sources(q="peace") == ["Peace in the second.", "Peace in the first.", "Peace from a file."]  # newest first
    assert sources(q="peace", declaration="first") == ["Peace in the first."]
    assert sources(q="peace", since="2024-05-10") == ["Peace in the second.", "Peace in the first."]
    assert sources(q="peace", until="2024-05-10") == ["Peace in the first.", "Peace from a file."]
    assert sources(q="peace", since="2024-05-01", until="2024-05-31") == ["Peace in the first."]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"declaration": "no-such-declaration"}, "declaration", "No declaration is called no-such-declaration"),
        ({"since": "2024-13-45"}, "since", "Enter the date as YYYY-MM-DD."),
        ({"until": "yesterday"}, "until", "Enter the date as YYYY-MM-DD."),
        ({"since": "2024-06-01", "until": "2024-05-01"}, "until", "The end date is before the start date."),
        ({"pair": "en-xx"}, "pair", "Choose a language pair from the list"),
        ({"side": "sideways"}, "side", "Select a valid choice."),
        ({"q": "  "}, "q", "Type a word or phrase to look for."),
    ],
)
def test_a_bad_filter_is_a_form_error_not_a_failure(
    people: dict[str, User], params: dict[str, str], field: str, message: str
) -> None:
    remember(SEOUL, SEOUL_FR)
    page = search(**{"q": "seoul", **params})
    assert message in errors(page)[field]
    assert hits(page) == [] and page.xpath("//h2[@id='hits-heading']") == []
    assert "The search was not run" in page.text_content()


def test_hostile_text_is_escaped_everywhere(
    make_declaration: Callable[..., Declaration], people: dict[str, User]
) -> None:
    remember('The <script>alert("x")</script> delegates.', "Les <img src=x onerror=alert(1)> délégués.",
             reference="<b>evil</b>.tmx")  # fmt: skip
    response = client_for("translator-fr").get(URL, {"q": "<script>alert", "pair": "en-fr", "side": "both"})
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>evil" not in body
    assert "<mark>&lt;script&gt;alert</mark>(&quot;x&quot;)&lt;/script&gt; delegates." in body
    assert "Les &lt;img src=x onerror=alert(1)&gt; délégués." in body
    assert "&lt;b&gt;evil&lt;/b&gt;.tmx" in body
    # What was typed comes back in the form, escaped, and so does a hostile filter value in its error.
    assert 'value="&lt;script&gt;alert"' in body
    refused = client_for("translator-fr").get(URL, {"q": "x", "pair": "en-fr", "declaration": "<script>x"})
    assert "<script>x" not in refused.content.decode() and "&lt;script&gt;x" in refused.content.decode()


def test_only_the_pairs_with_a_language_the_person_works_in_are_offered(people: dict[str, User]) -> None:
    spanish = User.objects.create_user("translator-es", password=PASSWORD)
    Assignment.objects.create(user=spanish, role=Role.TRANSLATOR, language="es")
    # With three languages, a French translator reads the French pairs and a Spanish one the Spanish pairs.
    three = ["en", "fr", "es"]
    assert memory_pairs(people["translator-fr"], three) == [("en", "fr"), ("fr", "en"), ("fr", "es"), ("es", "fr")]
    assert memory_pairs(spanish, three) == [("en", "es"), ("fr", "es"), ("es", "en"), ("es", "fr")]
    assert len(memory_pairs(people["coordinator"], three)) == 6
    # On this workbench (English and French), the Spanish translator sees no pair and cannot ask for one.
    remember(SEOUL, SEOUL_FR)
    page = lxml.html.fromstring(client_for("translator-es").get(URL).content.decode())
    assert "None of the memory's language pairs has a language you work in" in page.text_content()
    assert page.xpath("//form[@role='search']") == []
    asked = lxml.html.fromstring(client_for("translator-es").get(URL, {"q": "seoul", "pair": "en-fr"}).content)
    assert hits(asked) == []
    options = search().xpath("//select[@name='pair']/option")
    assert [(o.get("value"), o.text_content()) for o in options] == [("en-fr", "English → French"),
                                                                     ("fr-en", "French → English")]  # fmt: skip


def test_only_the_newest_are_shown_when_there_are_too_many(
    people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(concordance, "SHOWN", 2)
    for number in range(3):
        remember(f"Peace number {number}.", f"La paix numéro {number}.")
    page = search(q="peace")
    assert len(hits(page)) == 2
    assert "Only the newest 2 are shown" in page.text_content()


def test_the_desk_links_to_it(seoul: Declaration, people: dict[str, User]) -> None:
    for page in (reverse("desk:overview"), reverse("desk:editor", args=[seoul.slug, "fr"])):
        assert f'href="{URL}"' in client_for("translator-fr").get(page).content.decode()
    assert f'href="{URL}"' not in client_for("outsider").get(reverse("desk:overview")).content.decode()
    # The empty page opens on the first pair, searching both sides, and runs no search.
    page = lxml.html.fromstring(client_for("translator-fr").get(URL).content.decode())
    assert page.xpath("//select[@name='pair']/option[@selected]/@value") == ["en-fr"]
    assert page.xpath("//select[@name='side']/option[@selected]/@value") == ["both"]
    assert page.xpath("//h2[@id='hits-heading']") == [] and "The search was not run" not in page.text_content()
