"""The memory's sentence pairs of a direction as plain (source, target) texts: what term proposals
(terms/proposals.py) and the lexicon (lexicon/learning.py) learn from. Here, beside the units it reads, so neither
of those apps imports the other."""
from __future__ import annotations

from workbench.memory.models import Unit

# The newest units only: counting runs in memory at about 1.5 s per 2,000 sentence pairs, and the desk waits for it.
MAX_UNITS = 20_000


def bitext(source_language: str, target_language: str) -> list[tuple[str, str]]:
    """The memory's newest pairs for a direction (MAX_UNITS units), each sentence once: a whole passage whose
    sentence pairs are in the memory too is left out, so its words are not counted twice."""
    columns = ("source", "target", "whole", "entry", "revision_id", "review_id", "passage_key")
    units = list(Unit.objects.filter(source_language=source_language, target_language=target_language)
                 .order_by("-id").values_list(*columns)[:MAX_UNITS])  # fmt: skip
    split = {(entry, revision, review, key) for _s, _t, whole, entry, revision, review, key in units if not whole}
    return [(source, target) for source, target, whole, entry, revision, review, key in units
            if not whole or (entry, revision, review, key) not in split]  # fmt: skip
