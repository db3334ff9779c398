"""Word-level differences between two texts, for stale rows and the history."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words with the spaces that follow them, so joining the pieces gives back the text exactly.
TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, word by word: removed pieces come before the added ones."""
    old_words = TOKEN.findall(old)
    new_words = TOKEN.findall(new)
    # Compare words without their trailing spaces so a moved line break does not count as a change.
    matcher = difflib.SequenceMatcher(
        a=[w.strip() for w in old_words], b=[w.strip() for w in new_words], autojunk=False
    )
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new_words[j1:j2])))
    return pieces
