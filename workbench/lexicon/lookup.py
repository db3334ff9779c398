"""The lexicon of a language pair as the plain mapping the aligner takes (AlignOptions.lexicon): the word pairs
learnt from the translation memory (learning.py) merged with FreeDict's where Debian installed it.

Used by the alignment intake (reviews/alignment.py), the omission check (checks/omission.py) and term proposals
(terms/proposals.py): one lexicon for the three.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

from django.db.models import Count, Max

from workbench.align import freedict
from workbench.declarations.languages import base_language
from workbench.lexicon.models import WordPair


@lru_cache(maxsize=8)
def _freedict(source_language: str, target_language: str) -> Mapping[str, Collection[str]] | None:
    return freedict.load(source_language, target_language)


def _freedict_of(source_language: str, target_language: str) -> Mapping[str, Collection[str]] | None:
    """FreeDict's pair by its base languages: its files are named by language only ("pt-br", "fr-CA" find
    freedict-por-… and freedict-…-fra). Reduced here because workbench/align knows nothing of the workbench's codes."""
    return _freedict(base_language(source_language), base_language(target_language))


# The mapping of a pair, by the state of its rows: the same object while nothing changed, so the aligner's
# compiled stems are reused across calls (align.dictionary caches them by the mapping's identity).
_CACHE: dict[tuple[str, str], tuple[tuple[int, int], dict[str, frozenset[str]] | None]] = {}


def lexicon_for(source_language: str, target_language: str) -> Mapping[str, Collection[str]] | None:
    """Source word -> target words of the pair: the learnt word pairs and FreeDict's; None when there are none."""
    rows = WordPair.objects.filter(source_language=source_language, target_language=target_language)
    counted = rows.aggregate(count=Count("pk"), newest=Max("pk"))  # one query tells whether anything changed
    state = (counted["count"], counted["newest"] or 0)
    cached = _CACHE.get((source_language, target_language))
    if cached is not None and cached[0] == state:
        return cached[1]
    merged: dict[str, set[str]] = {}
    for source, target in rows.values_list("source", "target"):
        merged.setdefault(source, set()).add(target)
    for word, translations in (_freedict_of(source_language, target_language) or {}).items():
        merged.setdefault(word, set()).update(translations)
    mapping = {word: frozenset(ts) for word, ts in merged.items()} or None
    _CACHE[(source_language, target_language)] = (state, mapping)
    return mapping
