"""Sentence and paragraph alignment of a text with its translation (no Django imports)."""
from __future__ import annotations

from .aligner import AlignOptions, Bead, align, align_paragraphs
from .split import split_sentences

__all__ = ["AlignOptions", "Bead", "align", "align_paragraphs", "split_sentences"]
