"""Suggestions from the memory for a sentence or a whole passage, scored 0–100 (README, "Translation memory").

The score is rapidfuzz's `fuzz.ratio` of the two source texts as stored (NFC, one form of spaces): the normalised
Indel similarity, 100 × (1 − edits / (len(a) + len(b))), where an edit inserts or deletes one character. Case and
accents count (a suggestion that differs only in them is not 100). Before scoring, placeables — numbers, years and
dates that a translation carries over — are substituted (placeables.py), so "400 delegates" matches "450
delegates" at 100 with "450" put into the translation and shown as substituted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from workbench.align import split_sentences
from workbench.declarations.folding import fold
from workbench.memory import index
from workbench.memory.models import Entry, Unit
from workbench.memory.placeables import Substitution, substitute

# Below this a match is not worth a translator's reading (Weblate and OmegaT stop near here too).
THRESHOLD = 60
CANDIDATES = 50


@dataclass(frozen=True)
class Suggestion:
    """One translation offered for a source text, by the memory or another provider."""

    source: str  # the source it translates: the memory's source sentence, with placeables substituted
    target: str  # what would be inserted
    score: int | None  # 0–100; None for a machine translation, which has no match score (providers.py)
    origin: dict[str, Any]  # where it came from, for people: entry, declaration, passage, author, date…
    provider: str = "memory"
    whole: bool = False  # a whole passage of an earlier declaration, not one sentence of it
    unit_id: int | None = None
    memory_source: str = ""  # the memory's source as stored, before substitution (what the diff shows)
    substitutions: tuple[Substitution, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "score": self.score, "origin": self.origin,
                "provider": self.provider, "whole": self.whole, "memory_source": self.memory_source,
                "substitutions": [s.as_json() for s in self.substitutions]}  # fmt: skip


@dataclass(frozen=True)
class SentenceMatches:
    sentence: str
    suggestions: list[Suggestion]


def score(query: str, source: str) -> int:
    """The match score of a memory source for a query, 0–100, rounded down so that only equal texts score 100."""
    if query == source:
        return 100
    return min(99, int(fuzz.ratio(query, source)))


def origin_of(unit: Unit) -> dict[str, Any]:
    return {
        "entry": unit.entry,
        "entry_label": str(Entry(unit.entry).label),
        "declaration": unit.declaration.slug if unit.declaration else "",
        "passage": unit.passage_key,
        "review": unit.review_id,
        "author": unit.author.get_username() if unit.author else "",
        "date": unit.created_at.date().isoformat(),
        "reference": unit.reference,
    }


def _scored(query: str, unit: Unit, target_language: str) -> Suggestion:
    source, target, substitutions = substitute(query, unit.source, unit.target, unit.source_language,
                                               target_language)  # fmt: skip
    return Suggestion(source=source, target=target, score=score(query, source), origin=origin_of(unit),
                      whole=unit.whole, unit_id=unit.pk, memory_source=unit.source,
                      substitutions=tuple(substitutions))  # fmt: skip


def suggest(text: str, *, source_language: str, target_language: str, limit: int = 5,
            threshold: int = THRESHOLD) -> list[Suggestion]:  # fmt: skip
    """The best memory matches for `text`, best first: one per distinct translation, ties broken by the newest."""
    query = " ".join(text.split())
    if not query:
        return []
    ids = index.candidates(fold(query), source_language=source_language, target_language=target_language,
                           limit=CANDIDATES)  # fmt: skip
    units = Unit.objects.filter(pk__in=ids).select_related("declaration", "author")
    scored = sorted((_scored(query, unit, target_language) for unit in units),
                    key=lambda s: (s.score, s.whole, s.origin["date"], s.unit_id or 0), reverse=True)  # fmt: skip
    best: dict[str, Suggestion] = {}
    for suggestion in scored:
        if suggestion.score >= threshold and suggestion.target not in best:
            best[suggestion.target] = suggestion
    return list(best.values())[:limit]


def for_passage(text: str, *, source_language: str, target_language: str, limit: int = 3
                ) -> tuple[list[Suggestion], list[SentenceMatches]]:  # fmt: skip
    """Matches of a whole passage (an earlier declaration's same paragraph: shown first, marked), and of each of
    its sentences."""
    whole = [s for s in suggest(text, source_language=source_language, target_language=target_language, limit=limit)
             if s.whole and s.score >= 90]  # fmt: skip
    sentences = split_sentences(text) or [text]
    per_sentence = [SentenceMatches(sentence, suggest(sentence, source_language=source_language,
                                                      target_language=target_language, limit=limit))
                    for sentence in sentences]  # fmt: skip
    return whole, per_sentence
