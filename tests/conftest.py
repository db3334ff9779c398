"""Shared fixtures and small factories for the whole suite."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import trans_real

from workbench.declarations.changes import add_passage
from workbench.declarations.models import Declaration, Kind, State

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# Screenshots the browser tests keep (git-ignored), for a person to look at after a run.
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"

# pytest-django's live_server with Playwright's sync API runs Django code from inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
