"""The checks at the desk (issue 23): failures beside the row, the per-declaration list, the coordinator's
switches, one-action fix-ups as ordinary edits, and the progress page's filter."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.checks.test_findings import GOOD, SOURCE, WRONG_NUMBER, logged_in, save
from workbench.checks.models import Finding, Override, SwitchedOff
from workbench.checks.registry import CHECKS
from workbench.declarations.models import Action, Declaration, State, digest
from workbench.desk.workflow import version_token

pytestmark = [pytest.mark.django_db]

NBSP = "\u00a0"
SPACED_SOURCE = "Why? Because culture is a common good."
SPACED = "Pourquoi ? Parce que la culture est un bien commun."  # an ordinary space before "?"


def row_html(html: str, key: str) -> str:
    start = html.index(f'id="p-{key}"')
    return html[start : html.index("</section>", start)]


def test_the_row_shows_its_failure_beside_the_text_after_a_save(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SOURCE, SOURCE], translations={"fr": [GOOD, GOOD]})
    first, second = declaration.passages.order_by("position")
    client = logged_in(client, "translator-fr")
    response = client.post(reverse("desk:row", args=[declaration.slug, "fr", first.key]),
                           {"intent": "save", "text": WRONG_NUMBER, "based_on": version_token(first, "fr"),
                            "source_digest": first.source_digest}, follow=True)  # fmt: skip
    html = response.content.decode()
    row = row_html(html, first.key)
    assert 'class="row-checks"' in row and 'data-check="numbers"' in row and "400" in row
    assert "Override" not in row  # a translator is offered no override
    assert 'data-check="' not in row_html(html, second.key)


def test_the_editor_query_count_does_not_grow_with_failures(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    client = logged_in(client, "coordinator")
    counts = []
    for slug, size in (("short", 3), ("long", 30)):
        make_declaration([SOURCE] * size, slug=slug, translations={"fr": [WRONG_NUMBER] * size})
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("desk:editor", args=[slug, "fr"])).content.decode()
        assert html.count('data-check="numbers"') == size
        counts.append(len(queries))
    # 14, the header's unread-notification count (issue 25) and the outline of a windowed editor (issue 26).
    assert counts[0] == counts[1] <= 16


def test_the_list_shows_failures_with_links_and_overridden_ones_as_such(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SOURCE, SOURCE, SOURCE], translations={"fr": [WRONG_NUMBER, GOOD, WRONG_NUMBER]})
    first, _second, third = declaration.passages.order_by("position")
    Override.objects.create(passage=third, language="fr", check_name="numbers", reason="Le chiffre est juste.",
                            target_digest=digest(WRONG_NUMBER), author=people["reviewer-fr"])  # fmt: skip
    response = logged_in(client, "translator-fr").get(reverse("desk:checks", args=[declaration.slug, "fr"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr class="open" data-check="numbers"') == 1
    assert html.count('<tr class="overridden" data-check="numbers"') == 1
    assert f"#p-{first.key}" in html and f"#p-{third.key}" in html
    assert "Le chiffre est juste." in html
    assert 'name="on"' not in html  # a translator reads the switches but cannot change them
    editor = client.get(reverse("desk:editor", args=[declaration.slug, "fr"])).content.decode()
    assert reverse("desk:checks", args=[declaration.slug, "fr"]) in editor


def test_only_a_coordinator_switches_checks_off_and_the_findings_follow(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]})
    url = reverse("desk:checks-switch", args=[declaration.slug, "fr"])
    everything_but_numbers = [name for name in CHECKS if name != "numbers"]
    for username in ("translator-fr", "reviewer-fr"):
        assert logged_in(client, username).post(url, {"on": everything_but_numbers}).status_code == 403
        client.logout()
    assert not SwitchedOff.objects.exists()
    coordinator = logged_in(client, "coordinator")
    assert coordinator.post(url, {"on": everything_but_numbers}).status_code == 302
    assert list(SwitchedOff.objects.values_list("check_name", "author")) == [("numbers", people["coordinator"].pk)]
    assert not Finding.objects.exists()
    page = coordinator.get(reverse("desk:checks", args=[declaration.slug, "fr"])).content.decode()
    assert 'value="numbers">' in page and 'value="numbers" checked' not in page
    # An unknown name changes nothing; switching it back on brings the failure back.
    assert coordinator.post(url, {"on": ["no-such-check"]}).status_code == 302
    assert SwitchedOff.objects.count() == 1
    assert coordinator.post(url, {"on": list(CHECKS)}).status_code == 302
    assert not SwitchedOff.objects.exists()
    assert list(Finding.objects.values_list("check_name", flat=True)) == ["numbers"]


def test_a_fix_up_is_one_ordinary_edit_with_its_revision(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([SPACED_SOURCE], translations={"fr": [SPACED]},
                               translation_state=State.TRANSLATED).passages.get()  # fmt: skip
    assert Finding.objects.filter(passage=passage, check_name="french-spacing").exists()
    client = logged_in(client, "translator-fr")
    editor = client.get(reverse("desk:editor", args=[passage.declaration.slug, "fr"])).content.decode()
    assert reverse("desk:fix", args=[passage.declaration.slug, "fr", passage.key]) in row_html(editor, passage.key)
    revisions = passage.revisions.filter(language="fr").count()
    response = client.post(reverse("desk:fix", args=[passage.declaration.slug, "fr", passage.key]),
                           {"check_name": "french-spacing", "based_on": version_token(passage, "fr")})  # fmt: skip
    assert response.status_code == 302
    passage.refresh_from_db()
    assert passage.text_in("fr").startswith(f"Pourquoi{NBSP}?") or passage.text_in("fr").startswith("Pourquoi\u202f?")
    assert passage.state_in("fr") == State.TRANSLATED  # the fix keeps the state, as an edit of the text would
    newest = passage.revisions.filter(language="fr").order_by("-pk").first()
    assert passage.revisions.filter(language="fr").count() == revisions + 1
    assert (newest.action, newest.author) == (Action.MARKED_TRANSLATED, people["translator-fr"])
    assert not Finding.objects.filter(passage=passage, check_name="french-spacing").exists()


def test_a_fix_up_refuses_a_check_without_one(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    passage = make_declaration([SOURCE], translations={"fr": [WRONG_NUMBER]}).passages.get()
    client = logged_in(client, "translator-fr")
    client.post(reverse("desk:fix", args=[passage.declaration.slug, "fr", passage.key]),
                {"check_name": "numbers", "based_on": version_token(passage, "fr")})  # fmt: skip
    passage.refresh_from_db()
    assert passage.text_in("fr") == WRONG_NUMBER


def test_the_progress_filter_keeps_declarations_with_open_failures(
    client: Client, people: dict[str, User], make_declaration: Callable[..., Declaration]
) -> None:
    failing = make_declaration([SOURCE], slug="failing", translations={"fr": [WRONG_NUMBER]})
    make_declaration([SOURCE], slug="clean", translations={"fr": [GOOD]})
    waved = make_declaration([SOURCE], slug="waved", translations={"fr": [WRONG_NUMBER]})
    Override.objects.create(passage=waved.passages.get(), language="fr", check_name="numbers", reason="Juste.",
                            target_digest=digest(WRONG_NUMBER))  # fmt: skip
    client = logged_in(client, "coordinator")
    shown = [d.slug for d in client.get("/desk/progress/?has_failures=on").context["page"]["declarations"]]
    assert shown == [failing.slug]
    page = client.get("/desk/progress/")
    slugs = [d.slug for d in page.context["page"]["declarations"]]
    assert sorted(slugs) == ["clean", "failing", "waved"]
    failures = {row["declaration"].slug: row["bars"][0]["failures"] for row in page.context["rows"]}
    assert failures == {"failing": 1, "clean": 0, "waved": 0}
    assert "1 check failure" in page.content.decode()
    # Fixed at the desk: the declaration leaves the filter at once.
    translator = Client()
    logged_in(translator, "translator-fr")
    assert save(translator, failing.passages.get(), GOOD) == 302
    assert client.get("/desk/progress/?has_failures=on").context["page"]["declarations"] == []
