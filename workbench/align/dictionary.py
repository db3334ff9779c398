"""A lexicon given by the caller (a bilingual dictionary, the workbench's own lexicon) as evidence.

The caller passes a plain mapping from source words to the target words that may translate
them, lower-case (``Mapping[str, Collection[str]]``; ``AlignOptions.lexicon``).  Words are
reduced to the stems the aligner already reads (``features``: accents folded, the first five
letters of a word of three or more), so "portes" meets "porte".  Every source stem of the
lexicon found in the text becomes one evidence key: the source units holding that stem have
it, and so have the target units holding any of its translations.  A unit pair sharing a
dictionary translation then shares a key, weighed by IDF and the local chance level like
every other key (a function word's translation, found everywhere, weighs about nothing).

Pairs whose two words already share the four-letter prefix key ("agile"/"agile") are left
out of the aligner's evidence: that evidence is counted once already.  A caller asking
whether a translation is present (the omission check, term proposals) keeps them
(``compiled(lexicon, drop_cognates=False)``): "protocole" does translate "protocol".
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from .evidence import Keys, group
from .features import LETTER_RUN, PREFIX, word_stem

# Mappings compiled to stems, by identity and filter: the same lexicon serves every call of a
# process (a document's clauses and units, the intake's passages), and compiling costs ~50 ms.
# Guarded by a lock: web requests compile and trim it from several threads.
_COMPILED: OrderedDict[tuple[int, bool], tuple[Mapping[str, Collection[str]], dict[str, frozenset[str]]]] = (
    OrderedDict())
# Least recently used goes first; room for both filters of a dozen language pairs (a workbench checks every
# language of a passage in turn, and a smaller cache evicted each pair before it came round again).
_COMPILED_MAX = 24
_COMPILED_LOCK = threading.Lock()


def text_stems(text: str) -> list[str]:
    """The stems of the words of a text, in order (as ``word_stem`` of each letter run)."""
    return [s for s in map(word_stem, LETTER_RUN.findall(text)) if s]


def _cognates(s: str, t: str) -> bool:
    return len(s) >= PREFIX and len(t) >= PREFIX and s[:PREFIX] == t[:PREFIX]


def _compile(lexicon: Mapping[str, Collection[str]], drop_cognates: bool) -> dict[str, frozenset[str]]:
    stems: dict[str, set[str]] = {}
    for word, translations in lexicon.items():
        s = word_stem(word)
        if s is None:
            continue
        for translation in translations:
            t = word_stem(translation)
            if t is None or (drop_cognates and _cognates(s, t)):
                continue
            stems.setdefault(s, set()).add(t)
    return {s: frozenset(ts) for s, ts in stems.items()}


def compiled(lexicon: Mapping[str, Collection[str]], drop_cognates: bool = True) -> dict[str, frozenset[str]]:
    """Source stem -> target stems of ``lexicon`` (cached for the mapping object).

    ``drop_cognates``: leave out pairs sharing the four-letter prefix key, as the aligner's
    evidence must; False for a caller asking whether a translation is there at all.
    """
    key = (id(lexicon), drop_cognates)
    with _COMPILED_LOCK:
        hit = _COMPILED.get(key)
        if hit is not None and hit[0] is lexicon:
            _COMPILED.move_to_end(key)
            return hit[1]
    # Compiled outside the lock: two threads may both compile a new mapping, and one result wins.
    stems = _compile(lexicon, drop_cognates)
    with _COMPILED_LOCK:
        _COMPILED[key] = (lexicon, stems)  # kept with its stems, so its id cannot be reused while cached
        while len(_COMPILED) > _COMPILED_MAX:
            _COMPILED.popitem(last=False)
    return stems


def keys(lexicon: Mapping[str, Collection[str]], src_names: Sequence[str], tgt_names: Sequence[str],
         src_stems: Keys, tgt_stems: Keys, base: int, max_share: float = 1.0) -> tuple[Keys, Keys, int]:
    """Evidence keys of the lexicon's pairs found in the text, numbered from ``base``.

    ``src_names``/``tgt_names``: the stem of every stem id of each side; ``src_stems``/
    ``tgt_stems``: (unit, stem id) of each side.  Keys found in more than ``max_share`` of
    either side's units are left out.  Returns the (unit, key) pairs of each side and the
    number of key ids used (some may be left out).
    """
    stems = compiled(lexicon)
    tgt_index = {name: k for k, name in enumerate(tgt_names)}
    key_of_src = np.full(len(src_names) + 1, -1, dtype=np.int64)
    # Target stem id -> the keys (source stems) it translates, as CSR lists.
    per_tgt: list[list[int]] = [[] for _ in tgt_names]
    count = 0
    for sid, name in enumerate(src_names):
        translations = stems.get(name)
        if not translations:
            continue
        found = [tgt_index[t] for t in translations if t in tgt_index]
        if not found:
            continue
        key_of_src[sid] = base + count
        for tid in found:
            per_tgt[tid].append(base + count)
        count += 1
    empty: Keys = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if not count:
        return empty, empty, 0
    src_key = key_of_src[src_stems[1]]
    keep = src_key >= 0
    src_out = group(src_stems[0][keep], src_key[keep])
    sizes = np.fromiter(map(len, per_tgt), dtype=np.int64, count=len(per_tgt))
    flat = np.fromiter((k for ks in per_tgt for k in ks), dtype=np.int64, count=int(sizes.sum()))
    starts = np.cumsum(sizes) - sizes
    reps = sizes[tgt_stems[1]]
    where = np.repeat(starts[tgt_stems[1]] - (np.cumsum(reps) - reps), reps) + np.arange(int(reps.sum()))
    tgt_out = group(np.repeat(tgt_stems[0], reps), flat[where])
    if max_share < 1.0:
        # A key in most units (a function word's translations: the -> le, la, les, lui) weighs
        # almost nothing by IDF, yet is most of the pairs: the target side more than doubled.
        n = int(src_stems[0].max()) + 1 if len(src_stems[0]) else 1
        m = int(tgt_stems[0].max()) + 1 if len(tgt_stems[0]) else 1
        df_s = np.bincount(src_out[1] - base, minlength=count)
        df_t = np.bincount(tgt_out[1] - base, minlength=count)
        ok = (df_s <= max_share * n) & (df_t <= max_share * m)
        src_out = (src_out[0][ok[src_out[1] - base]], src_out[1][ok[src_out[1] - base]])
        tgt_out = (tgt_out[0][ok[tgt_out[1] - base]], tgt_out[1][ok[tgt_out[1] - base]])
    return src_out, tgt_out, count


def with_keys(base_keys: Keys, extra: Keys) -> Keys:
    """``base_keys`` and ``extra`` as one sorted set of (unit, key) pairs."""
    if not len(extra[0]):
        return base_keys
    return group(np.concatenate([base_keys[0], extra[0]]), np.concatenate([base_keys[1], extra[1]]))
