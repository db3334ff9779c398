"""The admin pages coordinators use to correct planning and look at discussions (issue 25)."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from workbench.declarations.models import Declaration
from workbench.discussion.threads import add_comment
from workbench.planning.assigning import Plan, assign

pytestmark = pytest.mark.django_db


def test_tasks_and_discussions_are_in_the_admin(make_declaration: Callable[..., Declaration], people: dict) -> None:
    declaration = make_declaration(["One."], slug="admin-listed")
    assign(declaration, "fr", Plan(translator=people["translator-fr"]), people["coordinator"])
    add_comment(passage=declaration.passages.get(), language="fr", author=people["reviewer-fr"],
                text="<b>Bold</b> claim")  # fmt: skip
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x"))
    tasks = client.get("/admin/planning/task/?language=fr")
    assert tasks.status_code == 200 and "translator-fr" in tasks.content.decode()
    assert client.get("/admin/planning/task/add/").status_code == 200  # coordinators may correct one by hand
    assert client.get("/admin/discussion/thread/").status_code == 200
    comments = client.get("/admin/discussion/comment/?q=claim")
    assert comments.status_code == 200 and "reviewer-fr" in comments.content.decode()
    assert client.get("/admin/discussion/comment/add/").status_code == 403
