"""Reading the history: which revision is behind the current values, and what a stale translation answered.

Reads only; writes live in changes.py.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce

from workbench.declarations.languages import column
from workbench.declarations.models import Action, Passage, Revision, State, current_condition


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


# When a send-back's reason is still worth showing. The reason is about the text that was sent back, so it stands
# while the translation still reads exactly that and nobody has approved it since (an approval of that very text
# overrules it). This is deliberately not "the latest revision is the send-back": a coordinator's minor source change
# appends a "kept current" revision the translator never saw, and re-marking the text translated unchanged is
# exactly when the reviewer needs to see what the objection was. Once the text is changed the objection has been
# answered (the history keeps it); restoring the very text that was sent back brings it back, as it applies again.
def send_back_stands(send_back: Revision, passage: Passage, language: str) -> bool:
    return passage.text_in(language) == send_back.text and passage.state_in(language) != State.APPROVED


def latest_send_backs(passages: Iterable[Passage], language: str) -> dict[int, Revision]:
    """The newest send-back of each passage in `language` (whether it still stands: send_back_stands), in one
    query."""
    newest = (
        Revision.objects.filter(passage__in=passages, language=language, action=Action.SENT_BACK)
        .values("passage_id")
        .annotate(newest=Max("pk"))
        .values("newest")
    )
    return {r.passage_id: r for r in Revision.objects.filter(pk__in=newest).select_related("author")}


def waiting_send_backs(languages: list[str]) -> QuerySet[Revision]:
    """The send-backs in `languages` waiting for their translator, newest first, in one query: each one stands
    (send_back_stands) and the passage is still the draft the send-back left, so re-marking it translated (the
    reviewer's turn again) takes it off the list. Each revision is annotated with `number`, the passage's place in
    its declaration counted from 1 as the editor numbers its rows, and `total`, how many there are in all (before
    any slice), so a page showing the first fifty can say how many more there are without another query."""
    standing = Q(pk__in=[])
    for language in languages:
        standing |= Q(
            Q(language=language)
            & Q(**{f"passage__{column('state', language)}": State.DRAFT})
            & Q(**{f"passage__{column('text', language)}": F("text")}),
            ~Q(passage__declaration__source_language=language),
        )
    newer = Revision.objects.filter(
        passage=OuterRef("passage"), language=OuterRef("language"), action=Action.SENT_BACK, pk__gt=OuterRef("pk")
    )
    # Passages before this one in the editor's order (position, then pk); Passage.objects leaves merged ones out.
    before = (
        Passage.objects.filter(declaration=OuterRef("passage__declaration"))
        .filter(Q(position__lt=OuterRef("passage__position")) | Q(position=OuterRef("passage__position"),
                                                                  pk__lt=OuterRef("passage")))
        .order_by()
        .values("declaration")
        .annotate(count=Count("pk"))
        .values("count")
    )  # fmt: skip
    return (
        Revision.objects.filter(standing, current_condition("passage__"), action=Action.SENT_BACK)
        .filter(~Exists(newer))
        .annotate(number=Coalesce(Subquery(before), 0) + 1, total=Window(Count("pk")))
        .select_related("author", "passage__declaration")
        .order_by("-created_at", "-pk")
    )
