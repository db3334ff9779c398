"""Passages as plain rows, for exports and imports of whole languages (model objects cost too much at 100,000)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Passage, State


@dataclass(frozen=True)
class Row:
    """What an export needs of one passage, read as plain values: model objects cost too much at 100,000 rows."""

    pk: int
    key: str
    position: int
    slug: str
    source_language: str
    source: str
    target: str
    state: State
    basis: str
    source_digest: str

    @property
    def stale(self) -> bool:
        return self.state != State.MISSING and self.basis != self.source_digest


def rows_for(passages: QuerySet[Passage], language: str) -> list[Row]:
    codes = language_codes()
    # Every language's text column once (values_list drops repeated names): the source is picked per row.
    fields = ["pk", "key", "position", "declaration__slug", "declaration__source_language",
              column("state", language), column("basis", language), "source_digest"]
    fields += [column("text", code) for code in codes]  # fmt: skip
    rows = []
    for values in passages.values_list(*fields):
        pk, key, position, slug, source_language, state, basis, source_digest, *texts = values
        source, target = texts[codes.index(source_language)] or "", texts[codes.index(language)] or ""
        rows.append(Row(pk, key, position, slug, source_language, source, target, State(state or 0),
                        basis or "", source_digest))  # fmt: skip
    return rows
