"""Assignments with deadlines (issue 25): the rules, "my work" and its order, the desk's screens, bulk assignment
from the progress page's filters, the CSV."""
from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.desk.test_documents import client_for
from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Declaration, State
from workbench.notifications.models import Notification
from workbench.planning.assigning import Plan, PlanningError, assign, assign_many
from workbench.planning.figures import workload
from workbench.planning.models import Priority, Task
from workbench.planning.my_work import REVIEW, TRANSLATE, my_work, stale_mine

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def three(make_declaration: Callable[..., Declaration]) -> list[Declaration]:
    return [make_declaration(["One.", "Two.", "Three."], slug=f"d{n}") for n in range(3)]


def test_only_coordinators_assign_and_only_to_people_of_the_language(three: list, people: dict) -> None:
    plan = Plan(translator=people["translator-fr"], reviewer=people["reviewer-fr"], due_on=TODAY)
    with pytest.raises(PlanningError, match="Only coordinators"):
        assign(three[0], "fr", plan, people["reviewer-fr"])
    with pytest.raises(PlanningError, match="does not translate into"):
        assign(three[0], "fr", Plan(translator=people["outsider"]), people["coordinator"])
    with pytest.raises(PlanningError, match="does not review"):
        assign(three[0], "fr", Plan(reviewer=people["translator-fr"]), people["coordinator"])
    with pytest.raises(PlanningError, match="source language"):
        assign(three[0], "en", Plan(), people["coordinator"])
    assert not Task.objects.exists()
    task = assign(three[0], "fr", plan, people["coordinator"])
    assert (task.translator, task.reviewer, task.due_on, task.assigned_by) == (
        people["translator-fr"], people["reviewer-fr"], TODAY, people["coordinator"])
    again = assign(three[0], "fr", Plan(translator=people["reviewer-fr"], priority=Priority.URGENT),
                   people["coordinator"])  # fmt: skip
    assert Task.objects.count() == 1 and again.translator == people["reviewer-fr"] and again.reviewer is None


def test_many_at_once_replace_what_was_there_in_one_statement(three: list, people: dict) -> None:
    assign(three[0], "fr", Plan(translator=people["reviewer-fr"]), people["coordinator"])
    plan = Plan(translator=people["translator-fr"], due_on=TODAY, priority=Priority.HIGH)
    with CaptureQueriesContext(connection) as queries:
        assert len(assign_many(three, "fr", plan, people["coordinator"])) == 3
    writes = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) == 1
    assert set(Task.objects.values_list("translator__username", "priority")) == {("translator-fr", Priority.HIGH)}


def test_my_work_is_ordered_by_due_date_and_says_what_needs_me(three: list, people: dict) -> None:
    late, soon, open_ended = three
    coordinator, translator, reviewer = people["coordinator"], people["translator-fr"], people["reviewer-fr"]
    assign(soon, "fr", Plan(translator, reviewer, TODAY + datetime.timedelta(days=2)), coordinator)
    assign(open_ended, "fr", Plan(translator, None, None, Priority.URGENT), coordinator)
    assign(late, "fr", Plan(translator, reviewer, TODAY - datetime.timedelta(days=1)), coordinator)
    first = soon.passages.order_by("position")[0]
    record_change(passage=first, language="fr", text="Un.", state=State.TRANSLATED, action=Action.EDITED)
    mine = my_work(translator, TODAY)
    assert [(item.task.declaration.slug, item.role) for item in mine] == [
        ("d0", TRANSLATE), ("d1", TRANSLATE), ("d2", TRANSLATE)]  # overdue first, the open-ended last
    assert [item.overdue for item in mine] == [True, False, False]
    assert [item.to_do for item in mine] == [3, 2, 3]
    assert mine[1].first_key == soon.passages.order_by("position")[1].key  # the first still to translate
    reviews = my_work(reviewer, TODAY)
    assert [(item.task.declaration.slug, item.role, item.to_do) for item in reviews] == [
        ("d0", REVIEW, 0), ("d1", REVIEW, 1)]
    assert reviews[1].first_key == first.key


def test_my_work_on_the_desk_opens_the_editor_where_i_am_needed(three: list, people: dict) -> None:
    assign(three[1], "fr", Plan(people["translator-fr"], None, TODAY), people["coordinator"])
    html = client_for(people["translator-fr"]).get("/desk/").content.decode()
    first = three[1].passages.order_by("position")[0]
    assert "My work" in html and f'href="/desk/d1/fr/?p={first.key}#p-{first.key}"' in html
    assert "3 passages need translating" in html
    assert "My work" not in client_for(people["reviewer-fr"]).get("/desk/").content.decode()


def test_the_assignment_screen(three: list, people: dict) -> None:
    url = "/desk/d0/fr/assign/"
    assert client_for(people["translator-fr"]).get(url).status_code == 403
    assert client_for(people["reviewer-fr"]).get(url).status_code == 403
    coordinator = client_for(people["coordinator"])
    page = coordinator.get(url).content.decode()
    assert "translator-fr" in page and "outsider" not in page  # only people of the language are offered
    posted = coordinator.post(url, {"translator": people["translator-fr"].pk, "reviewer": people["reviewer-fr"].pk,
                                    "due_on": "2026-12-11", "priority": Priority.HIGH})  # fmt: skip
    assert posted.status_code == 302
    task = Task.objects.get()
    assert (task.translator, task.due_on, task.priority) == (people["translator-fr"], datetime.date(2026, 12, 11), 3)
    refused = coordinator.post(url, {"translator": people["outsider"].pk, "priority": 2})
    assert refused.status_code == 400 and Task.objects.get().translator == people["translator-fr"]


def test_bulk_assignment_from_the_progress_filters(three: list, people: dict, make_declaration: Callable) -> None:
    other = make_declaration(["Autre."], slug="other")
    Declaration.objects.filter(pk=other.pk).update(kind="speech")
    coordinator = client_for(people["coordinator"])
    page = coordinator.get("/desk/progress/?language=fr&kind=declaration").content.decode()
    assert "Assign the 3 declarations listed" in page
    done = coordinator.post("/desk/progress/assign/", {
        "language": "fr", "kind": "declaration", "translator": people["translator-fr"].pk,
        "due_on": "2026-12-11", "priority": 2})  # fmt: skip
    assert done.status_code == 302 and "kind=declaration" in done["Location"]
    assert sorted(Task.objects.values_list("declaration__slug", flat=True)) == ["d0", "d1", "d2"]
    assert client_for(people["reviewer-fr"]).post("/desk/progress/assign/", {"language": "fr"}).status_code == 403
    listed = coordinator.get("/desk/progress/?language=fr&kind=declaration").content.decode()
    assert "translator translator-fr" in listed and "due" in listed
    rows = list(csv.reader(io.StringIO(coordinator.get("/desk/progress/declarations.csv?language=fr").content
                                       .decode("utf-8-sig"))))  # fmt: skip
    header = rows[0]
    d0 = next(row for row in rows if row[0] == "d0")
    assert d0[header.index("fr translator")] == "translator-fr" and d0[header.index("fr due")] == "2026-12-11"


def test_overdue_shows_on_the_progress_page(three: list, people: dict) -> None:
    assign(three[0], "fr", Plan(people["translator-fr"], None, datetime.date(2020, 1, 1)), people["coordinator"])
    html = client_for(people["coordinator"]).get("/desk/progress/?language=fr").content.decode()
    assert "overdue since" in html


def test_a_user_removed_leaves_the_task_unassigned(three: list, people: dict) -> None:
    assign(three[0], "fr", Plan(people["translator-fr"]), people["coordinator"])
    User.objects.filter(username="translator-fr").delete()
    assert Task.objects.get().translator is None


def test_the_deadline_filters_and_the_workload_per_person(three: list, people: dict) -> None:
    translator, reviewer, coordinator = people["translator-fr"], people["reviewer-fr"], people["coordinator"]
    late, soon, _free = three
    assign(late, "fr", Plan(translator, reviewer, datetime.date(2020, 1, 1)), coordinator)
    assign(soon, "fr", Plan(translator, None, timezone.localdate() + datetime.timedelta(days=3)), coordinator)
    for passage in soon.passages.all():
        record_change(passage=passage, language="fr", text="Fait.", state=State.APPROVED, action=Action.APPROVED)
    client = client_for(coordinator)

    def listed(deadline: str) -> list[str]:
        page = client.get(f"/desk/progress/?language=fr&deadline={deadline}").content.decode()
        return sorted(set(re.findall(r'data-slug="(d\d)"', page)))

    assert listed("overdue") == ["d0"] and listed("due-week") == ["d1"]
    assert listed("assigned") == ["d0", "d1"] and listed("unassigned") == ["d2"]
    figures = workload(["en", "fr"], timezone.localdate())
    rows = {(person["name"], part["role"]): part for person in figures for part in person["roles"]}
    words = sum(p.source_words for p in late.passages.all())
    assert rows[("translator-fr", "translator")] == {"role": "translator", "assigned": 2 * words, "done": words,
                                                     "tasks": 2, "overdue": 1}  # fmt: skip
    assert rows[("reviewer-fr", "reviewer")]["overdue"] == 1 and rows[("reviewer-fr", "reviewer")]["done"] == 0
    assert "Assigned work by person" in client.get("/desk/progress/").content.decode()


def test_what_became_stale_since_i_translated_it(three: list, people: dict) -> None:
    translator, reviewer = people["translator-fr"], people["reviewer-fr"]
    first, second, _third = three[0].passages.order_by("position")
    record_change(passage=first, language="fr", text="Un.", state=State.TRANSLATED, action=Action.EDITED,
                  author=translator)  # fmt: skip
    record_change(passage=second, language="fr", text="Deux.", state=State.TRANSLATED, action=Action.EDITED,
                  author=reviewer)  # fmt: skip
    for passage in (first, second):
        record_change(passage=passage, language="en", text=passage.source_text + " Changed.", state=State.APPROVED,
                      action=Action.EDITED)  # fmt: skip
    mine = stale_mine(translator, ["fr"])
    assert [(item.declaration.slug, item.count, item.first_key) for item in mine] == [("d0", 1, first.key)]
    assert [item.first_key for item in stale_mine(reviewer, ["fr"])] == [second.key]
    html = client_for(translator).get("/desk/").content.decode()
    assert "Stale since you translated it" in html and f"#p-{first.key}" in html


def test_assigning_at_the_desk_tells_the_people_given_the_work(
    three: list, people: dict, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    for person in (people["translator-fr"], people["reviewer-fr"]):
        person.email = f"{person.username}@example.org"
        person.save()
    coordinator = client_for(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post("/desk/d0/fr/assign/", {"translator": people["translator-fr"].pk,
                                                 "reviewer": people["reviewer-fr"].pk, "priority": 2})  # fmt: skip
    told = sorted(Notification.objects.values_list("user__username", "kind"))
    assert told == [("reviewer-fr", "assigned"), ("translator-fr", "assigned")]
    assert sorted(message.to[0] for message in mailoutbox) == ["reviewer-fr@example.org", "translator-fr@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post("/desk/progress/assign/", {"language": "fr", "translator": people["translator-fr"].pk,
                                                    "priority": 2})  # fmt: skip
    assert Notification.objects.filter(user=people["translator-fr"]).count() == 4  # 1 + the 3 listed
    assert len(mailoutbox) == 3  # the bulk assignment is one mail for the translator, listing the three


def test_a_send_back_at_the_desk_tells_the_translator(three: list, people: dict) -> None:
    passage = three[0].passages.order_by("position")[0]
    record_change(passage=passage, language="fr", text="Un.", state=State.TRANSLATED, action=Action.EDITED,
                  author=people["translator-fr"])  # fmt: skip
    reviewer = client_for(people["reviewer-fr"])
    editor = reviewer.get("/desk/d0/fr/").content.decode()
    based_on = re.search(rf'id="p-{passage.key}".*?name="based_on" value="(\d+)"', editor, re.S)
    based = re.findall(r'name="based_on" value="(\d+)"', editor)
    token = based_on[1] if based_on else based[0]
    reviewer.post(f"/desk/d0/fr/{passage.key}/", {"intent": "send-back", "based_on": token, "comment": "Non.",
                                                  "text": "Un.", "source_digest": passage.source_digest})  # fmt: skip
    assert list(Notification.objects.values_list("user__username", "kind")) == [("translator-fr", "sent-back")]
