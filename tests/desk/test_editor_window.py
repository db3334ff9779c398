"""The editor at book scale (issue 26): a window of a long declaration, jumps and search, saves in place for htmx."""

from __future__ import annotations

import random
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workbench.declarations.changes import add_source_passages, record_change
from workbench.declarations.models import Action, Declaration, Kind, Passage, Revision, State
from workbench.declarations.publishing import Problem, blockers
from workbench.desk.publish_status import editor_status
from workbench.desk.window import CONTEXT, WINDOW, outline
from workbench.desk.workflow import version_token

from .test_views import PASSWORD

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def long_declaration(size: int, *, approved: int = 0, slug: str = "book") -> tuple[Declaration, list[Passage]]:
    """`size` passages ("Sentence number N."), the first `approved` of them approved in French."""
    declaration = Declaration.objects.create(slug=slug, source_language="en", issued_on="2004-06-03",
                                             kind=Kind.DECLARATION, title_en="A book")  # fmt: skip
    passages = add_source_passages(declaration=declaration, texts=[f"Sentence number {n}." for n in range(1, size + 1)])
    for passage in passages[:approved]:
        record_change(passage=passage, language="fr", text=f"Phrase {passage.position + 1}.", state=State.APPROVED,
                      action=Action.APPROVED)  # fmt: skip
    return declaration, passages


def client_for(client: Client, username: str) -> Client:
    assert client.login(username=username, password=PASSWORD)
    return client


def shown_numbers(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'class="row-number">Passage (\d+)<', html)]


def editor(client: Client, declaration: Declaration, query: str = "", **headers: str) -> str:
    response = client.get(reverse("desk:editor", args=[declaration.slug, "fr"]) + query, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_editor_opens_a_window_just_above_the_first_passage_needing_work(client: Client, people: dict) -> None:
    declaration, passages = long_declaration(130, approved=20)
    html = editor(client_for(client, "translator-fr"), declaration)
    numbers = shown_numbers(html)
    assert numbers == list(range(21 - CONTEXT, 21 - CONTEXT + WINDOW))
    assert f'id="p-{passages[20].key}"' in html and f'id="p-{passages[0].key}"' not in html
    assert "Passages 19–68 of 130." in html
    assert "110 passages need work." in html  # counted over the whole declaration, not the window
    assert f'href="/desk/book/fr/?at={21 - CONTEXT - WINDOW if 21 - CONTEXT > WINDOW else 1}"' in html  # earlier
    assert f'href="/desk/book/fr/?at={21 - CONTEXT + WINDOW}"' in html  # the next window, a plain link without JS


def test_a_passage_number_or_a_link_to_a_passage_opens_its_window(client: Client, people: dict) -> None:
    declaration, passages = long_declaration(130)
    client = client_for(client, "translator-fr")
    assert shown_numbers(editor(client, declaration, "?at=101")) == list(range(101, 131))
    assert shown_numbers(editor(client, declaration, f"?p={passages[89].key}")) == list(range(90 - CONTEXT, 130 + 1))[
        :WINDOW]
    assert shown_numbers(editor(client, declaration, "?at=999"))[0] == 130  # beyond the end: the last passage
    assert shown_numbers(editor(client, declaration, "?at=nonsense"))[0] == 1 - 0  # not a number: where the work is
    assert shown_numbers(editor(client, declaration, "?p=no-such-key"))[0] == 1


def test_the_next_window_comes_as_rows_for_htmx_and_says_where_the_one_after_starts(
    client: Client, people: dict
) -> None:
    declaration, _passages = long_declaration(130)
    html = editor(client_for(client, "translator-fr"), declaration, "?at=51&rows=1", **HTMX)
    assert "<html" not in html and "editor-summary" not in html
    assert shown_numbers(html) == list(range(51, 101))
    assert 'hx-get="/desk/book/fr/?at=101&amp;rows=1"' in html
    last = editor(client, declaration, "?at=101&rows=1", **HTMX)
    assert shown_numbers(last) == list(range(101, 131)) and "window-more" not in last


def test_search_lists_matching_passages_with_their_numbers_and_escapes_the_words(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(130, approved=3)
    client = client_for(client, "translator-fr")
    html = editor(client, declaration, "?q=number 12")
    # "number 12" is in passages 12 and 120–129: eleven, listed in reading order with links to their windows.
    assert "11 passages contain “number 12”" in html
    listed = re.findall(r'<li><a href="/desk/book/fr/\?p=(\w+)#p-\1">Passage (\d+)</a>', html)
    assert [int(number) for _key, number in listed] == [12, *range(120, 130)]
    assert listed[0][0] == passages[11].key
    assert "1 passage contains “Phrase 2.”" in editor(client, declaration, "?q=Phrase 2.")  # the translation too
    hostile = editor(client, declaration, "?q=<script>alert(1)</script>")
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)" in hostile


def test_an_htmx_save_answers_with_the_row_in_its_new_state_and_the_passage_to_go_on_with(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(130, approved=0)
    record_change(passage=passages[1], language="fr", text="Déjà.", state=State.APPROVED, action=Action.APPROVED)
    client = client_for(client, "translator-fr")
    first = passages[0]
    url = reverse("desk:row", args=[declaration.slug, "fr", first.key]) + "?next=1"
    data = {"intent": "save", "text": "Phrase un.", "based_on": version_token(first, "fr"),
            "source_digest": first.source_digest}  # fmt: skip
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="editor-row') == 1 and f'id="p-{first.key}"' in html
    assert 'class="badge draft"' in html and ">Phrase un.</textarea>" in html
    assert f'data-focus="{passages[2].key}"' in html  # the approved second passage is skipped
    assert 'id="to-do-count" hx-swap-oob="true">129 passages need work.' in html
    assert 'id="editor-status"' in html and "Draft saved." in html
    assert "Passage 1<" in html
    first.refresh_from_db()
    assert first.text_in("fr") == "Phrase un." and first.state_in("fr") == State.DRAFT
    # Saved without "next": the cursor stays on the passage.
    data = {**data, "text": "Phrase une.", "based_on": version_token(first, "fr")}
    again = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]), data, **HTMX)
    assert f'data-focus="{first.key}"' in again.content.decode()


def test_an_htmx_save_that_is_refused_shows_why_on_its_row_and_changes_nothing(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(10)
    client = client_for(client, "translator-fr")
    first = passages[0]
    revisions = Revision.objects.count()
    data = {"intent": "save", "text": "   ", "based_on": 0, "source_digest": first.source_digest}
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]), data, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="editor-row') == 1 and 'aria-invalid="true"' in html and 'role="alert"' in html
    assert Revision.objects.count() == revisions


def test_an_htmx_save_in_conflict_shows_the_conflict_page_in_place_of_the_editor(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(10)
    first = passages[0]
    seen = version_token(first, "fr")
    record_change(passage=first, language="fr", text="Celle de quelqu'un d'autre.", state=State.DRAFT,
                  action=Action.EDITED, author=people["reviewer-fr"])  # fmt: skip
    client = client_for(client, "translator-fr")
    data = {"intent": "save", "text": "La mienne.", "based_on": seen, "source_digest": first.source_digest}
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]), data, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "body" and response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert "La mienne." in html and "Celle de quelqu&#x27;un d&#x27;autre." in html
    first.refresh_from_db()
    assert first.text_in("fr") == "Celle de quelqu'un d'autre."


def test_without_javascript_save_and_next_opens_the_window_of_the_next_passage(client: Client, people: dict) -> None:
    declaration, passages = long_declaration(130, approved=0)
    for passage in passages[1:99]:
        record_change(passage=passage, language="fr", text="Faite.", state=State.APPROVED, action=Action.APPROVED)
    client = client_for(client, "translator-fr")
    first = passages[0]
    data = {"intent": "save", "text": "Phrase un.", "based_on": 0, "source_digest": first.source_digest}
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]) + "?next=1", data)
    target = passages[99].key
    assert response.status_code == 302 and response["Location"] == f"/desk/book/fr/?p={target}#p-{target}"
    page = client.get(response["Location"]).content.decode()
    assert shown_numbers(page)[0] == 100 - CONTEXT and f'id="p-{target}"' in page
    assert "Draft saved." in page  # the message waits for the page, as before


def test_the_first_view_of_a_long_declaration_costs_the_same_queries_and_size_as_a_window(
    client: Client, people: dict
) -> None:
    client = client_for(client, "coordinator")
    sizes, counts = [], []
    for slug, size in (("book-a", WINDOW), ("book-b", 6 * WINDOW)):  # slugs of one length: every link holds one
        declaration, _passages = long_declaration(size, slug=slug)
        with CaptureQueriesContext(connection) as queries:
            html = editor(client, declaration)
        counts.append(len(queries))
        sizes.append(len(html))
        assert len(shown_numbers(html)) == WINDOW
    assert counts[0] == counts[1]
    assert abs(sizes[1] - sizes[0]) < 400  # the figures (300 against 50) and the link to the next window


def test_someone_without_the_language_cannot_save_in_place(client: Client, people: dict) -> None:
    declaration, passages = long_declaration(3)
    outsider = User.objects.get(username="outsider")
    client.force_login(outsider)
    first = passages[0]
    data = {"intent": "save", "text": "Non.", "based_on": 0, "source_digest": first.source_digest}
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]), data, **HTMX)
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.text_in("fr") == ""


def test_the_editors_publish_line_counts_what_the_publishing_rules_count(people: dict) -> None:
    """publish_status.editor_status reads the outline; publishing.blockers reads the passages: they must agree."""
    declaration, passages = long_declaration(40)
    declaration.title_fr = "Un livre"
    declaration.save()
    rng = random.Random(26)
    for passage in passages:
        state = rng.choice([State.MISSING, State.DRAFT, State.TRANSLATED, State.APPROVED, State.APPROVED])
        if state is not State.MISSING:
            record_change(passage=passage, language="fr", text=f"Texte {passage.pk}.", state=state,
                          action=Action.EDITED)  # fmt: skip
    for passage in rng.sample(passages, 8):  # some translations go stale, approved or not
        passage.refresh_from_db()
        record_change(passage=passage, language="en", text=passage.source_text + " Changed.", state=State.APPROVED,
                      action=Action.EDITED)  # fmt: skip
    found = blockers(declaration=declaration, language="fr")
    status = editor_status(declaration, "fr", "French", outline(declaration, "fr"))
    assert status.not_approved == sum(blocker.problem is Problem.NOT_APPROVED for blocker in found) > 0
    assert status.stale == sum(blocker.problem is Problem.STALE for blocker in found) > 0
    assert status.first_key == next(blocker.key for blocker in found if blocker.key)
    assert not status.no_title


def test_a_declaration_without_passages_opens_an_empty_editor(client: Client, people: dict) -> None:
    declaration, _passages = long_declaration(0)
    html = editor(client_for(client, "translator-fr"), declaration, "?at=5")
    assert shown_numbers(html) == [] and "window-range" not in html and "window-more" not in html
    assert "0 passages need work." in html


def test_an_htmx_save_sends_the_whole_editor_line_again_so_it_never_tells_what_was_true_before(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(3)
    declaration.title_fr = "Un livre"
    declaration.save()
    for passage in passages[:2]:
        record_change(passage=passage, language="fr", text="Fait.", state=State.APPROVED, action=Action.APPROVED)
    client = client_for(client, "coordinator")
    last = passages[2]
    data = {"intent": "approve", "text": "Phrase 3.", "based_on": version_token(last, "fr"),
            "source_digest": last.source_digest}  # fmt: skip
    html = client.post(reverse("desk:row", args=[declaration.slug, "fr", last.key]), data, **HTMX).content.decode()
    # Nothing needs work any more: no link to a first passage, and the publisher is offered to publish.
    assert 'id="to-do-count" hx-swap-oob="true">0 passages need work.' in html
    assert '<span id="first-to-do" hx-swap-oob="true"></span>' in html
    assert 'id="editor-publish" hx-swap-oob="true">' in html and 'class="publish-link"' in html


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_the_login(
    client: Client, people: dict
) -> None:
    declaration, passages = long_declaration(3)
    first = passages[0]
    data = {"intent": "save", "text": "Perdu ?", "based_on": 0, "source_digest": first.source_digest}
    page = f"/desk/{declaration.slug}/fr/?at=1"
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]), data,
                           HTTP_HX_CURRENT_URL=f"http://testserver{page}", **HTMX)  # fmt: skip
    assert response.status_code == 200 and "<form" not in response.content.decode()
    assert response["HX-Redirect"] == "/accounts/login/?next=" + quote(page, safe="/")
    first.refresh_from_db()
    assert first.text_in("fr") == ""
