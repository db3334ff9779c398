"""A small, language-agnostic sentence splitter for European-style punctuation.

It is deliberately conservative: a sentence ends at ``.``, ``!``, ``?`` or ``…``
(plus any closing quotes or brackets) only when the next word starts like a
sentence (capital letter, digit or opening quote) and the dot does not belong to
a known abbreviation, an initial ("J. R. R."), an acronym ("U.S.") or a number.
A wrongly merged sentence costs the aligner little (it can build 2-1 beads); a
wrong split inside "Mr. Smith" costs more, hence the bias.
"""
from __future__ import annotations

import re

# Titles and abbreviations that are normally followed by a capitalised word.
_ABBREVIATIONS = frozenset("""
mr mrs ms mme mlle mm dr prof st ste sr jr rev gen col capt lt sgt gov sen rep hon
mt ft no nr nos vol vols fig figs p pp ch chap art sec cf vs ca approx dept
co corp inc ltd bros jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e etc al bzw z.b u.a d.h usw vgl ggf s. hr fr frl m
""".split())

_CLOSERS = "\"'»”’)]}›」』"
_OPENERS = "\"'«“‘([{‹„「『¿¡—–-"
_BOUNDARY = re.compile(
    r"(?P<end>[.!?…]+|\.\.\.)(?P<close>(?:[ \u00a0\u202f]?[" + re.escape(_CLOSERS) + r"])*)(?P<space>\s+)"
    r"(?=[" + re.escape(_OPENERS) + r"]*\s*[\w])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# Characters looked back for the word before a full stop; a longer run is searched whole.
_LOOK_BACK = 48


def _word_before(block: str, start: int, end: int) -> str | None:
    """The run of word characters and dots that ends at ``end`` (not before ``start``).

    Searched in a short window first: searching the whole sentence so far for every
    full stop made long paragraphs quadratic.
    """
    lo = max(start, end - _LOOK_BACK)
    m = _WORD_BEFORE.search(block, lo, end)
    if m and m.start() == lo and lo > start:
        m = _WORD_BEFORE.search(block, start, end)
    return m.group(1) if m else None


def _is_abbreviation(word: str | None) -> bool:
    if not word:
        return False
    bare = word.rstrip(".").lower()
    if bare in _ABBREVIATIONS:
        return True
    core = word.rstrip(".")
    # Dotted acronyms ("U.S", "e.g") and single-letter initials ("J").
    if "." in core and len(core.replace(".", "")) <= 4:
        return True
    return len(core) == 1 and core.isalpha() and core.isupper()


def _short_number_before(block: str, start: int, end: int) -> bool:
    """Whether one or two digits end at ``end``, after a space or at ``start``."""
    k = end
    while k > start and end - k < 3 and block[k - 1].isdecimal():
        k -= 1
    return 1 <= end - k <= 2 and (k == start or block[k - 1].isspace())


_LEADING = frozenset(_OPENERS + " ")


def _starts_sentence(block: str, pos: int) -> bool:
    """Whether the text from ``pos`` on starts like a sentence (read in place: slicing off
    the rest of a long paragraph at every full stop made it quadratic)."""
    size = len(block)
    while pos < size and block[pos] in _LEADING:
        pos += 1
    if pos == size:
        return False
    first = block[pos]
    if first.isdigit():
        return True
    # Scripts without case (CJK, Hangul...) have no capital letters to go by.
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; blank lines are hard boundaries."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text) if "\n" in text else (text,):
        block = " ".join(block.split())
        if not block:
            continue
        start = 0
        for m in _BOUNDARY.finditer(block):
            cut = m.start("space")
            end = m.start("end")
            punct = m.group("end")
            if punct == "." and not m.group("close"):
                if _is_abbreviation(_word_before(block, start, end)):
                    continue
                if end > start and block[end - 1].isdecimal() and _short_number_before(block, start, end):
                    # "in 1867. The" ends a sentence, but "No. 5." or list numbers "3." usually
                    # don't: only a longer number (a year, an amount) is trusted as a sentence end.
                    continue
            if not _starts_sentence(block, m.end()):
                continue
            sentence = block[start:cut].strip()
            if sentence:
                out.append(sentence)
            start = m.end()
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return out
