"""FreeDict bilingual dictionaries in dictd format, read where Debian installs them.

Debian's ``dict-freedict-eng-fra`` and ``dict-freedict-fra-eng`` (GPL, about 9,000
headwords each) put ``freedict-eng-fra.index`` and ``freedict-eng-fra.dict.dz`` in
``/usr/share/dictd``.  Nothing is vendored and nothing is required: ``load`` returns None
when no dictionary of the pair is installed, and the aligner then works as without one.

dictd format: the ``.index`` file has one line per headword, ``headword TAB offset TAB
length`` with offset and length in dictd's base64 digits; the ``.dict`` file holds the
entries at those byte positions (``.dict.dz`` is dictzip, which gzip reads).  An entry
(from FreeDict's TEI) is its headword line (``door /dɔːr/ <n, fem>``) and then one line per
sense, optionally numbered ("1. "), its translations separated by commas.  Only single-word
headwords and single-word translations are kept (the aligner's keys are single words).

A damaged file (a broken download, a truncated ``.dict.dz``) must not break the callers (the
alignment intake, every omission check): index lines that do not decode are skipped, and a
dictionary that cannot be read at all is reported as a warning and counted as not installed.
"""
from __future__ import annotations

import gzip
import logging
import re
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

DICTD = Path("/usr/share/dictd")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: k for k, c in enumerate(_B64)}
# ISO 639-1 codes of the workbench to the 639-3 codes in FreeDict's file names.
_THREE = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "nl": "nld", "pt": "por",
          "is": "isl", "sv": "swe", "da": "dan", "pl": "pol", "cs": "ces", "ru": "rus", "fi": "fin"}
_NOTE = re.compile(r"\([^)]*\)|<[^>]*>|\[[^\]]*\]|/[^/]*/")
_NUMBERED = re.compile(r"^\s*\d+\.\s*")
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)?$")
# What a damaged dictionary raises while read: gzip.BadGzipFile is an OSError, a truncated
# .dz an EOFError, a corrupt deflate stream zlib.error.
_DAMAGED = (OSError, EOFError, ValueError, KeyError, UnicodeError, zlib.error)


def b64_number(text: str) -> int:
    """A dictd offset or length: base64 digits, most significant first."""
    value = 0
    for ch in text:
        value = value * 64 + _B64_VALUE[ch]
    return value


def _single_words(line: str) -> list[str]:
    """The single-word translations of one sense line, lower-case, grammar notes removed."""
    out = []
    for part in _NOTE.sub(" ", _NUMBERED.sub("", line)).replace(";", ",").split(","):
        word = part.strip().lower()
        if word and _WORD.match(word) and "'" not in word:
            out.append(word)
    return out


def parse_entry(entry: str) -> tuple[str | None, list[str]]:
    """The headword of one dictd entry (None unless one word) and its single-word translations.

    The headword is read from the entry's first line, not from the index: dictd's index
    drops punctuation ("s'élancer" is indexed as "sélancer").
    """
    lines = [line for line in entry.splitlines() if line.strip()]
    if not lines:
        return None, []
    heads = _single_words(lines[0])
    words: list[str] = []
    for line in lines[1:]:
        for word in _single_words(line):
            if word not in words:
                words.append(word)
    head = heads[0] if len(heads) == 1 and len(_NOTE.sub(" ", lines[0]).split()) == 1 else None
    return head, words


def read(index: Path, data: Path) -> dict[str, list[str]]:
    """Headword -> single-word translations of one dictd dictionary (``.dict`` or ``.dict.dz``)."""
    opener = gzip.open if data.suffix == ".dz" else open
    with opener(data, "rb") as fh:
        body = fh.read()
    out: dict[str, list[str]] = {}
    for raw in index.read_bytes().splitlines():
        position = _position(raw)
        if position is None:
            continue
        start, size = position
        head, words = parse_entry(body[start:start + size].decode("utf-8", "replace"))
        if head and words:
            known = out.setdefault(head, [])
            known.extend(w for w in words if w not in known)
    return out


def _position(raw: bytes) -> tuple[int, int] | None:
    """(offset, length) of one index line; None for dictd's own entries and a line that does not decode."""
    try:
        fields = raw.decode("utf-8").split("\t")
        # dictd's own entries (00databaseinfo, ...) are no words.
        if len(fields) < 3 or fields[0].startswith("00database"):
            return None
        return b64_number(fields[1]), b64_number(fields[2])
    except (UnicodeDecodeError, KeyError):
        return None


def _files(folder: Path, src: str, tgt: str) -> tuple[Path, Path] | None:
    stem = folder / f"freedict-{src}-{tgt}"
    index = stem.with_name(stem.name + ".index")
    for data in (stem.with_name(stem.name + ".dict.dz"), stem.with_name(stem.name + ".dict")):
        if index.is_file() and data.is_file():
            return index, data
    return None


def load(source: str, target: str, folder: Path | None = None) -> dict[str, frozenset[str]] | None:
    """Source word -> target words from the FreeDict dictionaries of the pair, both directions.

    ``source``/``target`` are language codes (``en``, ``fr`` or ``eng``, ``fra``).  The
    target-to-source dictionary is read inverted and merged in, so each direction's
    headwords count.  None when neither is installed, or when one cannot be read (logged as a
    warning).  ``folder``: ``DICTD`` by default.
    """
    folder = DICTD if folder is None else folder
    src, tgt = _THREE.get(source, source), _THREE.get(target, target)
    forward, backward = _files(folder, src, tgt), _files(folder, tgt, src)
    if forward is None and backward is None:
        return None
    try:
        return _merged(forward, backward)
    except _DAMAGED as error:
        log.warning("FreeDict %s-%s in %s cannot be read, left out: %r", src, tgt, folder, error)
        return None


def _merged(forward: tuple[Path, Path] | None, backward: tuple[Path, Path] | None) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    if forward is not None:
        for head, words in read(*forward).items():
            pairs.setdefault(head, set()).update(words)
    if backward is not None:
        for head, words in read(*backward).items():
            for word in words:
                pairs.setdefault(word, set()).add(head)
    return {word: frozenset(ts) for word, ts in pairs.items()}
