"""How a unit ends (its final punctuation, and whether it closes a quotation), and what
two ends facing each other say about a bead.

Translators keep most sentence-final punctuation: a question stays a question, a line
ending on a colon that introduces a letter or a list still ends on one.  How much they
keep differs by language pair and by text, so nothing is assumed: the association of the
two sides' end classes is learnt from the first pass's beads of the same document, as
the lexicon is, and the second pass rewards (or charges) every bead by the log-odds of
its two ends against ends that face each other by chance.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .dp import paired_beads
from .features import APOSTROPHES, QUOTES

# Final punctuation classes; each doubled by whether a quotation closes after it.
_FINAL = {".": 1, "。": 1, "…": 2, "?": 3, "？": 3, "!": 4, "！": 4, ":": 5, "：": 5,
          ";": 6, "；": 6, ",": 7, "，": 7, "、": 7, "—": 8, "–": 8, "-": 8}
# A closing quotation may be a quotation mark or an apostrophe (English single quotes).
_QUOTATION = QUOTES | APOSTROPHES
# Skipped at the end to find the final mark: quotations, brackets, emphasis marks.
_SKIPPED = "".join(sorted(_QUOTATION | frozenset(")]_*"))) + " \t\n\r\f\v\u00a0\u2009\u202f"
CLASSES = 2 * (max(_FINAL.values()) + 1)


def end_class(unit: str) -> int:
    """The class of how ``unit`` ends: its last punctuation mark (0: none) and whether a
    quotation mark closes after it."""
    text = unit.rstrip()
    core = text.rstrip(_SKIPPED)
    quoted = not _QUOTATION.isdisjoint(text[len(core):])
    if core.endswith("..."):
        final = _FINAL["…"]
    else:
        final = _FINAL.get(core[-1], 0) if core else 0
    return 2 * final + int(quoted)


def end_classes(units: Sequence[str]) -> np.ndarray:
    """Per prefix (length n + 1): the class of the unit ending there (prefix 0: 0)."""
    return np.array([0, *(end_class(u) for u in units)], dtype=np.int64)


def learn(path: Sequence[tuple[int, int]], src_end: np.ndarray, tgt_end: np.ndarray,
          smoothing: float) -> np.ndarray | None:
    """Log-odds of every (source class, target class) pair at the ends of the beads of
    ``path`` that pair units, against the two classes meeting independently.

    The joint counts are shrunk towards independence by ``smoothing`` beads' worth, so a
    pair of classes seen a few times says little.  None without paired beads.
    """
    _, bead_ends = paired_beads(path)
    if not len(bead_ends):
        return None
    rows, cols = bead_ends.T
    joint = np.zeros((CLASSES, CLASSES))
    np.add.at(joint, (src_end[rows], tgt_end[cols]), 1.0)
    total = joint.sum()
    # Marginals with one pseudo-count in all, so no class has probability 0.
    p_src = (joint.sum(axis=1) + 1.0 / CLASSES) / (total + 1.0)
    p_tgt = (joint.sum(axis=0) + 1.0 / CLASSES) / (total + 1.0)
    independent = np.outer(p_src, p_tgt)
    p_joint = (joint + smoothing * independent) / (total + smoothing)
    return np.log(p_joint / independent)
