"""A passage and its translation as sentence pairs, split and paired by the workbench's own aligner."""
from __future__ import annotations

from workbench.align import align, split_sentences

# Below this, a sentence pairing is not trusted for a memory: the paragraph pair is kept whole instead.
SENTENCE_CONFIDENCE = 0.9


def sentence_pairs(source: str, target: str) -> list[tuple[str, str]] | None:
    """One-to-one sentence pairs of a paragraph and its translation, or None when it does not split cleanly (one
    sentence, different counts, or any pairing the aligner is not sure of)."""
    source_sentences, target_sentences = split_sentences(source), split_sentences(target)
    if len(source_sentences) < 2 or len(source_sentences) != len(target_sentences):
        return None
    beads = align(source_sentences, target_sentences)
    if any(len(b.source) != 1 or len(b.target) != 1 or b.confidence < SENTENCE_CONFIDENCE for b in beads):
        return None
    return [(source_sentences[b.source[0]], target_sentences[b.target[0]]) for b in beads]
