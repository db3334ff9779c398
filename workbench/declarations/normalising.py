"""Texts stored before the write path normalised them (issue 21): find them, and rewrite them in their stored form.

A maintenance act, run once after upgrading (`manage.py normalise_texts`, a dry run unless `--apply`): every
passage text whose stored bytes differ from `normalise_text` of them gets one "normalised" revision, through
record_change, in one transaction. The source is rewritten as a minor change, so no translation goes stale over an
invisible difference. Editions are immutable and are never rewritten: the report names the editions whose text
holds such characters, and their publish page shows "unpublished changes" once the passages are clean, which is
how a coordinator learns a new edition is due (publishing stays an explicit act).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from workbench.declarations.changes import record_change
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import Action, Edition, Passage
from workbench.declarations.text import normalise_text


@dataclass
class NormaliseReport:
    texts: list[tuple[str, int, str, str]] = field(default_factory=list)  # (slug, position, key, language)
    editions: list[tuple[str, str, int]] = field(default_factory=list)  # (slug, language, number)


def _needing(passages: Any) -> list[tuple[Passage, str]]:
    found = []
    for passage in passages:
        for language in language_codes():
            text = getattr(passage, column("text", language))
            if text and text != normalise_text(text):
                found.append((passage, language))
    return found


@transaction.atomic
def normalise_stored_texts(*, apply: bool, author: Any = None) -> NormaliseReport:
    """What is stored in a non-normal form; with `apply`, rewrite it (sources first, as minor changes)."""
    passages = Passage.objects.select_related("declaration").order_by("declaration__slug", "position", "pk")
    found = _needing(passages.iterator(chunk_size=2000))
    report = NormaliseReport(texts=[(p.declaration.slug, p.position, p.key, code) for p, code in found])
    for edition in Edition.objects.select_related("declaration").order_by("declaration__slug", "language", "number"):
        if any(item["text"] != normalise_text(item["text"]) for item in edition.passages):
            report.editions.append((edition.declaration.slug, edition.language, edition.number))
    if apply:
        # Sources first: their minor change carries current translations forward before those are rewritten.
        for passage, language in sorted(found, key=lambda item: item[1] != item[0].declaration.source_language):
            passage.refresh_from_db()
            is_source = language == passage.declaration.source_language
            record_change(passage=passage, language=language, text=normalise_text(passage.text_in(language)),
                          state=passage.state_in(language), action=Action.NORMALISED, author=author,
                          basis=None if is_source else passage.basis_in(language), minor=is_source)  # fmt: skip
    return report
