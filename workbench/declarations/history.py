"""Reading the history: which revision is behind the current values, and what a stale translation answered.

Reads only; writes live in changes.py.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max, QuerySet

from workbench.declarations.models import Action, Passage, Revision


def current_revision(passage: Passage, language: str) -> Revision | None:
    """The revision that wrote the passage's current values in `language` (conflicts never become current)."""
    return (
        Revision.objects.filter(passage=passage, language=language)
        .exclude(action=Action.CONFLICT)
        .order_by("-pk")
        .first()
    )


def latest_revisions(passages: Iterable[Passage], languages: list[str]) -> dict[tuple[int, str], Revision]:
    """The revision behind the current values of each (passage, language), in two queries."""
    latest_ids = (
        Revision.objects.filter(passage__in=passages, language__in=languages)
        .exclude(action=Action.CONFLICT)
        .values("passage_id", "language")
        .annotate(latest=Max("pk"))
        .values_list("latest", flat=True)
    )
    revisions = Revision.objects.filter(pk__in=list(latest_ids)).select_related("author")
    return {(r.passage_id, r.language): r for r in revisions}


def answered_sources(passages: Iterable[Passage], source_language: str, bases: set[str]) -> dict[tuple[int, str], str]:
    """For stale translations: the source text each one answered, found by its basis in the source history."""
    if not bases:
        return {}
    found: dict[tuple[int, str], str] = {}
    rows = (
        Revision.objects.filter(passage__in=passages, language=source_language, basis__in=bases)
        .order_by("pk")
        .values_list("passage_id", "basis", "text")
    )
    for passage_id, basis, text in rows:
        found[(passage_id, basis)] = text
    return found


def last_changes(passages: QuerySet[Passage], language: str) -> dict[int, tuple[str, datetime.datetime]]:
    """Who last changed each passage in `language`, and when, without building model objects (exports of a whole
    language read this for 100,000 passages)."""
    latest = (
        Revision.objects.filter(passage__in=passages, language=language)
        .exclude(action=Action.CONFLICT)
        .values("passage_id")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    rows = Revision.objects.filter(pk__in=latest).values_list("passage_id", "author__username", "created_at")
    return {passage_id: (username or "", created_at) for passage_id, username, created_at in rows}
