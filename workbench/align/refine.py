"""Unit alignment read off an alignment of the units' clauses.

Aligned as whole units, two paragraphs that a translator re-cut (a sentence moved
to the next paragraph, a reply joined to the line before it) look like two good
1-1 beads: their lengths add up either way.  Inside the paragraphs the move is
visible: a clause of one paragraph pairs with a clause of the next.  So the aligner
splits every unit into clauses (sentences, further cut after ``;`` and ``:``),
aligns the clauses with the unit boundaries as breaks (a bead may cross one, at a
price), and reads the unit beads off the clause path: a unit bead ends wherever the
path stands on a unit boundary on both sides at once.  The same holds for sentences
and a clause moved to the next sentence; ``holds_paragraphs`` tells which settings
apply.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .split import split_sentences

# A clause ends after a semicolon or colon followed by space ("as follows: Pierre").
_CLAUSE_END = re.compile(r"(?<=[;:])\s+|(?<=\w)\s*(?:--|—)\s*(?=\w)")

# Units are treated as paragraphs when they hold this many sentences on average.
MULTI_SENTENCE = 1.3
# ... or this many clauses (sentences of the dev sets average 1.0-1.7 clauses).
MULTI_CLAUSE = 2.0
# How many units of each side are looked at to decide (evenly spread).
SAMPLE = 256


# Where a sentence or a clause may end (a superset of what the splitters cut at): most
# units of a sentence list have none before their last character, and need no splitting.
_MAY_CUT = re.compile(r"[.!?…]|[;:]\s|--|—|\n\s*\n")


def sentence_clauses(unit: str) -> list[list[str]]:
    """The unit's sentences, each cut after ``;`` and ``:``; at least one clause in all."""
    body = unit.rstrip()
    if _MAY_CUT.search(body, 0, len(body) - 1) is None:
        # No possible cut before the last character (a final full stop cuts nothing): the
        # unit is one clause, its spacing normalised as split_sentences normalises it.
        text = " ".join(unit.split())
        return [[text]] if text else [[unit]]
    return _split_clauses(unit)


def _split_clauses(unit: str) -> list[list[str]]:
    out = [pieces for s in split_sentences(unit) if (pieces := _cut_sentence(s))]
    return out or [[unit]]


def _cut_sentence(sentence: str) -> list[str]:
    # Only a sentence holding a clause mark can be cut (the pattern is slow to run on all).
    if ";" in sentence or ":" in sentence or "--" in sentence or "—" in sentence:
        return [c for c in _CLAUSE_END.split(sentence) if c.strip()]
    return [sentence] if sentence.strip() else []


def clauses(unit: str) -> list[str]:
    """Sentences of a unit, each cut after ``;`` and ``:``; at least one piece."""
    return [c for sentence in sentence_clauses(unit) for c in sentence]


def holds_paragraphs(source_units: Sequence[str], target_units: Sequence[str]) -> bool:
    """Whether the units are paragraphs rather than sentences: they hold several sentences
    on average, or several clauses (a declaration's "that ...; that ...; ..." is one
    sentence of many clauses, and as long as a paragraph).

    Only an even sample is split, so that deciding costs nothing on long sentence lists.
    """
    units = sentences = pieces = 0
    for side in (source_units, target_units):
        step = max(1, len(side) // SAMPLE)
        for unit in side[::step]:
            units += 1
            split = sentence_clauses(unit)
            sentences += len(split)
            pieces += sum(len(s) for s in split)
    return units > 0 and (sentences >= MULTI_SENTENCE * units or pieces >= MULTI_CLAUSE * units)


def split_units(units: Sequence[str]) -> tuple[list[str], list[int], list[int]]:
    """All clauses of all units, the clause index where each unit after the first starts,
    and the clause indices that start a sentence inside a unit."""
    pieces: list[str] = []
    starts: list[int] = []
    inner: list[int] = []
    for unit in units:
        starts.append(len(pieces))
        for k, sentence in enumerate(sentence_clauses(unit)):
            if k:
                inner.append(len(pieces))
            pieces.extend(sentence)
    return pieces, starts[1:], inner


def unit_beads(clause_beads: Sequence[tuple[int, int, float]], source_starts: Sequence[int],
               target_starts: Sequence[int], n_source: int, n_target: int,
               ) -> list[tuple[range, range, float]]:
    """Unit beads from a clause path.

    ``clause_beads`` are the (source clauses, target clauses, confidence) steps of the
    path in order.  A unit bead closes where the path stands on a unit boundary of both
    sides (a corner).  It is right when the path passes both of its corners, so its
    confidence is that of its less certain corner; a corner is at least as certain as
    the clause bead arriving there and the one leaving it (the confidence of a clause
    bead is the probability that the path takes it).
    """
    # Clause position -> index of the unit boundary there (unit u starts at boundary u).
    # The start counts too: a path leaving it by an omission stands on a corner there.
    src_at = dict(zip([0, *source_starts], range(n_source), strict=True))
    tgt_at = dict(zip([0, *target_starts], range(n_target), strict=True))
    src_at[sum(b[0] for b in clause_beads)] = n_source
    tgt_at[sum(b[1] for b in clause_beads)] = n_target
    last = len(clause_beads) - 1

    def corner_certainty(k: int) -> float:
        """Certainty of the corner after clause bead k (-1: the start)."""
        if k < 0 or k == last:
            return 1.0
        return max(clause_beads[k][2], clause_beads[k + 1][2])

    out: list[tuple[range, range, float]] = []
    i = j = 0           # position on the clause path
    u0 = v0 = 0         # the corner where the open unit bead started
    opened = -1         # the clause bead after which it started
    for k, (di, dj, _) in enumerate(clause_beads):
        i += di
        j += dj
        u, v = src_at.get(i), tgt_at.get(j)
        if u is not None and v is not None:
            out.append((range(u0, u), range(v0, v), min(corner_certainty(opened), corner_certainty(k))))
            u0, v0, opened = u, v, k
    return out
