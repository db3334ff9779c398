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

from workbench.declarations import summary
from workbench.declarations.changes import ChangeSpec, add_passage, apply_changes, record_change, record_conflict
from workbench.declarations.corpus import generate_corpus
from workbench.declarations.models import Action, Declaration, Kind, Passage, ReportedVersion, Revision, State
from workbench.desk import tallies
from workbench.desk.charts import HEIGHT, LEFT, RIGHT, WIDTH, approved_words_chart

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


def test_people_leave_out_unsigned_writes(corpus: dict[str, Declaration]) -> None:
    # An import run by a script approves without an author: it counts in the bars, not as anyone's activity.
    passage = corpus["a"].passages.get(position=1)
    record_change(passage=passage, language="fr", text="quatre cinq", state=State.APPROVED, action=Action.IMPORTED,
                  author=None)  # fmt: skip
    people = client_for("coordinator").get("/desk/progress/").context["people"]
    assert [p["author__username"] for p in people] == ["reviewer-fr", "translator-fr"]
    assert people[0]["approved_30"] == 1  # the reviewer's own approval, not the import's


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
    # 12, plus for issue 25: the page's assignments, the assignment form's people lists (two, only with a language
    # filter), the header's unread-notification count.
    assert max(cold for cold, _warm in counts) <= 16
    assert Declaration.objects.count() == 100


def test_a_change_to_a_passage_is_seen_at_once(corpus: dict[str, Declaration]) -> None:
    client = client_for("coordinator")
    assert client.get("/desk/progress/").context["language_bars"][1]["segments"][0]["words"] == 3
    passage = corpus["a"].passages.get(position=1)
    record_change(passage=passage, language="fr", text="quatre cinq", state=State.APPROVED, action=Action.APPROVED)
    assert client.get("/desk/progress/").context["language_bars"][1]["segments"][0]["words"] == 5


# ------------------------------------------------------------------------------------- approved words over time
def _dated(moment: datetime.datetime, *revisions: Revision) -> None:
    """Move revisions to `moment`. Revisions are append-only in the model (no save or update), so a dated history
    is written with SQL, as corpus.py and the archive restore write theirs."""
    quote = connection.ops.quote_name
    value = Revision._meta.get_field("created_at").get_db_prep_value(moment, connection)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(Revision._meta.db_table)} SET created_at = %s WHERE id = %s",
                           [(value, revision.pk) for revision in revisions])  # fmt: skip


def _created(moment: datetime.datetime, declaration: Declaration, position: int, texts: dict[str, str],
             states: dict[str, State]) -> Passage:  # fmt: skip
    passage = add_passage(declaration=declaration, position=position, texts=texts, states=states)
    _dated(moment, *Revision.objects.filter(passage=passage))
    return passage


def _change(moment: datetime.datetime, passage: Passage, language: str, state: State, action: Action,
            text: str | None = None) -> None:  # fmt: skip
    text = passage.text_in(language) if text is None else text
    _dated(moment, record_change(passage=passage, language=language, text=text, state=state, action=action))


@pytest.fixture
def year() -> int:
    # Last year, so that its months stay within the chart's 36 months whenever the tests run.
    return datetime.datetime.now(datetime.UTC).year - 1


@pytest.fixture
def history(people: dict[str, User], year: int) -> dict[str, Passage]:
    """French translations of an English declaration over four months of `year`, counted by hand (source words):

    January   P1 (3) approved, P4 (5) approved (merged away later: never counts), P2 (4) approved  +7  total 7
    February  P1 sent back; P3 (2) approved; a refused save of P2 as a draft (a conflict, never current)  -1  total 6
    March     P2's source edited: its approval is stale                                                   -4  total 2
    April     P2 marked translated and approved at the same instant (+4); P1 approved and sent back at
              the same instant (0: one import or click after the other, ordered by id); P3 replaced by an
              import as translated (-2)                                                                    +2  total 4

    Also a declaration written in French, approved in its own language (never counts in French) with an English
    draft (never approved: no English figures at all).
    """

    def at(month: int, day: int, hour: int = 9) -> datetime.datetime:
        return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)

    declaration = Declaration.objects.create(slug="h-news", source_language="en", issued_on=datetime.date(2004, 6, 3),
                                             kind=Kind.NEWS_RELEASE, title_en="History")  # fmt: skip
    texts = [("one two three", "un deux trois"), ("four five six seven", "quatre cinq six sept"),
             ("eight nine", "huit neuf"), ("ten eleven twelve thirteen fourteen", "dix onze douze treize quatorze")]
    p1, p2, p3, p4 = (
        _created(at(1, 5), declaration, position, {"en": english, "fr": french},
                 {"en": State.APPROVED, "fr": State.DRAFT})
        for position, (english, french) in enumerate(texts)
    )  # fmt: skip
    french = Declaration.objects.create(slug="h-discours", source_language="fr", issued_on=datetime.date(2010, 1, 1),
                                        kind=Kind.SPEECH, title_fr="Histoire")  # fmt: skip
    _created(at(1, 6), french, 0, {"fr": "Un deux trois quatre.", "en": "One two three four."},
             {"fr": State.APPROVED, "en": State.DRAFT})  # fmt: skip

    _change(at(1, 10), p1, "fr", State.APPROVED, Action.APPROVED)
    _change(at(1, 12), p4, "fr", State.APPROVED, Action.APPROVED)
    _change(at(1, 20), p2, "fr", State.APPROVED, Action.APPROVED)

    _change(at(2, 3), p1, "fr", State.TRANSLATED, Action.SENT_BACK)
    _change(at(2, 10), p3, "fr", State.APPROVED, Action.APPROVED)
    refused = record_conflict(passage=p2, language="fr", text="quatre cinq", state=State.DRAFT, author=None)
    _dated(at(2, 15), refused)

    _change(at(3, 1), p2, "en", State.APPROVED, Action.SOURCE_CHANGED, text="four five six seven!")

    _change(at(4, 2, 10), p2, "fr", State.TRANSLATED, Action.MARKED_TRANSLATED)
    _change(at(4, 2, 10), p2, "fr", State.APPROVED, Action.APPROVED)
    _change(at(4, 20, 10), p1, "fr", State.APPROVED, Action.APPROVED)
    _change(at(4, 20, 10), p1, "fr", State.TRANSLATED, Action.SENT_BACK)
    apply_changes([ChangeSpec(passage_id=p3.pk, source_language="en", language="fr", text="huit neuf !",
                              state=State.TRANSLATED, basis=p3.source_digest, action=Action.IMPORTED)])  # fmt: skip
    _dated(at(4, 25), Revision.objects.filter(passage=p3, language="fr").latest("pk"))
    # What merge_passages does to the passages it absorbs: they leave the declaration and every count.
    Passage.all_objects.filter(pk=p4.pk).update(merged_into=p3)
    # Dated and merged past the write functions: the progress summary and the approved words by month are counted
    # afresh, as corpus.py does after its SQL.
    summary.recount([declaration.pk, french.pk])
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}


def test_approved_words_by_month_go_down_when_approvals_are_replaced(history: dict[str, Passage], year: int) -> None:
    rows = tallies.approved_words_by_month(["en", "fr"])
    assert rows == tallies.replayed_words_by_month(["en", "fr"])  # the kept table, and the replay from scratch
    assert [(row["language"], row["month"], row["words"]) for row in rows] == [
        ("fr", f"{year}-01", 7), ("fr", f"{year}-02", -1), ("fr", f"{year}-03", -4), ("fr", f"{year}-04", 2),
    ]  # fmt: skip
    chart = approved_words_chart(rows, {"fr": "French"}, f"{year}-05")
    assert chart["months"] == [f"{year}-0{month}" for month in range(1, 6)]
    assert [(s.language, s.values) for s in chart["series"]] == [("fr", [7, 6, 2, 4, 4])]
    # The axis reaches the highest total (January's 7), not only the last one.
    assert chart["ticks"][-1]["value"] == 10


def test_the_last_month_of_the_chart_is_the_approved_words_of_the_table(history: dict[str, Passage], year: int
                                                                        ) -> None:  # fmt: skip
    response = client_for("coordinator").get("/desk/progress/")
    bars = {bar["language"]: bar for bar in response.context["language_bars"]}
    approved = {code: next(s["words"] for s in bar["segments"] if s["bucket"].value == "approved")
                for code, bar in bars.items()}  # fmt: skip
    assert approved["fr"] == 4  # P2 only: P1 waits for review, P3 was replaced, P4 was merged away
    chart = response.context["chart"]
    (french,) = chart["series"]
    assert french.language == "fr" and french.values[:4] == [7, 6, 2, 4]
    assert french.total == approved["fr"]
    assert chart["rows"][2] == {"month": f"{year}-03", "values": [2]}
    html = response.content.decode()
    assert "French: 4." in html  # the <desc> names the last total
    assert f"<th scope=\"row\">{year}-02</th><td>6</td>" in html  # the table beside the chart
    # A change today moves the last month at once (the cached figures follow every new revision).
    record_change(passage=history["p1"], language="fr", text="un deux trois", state=State.APPROVED,
                  action=Action.APPROVED)  # fmt: skip
    again = client_for("coordinator").get("/desk/progress/")
    assert again.context["chart"]["series"][0].total == 7


def test_a_single_month_is_drawn_as_a_point_with_its_value(people: dict[str, User]) -> None:
    # Approve, approve another, send the first back: all this month, so the chart has one month, at 4 words.
    declaration = Declaration.objects.create(slug="s-news", source_language="en", issued_on=datetime.date(2004, 6, 3),
                                             kind=Kind.NEWS_RELEASE, title_en="Single")  # fmt: skip
    first, second = (
        add_passage(declaration=declaration, position=position, texts={"en": english, "fr": french},
                    states={"en": State.APPROVED, "fr": State.TRANSLATED})
        for position, (english, french) in enumerate([("one two three", "un deux trois"),
                                                      ("four five six seven", "quatre cinq six sept")])
    )  # fmt: skip
    for passage in (first, second):
        record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.APPROVED,
                      action=Action.APPROVED)  # fmt: skip
    record_change(passage=first, language="fr", text="un, deux, trois", state=State.DRAFT, action=Action.EDITED)
    response = client_for("coordinator").get("/desk/progress/")
    month = datetime.datetime.now(datetime.UTC).strftime("%Y-%m")
    chart = response.context["chart"]
    assert chart["months"] == [month]
    (french,) = chart["series"]
    assert french.values == [4] and french.path == ""
    bars = {bar["language"]: bar for bar in response.context["language_bars"]}
    assert next(s["words"] for s in bars["fr"]["segments"] if s["bucket"].value == "approved") == 4
    x, y = french.points[0]
    assert x == LEFT + (WIDTH - LEFT - RIGHT) / 2 and y < HEIGHT  # in the middle, inside the plot
    html = response.content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "<path" not in svg  # no line to draw from a single point
    assert (f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{french.colour}">'
            f"<title>French, {month}: 4</title></circle>") in svg  # fmt: skip
    assert "French 4</text>" in svg  # its value beside it
    assert f'text-anchor="middle" font-size="11">{month}</text>' in svg  # its month under it
    assert f"Source words approved in each language at the end of {month}. French: 4.</desc>" in svg
    assert f"<th scope=\"row\">{month}</th><td>4</td>" in html


def test_chart_marks_every_month_and_its_axis_reaches_the_highest_value() -> None:
    rows = [{"language": "fr", "month": "2025-11", "words": 40}, {"language": "fr", "month": "2025-12", "words": -30}]
    chart = approved_words_chart(rows, {"fr": "French"}, "2026-01")
    (french,) = chart["series"]
    assert french.values == [40, 10, 10]
    assert chart["ticks"][-1]["value"] == 50  # 40 stays on the chart although the last total is 10
    assert [(m["month"], m["value"], m["r"]) for m in french.markers] == [("2025-11", 40, 3), ("2025-12", 10, 3),
                                                                          ("2026-01", 10, 3)]  # fmt: skip
    assert french.path.startswith("M70.0,") and french.path.count("L") == 2
