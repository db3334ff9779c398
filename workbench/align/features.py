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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

_FOOTNOTE = re.compile(r"\[\s*(\d{1,4})\s*\]")
_QUOTES = frozenset("\"«»“”„‟‹›「」『』")
_APOSTROPHES = frozenset("'‘’‚")
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


_QUOTE_RE = re.compile("[" + re.escape("".join(_QUOTES)) + "]"
                       # An apostrophe glued to a preceding letter is elision or a possessive
                       # (French "l'", English "it's"), not a quotation mark.
                       + r"|(?<!\w)[" + re.escape("".join(_APOSTROPHES)) + "]")
_PUNCT_RE = re.compile("[" + re.escape("".join(_PUNCT_KEYS)) + "]")


_LETTERS = r"[^\W\d_]"
_PREFIX_RE = re.compile(rf"(?<!{_LETTERS})({_LETTERS}{{{PREFIX}}})")
_STEM_RE = re.compile(rf"(?<!{_LETTERS})({_LETTERS}{{3,5}})")
_NUMBER_RE = re.compile(r"\d+")
_ACRONYM_RE = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{2,3}(?![^\W\d_])")


_LETTER_RE = re.compile(_LETTERS)
_ALL_LETTERS_RE = re.compile(_LETTERS + "+")
_WORD_CHAR_RE = re.compile(r"\w")
_QUOTE_ANY_RE = re.compile("[" + re.escape("".join(_QUOTES | _APOSTROPHES)) + "]")
_SEP = "\x00"


def _keep_table(keep: Callable[[int], bool]) -> bytes:
    """A bytes.translate table that keeps the bytes ``keep`` accepts (and the unit separator)."""
    return bytes(b if (b == ord(_SEP) or keep(b)) else 32 for b in range(256))


# Bytes of multi-byte UTF-8 characters are all >= 128, so ASCII rules never cut them.
_LETTER_TABLE = _keep_table(lambda b: b >= 128 or bool(_LETTER_RE.match(chr(b))))
_DIGIT_TABLE = _keep_table(lambda b: 48 <= b <= 57)


@dataclass
class Extracted:
    """Features of a sequence of units in flat form, sorted by unit, one row per distinct key."""

    length: np.ndarray     # (n,) characters without spacing
    key_unit: np.ndarray   # unit of every (unit, key) pair
    key_id: np.ndarray     # id of the key in the caller's key vocabulary
    stem_unit: np.ndarray
    stem_id: np.ndarray


def _runs(data: bytes, table: bytes, drop: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Runs of the kept characters and the unit index of every run."""
    data = data.translate(table)
    for ch in drop:
        data = data.replace(ch.encode("utf-8"), b" ")
    per_unit = list(map(str.split, data.decode("utf-8").split(_SEP)))
    counts = np.fromiter(map(len, per_unit), dtype=np.int64, count=len(per_unit))
    return list(chain.from_iterable(per_unit)), np.repeat(np.arange(len(per_unit)), counts)


def _expand(run_id: np.ndarray, run_unit: np.ndarray, per_word: list[list[int]]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Units and ids of the values of every run, given the values of every distinct word."""
    counts = np.fromiter((len(x) for x in per_word), dtype=np.int64, count=len(per_word))
    flat = np.fromiter((v for x in per_word for v in x), dtype=np.int64, count=int(counts.sum()))
    per_run = counts[run_id]
    total = int(per_run.sum())
    within = np.arange(total) - np.repeat(np.cumsum(per_run) - per_run, per_run)
    idx = np.repeat((np.cumsum(counts) - counts)[run_id], per_run) + within
    return np.repeat(run_unit, per_run), flat[idx]


def _dedupe(units: list[np.ndarray], ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    unit = np.concatenate(units).astype(np.int64)
    ident = np.concatenate(ids).astype(np.int64)
    if not len(unit):
        return unit, ident
    span = int(ident.max()) + 1
    code = np.sort(unit * span + ident)
    keep = np.ones(len(code), dtype=bool)
    keep[1:] = code[1:] != code[:-1]
    code = code[keep]
    return code // span, code % span


def extract(units: Sequence[str], key_vocab: dict[str, int], stem_vocab: dict[str, int]) -> Extracted:
    """Keys and stems of every unit (see ``unit_features``) for a whole text in one go.

    Running the regular expressions unit by unit cost ~90 us a unit, most of the
    aligner's time on long texts.  Here characters are classified once per distinct
    character, runs of letters (or digits) are cut out by a byte-level translation,
    and words are folded and keyed once per distinct word.  New keys and stems are
    added to the vocabularies, so both sides of a bitext share ids.
    """
    n = len(units)
    clean = [u.replace(_SEP, " ") if _SEP in u else u for u in units]
    # The separator is a non-letter, non-space character that no expression matches, so
    # no match crosses it and it looks like the start or end of a string to each.
    text = _SEP.join(clean)
    sizes = np.fromiter(map(len, clean), dtype=np.int64, count=n)
    starts = np.cumsum(sizes + 1) - (sizes + 1)
    # Code points as an array: spacing per unit and the distinct non-ASCII characters
    # come out of a few array operations instead of a pass per unit.
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    spacing = np.concatenate([[0], np.cumsum((codes == 32) | (codes == 9) | (codes == 0xA0))])
    length = (sizes - (spacing[starts + sizes] - spacing[starts])).astype(np.float64)
    for k in (k for k, u in enumerate(units) if _SEP in u):
        length[k] += units[k].count(_SEP)
    high = set(map(chr, np.unique(codes[codes >= 128]).tolist()))
    data = text.encode("utf-8")
    key_units: list[np.ndarray] = []
    key_ids: list[np.ndarray] = []

    # Words: letter runs of the original text (acronyms need its case), folded per word.
    runs, run_unit = _runs(data, _LETTER_TABLE, [c for c in high if not _LETTER_RE.match(c)])
    distinct = dict.fromkeys(runs, 0)
    for k, w in enumerate(distinct):
        distinct[w] = k
    run_id = np.fromiter(map(distinct.__getitem__, runs), dtype=np.int64, count=len(runs))
    word_keys: list[list[int]] = []
    word_stems: list[list[int]] = []
    for w in distinct:
        f = fold(w)
        # A fold can yield a non-letter (a combining mark); it then cuts the word as it
        # would cut the folded running text.
        parts = [f] if _ALL_LETTERS_RE.fullmatch(f) else _ALL_LETTERS_RE.findall(f)
        ks = [key_vocab.setdefault(p[:PREFIX], len(key_vocab)) for p in parts if len(p) >= PREFIX]
        if 2 <= len(w) <= 3 and w.isupper():
            ks.append(key_vocab.setdefault("^" + w.lower(), len(key_vocab)))
        word_keys.append(ks)
        word_stems.append([stem_vocab.setdefault(p[:5], len(stem_vocab)) for p in parts if len(p) >= 3])
    unit, ids = _expand(run_id, run_unit, word_keys)
    key_units.append(unit)
    key_ids.append(ids)
    stem_unit, stem_id = _dedupe(*map(list, zip(_expand(run_id, run_unit, word_stems), strict=True)))

    def add(unit: np.ndarray | list[int], keys: list[str]) -> None:
        key_units.append(np.asarray(unit, dtype=np.int64))
        key_ids.append(np.fromiter((key_vocab.setdefault(k, len(key_vocab)) for k in keys),
                                   dtype=np.int64, count=len(keys)))

    def unit_of(positions: list[int]) -> np.ndarray:
        return np.searchsorted(starts, np.asarray(positions, dtype=np.int64), "right") - 1

    # Numbers by value (ASCII digits by bytes, other decimal digits by expression).
    if any(c.isdecimal() for c in high):
        found = [(mt.start(), mt.group()) for mt in _NUMBER_RE.finditer(text)]
        nums, num_unit = [d for _, d in found], unit_of([p for p, _ in found])
    else:
        nums, num_unit = _runs(data, _DIGIT_TABLE, ())
    add(num_unit, ["#" + (d.lstrip("0") or "0") for d in nums])
    # Rare marks, located by position.
    found = [(mt.start(), "[" + mt.group(1)) for mt in _FOOTNOTE.finditer(text)]
    found += [(mt.start(), _PUNCT_KEYS[mt.group()]) for mt in _PUNCT_RE.finditer(text)]
    add(unit_of([p for p, _ in found]), [k for _, k in found])
    quotes = [p for p in (mt.start() for mt in _QUOTE_ANY_RE.finditer(text))
              if text[p] in _QUOTES or p == 0 or not _WORD_CHAR_RE.match(text[p - 1])]
    count = np.bincount(unit_of(quotes), minlength=n)
    for least, key in ((1, '"'), (3, '""')):
        sel = np.flatnonzero(count >= least)
        add(sel, [key] * len(sel))
    key_unit, key_id = _dedupe(key_units, key_ids)
    return Extracted(length, key_unit, key_id, stem_unit, stem_id)


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


def unit_keys(text: str) -> list[str]:
    """Evidence keys of one unit (see ``unit_features``)."""
    return unit_features(text)[0]


def unit_length(text: str) -> int:
    """Length in characters, ignoring spacing so tokenised and raw text compare alike."""
    return len(text) - sum(text.count(ch) for ch in " \t\u00a0")
