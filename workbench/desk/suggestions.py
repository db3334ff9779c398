"""The editor's suggestion panel for one passage (issue 22): what the providers offer, made ready to show.

The memory's whole-passage matches come first, marked as such; then, per source sentence, its best matches with a
word diff between the memory's source and this sentence, the translation with the substituted placeables marked,
and where it came from; then what machine translation offers, or why it cannot. Each offered translation gets a
number (1, 2, 3… in the order shown): the editor's Ctrl+Shift+<number> inserts it at the cursor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from workbench.declarations.models import Declaration, Passage
from workbench.desk.diffing import Piece, word_diff
from workbench.links import passage_url
from workbench.memory.providers import DEADLINE, Offer, active_providers, gather
from workbench.memory.suggestions import Suggestion

# How many keys (Ctrl+Shift+1 … 9) can reach an offered translation; the rest are inserted with their button.
KEYED = 9


@dataclass(frozen=True)
class TargetPiece:
    text: str
    replaced: str = ""  # for a substituted placeable: the value the memory's translation had there


@dataclass
class Shown:
    """One suggestion as the panel shows it."""

    suggestion: Suggestion
    number: int
    changes: list[Piece]  # the memory's source → this sentence, word by word (empty for machine translation)
    target: list[TargetPiece]
    passage: Passage | None = None  # the passage it was learnt from, when that still exists
    origin_url: str = ""

    @property
    def differs(self) -> bool:
        """Whether the memory's source reads otherwise than the text asked about (then the diff is worth showing)."""
        return any(piece.kind != "same" for piece in self.changes)

    @property
    def date(self) -> datetime.date | None:
        value = self.suggestion.origin.get("date")
        return datetime.date.fromisoformat(value) if value else None

    @property
    def keyed(self) -> bool:
        return self.number <= KEYED

    @property
    def fills(self) -> bool:
        """A 100% match of the whole passage: it may replace the text in one action."""
        return self.suggestion.whole and self.suggestion.score == 100


@dataclass
class SentenceShown:
    sentence: str
    suggestions: list[Shown]


@dataclass
class Panel:
    passage: Passage
    language: str
    whole: list[Shown] = field(default_factory=list)
    sentences: list[SentenceShown] = field(default_factory=list)
    machine: list[Shown] = field(default_factory=list)
    machine_on: bool = False
    # Why a provider offers nothing this time (slow, failing): a message for people, empty when it answered.
    memory_unavailable: str = ""
    machine_unavailable: str = ""

    @property
    def fill(self) -> Shown | None:
        return next((shown for shown in self.whole if shown.fills), None)

    @property
    def found(self) -> bool:
        return bool(self.whole or self.machine or any(s.suggestions for s in self.sentences))


def target_pieces(suggestion: Suggestion) -> list[TargetPiece]:
    """The translation cut at its substitutions, so each substituted value can be marked."""
    pieces, cursor = [], 0
    for substitution in sorted(suggestion.substitutions, key=lambda s: s.start):
        if substitution.start > cursor:
            pieces.append(TargetPiece(suggestion.target[cursor : substitution.start]))
        pieces.append(TargetPiece(suggestion.target[substitution.start : substitution.end], substitution.old))
        cursor = substitution.end
    if cursor < len(suggestion.target) or not pieces:
        pieces.append(TargetPiece(suggestion.target[cursor:]))
    return pieces


def origin_passages(suggestions: list[Suggestion]) -> dict[tuple[str, str], Passage]:
    """The passages the memory's suggestions came from, in one query: (declaration slug, key) → passage."""
    keys = {s.origin.get("passage") for s in suggestions if s.origin.get("passage")}
    if not keys:
        return {}
    found = Passage.objects.filter(key__in=keys).select_related("declaration")
    return {(p.declaration.slug, p.key): p for p in found}


def origin_url(passage: Passage | None, language: str) -> str:
    if passage is None:
        return ""
    return passage_url(passage.declaration.slug, language, passage.key)


def build_panel(passage: Passage, declaration: Declaration, language: str, *, deadline: float = DEADLINE) -> Panel:
    """Ask every provider about the passage's source text and number what they offer in the order shown."""
    chosen = active_providers()  # the memory first, then machine translation when it is set up
    offers = gather(passage.source_text, source_language=declaration.source_language, target_language=language,
                    providers=chosen, deadline=deadline)  # fmt: skip
    memory: Offer = offers[0]
    everything = [*memory.suggestions, *(s for m in memory.sentences for s in m.suggestions)]
    passages = origin_passages(everything)
    counter = iter(range(1, 10_000))

    def shown(suggestion: Suggestion, sentence: str) -> Shown:
        source = passages.get((suggestion.origin.get("declaration", ""), suggestion.origin.get("passage", "")))
        changes = word_diff(suggestion.memory_source, sentence) if suggestion.provider == "memory" else []
        return Shown(suggestion=suggestion, number=next(counter), changes=changes,
                     target=target_pieces(suggestion), passage=source,
                     origin_url=origin_url(source, language))  # fmt: skip

    panel = Panel(passage=passage, language=language, machine_on=len(chosen) > 1,
                  memory_unavailable=memory.unavailable)  # fmt: skip
    panel.whole = [shown(s, passage.source_text) for s in memory.suggestions]
    offered_whole = {s.target for s in memory.suggestions}
    for matches in memory.sentences:
        # A passage of one sentence is its own only sentence: what the whole-passage list shows is not repeated.
        repeated = offered_whole if matches.sentence.strip() == passage.source_text.strip() else set()
        kept = [shown(s, matches.sentence) for s in matches.suggestions if s.target not in repeated]
        panel.sentences.append(SentenceShown(matches.sentence, kept))
    for offer in offers[1:]:
        panel.machine += [shown(s, passage.source_text) for s in offer.suggestions]
        panel.machine_unavailable = panel.machine_unavailable or offer.unavailable
    return panel
