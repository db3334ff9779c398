"""The progress page on a small hand-made corpus: every figure below was counted by hand, not by the code."""
from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workbench.declarations.changes import add_passage, record_change
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.models import Action, Declaration, Kind, ReportedVersion, State
from workbench.desk import tallies
from workbench.desk.charts import approved_words_chart

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def corpus(people: dict[str, User]) -> dict[str, Declaration]:
    """A: English, fr approved 3 words / translated 2 / stale 5. B: French, en missing 2 / draft 3, en reported.
    C: English, fr missing 2, fr reported."""
    translator, reviewer = people["translator-fr"], people["reviewer-fr"]
    a = Declaration.objects.create(slug="a-news", source_language="en", issued_on=datetime.date(2004, 6, 3),
                                   kind=Kind.NEWS_RELEASE, title_en="Alpha news", organisation_en="UNESCO")  # fmt: skip
    p0 = add_passage(declaration=a, position=0, texts={"en": "one two three", "fr": "un deux trois"},
                     states={"en": State.APPROVED, "fr": State.DRAFT})  # fmt: skip
    p1 = add_passage(declaration=a, position=1, texts={"en": "four five", "fr": "quatre cinq"},
                     states={"en": State.APPROVED, "fr": State.DRAFT})  # fmt: skip
    p2 = add_passage(declaration=a, position=2, texts={"en": "six seven eight nine", "fr": "six sept huit neuf"},
                     states={"en": State.APPROVED, "fr": State.DRAFT})  # fmt: skip
    for passage in (p0, p1):
        record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.TRANSLATED,
                      action=Action.MARKED_TRANSLATED, author=translator)  # fmt: skip
    record_change(passage=p0, language="fr", text="un deux trois", state=State.APPROVED, action=Action.APPROVED,
                  author=reviewer)  # fmt: skip
    record_change(passage=p2, language="en", text="six seven eight nine ten", state=State.APPROVED,
                  action=Action.SOURCE_CHANGED, author=people["coordinator"])  # fmt: skip
    b = Declaration.objects.create(slug="b-discours", source_language="fr", issued_on=datetime.date(2010, 1, 1),
                                   kind=Kind.SPEECH, title_fr="Déclaration de Montréal",
                                   organisation_fr="Conseil de l'Europe")  # fmt: skip
    add_passage(declaration=b, position=0, texts={"fr": "Un deux."}, states={"fr": State.APPROVED})
    add_passage(declaration=b, position=1, texts={"fr": "Trois quatre cinq.", "en": "Three four five."},
                states={"fr": State.APPROVED, "en": State.DRAFT})  # fmt: skip
    ReportedVersion.objects.create(declaration=b, language="en")
    c = Declaration.objects.create(slug="c-decl", source_language="en", issued_on=datetime.date(1999, 3, 1),
                                   kind=Kind.DECLARATION, title_en="Gamma")  # fmt: skip
    add_passage(declaration=c, position=0, texts={"en": "Alpha beta"}, states={"en": State.APPROVED})
    ReportedVersion.objects.create(declaration=c, language="fr")
    return {"a": a, "b": b, "c": c}


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get("/desk/progress/" + query)
    assert response.status_code == 200
    return [row["declaration"].slug for row in response.context["rows"]]


def test_permissions(corpus: dict[str, Declaration]) -> None:
    anonymous = Client().get("/desk/progress/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert Client().get("/desk/progress/declarations.csv").status_code == 302
    for username in ("translator-fr", "outsider"):
        assert client_for(username).get("/desk/progress/").status_code == 403
        assert client_for(username).get("/desk/progress/declarations.csv").status_code == 403
    for username in ("reviewer-fr", "coordinator"):
        assert client_for(username).get("/desk/progress/").status_code == 200
    # The desk overview links to it for those who may read it only.
    assert "/desk/progress/" in client_for("reviewer-fr").get("/desk/").content.decode()
    assert "/desk/progress/" not in client_for("translator-fr").get("/desk/").content.decode()


def test_language_totals_counted_by_hand(corpus: dict[str, Declaration]) -> None:
    totals = tallies.language_totals(["en", "fr"], datetime.datetime.now(datetime.UTC))
    expected = {
        # French: declarations A and C (B is written in French and does not count there).
        "fr_approved": (1, 3), "fr_translated": (1, 2), "fr_draft": (0, 0), "fr_stale": (1, 5), "fr_missing": (1, 2),
        # English: declaration B only.
        "en_approved": (0, 0), "en_translated": (0, 0), "en_draft": (1, 3), "en_stale": (0, 0), "en_missing": (1, 2),
    }  # fmt: skip
    for name, (passages, words) in expected.items():
        assert (totals[f"{name}_passages"], totals[f"{name}_words"]) == (passages, words), name
    assert tallies.stale_by_age(totals, ["en", "fr"]) == {"en": [0, 0, 0, 0, 0], "fr": [1, 0, 0, 0, 0]}
    page = client_for("coordinator").get("/desk/progress/")
    bars = {bar["language"]: bar for bar in page.context["language_bars"]}
    assert bars["fr"]["words"] == 12 and bars["fr"]["passages"] == 4
    assert "1 passage, 5 words" in page.content.decode()


def test_rows_people_waiting_and_stale(corpus: dict[str, Declaration]) -> None:
    response = client_for("coordinator").get("/desk/progress/")
    row = next(r for r in response.context["rows"] if r["declaration"].slug == "a-news")
    assert [bar["language"] for bar in row["bars"]] == ["fr"]
    words = {s["bucket"].value: (s["passages"], s["words"]) for s in row["bars"][0]["segments"]}
    assert words == {"approved": (1, 3), "translated": (1, 2), "draft": (0, 0), "stale": (1, 5), "missing": (0, 0)}
    people = {(p["author__username"], p["language"]): p for p in response.context["people"]}
    assert people[("translator-fr", "fr")]["translated_7"] == 2 and people[("translator-fr", "fr")]["approved_30"] == 0
    assert people[("reviewer-fr", "fr")]["approved_7"] == 1 and people[("reviewer-fr", "fr")]["translated_30"] == 0
    assert ("coordinator", "en") not in people  # a source change is neither a translation nor an approval
    waiting = response.context["waiting"]
    assert [(w.passage.declaration.slug, w.passage.position, w.language) for w in waiting] == [("a-news", 1, "fr")]
    stale = response.context["stale_oldest"]
    assert [(s["passage"].declaration.slug, s["passage"].position) for s in stale] == [("a-news", 2)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["b-discours", "a-news", "c-decl"]),
        ("?sort=issued_on", ["c-decl", "a-news", "b-discours"]),
        ("?language=fr", ["a-news", "c-decl"]),
        ("?language=en", ["b-discours"]),
        ("?has_stale=on", ["a-news"]),
        ("?language=en&has_stale=on", []),
        ("?reported_missing=on", ["b-discours", "c-decl"]),
        ("?reported_missing=on&language=fr", ["c-decl"]),
        ("?kind=speech", ["b-discours"]),
        ("?organisation=conseil", ["b-discours"]),
        ("?organisation=unesco&kind=speech", []),
        ("?issued_from=2000-01-01", ["b-discours", "a-news"]),
        ("?issued_from=2000-01-01&issued_to=2005-12-31", ["a-news"]),
        ("?state=translated", ["a-news"]),
        ("?state=missing&language=en", ["b-discours"]),
        ("?state=missing", ["b-discours", "c-decl"]),
        ("?state=draft&language=fr", []),
        ("?sort=-stale", ["a-news", "b-discours", "c-decl"]),
        ("?sort=-missing&language=fr", ["c-decl", "a-news"]),
        ("?sort=approved&language=fr", ["c-decl", "a-news"]),
    ],
)
def test_filters_and_sorts(corpus: dict[str, Declaration], query: str, expected: list[str]) -> None:
    assert listed(client_for("coordinator"), query) == expected


def test_reported_version_is_here_once_approved_and_published(corpus: dict[str, Declaration]) -> None:
    from workbench.declarations.publishing import publish

    c = corpus["c"]
    passage = c.passages.get()
    client = client_for("coordinator")
    record_change(passage=passage, language="fr", text="Alpha bêta", state=State.APPROVED, action=Action.APPROVED)
    assert listed(client, "?reported_missing=on&language=fr") == ["c-decl"]  # approved, not published yet
    Declaration.objects.filter(pk=c.pk).update(title_fr="Gamma")
    publish(declaration=c, language="fr", user=User.objects.get(username="coordinator"))
    assert listed(client, "?reported_missing=on&language=fr") == []


def test_csv_has_the_table_with_the_same_filters_in_utf8_with_bom(corpus: dict[str, Declaration]) -> None:
    response = client_for("coordinator").get("/desk/progress/declarations.csv?organisation=conseil")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["b-discours"]
    assert rows[0]["title"] == "Déclaration de Montréal" and rows[0]["organisation"] == "Conseil de l'Europe"
    assert (rows[0]["en draft words"], rows[0]["en missing passages"], rows[0]["fr approved words"]) == ("3", "1", "")
    everything = client_for("coordinator").get("/desk/progress/declarations.csv?language=fr")
    table = list(csv.DictReader(io.StringIO(everything.content.decode("utf-8-sig"))))
    a = next(row for row in table if row["slug"] == "a-news")
    assert (a["fr approved words"], a["fr stale words"], a["fr translated passages"]) == ("3", "5", "1")
    assert "en approved words" not in a


def test_chart_has_one_series_per_approved_language(corpus: dict[str, Declaration]) -> None:
    response = client_for("coordinator").get("/desk/progress/")
    chart = response.context["chart"]
    assert [(s.language, s.total) for s in chart["series"]] == [("fr", 3)]
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" lang="en"' in html
    assert "<title id=\"chart-title\">Approved words per language over time</title>" in html
    assert 'data-language="fr"' in html and 'data-language="en"' not in html
    french = client_for("coordinator")
    french.cookies["django_language"] = "fr"
    page = french.get("/desk/progress/").content.decode()
    assert 'lang="fr"' in page and "Mots approuvés par langue au fil du temps" in page


def test_chart_geometry_accumulates_months() -> None:
    rows = [{"language": "fr", "month": "2025-11", "words": 10}, {"language": "fr", "month": "2026-01", "words": 30},
            {"language": "en", "month": "2025-12", "words": 5}]  # fmt: skip
    chart = approved_words_chart(rows, {"fr": "French", "en": "English"}, "2026-02")
    assert chart["months"] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert {s.language: s.values for s in chart["series"]} == {"en": [0, 5, 5, 5], "fr": [10, 10, 40, 40]}
    assert chart["ticks"][-1]["value"] == 50  # the axis top: the next 1-2-5 step above 40


def test_query_count_is_the_same_for_10_and_100_declarations(people: dict[str, User]) -> None:
    client = client_for("coordinator")
    counts = []
    for prefix, declarations in (("ten", 10), ("more", 90)):
        generate_corpus(declarations=declarations, passages=3, seed=4, prefix=prefix)
        cache.clear()
        for query in ("", "?has_stale=on&sort=-missing&page=2", "?language=fr&kind=news-release"):
            with CaptureQueriesContext(connection) as cold:
                assert client.get("/desk/progress/" + query).status_code == 200
            with CaptureQueriesContext(connection) as warm:
                assert client.get("/desk/progress/" + query).status_code == 200
            counts.append((len(cold.captured_queries), len(warm.captured_queries)))
    assert counts[:3] == counts[3:]
    assert max(cold for cold, _warm in counts) <= 12
    assert Declaration.objects.count() == 100


def test_a_change_to_a_passage_is_seen_at_once(corpus: dict[str, Declaration]) -> None:
    client = client_for("coordinator")
    assert client.get("/desk/progress/").context["language_bars"][1]["segments"][0]["words"] == 3
    passage = corpus["a"].passages.get(position=1)
    record_change(passage=passage, language="fr", text="quatre cinq", state=State.APPROVED, action=Action.APPROVED)
    assert client.get("/desk/progress/").context["language_bars"][1]["segments"][0]["words"] == 5
