"""The alignment review at book scale: a window of rows, one toolbar for the selected row, jumps across windows —
all through plain links and forms (Django's test client, no script)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.declarations.models import AlignmentReview, Declaration
from workbench.desk.align_window import WINDOW
from workbench.reviews import alignment

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def long_review(declaration: Declaration, author: User, count: int, *, confirmed: int = 0, low: Iterable[int] = (),
                two_targets: Iterable[int] = ()) -> AlignmentReview:  # fmt: skip
    """A review of `count` 1:1 rows (short made-up units), the first `confirmed` of them confirmed, the rows in
    `low` under the low-confidence mark and the rows in `two_targets` holding two translation paragraphs."""
    low, two_targets = set(low), set(two_targets)
    rows, target = [], 0
    for index in range(count):
        width = 2 if index in two_targets else 1
        rows.append({"source": [index], "target": list(range(target, target + width)),
                     "confidence": 0.2 if index in low else 0.9, "confirmed": index < confirmed, "left_out": False})
        target += width
    return AlignmentReview.objects.create(
        declaration=declaration, language="fr", origin="test", created_by=author, rows=rows,
        source_units=[{"key": f"k{i}", "text": f"Source paragraph {i}.", "digest": ""} for i in range(count)],
        target_units=[f"Paragraphe {j}." for j in range(target)],
    )  # fmt: skip


def shown(html: str) -> list[int]:
    return [int(index) for index in re.findall(r'class="align-row[^"]*" id="row-(\d+)"', html)]


def selected(html: str) -> int:
    (index,) = re.findall(r'id="row-(\d+)"[^>]*aria-current="true"', html)
    assert re.search(rf'name="row" value="{index}" id="toolbar-row"', html)  # the toolbar acts on that row
    return int(index)


def button(html: str, value: str) -> str:
    (tag,) = re.findall(rf'<button [^>]*value="{re.escape(value)}"[^>]*>', html)
    return tag


def page(client: Client, declaration: Declaration, query: str = "") -> str:
    response = client.get(reverse("desk:align", args=[declaration.slug, "fr"]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_review_opens_on_the_window_of_the_first_unconfirmed_row(seoul: Declaration, people: dict) -> None:
    long_review(seoul, people["coordinator"], 250, confirmed=130)
    html = page(logged_in("reviewer-fr"), seoul)
    assert shown(html) == list(range(100, 200)) and WINDOW == 100
    assert selected(html) == 130
    assert "Rows 101–200 of 250" in html and "130 of 250 rows confirmed" in html
    assert 'href="?row=1#row-0" rel="prev"' in html and 'href="?row=201#row-200" rel="next"' in html
    # One toolbar for the page, not a set of buttons per row; each row keeps one link that selects it.
    assert html.count('value="confirm"') == 1 and html.count('value="merge|both"') == 1
    assert html.count('class="select"') == 100


def test_a_row_is_reached_by_its_number(seoul: Declaration, people: dict) -> None:
    long_review(seoul, people["coordinator"], 250)
    client = logged_in("reviewer-fr")
    html = page(client, seoul, "?row=237")
    assert shown(html) == list(range(200, 250)) and selected(html) == 236
    assert 'rel="next"' not in html and 'href="?row=101#row-100" rel="prev"' in html
    for wrong in ("0", "251", "abc", "-3"):
        response = client.get(reverse("desk:align", args=[seoul.slug, "fr"]), {"row": wrong})
        html = response.content.decode()
        assert response.status_code == 400
        assert f"There is no row “{wrong}”: give a number from 1 to 250." in html
        assert shown(html) == list(range(100)) and selected(html) == 0  # the opening window instead
    escaped = client.get(reverse("desk:align", args=[seoul.slug, "fr"]), {"row": "<b>"}).content.decode()
    assert "“&lt;b&gt;”" in escaped and "“<b>”" not in escaped


def test_next_low_confidence_row_goes_to_the_window_that_holds_it(seoul: Declaration, people: dict) -> None:
    review = long_review(seoul, people["coordinator"], 250, low=[20, 180])
    client = logged_in("reviewer-fr")
    url = reverse("desk:align", args=[seoul.slug, "fr"])
    html = page(client, seoul)
    assert 'href="?next=low&amp;after=1" data-key="w"' in html  # searching after the selected row (row 1)
    response = client.get(url, {"next": "low", "after": "21"})
    assert response.status_code == 302 and response["Location"] == f"{url}?row=181#row-180"
    html = page(client, seoul, "?row=181")
    assert shown(html) == list(range(100, 200)) and selected(html) == 180 and "⚠ low confidence" in html
    # After the last one it wraps round to the first; once both are confirmed there is none, and the page says so.
    assert client.get(url, {"next": "low", "after": "181"})["Location"] == f"{url}?row=21#row-20"
    review.rows[20]["confirmed"] = review.rows[180]["confirmed"] = True
    review.save()
    response = client.get(url, {"next": "low", "after": "181"}, follow=True)
    assert response.redirect_chain == [(f"{url}?row=181#row-180", 302)]
    assert "No unconfirmed row has a low confidence." in response.content.decode()
    assert "Next low-confidence row" not in response.content.decode()
    # The next unconfirmed row, likewise, after the reviewer's row.
    assert client.get(url, {"next": "unconfirmed", "after": "181"})["Location"] == f"{url}?row=182#row-181"
    # Only the rows are read, not the units' texts (megabytes for a book).
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"next": "low", "after": "21"})
    read = " ".join(q["sql"] for q in queries.captured_queries if "declarations_alignmentreview" in q["sql"])
    assert '"rows"' in read and "source_units" not in read and "target_units" not in read


def test_the_toolbar_acts_on_the_selected_row_and_returns_to_it(seoul: Declaration, people: dict) -> None:
    review = long_review(seoul, people["coordinator"], 250, two_targets=[149])
    client = logged_in("reviewer-fr")
    html = page(client, seoul, "?row=150")
    assert selected(html) == 149
    assert " hidden" not in button(html, "confirm") and " hidden" in button(html, "unconfirm")
    assert re.search(r'<span data-when="target-split">\s*<label', html)  # two paragraphs: a split is offered
    assert re.search(r'<span data-when="source-split" hidden>', html)
    assert '<select name="split_target" id="split-target" data-count="target"><option value="1">2</option>' in html
    operate = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    response = client.post(operate, {"version": review.version, "row": 149, "action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:align", args=[seoul.slug, "fr"]) + "?row=150#row-149"
    html = page(client, seoul, "?row=150")
    assert selected(html) == 149 and " hidden" in button(html, "confirm") and " hidden" not in button(html, "unconfirm")
    review.refresh_from_db()
    assert [i for i, row in enumerate(review.rows) if row["confirmed"]] == [149]
    # The split takes its paragraph from the toolbar's list of that side.
    response = client.post(operate, {"version": review.version, "row": 149, "action": "split|target",
                                     "split_target": "1"})  # fmt: skip
    assert response.status_code == 302
    review.refresh_from_db()
    assert [(r["source"], r["target"]) for r in review.rows[149:151]] == [([149], [149]), ([], [150])]
    response = client.post(operate, {"version": review.version, "row": 149, "action": "split|target",
                                     "split_target": "5"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400 and "can only be split between two of its paragraphs" in html
    assert selected(html) == 149  # the refusal keeps the reviewer on the row


def test_a_stale_toolbar_is_refused_on_the_same_row(seoul: Declaration, people: dict) -> None:
    review = long_review(seoul, people["coordinator"], 250)
    operate = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    assert logged_in("coordinator").post(operate, {"version": review.version, "row": 10, "action": "confirm"}
                                         ).status_code == 302  # fmt: skip
    response = logged_in("reviewer-fr").post(operate, {"version": review.version, "row": 170, "action": "confirm"})
    assert response.status_code == 409 and selected(response.content.decode()) == 170


def test_the_page_reads_the_same_number_of_queries_whatever_the_length(
    seoul: Declaration, people: dict, django_assert_max_num_queries: Callable[..., object]
) -> None:
    client = logged_in("reviewer-fr")
    counts = []
    for count in (3, 600):
        AlignmentReview.objects.all().delete()
        long_review(seoul, people["coordinator"], count, confirmed=count)  # all confirmed: the accept part too
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(12):  # type: ignore[operator]
            html = page(client, seoul)
        assert "Accept the alignment" in html and len(shown(html)) == min(count, WINDOW)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_undo_after_many_actions_keeps_a_small_history(seoul: Declaration, people: dict) -> None:
    review = long_review(seoul, people["coordinator"], 600)
    original = [dict(row) for row in review.rows]
    for row in (5, 300, 599):
        review = alignment.operate(review_id=review.pk, version=review.version, operation="confirm", row=row)
    review = alignment.operate(review_id=review.pk, version=review.version, operation="merge", row=10)
    # Each entry holds the changed stretch only, not 600 rows.
    assert [len(entry["rows"]) for entry in review.undo] == [2, 1, 1, 1]
    for _ in range(4):
        review = alignment.operate(review_id=review.pk, version=review.version, operation="undo")
    assert review.rows == original
    for _ in range(4):
        review = alignment.operate(review_id=review.pk, version=review.version, operation="redo")
    assert len(review.rows) == 599 and [i for i, r in enumerate(review.rows) if r["confirmed"]] == [5, 299, 598]


def test_a_history_stored_as_full_copies_still_undoes(seoul: Declaration, people: dict) -> None:
    review = long_review(seoul, people["coordinator"], 4)
    before = [dict(row) for row in review.rows]
    review.rows[2]["confirmed"] = True
    review.undo = [before]  # what the history held before it kept changed stretches only
    review.save()
    review = alignment.operate(review_id=review.pk, version=review.version, operation="undo")
    assert review.rows == before
    review = alignment.operate(review_id=review.pk, version=review.version, operation="redo")
    assert [r["confirmed"] for r in review.rows] == [False, False, True, False]


def test_after_an_undo_that_removes_the_selected_row_the_page_opens_on_the_new_last(
    seoul: Declaration, people: dict
) -> None:
    review = long_review(seoul, people["coordinator"], 3, two_targets=[2])
    review = alignment.operate(review_id=review.pk, version=review.version, operation="split", row=2, side="target",
                               at=1)  # fmt: skip
    assert len(review.rows) == 4
    operate = reverse("desk:align-operate", args=[seoul.slug, "fr", review.pk])
    response = logged_in("reviewer-fr").post(operate, {"version": review.version, "row": 3, "action": "undo"})
    assert response["Location"] == reverse("desk:align", args=[seoul.slug, "fr"]) + "?row=3#row-2"
