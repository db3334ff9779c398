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


def rebuild(source_language: str, target_language: str) -> int:
    """Learn the pair's lexicon again from the memory; returns the number of word pairs stored."""
    # Read and learn outside the transaction (seconds on a large memory): only the swap of the rows is atomic, so
    # readers see the old lexicon or the new one, and the write lock is held for the delete and insert alone.
    learnt = learn_words(bitext(source_language, target_language), min_count=MIN_COUNT, min_dice=MIN_DICE)
    rows = [WordPair(source_language=source_language, target_language=target_language, source=w.source[:64],
                     target=w.target[:64], count=w.count, score=w.dice) for w in learnt]
    pair = WordPair.objects.filter(source_language=source_language, target_language=target_language)
    with transaction.atomic():
        pair.delete()
        WordPair.objects.bulk_create(rows, ignore_conflicts=True)
        return pair.count()
