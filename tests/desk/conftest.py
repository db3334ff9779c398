"""People with roles, and the seed declaration, for the desk's tests."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from workbench.declarations.changes import add_passage
from workbench.declarations.models import Assignment, Declaration, Kind, Role, State
from workbench.declarations.seeding import load_seeds

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
