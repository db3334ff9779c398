"""Notifications (issue 25): who each event tells, in which language, by which road (at once, daily digest, inbox
only), only once the write commits; the daily sweep and digests, run twice; the inbox and the header's count."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from workbench.declarations.changes import Written, record_change
from workbench.declarations.models import Action, Declaration, Passage, State
from workbench.notifications import events
from workbench.notifications.models import Digest, Kind, Mode, Notification, Preference, Recipient
from workbench.notifications.sweep import deadline_sweep, send_digests
from workbench.notifications.tasks import notification_sweep
from workbench.notifications.tasks import send_digests as send_digests_task
from workbench.planning.models import Task

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)
Capture = Callable[..., Any]


@pytest.fixture
def team(people: dict[str, User]) -> dict[str, User]:
    for name, user in people.items():
        user.email = f"{name}@example.org"
        user.save()
    return people


@pytest.fixture
def translated(make_declaration: Callable[..., Declaration], team: dict[str, User]) -> Declaration:
    """Two passages translated into French by translator-fr (so the history names her)."""
    declaration = make_declaration(["Culture is a common good.", "Peace is built."], slug="seoul")
    for passage in declaration.passages.all():
        record_change(passage=passage, language="fr", text=f"Traduction {passage.number}.",
                      state=State.TRANSLATED, action=Action.EDITED, author=team["translator-fr"])  # fmt: skip
    return declaration


def first(declaration: Declaration) -> Passage:
    return declaration.passages.order_by("position").first()


def test_assigned_tells_translator_and_reviewer_not_the_coordinator_in_their_language(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    Recipient.objects.create(user=team["reviewer-fr"], language="fr")
    task = Task.objects.create(declaration=translated, language="fr", translator=team["translator-fr"],
                               reviewer=team["reviewer-fr"], due_on=TODAY, assigned_by=team["coordinator"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert events.assigned(task, team["coordinator"]) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer-fr@example.org", "translator-fr@example.org"]
    english = next(m for m in mail.outbox if m.to == ["translator-fr@example.org"])
    french = next(m for m in mail.outbox if m.to == ["reviewer-fr@example.org"])
    assert "coordinator asked you to translate “Test” into French." in english.body
    assert "http://127.0.0.1:8000/desk/seoul/fr/" in english.body and english.subject == "New work: Test"
    # Written while French was active for that one person (the language's name is Django's own translation).
    assert "français" in french.body.lower() and "French" not in french.body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    # The coordinator assigning work to themselves is not told about it.
    mine = Task(declaration=translated, language="fr", translator=team["coordinator"])
    assert events.assigned(mine, team["coordinator"]) == 0


def test_sent_back_tells_the_author_of_the_translation_with_a_link_to_the_passage(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    passage = first(translated)
    with django_capture_on_commit_callbacks(execute=True):
        revision = record_change(passage=passage, language="fr", text=passage.text_in("fr"), state=State.DRAFT,
                                 action=Action.SENT_BACK, author=team["reviewer-fr"], comment="Trop long.")
        assert events.sent_back(revision) == 1
    assert [m.to for m in mail.outbox] == [["translator-fr@example.org"]]
    assert "reviewer-fr sent back passage 1 of “Test” in French." in mail.outbox[0].body
    assert f"/desk/seoul/fr/?p={passage.key}#p-{passage.key}" in mail.outbox[0].body
    notice = Notification.objects.get()
    assert notice.kind == Kind.SENT_BACK and notice.params["comment"] == "Trop long."


def test_sent_back_falls_back_on_the_task_translator(make_declaration: Callable[..., Declaration],
                                                     team: dict[str, User]) -> None:  # fmt: skip
    declaration = make_declaration(["One."], slug="plain", translations={"fr": ["Un."]})  # no author recorded
    Task.objects.create(declaration=declaration, language="fr", translator=team["translator-fr"])
    passage = first(declaration)
    revision = record_change(passage=passage, language="fr", text="Un.", state=State.DRAFT, action=Action.SENT_BACK,
                             author=team["reviewer-fr"])  # fmt: skip
    events.sent_back(revision)
    assert Notification.objects.get().user == team["translator-fr"]


def test_mentioned_and_the_preference_off_keeps_it_in_the_inbox_without_mail(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    Preference.objects.create(user=team["translator-fr"], kind=Kind.MENTION, mode=Mode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
        events.mentioned([team["coordinator"]], first(translated), "fr", team["reviewer-fr"])
        assert events.mentioned([team["reviewer-fr"]], first(translated), "fr", team["reviewer-fr"]) == 0
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert "reviewer-fr mentioned you on passage 1" in mail.outbox[0].body
    silent = Notification.objects.get(user=team["translator-fr"])
    assert silent.delivery == Mode.OFF and silent.emailed_at is None
    assert send_digests(TODAY) == 0  # "off" is not a digest either


def test_nothing_is_mailed_when_the_write_is_rolled_back(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
                raise RuntimeError("the write fails after the notice")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == [] and not Notification.objects.exists()
    # And before the commit nothing has gone out: the mail waits for it.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def change_source(passage: Passage, text: str, author: User | None, *, minor: bool = False) -> None:
    record_change(passage=passage, language="en", text=text, state=State.APPROVED, action=Action.SOURCE_CHANGED,
                  author=author, minor=minor)  # fmt: skip


def test_a_source_change_tells_the_translator_once_per_stale_translation(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    passage = first(translated)
    with django_capture_on_commit_callbacks(execute=True):
        change_source(passage, "Culture is our common good.", team["coordinator"])
    assert [m.to for m in mail.outbox] == [["translator-fr@example.org"]]
    assert "The source of passage 1 of “Test” changed: your French translation is stale." in mail.outbox[0].body
    # Already stale: a second change of the same source tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        change_source(passage, "Culture is truly our common good.", team["coordinator"])
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1
    # A minor change carries the translation forward: nothing went stale.
    other = translated.passages.order_by("position")[1]
    with django_capture_on_commit_callbacks(execute=True):
        change_source(other, "Peace is built!", team["coordinator"], minor=True)
    assert Notification.objects.count() == 1


def test_the_task_translator_is_told_rather_than_the_last_author(
    translated: Declaration, team: dict[str, User]
) -> None:
    Task.objects.create(declaration=translated, language="fr", translator=team["reviewer-fr"])
    change_source(first(translated), "Changed.", team["coordinator"])
    assert Notification.objects.get(kind=Kind.STALE).user == team["reviewer-fr"]


def test_the_hook_costs_nothing_for_a_translation_write(translated: Declaration) -> None:
    written = Written(passage_id=first(translated).pk, language="fr", source_language="en", text="x",
                      state=State.DRAFT, author_id=None, created_at=datetime.datetime.now(datetime.UTC))  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        events.source_changed([written] * 1000)
    assert len(queries) == 0


def test_digest_collects_and_is_sent_once_a_day(
    translated: Declaration, team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    for kind in (Kind.MENTION, Kind.STALE):
        Preference.objects.create(user=team["translator-fr"], kind=kind, mode=Mode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
        change_source(first(translated), "Changed.", team["coordinator"])
    assert mail.outbox == []  # nothing at once
    today = datetime.date.today()
    assert send_digests(today) == 1
    assert send_digests(today) == 0  # the same day: nothing more
    assert [m.to for m in mail.outbox] == [["translator-fr@example.org"]]
    digest = mail.outbox[0]
    assert digest.subject == "Your daily digest: 2 notices"
    assert "reviewer-fr mentioned you" in digest.body and "your French translation is stale" in digest.body
    assert Digest.objects.get().count == 2
    # The next day there is nothing new to send, and nothing is sent again.
    assert send_digests(today + datetime.timedelta(days=1)) == 0 and len(mail.outbox) == 1


def test_digest_command_takes_a_date(translated: Declaration, team: dict[str, User]) -> None:
    Preference.objects.create(user=team["translator-fr"], kind=Kind.MENTION, mode=Mode.DIGEST)
    events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    call_command("send_digests", "--date", yesterday)  # made today: not in yesterday's digest
    assert mail.outbox == []
    call_command("send_digests", "--date", datetime.date.today().isoformat())
    assert len(mail.outbox) == 1


def tasks_for(make_declaration: Callable[..., Declaration], team: dict[str, User], count: int, *,
              due_on: datetime.date, approved: bool = False, prefix: str = "d") -> list[Task]:  # fmt: skip
    state = State.APPROVED if approved else State.TRANSLATED
    tasks = []
    for n in range(count):
        declaration = make_declaration(["One.", "Two."], slug=f"{prefix}{n}", translations={"fr": ["Un.", "Deux."]},
                                       translation_state=state)  # fmt: skip
        tasks.append(Task.objects.create(declaration=declaration, language="fr", translator=team["translator-fr"],
                                         reviewer=team["reviewer-fr"], due_on=due_on))  # fmt: skip
    return tasks


def test_the_sweep_tells_due_soon_and_overdue_once_and_skips_finished_work(
    make_declaration: Callable[..., Declaration], team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    tasks_for(make_declaration, team, 1, due_on=TODAY + datetime.timedelta(days=2), prefix="soon")
    tasks_for(make_declaration, team, 1, due_on=TODAY - datetime.timedelta(days=1), prefix="late")
    tasks_for(make_declaration, team, 1, due_on=TODAY - datetime.timedelta(days=1), approved=True, prefix="done")
    tasks_for(make_declaration, team, 1, due_on=TODAY + datetime.timedelta(days=3), prefix="later")
    with django_capture_on_commit_callbacks(execute=True):
        report = deadline_sweep(TODAY)
    assert (report.tasks, report.made) == (2, 4)
    kinds = set(Notification.objects.values_list("params__slug", "kind", "user__username"))
    assert kinds == {("soon0", "due-soon", "translator-fr"), ("soon0", "due-soon", "reviewer-fr"),
                     ("late0", "overdue", "translator-fr"), ("late0", "overdue", "reviewer-fr")}  # fmt: skip
    # One mail per person listing both.
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer-fr@example.org", "translator-fr@example.org"]
    assert mail.outbox[0].subject == "2 new notices"
    assert "“Test” in French was due on 2026-12-06 and is not approved yet." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = deadline_sweep(TODAY)
    assert again.made == 0 and len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = deadline_sweep(TODAY + datetime.timedelta(days=1))
    assert tomorrow.made == 2 and len(mail.outbox) == 4  # "later" is due within two days now; the rest were told
    call_command("notification_sweep", "--date", TODAY.isoformat())
    assert Notification.objects.count() == 6


def test_the_sweep_costs_the_same_queries_at_two_sizes(
    make_declaration: Callable[..., Declaration], team: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    def measured(count: int, prefix: str) -> tuple[int, int]:
        Notification.objects.all().delete()
        Task.objects.all().delete()
        tasks_for(make_declaration, team, count, due_on=TODAY, prefix=prefix)
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            report = deadline_sweep(TODAY)
        assert report.made == 2 * count
        return len(queries), report.made

    small, large = measured(2, "s"), measured(12, "l")
    assert small[0] == large[0], (small, large)


def test_the_inbox_lists_mine_escapes_and_marks_read(translated: Declaration, team: dict[str, User]) -> None:
    translated.title_en = "<script>alert(1)</script>"
    translated.save()
    events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
    events.mentioned([team["reviewer-fr"]], first(translated), "fr", team["translator-fr"])
    mine = Notification.objects.get(user=team["translator-fr"])
    theirs = Notification.objects.get(user=team["reviewer-fr"])
    client = Client()
    assert client.get(reverse("desk:inbox")).status_code == 302  # login first
    assert client.login(username="translator-fr", password=PASSWORD)
    page = client.get(reverse("desk:inbox")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'class="notice notice-mention unread"' in page and page.count('class="notice ') == 1
    assert "1 new notice" in page  # the header
    assert client.get(reverse("desk:inbox-open", args=[theirs.pk])).status_code == 404
    opened = client.get(reverse("desk:inbox-open", args=[mine.pk]))
    assert opened.status_code == 302 and opened["Location"] == mine.url
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert "1 new notice" not in client.get(reverse("desk:inbox")).content.decode()


def test_mark_all_read_is_a_post_with_csrf(translated: Declaration, team: dict[str, User]) -> None:
    events.mentioned([team["outsider"]], first(translated), "fr", team["reviewer-fr"])
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="outsider", password=PASSWORD)  # no assignment: the inbox is still theirs
    assert client.get(reverse("desk:inbox-read")).status_code == 405
    assert client.post(reverse("desk:inbox-read")).status_code == 403  # no token
    page = client.get(reverse("desk:inbox"))
    token = page.cookies["csrftoken"].value
    assert client.post(reverse("desk:inbox-read"), HTTP_X_CSRFTOKEN=token).status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_saved_per_kind(team: dict[str, User]) -> None:
    client = Client()
    assert client.login(username="translator-fr", password=PASSWORD)
    choices = {kind: Mode.IMMEDIATE for kind in Kind.values} | {"stale": "digest", "overdue": "off",
                                                                "language": "fr"}  # fmt: skip
    assert client.post(reverse("desk:inbox"), choices).status_code == 302
    assert set(Preference.objects.values_list("kind", "mode")) == {("stale", "digest"), ("overdue", "off")}
    assert Recipient.objects.get(user=team["translator-fr"]).language == "fr"
    assert client.post(reverse("desk:inbox"), {**choices, "stale": "loud"}).status_code == 400
    page = client.get(reverse("desk:inbox")).content.decode()
    assert '<option value="digest" selected>' in page


def test_the_header_counts_with_one_query_and_the_public_page_with_none(
    translated: Declaration, team: dict[str, User], seoul: Declaration
) -> None:
    events.mentioned([team["translator-fr"]], first(translated), "fr", team["reviewer-fr"])
    events.mentioned([team["translator-fr"]], first(translated), "fr", team["coordinator"])
    client = Client()
    assert client.login(username="translator-fr", password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("desk:overview")).content.decode()
    assert "2 new notices" in page
    counts = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(f"/en/declarations/{seoul.slug}/").status_code == 200
    assert not [q for q in queries.captured_queries if "notifications_" in q["sql"]]


def test_the_worker_tasks_run_the_same_daily_work(make_declaration: Callable[..., Declaration],
                                                  team: dict[str, User]) -> None:  # fmt: skip
    tasks_for(make_declaration, team, 1, due_on=TODAY, prefix="w")
    assert notification_sweep.call(TODAY.isoformat()) == 2
    assert notification_sweep.call(TODAY.isoformat()) == 0
    Notification.objects.update(delivery=Mode.DIGEST, emailed_at=None)
    today = datetime.date.today().isoformat()  # the digest takes what was made until the end of its day
    assert send_digests_task.call(today) == 2 and send_digests_task.call(today) == 0
