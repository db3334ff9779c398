"""Shared fixtures and small factories for the whole suite."""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils.translation import trans_real

from workbench.declarations.changes import add_passage
from workbench.declarations.models import Declaration, Kind, State

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


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
