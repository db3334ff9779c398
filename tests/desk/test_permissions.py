"""Every desk URL × every role × the languages: allowed actions succeed, the rest answer 403 or go to login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Passage, Revision, State
from workbench.desk.workflow import version_token

from .conftest import PASSWORD, PEOPLE

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    allowed: frozenset[str]  # who may, on the French target of the seed


TARGET_WORK = frozenset({"translator-fr", "reviewer-fr", "coordinator"})
REVIEW = frozenset({"reviewer-fr", "coordinator"})
COORDINATION = frozenset({"coordinator"})
EVERYONE = frozenset(PEOPLE)

CASES = [
    Case("overview", "GET", EVERYONE),
    Case("editor", "GET", TARGET_WORK),
    Case("history", "GET", TARGET_WORK),
    Case("save", "POST", TARGET_WORK),
    Case("translate", "POST", TARGET_WORK),
    Case("approve", "POST", REVIEW),
    Case("send-back", "POST", REVIEW),
    Case("edit-source", "POST", COORDINATION),
    Case("restore", "POST", TARGET_WORK),
    Case("restore-source", "POST", COORDINATION),
    Case("people", "GET", COORDINATION),
    Case("add-assignment", "POST", COORDINATION),
    Case("remove-assignment", "POST", COORDINATION),
]


def prepare(case: Case, declaration: Declaration, language: str) -> tuple[str, dict[str, object]]:
    """The URL and data of a request that would succeed for someone with the right."""
    passage = declaration.passages.order_by("position").first()
    assert passage is not None
    # A translated passage with an earlier version, so that approve, send back and restore all have work to do.
    record_change(
        passage=passage, language=language, text="Version deux.", state=State.TRANSLATED, action=Action.EDITED
    )
    source = declaration.source_language
    row = reverse("desk:row", args=[declaration.slug, language, passage.key])
    token = version_token(passage, language)
    if case.name in ("save", "translate", "approve", "send-back"):
        data = {"intent": case.name, "text": "Un texte revu.", "based_on": token, "comment": "Pourquoi."}
        return row, {**data, "source_digest": passage.source_digest}
    if case.name == "edit-source":
        return row, {"intent": "edit-source", "text": "A new source.", "based_on": version_token(passage, source)}
    if case.name in ("restore", "restore-source"):
        side = source if case.name == "restore-source" else language
        if side == source:
            record_change(passage=passage, language=source, text="Changed source.", state=State.APPROVED,
                          action=Action.SOURCE_CHANGED)  # fmt: skip
        oldest = Revision.objects.filter(passage=passage, language=side).order_by("pk").first()
        assert oldest is not None
        url = reverse("desk:restore", args=[declaration.slug, language, passage.key, oldest.pk])
        return url, {"based_on": version_token(passage, side)}
    if case.name == "history":
        return reverse("desk:history", args=[declaration.slug, language, passage.key]), {}
    if case.name == "editor":
        return reverse("desk:editor", args=[declaration.slug, language]), {}
    if case.name == "overview":
        return reverse("desk:overview"), {}
    if case.name == "people":
        return reverse("desk:people"), {}
    if case.name == "add-assignment":
        outsider = Assignment._meta.get_field("user").related_model.objects.get(username="outsider")
        return reverse("desk:people"), {"user": outsider.pk, "role": "translator", "language": "fr"}
    if case.name == "remove-assignment":
        assignment = Assignment.objects.get(user__username="translator-fr")
        return reverse("desk:remove-assignment", args=[assignment.pk]), {}
    raise AssertionError(case.name)


def login(client: Client, username: str | None) -> Client:
    if username is not None:
        assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("username", [None, *PEOPLE])
def test_rights_on_the_seed_in_french(
    client: Client, people: dict, seoul_unchecked: Declaration, case: Case, username: str | None
) -> None:
    seoul = seoul_unchecked  # the cases approve placeholder texts: this is about who may, not the checks
    url, data = prepare(case, seoul, "fr")
    before = Revision.objects.count()
    response = getattr(login(client, username), case.method.lower())(url, data)
    if username is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert Revision.objects.count() == before
    elif username in case.allowed:
        assert response.status_code in (200, 302), response.content[:500]
        if case.method == "POST" and "assignment" not in case.name:
            assert Revision.objects.count() > before, "an allowed action must have done its work"
    else:
        assert response.status_code == 403
        assert Revision.objects.count() == before


LANGUAGE_CASES = [c for c in CASES if c.name not in ("overview", "people", "add-assignment", "remove-assignment")]


@pytest.mark.parametrize("case", LANGUAGE_CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("username", ["outsider", "translator-fr", "reviewer-fr"])
def test_nobody_reaches_a_language_they_are_not_assigned_to(
    client: Client, people: dict, paris: Declaration, case: Case, username: str
) -> None:
    # Paris is written in French: its target is English, which none of these people work on.
    url, data = prepare(case, paris, "en")
    before = Revision.objects.count()
    response = getattr(login(client, username), case.method.lower())(url, data)
    assert response.status_code == 403
    assert Revision.objects.count() == before


@pytest.mark.parametrize("case", LANGUAGE_CASES, ids=lambda c: c.name)
def test_a_coordinator_reaches_every_language(client: Client, people: dict, paris: Declaration, case: Case) -> None:
    url, data = prepare(case, paris, "en")
    response = getattr(login(client, "coordinator"), case.method.lower())(url, data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "path",
    [
        "/desk/no-such-declaration/fr/",
        "/desk/seoul-declaration-2004/xx/",
        "/desk/seoul-declaration-2004/en/",  # the source language has no translation editor
        "/desk/seoul-declaration-2004/fr/nokey/history/",
    ],
)
def test_unknown_declaration_language_or_passage_is_404(
    client: Client, people: dict, seoul: Declaration, path: str
) -> None:
    assert login(client, "coordinator").get(path).status_code == 404


def test_every_desk_view_declares_its_right() -> None:
    from django.urls import get_resolver

    resolver = get_resolver()
    desk_patterns: list[Callable[..., object]] = [
        p.callback for p in resolver.url_patterns if getattr(p, "app_name", None) == "desk" for p in p.url_patterns
    ]
    assert desk_patterns
    for view in desk_patterns:
        assert hasattr(view, "required_right"), f"{view.__name__} does not declare its right"


def test_passages_untouched_by_refused_actions(client: Client, people: dict, seoul: Declaration) -> None:
    passage = seoul.passages.order_by("position").first()
    assert passage is not None
    before = Passage.objects.get(pk=passage.pk).text_in("en")
    url = reverse("desk:row", args=[seoul.slug, "fr", passage.key])
    data = {"intent": "edit-source", "text": "Hijacked.", "based_on": version_token(passage, "en")}
    assert login(client, "reviewer-fr").post(url, data).status_code == 403
    assert Passage.objects.get(pk=passage.pk).text_in("en") == before
