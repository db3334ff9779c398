"""The seed declaration published in English, French approval on demand, and a clean page cache per test."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from workbench.declarations.changes import record_change
from workbench.declarations.models import Action, Assignment, Declaration, Role, State
from workbench.declarations.publishing import publish
from workbench.declarations.seeding import load_seeds

SLUG = "seoul-declaration-2004"


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    # The local-memory cache outlives a test's database rollback; a page kept by one test must not serve another.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seoul(db: None, seeds_dir: Path) -> Declaration:
    """The seed as `load_seeds` leaves it: English published as edition 1, French loaded as drafts."""
    load_seeds(seeds_dir)
    return Declaration.objects.get(slug=SLUG)


@pytest.fixture
def coordinator(db: None) -> User:
    user = User.objects.create_user("coordinator", password="pw-for-tests-only")
    Assignment.objects.create(user=user, role=Role.COORDINATOR, language="")
    return user


def approve_all(declaration: Declaration, language: str) -> None:
    """Approve every passage's current text in `language`, as a reviewer would on the desk."""
    for passage in declaration.passages.order_by("position"):
        record_change(
            passage=passage,
            language=language,
            text=passage.text_in(language),
            state=State.APPROVED,
            action=Action.APPROVED,
        )


@pytest.fixture
def publish_french(coordinator: User) -> Callable[[Declaration], None]:
    def go(declaration: Declaration) -> None:
        approve_all(declaration, "fr")
        publish(declaration=declaration, language="fr", user=coordinator)

    return go
