"""Text folded for searching: accents and case removed, so "declaration" finds "Déclaration".

Folding is done once when an edition is published (stored on the edition) and on every query, with the same
function, so a plain substring match is accent- and case-insensitive on any database. A full-text index on
PostgreSQL can replace it later without changing what the reader sees.
"""
from __future__ import annotations

import unicodedata


def fold_character(character: str) -> str:
    """One character without its accents, case-folded ("É" -> "e", "ß" -> "ss", "œ" stays "œ")."""
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """The same as folding character by character, done on the whole text at once (the memory folds every unit it
    learns): decomposition is per character, and the reordering NFKD adds only moves the marks that are dropped."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from.

    Folding can change lengths ("ß" -> "ss", a combining accent -> nothing), so a match found in the folded text
    needs this map to be highlighted in the original.
    """
    folded: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(text):
        piece = fold_character(character)
        folded.append(piece)
        positions.extend([index] * len(piece))
    return "".join(folded), positions
