"""The workbench's lexicon: one per language pair, learnt from the translation memory's sentence pairs with the
aligner's own association method (align.lexicon.learn_words: mutual best Dice over the pairs); lookup.py reads it
back for the aligner.
"""
from __future__ import annotations

from django.db import transaction

from workbench.align.lexicon import learn_words
from workbench.lexicon.models import WordPair
from workbench.memory.bitext import bitext

# A pair must be found in this many sentence pairs (the in-text lexicon's threshold is 2: one document; a memory
# holds many).
MIN_COUNT = 3
MIN_DICE = 0.3


@transaction.atomic
def rebuild(source_language: str, target_language: str) -> int:
    """Learn the pair's lexicon again from the memory; returns the number of word pairs stored."""
    pairs = bitext(source_language, target_language)
    learnt = learn_words(pairs, min_count=MIN_COUNT, min_dice=MIN_DICE)
    WordPair.objects.filter(source_language=source_language, target_language=target_language).delete()
    WordPair.objects.bulk_create(
        [WordPair(source_language=source_language, target_language=target_language, source=w.source[:64],
                  target=w.target[:64], count=w.count, score=w.dice) for w in learnt],
        ignore_conflicts=True,
    )
    return WordPair.objects.filter(source_language=source_language, target_language=target_language).count()
