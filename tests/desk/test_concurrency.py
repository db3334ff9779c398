"""Many people saving at once, over HTTP against the live server: nothing typed is lost, nothing half-written."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from workbench.declarations.history import current_revision
from workbench.declarations.models import Action, Assignment, Declaration, Passage, Revision, Role
from workbench.declarations.seeding import load_seeds

PASSWORD = "pw-for-tests-only"


class Browser:
    """A minimal HTTP client with its own session cookie, like one person's browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict[str, object]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        assert self.post("/accounts/login/", {"username": username, "password": PASSWORD}) == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_lose_nothing_and_leave_no_passage_half_written(live_server: object, seeds_dir: Path) -> None:
    load_seeds(seeds_dir)
    user = User.objects.create_user("translator-fr", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.TRANSLATOR, language="fr")
    declaration = Declaration.objects.get()
    passages = list(declaration.passages.order_by("position"))
    editor = f"/desk/{declaration.slug}/fr/"

    # Eight people on the first passage, and one on each of the others, all opening the editor before anyone saves.
    plan = [passages[0]] * 8 + passages[1:] * 2
    browsers = []
    for _ in plan:
        browser = Browser(live_server.url)  # type: ignore[attr-defined]
        browser.login("translator-fr")
        html = browser.get(editor)
        browsers.append((browser, html))

    start = threading.Barrier(len(plan))
    statuses: list[int] = [0] * len(plan)
    texts = [f"Texte soumis numéro {n} pour {p.key}." for n, p in enumerate(plan)]

    def save(index: int) -> None:
        browser, html = browsers[index]
        passage = plan[index]
        row = html[html.index(f'id="p-{passage.key}"') :]
        based_on = re.search(r'class="row-target".*?name="based_on" value="(\d+)"', row, re.S)
        assert based_on is not None
        data = {"intent": "save", "text": texts[index], "based_on": based_on.group(1),
                "source_digest": passage.source_digest}  # fmt: skip
        start.wait(timeout=30)
        statuses[index] = browser.post(f"{editor}{passage.key}/", data)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(plan))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert all(status in (302, 409) for status in statuses), statuses
    assert not any(status >= 500 for status in statuses)
    # Exactly one of the eight on the first passage won; the others were told of the conflict.
    assert statuses[:8].count(302) == 1 and statuses[:8].count(409) == 7
    history = set(Revision.objects.values_list("text", flat=True))
    for passage, text in zip(plan, texts, strict=True):
        passage.refresh_from_db()
        assert text == passage.text_in("fr") or text in history, f"lost: {text}"
    for passage in passages:
        passage.refresh_from_db()
        behind = current_revision(passage, "fr")
        assert behind is not None and behind.action != Action.CONFLICT
        # The passage's current values are exactly those of one complete revision.
        assert (passage.text_in("fr"), passage.state_in("fr"), passage.basis_in("fr")) == (
            behind.text, behind.state, behind.basis,
        )  # fmt: skip
    assert Revision.objects.filter(action=Action.CONFLICT).count() == 7 + (len(passages) - 1)
    assert Passage.objects.count() == len(passages)
