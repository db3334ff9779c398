"""Translation-surviving evidence extracted from one unit of text.

Every unit is reduced to its character length plus a set of string *keys*.
Two units that share a key have a reason to be translations of each other
beyond their lengths: the same number, the same name or cognate stem, the same
unusual punctuation.  The keys are language independent on purpose (no
dictionaries, no function-word lists), so they work for unseen language pairs.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .parallel import run_parallel

_FOOTNOTE = re.compile(r"\[\s*(\d{1,4})\s*\]")
QUOTES = frozenset("\"«»“”„‟‹›「」『』")
APOSTROPHES = frozenset("'‘’‚")
# Punctuation that translators tend to keep: its presence on both sides is evidence.
_PUNCT_KEYS = {"?": "?", "!": "!", ":": ":", ";": ";", "(": "(", ")": "(", "…": "...",
               "¿": "?", "¡": "!", "？": "?", "！": "!", "：": ":", "；": ";"}

PREFIX = 4


def _build_fold_table() -> dict[int, str]:
    # One translate table for the Latin, Greek and Cyrillic letters that carry
    # diacritics; applying NFKD to whole texts would also take Hangul syllables apart.
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x370, 0x400)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch:
            table[cp] = base
    table.update({ord(k): v for k, v in
                  {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ð": "d", "þ": "th", "ł": "l",
                   "đ": "d", "ı": "i"}.items()})
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip accents, so that cognates spelled with diacritics meet."""
    low = text.lower()
    return low if low.isascii() else low.translate(_FOLD_TABLE)


_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")
_WORD_CHAR_RE = re.compile(r"\w")
# A run of letters: a word as the keys and stems read it (dictionary.py and lexicon.py too).
LETTER_RUN = re.compile(r"[^\W\d_]+")
# The aligner's stem of a word: its first STEM folded letters, for a word of STEM_MIN letters or more.
STEM = 5
STEM_MIN = 3


def word_stem(word: str) -> str | None:
    """The aligner's stem of a single word, None for a phrase, a number or a word under STEM_MIN letters."""
    folded = fold(word.strip())
    if len(folded) < STEM_MIN or not folded.isalpha():
        return None
    return folded[:STEM]
_SEP = "\x00"

# Character classes, as bits of one lookup table indexed by code point.
_LETTER, _DIGIT, _WORD, _SPACE, _QUOTE, _APOS = 1, 2, 4, 8, 16, 32
_PUNCT_LIST = sorted(set(_PUNCT_KEYS.values()))


def _char_class(ch: str) -> int:
    bits = 0
    if _LETTER_RE.match(ch):
        bits |= _LETTER
    if _DIGIT_RE.match(ch):
        bits |= _DIGIT
    if _WORD_CHAR_RE.match(ch):
        bits |= _WORD
    if ch in " \t\u00a0":
        bits |= _SPACE
    if ch in QUOTES:
        bits |= _QUOTE
    if ch in APOSTROPHES:
        bits |= _APOS
    return bits


_ASCII_CLASS = np.array([_char_class(chr(c)) if c else 0 for c in range(128)], dtype=np.uint8)


@dataclass
class Extracted:
    """Features of a sequence of units in flat form, sorted by unit, one row per distinct key."""

    length: np.ndarray     # (n,) characters without spacing
    key_unit: np.ndarray   # unit of every (unit, key) pair
    key_id: np.ndarray     # id of the key in the caller's key vocabulary
    stem_unit: np.ndarray
    stem_id: np.ndarray
    # The stem of every stem id (so a given lexicon's words can be found among them).
    stem_names: list[str] = field(default_factory=list)


def _classify(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Class bits and punctuation-key index (0: none, k: _PUNCT_LIST[k - 1]) of every character.

    Each distinct character is classified once by the regular expressions the keys are
    defined with, so the array form agrees with them by construction.
    """
    high = np.unique(codes[codes >= 128])
    size = int(high[-1]) + 1 if len(high) else 128
    table = np.zeros(size, dtype=np.uint8)
    table[:128] = _ASCII_CLASS
    table[high] = [_char_class(chr(c)) for c in high.tolist()]
    punct = np.zeros(size, dtype=np.uint8)
    for ch, key in _PUNCT_KEYS.items():
        if ord(ch) < size:
            punct[ord(ch)] = _PUNCT_LIST.index(key) + 1
    return table[codes], punct[codes]


def _run_bounds(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end positions of the runs of True in ``mask``."""
    edge = np.diff(mask.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)


_HASH_BASE = 0x100000001B3                 # odd, so invertible modulo 2**64
_HASH_INV = pow(_HASH_BASE, -1, 2 ** 64)
# Run characters compared at once in _word_ids: bounds its memory whatever the text size.
_VERIFY_CHUNK = 1 << 20


def _word_ids(codes: np.ndarray, start: np.ndarray, size: np.ndarray, letters: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Id of every run of characters (equal runs, equal ids) and the first run of every id.

    Ids are numbered in order of first occurrence.  Runs are grouped by a polynomial hash
    of their characters (prefix sums modulo 2**64, so all runs at once), and every
    character of every run is then compared with the same character of its group's first
    run, so a hash collision cannot merge two different words: colliding runs are
    identified exactly.  This replaces making, hashing and looking up one Python string per
    word (~0.5 s for 600,000 words).  ``letters``, if given, are the positions of all the
    runs' characters in order (saves building them from the runs).
    """
    if not len(start):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    end = start + size
    top = int(end[-1]) + 1
    with np.errstate(over="ignore"):
        # Hash of run r = (prefix[end] - prefix[start]) / base**start, the division being a
        # product with the inverse's powers; uint64 arithmetic wraps modulo 2**64.  One
        # text-sized buffer holds the powers, then the prefix sums, then the inverse powers.
        buf = np.empty(top, dtype=np.uint64)
        buf[0] = 0
        if top > 1:
            buf[1] = 1
            buf[2:] = _HASH_BASE
            np.cumprod(buf[1:], out=buf[1:])                      # buf[k + 1] = base**k
            np.multiply(buf[1:], codes[:top - 1], out=buf[1:])
            np.cumsum(buf[1:], out=buf[1:])                       # buf[i] = prefix[i]
        h = buf[end] - buf[start]
        buf.fill(_HASH_INV)
        buf[0] = 1
        np.cumprod(buf, out=buf)                                  # buf[k] = base**-k
        h *= buf[start]
        h += size.astype(np.uint64)
    del buf
    # The first run of every hash group.  A plain sort plus a binary search is several
    # times faster than an argsort (or np.unique) of the 64-bit hashes.
    sorted_h = np.sort(h)
    distinct = sorted_h[np.concatenate([[True], sorted_h[1:] != sorted_h[:-1]])]
    group = np.searchsorted(distinct, h)
    group_first = np.full(len(distinct), len(h), dtype=np.int64)
    np.minimum.at(group_first, group, np.arange(len(h)))
    rep = group_first[group]
    # Every character of every run against the same character of its representative (an
    # earlier run, so the comparison stays inside the text even where the sizes differ),
    # in blocks of runs so that the per-character temporaries stay small on long texts.
    offsets = np.cumsum(size) - size
    same = size == size[rep]
    block_ends = np.searchsorted(offsets, np.arange(_VERIFY_CHUNK, int(size.sum()), _VERIFY_CHUNK))
    for r0, r1 in zip([0, *block_ends.tolist()], [*block_ends.tolist(), len(size)], strict=True):
        if r0 == r1:
            continue
        lo = int(offsets[r0])
        part = size[r0:r1]
        pos = (letters[lo:lo + int(part.sum())] if letters is not None
               else np.arange(lo, lo + int(part.sum())) + np.repeat(start[r0:r1] - offsets[r0:r1], part))
        other = np.repeat(start[rep[r0:r1]] - start[r0:r1], part)
        other += pos
        differs = codes[pos] != codes[other]
        same[r0:r1] &= ~np.logical_or.reduceat(differs, offsets[r0:r1] - lo)
    ident = rep
    if not same.all():
        # Hash collisions: a run unlike its group's first run is identified exactly.  The
        # first run with its content collides with the same group too, so it is among these.
        seen: dict[bytes, int] = {}
        for r in np.flatnonzero(~same).tolist():
            ident[r] = seen.setdefault(codes[start[r]:start[r] + size[r]].tobytes(), r)
    # Ids are now first-run positions, so ranking them numbers the words by first occurrence.
    is_first = ident == np.arange(len(ident))
    rank = np.cumsum(is_first) - 1
    return rank[ident], np.flatnonzero(is_first)


def _expand(run_id: np.ndarray, run_unit: np.ndarray, per_word: list[list[int]]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Units and ids of the values of every run, given the values of every distinct word."""
    counts = np.fromiter((len(x) for x in per_word), dtype=np.int64, count=len(per_word))
    flat = np.fromiter((v for x in per_word for v in x), dtype=np.int64, count=int(counts.sum()))
    per_run = counts[run_id]
    # Position in ``flat`` of every value: its word's first value plus its rank in the word.
    idx = np.repeat((np.cumsum(counts) - counts)[run_id] - (np.cumsum(per_run) - per_run), per_run)
    idx += np.arange(len(idx))
    return np.repeat(run_unit, per_run), flat[idx]


def distinct_pairs(unit: np.ndarray, ident: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (unit, id) pairs, sorted by unit (one sort of packed integer codes)."""
    if not len(unit):
        return unit, ident
    span = int(ident.max()) + 1
    code = np.sort(unit * span + ident)
    keep = np.ones(len(code), dtype=bool)
    keep[1:] = code[1:] != code[:-1]
    code = code[keep]
    return code // span, code % span


def _dedupe(units: list[np.ndarray], ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return distinct_pairs(np.concatenate(units).astype(np.int64), np.concatenate(ids).astype(np.int64))


@dataclass
class _Local:
    """Features of a text with ids in the text's own vocabularies (before merging)."""

    length: np.ndarray
    key_units: list[np.ndarray]
    key_ids: list[np.ndarray]
    keys: dict[str, int]
    stem_unit: np.ndarray
    stem_id: np.ndarray
    stems: dict[str, int]


def _extract_local(units: Sequence[str]) -> _Local:
    """Keys and stems of every unit, numbered in the order ``extract`` first meets them.

    Independent of any caller's vocabulary, so the two sides of a bitext can be extracted
    at the same time (``extract_pair``); ``_merge`` then gives every key the id that one
    shared vocabulary would have given it.
    """
    n = len(units)
    key_vocab: dict[str, int] = {}
    stem_vocab: dict[str, int] = {}
    clean = [u.replace(_SEP, " ") if _SEP in u else u for u in units]
    # The separator is a non-letter, non-space character of no class, so no run or mark
    # crosses it and it looks like the start or end of a text to every rule.
    text = _SEP.join(clean)
    sizes = np.fromiter(map(len, clean), dtype=np.int64, count=n)
    starts = np.cumsum(sizes + 1) - (sizes + 1)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cls, punct = _classify(codes)
    # Spaces per unit: sums from each unit's start to the next one's (the separator between
    # them is not a space); a final False keeps the index of an empty last unit in range.
    is_space = np.append((cls & _SPACE) != 0, False)
    spaces = np.add.reduceat(is_space, starts, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    length = (sizes - spaces).astype(np.float64)
    for k in (k for k, u in enumerate(units) if _SEP in u):
        length[k] += units[k].count(_SEP)
    key_units: list[np.ndarray] = []
    key_ids: list[np.ndarray] = []

    def unit_of(positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(starts, positions, "right") - 1

    # Words: letter runs of the original text (acronyms need its case), folded per word.
    is_letter = (cls & _LETTER) != 0
    w_start, w_end = _run_bounds(is_letter)
    # The runs are the maximal runs of letters, so their characters are all the letters.
    run_id, first = _word_ids(codes, w_start, w_end - w_start, np.flatnonzero(is_letter))
    run_unit = unit_of(w_start)
    word_keys: list[list[int]] = []
    word_stems: list[list[int]] = []
    words = [text[a:b] for a, b in zip(w_start[first].tolist(), w_end[first].tolist(), strict=True)]
    # Lower-cased all at once (the separator is uncased, so a final sigma stays final), and
    # only the words with non-ASCII letters go through the accent table (as in ``fold``).
    lowered = _SEP.join(words).lower().split(_SEP) if words else []
    folded = [w if w.isascii() else w.translate(_FOLD_TABLE) for w in lowered]
    for w, f in zip(words, folded, strict=True):
        # A fold can yield a non-letter (a combining mark); it then cuts the word as it
        # would cut the folded running text.
        parts = [f] if f.isalpha() else LETTER_RUN.findall(f)
        ks = [key_vocab.setdefault(p[:PREFIX], len(key_vocab)) for p in parts if len(p) >= PREFIX]
        if 2 <= len(w) <= 3 and w.isupper():
            ks.append(key_vocab.setdefault("^" + w.lower(), len(key_vocab)))
        word_keys.append(ks)
        word_stems.append([stem_vocab.setdefault(p[:STEM], len(stem_vocab)) for p in parts if len(p) >= STEM_MIN])
    unit, ids = _expand(run_id, run_unit, word_keys)
    key_units.append(unit)
    key_ids.append(ids)
    stem_unit, stem_id = _expand(run_id, run_unit, word_stems)

    def add(unit: np.ndarray, keys: list[str]) -> None:
        key_units.append(np.asarray(unit, dtype=np.int64))
        key_ids.append(np.fromiter((key_vocab.setdefault(k, len(key_vocab)) for k in keys),
                                   dtype=np.int64, count=len(keys)))

    # Numbers by value (runs of decimal digits of any script).
    d_start, d_end = _run_bounds((cls & _DIGIT) != 0)
    add(unit_of(d_start), ["#" + (text[a:b].lstrip("0") or "0")
                           for a, b in zip(d_start.tolist(), d_end.tolist(), strict=True)])
    # Rare marks, located by position: footnote markers first, then kept punctuation.
    foot = [(mt.start(), "[" + mt.group(1)) for mt in _FOOTNOTE.finditer(text)] if "[" in text else []
    p_pos = np.flatnonzero(punct)
    marks = [k for _, k in foot] + [_PUNCT_LIST[c - 1] for c in punct[p_pos].tolist()]
    add(unit_of(np.concatenate([np.array([p for p, _ in foot], dtype=np.int64), p_pos])), marks)
    # Quotation marks; an apostrophe glued to a preceding letter is elision or a possessive
    # (French "l'", English "it's"), not a quotation mark.
    after_word = np.zeros(len(cls), dtype=bool)
    after_word[1:] = (cls[:-1] & _WORD) != 0
    quotes = np.flatnonzero(((cls & _QUOTE) != 0) | (((cls & _APOS) != 0) & ~after_word))
    count = np.bincount(unit_of(quotes), minlength=n)
    for least, key in ((1, '"'), (3, '""')):
        sel = np.flatnonzero(count >= least)
        add(sel, [key] * len(sel))
    return _Local(length, key_units, key_ids, key_vocab, stem_unit, stem_id, stem_vocab)


def _merge(local: dict[str, int], vocab: dict[str, int]) -> np.ndarray:
    """Add a text's own vocabulary to ``vocab``; returns the new id of every local id.

    Local ids follow the order in which the text first met its keys, so adding them in
    that order gives every key the id that extracting straight into ``vocab`` would have.
    """
    return np.fromiter((vocab.setdefault(k, len(vocab)) for k in local), dtype=np.int64, count=len(local))


def _finish(local: _Local, key_map: np.ndarray, stem_vocab: dict[str, int]) -> Extracted:
    stem_map = _merge(local.stems, stem_vocab)
    key_unit, key_id = _dedupe(local.key_units, [key_map[ids] for ids in local.key_ids])
    stem_unit, stem_id = _dedupe([local.stem_unit], [stem_map[local.stem_id]])
    return Extracted(local.length, key_unit, key_id, stem_unit, stem_id, list(stem_vocab))


def extract(units: Sequence[str], key_vocab: dict[str, int], stem_vocab: dict[str, int]) -> Extracted:
    """Keys and stems of every unit (see ``unit_features``) for a whole text in one go.

    Running the regular expressions unit by unit cost ~90 us a unit, most of the
    aligner's time on long texts.  Here the text is one array of code points, every
    distinct character is classified once (``_classify``), letter and digit runs and
    marks are located by array operations, words are identified without making a string
    of each (``_word_ids``), and only distinct words are folded and keyed in Python.
    New keys and stems are added to the vocabularies, so both sides of a bitext share ids.
    """
    local = _extract_local(units)
    return _finish(local, _merge(local.keys, key_vocab), stem_vocab)


def extract_pair(source: Sequence[str], target: Sequence[str], key_vocab: dict[str, int]
                 ) -> tuple[Extracted, Extracted]:
    """``extract`` of both sides with a shared key vocabulary (source first) and a stem
    vocabulary per side, the two sides extracted on two threads: the same ids as
    ``extract(source, key_vocab, {})`` followed by ``extract(target, key_vocab, {})``."""
    src, tgt = run_parallel(lambda: _extract_local(source), lambda: _extract_local(target))
    src_keys = _merge(src.keys, key_vocab)
    tgt_keys = _merge(tgt.keys, key_vocab)
    src_ex, tgt_ex = run_parallel(lambda: _finish(src, src_keys, {}), lambda: _finish(tgt, tgt_keys, {}))
    return src_ex, tgt_ex


def unit_features(text: str) -> tuple[list[str], list[str]]:
    """Evidence keys and lexicon stems of one unit.

    Keys: numbers (by value), the first four letters of every word of four letters
    or more after accent folding (cognates, names), short all-capital acronyms,
    footnote markers, kept punctuation and quotation marks.  Stems: the first five
    letters of words of three letters or more, from which a per-document lexicon
    is learnt; five letters keep inflected forms of a word together in languages
    with rich morphology (Icelandic, German) while still telling most words apart.
    """
    keys: dict[str, int] = {}
    stems: dict[str, int] = {}
    ex = extract([text], keys, stems)
    key_names, stem_names = list(keys), list(stems)
    return [key_names[k] for k in ex.key_id.tolist()], [stem_names[k] for k in ex.stem_id.tolist()]


def unit_length(text: str) -> int:
    """Length in characters, ignoring spacing so tokenised and raw text compare alike."""
    return len(text) - sum(text.count(ch) for ch in " \t\u00a0")
