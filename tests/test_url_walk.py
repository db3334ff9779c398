"""Every address in the URLconf, discovered rather than listed, as a visitor and as each role.

A view must declare its right (workbench.access.requires or public); a non-public view must turn a visitor away
(login page) and answer 403 to anyone who lacks its right — so a new view without a permission check fails here.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from workbench.access import Right, has_right
from workbench.declarations.models import AlignmentReview, Assignment, Declaration, PendingImport, Revision
from workbench.jobs.models import Job
from workbench.notifications.models import Notification

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        else:
            yield route, entry


def is_framework(callback: Any) -> bool:
    """Django's own views (admin, set_language, logout) carry Django's own checks."""
    module = getattr(callback, "__module__", "") or ""
    view_class = getattr(callback, "view_class", None)
    return module.startswith("django.") or (view_class is not None and view_class.__module__.startswith("django."))


def declared_right(callback: Any) -> Any:
    view_class = getattr(callback, "view_class", None)
    holder = view_class if view_class is not None else callback
    return getattr(holder, "required_right", "undeclared")


def concrete(route: str, values: dict[str, str]) -> str | None:
    """The route with every <converter:name> filled in, or None when a name has no value."""
    import re

    path = route.replace("^", "").replace("$", "")
    for match in re.findall(r"<(?:\w+:)?(\w+)>", path):
        if match not in values:
            return None
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    return "/" + path.replace("\\", "")


@pytest.fixture
def addresses(people: dict, seoul: Declaration) -> list[tuple[str, Any]]:
    passage = seoul.passages.order_by("position").first()
    assert passage is not None
    review = AlignmentReview.objects.create(declaration=seoul, language="fr", created_by=people["coordinator"],
                                            source_units=[], target_units=[], rows=[])  # fmt: skip
    pending = PendingImport.objects.create(user=people["translator-fr"], declaration=seoul, language="fr",
                                           format="po", filename="x.po", content=b"")  # fmt: skip
    job = Job.objects.create(user=people["coordinator"], kind="export-language", language="fr", status="done")
    values = {
        "slug": seoul.slug, "language": "fr", "other": "en", "key": passage.key, "number": "1",
        "revision_id": str(Revision.objects.filter(passage=passage, language="fr").first().pk),
        "review_id": str(review.pk), "pending_id": str(pending.pk), "format": "po",
        "assignment_id": str(Assignment.objects.get(user__username="translator-fr").pk), "job_id": str(job.pk),
        "notification_id": str(Notification.objects.create(user=people["translator-fr"], kind="mention",
                                                           url="/desk/").pk),
    }  # fmt: skip
    found = []
    for route, pattern in patterns(get_resolver()):
        if route.startswith("admin/"):
            continue  # Django's admin checks staff itself; one admin address is walked below
        path = concrete(route, values)
        assert path is not None, f"no test value for a parameter of {route!r}: add one to this test"
        found.append((path, pattern.callback))
    return found


def test_every_view_declares_its_right(addresses: list[tuple[str, Any]]) -> None:
    undeclared = [path for path, callback in addresses
                  if not is_framework(callback) and declared_right(callback) == "undeclared"]  # fmt: skip
    assert undeclared == []
    assert len(addresses) > 25  # the walk really found the site


def test_a_visitor_is_turned_away_from_everything_not_public(addresses: list[tuple[str, Any]]) -> None:
    client = Client()
    for path, callback in addresses:
        if is_framework(callback) or declared_right(callback) is None:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (302, 405), (method, path, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (method, path)
    assert Client().get("/admin/").status_code == 302


@pytest.mark.parametrize("username", ["outsider", "translator-fr", "reviewer-fr", "coordinator"])
def test_each_role_gets_403_wherever_it_lacks_the_right(people: dict, addresses: list[tuple[str, Any]],
                                                        username: str) -> None:  # fmt: skip
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    user = people[username]
    for path, callback in addresses:
        right = declared_right(callback)
        if is_framework(callback) or right is None or right == "undeclared":
            continue
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if not has_right(user, right, "fr"):
            assert response.status_code in (403, 405), (username, path, response.status_code)
            if response.status_code == 405:  # a POST-only view: its check must hold for POST too
                assert client.post(path).status_code == 403, (username, path)
        elif right is not Right.PUBLISH:
            assert response.status_code != 403, (username, path)
