"""Omission: a source sentence with no counterpart in the translation, found by aligning the passage's sentences
with the workbench's own aligner (workbench/align), as the translation memory pairs them (memory/pairs.py)."""
from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from typing import Final

from django.utils.translation import gettext_noop
from rapidfuzz import fuzz

from workbench.align import AlignOptions, Bead, align, embedding, split_sentences
from workbench.align.dictionary import compiled, text_stems
from workbench.checks.registry import Failure
from workbench.declarations.folding import fold
from workbench.lexicon.lookup import lexicon_for

MIN_SENTENCES = 2


class LookUp(enum.Enum):
    LOOK_UP = "look up"


# check_omission's lexicon when the caller has none at hand: the pair's is looked up (two queries) only if the
# aligner is needed. A caller checking many passages looks it up once (lookup.lexicon_for) and passes it, None too.
LOOK_UP: Final = LookUp.LOOK_UP
Lexicon = Mapping[str, Collection[str]]


# A merged bead (two source sentences to one target) whose target is shorter than this share of what the source's
# length predicts has lost a sentence; the one left out is the one whose removal makes the lengths agree best,
# provided they then agree within _FITS. On the dev bitexts (bench/checks.py) 0.7 caught 77% of dropped sentences,
# 0.8 88% and 0.85 91%, while the clean paragraphs flagged went 0.2%, 0.3%, 0.7%: 0.8 keeps a margin on both sides.
_SHORT = 0.8
_FITS = (0.75, 1.35)
# Lengths of two sentences taken for each other's translation without asking the aligner.
_PLAIN = (0.6, 1.7)


def _unmatched_share(sentence: str, covered: set[str], lexicon: Mapping[str, Collection[str]]) -> float:
    """The share of the sentence's lexicon words none of whose translations is in the targets (`covered`: the
    targets' stems); 1.0 when it has no word the lexicon knows (nothing says it is there)."""
    # Cognates kept: a sentence with "protocole" does translate "protocol".
    stems = compiled(lexicon, drop_cognates=False)
    known = [s for s in text_stems(sentence) if s in stems]
    if not known:
        return 1.0
    return sum(1 for s in known if not stems[s] & covered) / len(known)


def _left_out(sentences: list[str], targets: list[str], ratio: float,
              lexicon: Mapping[str, Collection[str]] | None = None) -> list[int]:
    """Inside a bead of several source sentences: the index (in `sentences`) of one that the targets do not cover,
    judged by length as the aligner's own length model does, or nothing."""
    source_length = sum(len(s) for s in sentences)
    target_length = sum(len(t) for t in targets)
    if target_length >= _SHORT * source_length * ratio:
        return []
    fit = {i: target_length / max(1.0, (source_length - len(s)) * ratio) for i, s in enumerate(sentences)}
    candidates = [i for i in fit if _FITS[0] <= fit[i] <= _FITS[1]]
    if len(candidates) < 2:
        return candidates
    # Lengths alone cannot tell which one went. The aligner's 1:1 confidence leans on length too, so the sentence
    # least like the translation in its letters (names, numbers, cognates: Seoul/Séoul, delegates/délégués) is
    # taken for the one left out.
    # With a lexicon, the sentence most of whose words have no translation at all in the targets goes first; the
    # letters decide between equals.
    covered = fold(" ".join(targets))
    if lexicon:
        target_stems = {s for t in targets for s in text_stems(t)}
        return [min(candidates, key=lambda i: (-_unmatched_share(sentences[i], target_stems, lexicon),
                                               fuzz.ratio(fold(sentences[i]), covered)))]
    return [min(candidates, key=lambda i: fuzz.ratio(fold(sentences[i]), covered))]


def check_omission(source: str, target: str, ratio: float = 1.0, languages: tuple[str, str] | None = None,
                   lexicon: Lexicon | None | LookUp = LOOK_UP, meaning: bool = True) -> list[Failure]:  # fmt: skip
    """`ratio`: the pair's usual target/source length ratio (lengths.LengthStats); `lexicon`: the pair's lexicon
    (lexicon/lookup.py), as evidence for the aligner and to tell which of two sentences of a merged bead has no
    translation in the target; with LOOK_UP, that of `languages` (source, target) is read, only when the aligner
    is needed. With `meaning` and the optional embedding model installed, which sentences are named is decided by
    what they mean (_by_meaning); how many, by the aligner either way."""
    source_sentences = split_sentences(source)
    if len(source_sentences) < MIN_SENTENCES:
        return []
    target_sentences = split_sentences(target)
    if not target_sentences:
        return []
    if len(target_sentences) == len(source_sentences) and all(
        _PLAIN[0] <= len(t) / max(1.0, len(s) * ratio) <= _PLAIN[1]
        for s, t in zip(source_sentences, target_sentences, strict=True)
    ):
        # As many sentences on both sides, each of a length its counterpart predicts: one for one, nothing left
        # out, and no need for the aligner (most of a clean declaration's cost).
        return []
    if lexicon is LOOK_UP:
        lexicon = lexicon_for(*languages) if languages else None
    beads = align(source_sentences, target_sentences, options=AlignOptions(lexicon=lexicon) if lexicon else None)
    lost: list[int] = []
    for bead in beads:
        if not bead.target:
            lost += bead.source
        elif len(bead.source) > 1:
            sentences = [source_sentences[i] for i in bead.source]
            targets = [target_sentences[j] for j in bead.target]
            lost += [bead.source[i] for i in _left_out(sentences, targets, ratio, lexicon)]
    if lost and meaning and (embedder := embedding.load()) is not None:
        lost = _by_meaning(embedder, source_sentences, target_sentences, beads, lost)
    return [Failure("omission", gettext_noop("The source sentence “%(sentence)s” has no counterpart in the "
                                             "translation."), {"sentence": source_sentences[i]})
            for i in sorted(set(lost))]  # fmt: skip


def _by_meaning(embedder: embedding.Embedder, sources: list[str], targets: list[str], beads: list[Bead],
                lost: list[int]) -> list[int]:
    """The sentences left out, named by meaning: for each one the aligner's lengths found, the source sentence of
    its bead or of the beads beside it whose best cosine with any target sentence is lowest. Lengths say well that
    a sentence went, less well which one: of the omissions bench/checks.py makes and catches, lengths and letters
    named the dropped sentence 80% of the time, the lowest best cosine 95%. Not cached: a server checks passages
    without end."""
    bead_of = {i: k for k, bead in enumerate(beads) for i in bead.source}
    near = {i: [j for bead in beads[max(0, bead_of[i] - 1):bead_of[i] + 2] for j in bead.source] for i in lost}
    # Only the candidates and the targets are embedded, in one call: a long passage's other sentences are not read.
    candidates = sorted({j for js in near.values() for j in js})
    vectors = embedder.embed([sources[j] for j in candidates] + targets, keep=False)
    cosines = vectors[:len(candidates)] @ vectors[len(candidates):].T
    best = dict(zip(candidates, cosines.max(axis=1), strict=True))
    named: list[int] = []
    for i in lost:
        named.append(min([j for j in near[i] if j not in named] or [i], key=lambda j: best[j]))
    return sorted(named)
