"""A small lexicon learnt from one document's own first-pass alignment.

Stems that keep landing in the same beads (mutual best Dice association over the
pass-1 beads) are probably translations of each other; each such pair becomes an
extra evidence key for the second pass.  Nothing is learnt across documents here;
``learn_words`` learns the same way from a collection of sentence pairs (the workbench's
translation memory), for a lexicon given to the aligner (dictionary.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import features
from .dp import paired_beads
from .evidence import Keys, group
from .parallel import map_parallel, run_parallel

# Stem pairs generated per counting chunk: bounds the lexicon's memory whatever the text size.
_PAIR_CHUNK = 500_000


def _unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_counts=True), from a plain sort (several times faster)."""
    ordered = np.sort(values)
    first = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return ordered[first], np.diff(np.append(first, len(ordered)))


def _count_pairs(s_bead: np.ndarray, s_id: np.ndarray, t_bead: np.ndarray, t_id: np.ndarray,
                 min_count: int, min_dice: float) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Stem pairs passing the count and Dice thresholds, with their Dice, counted exactly.

    Only pairs that can pass are generated: a pair co-occurs at most min(df_s, df_t) times,
    so both stems need a bead frequency of at least ``min_count`` and frequencies
    within a factor (2 - d) / d of each other for a Dice of d.  This drops most pairs of a
    long text (hapaxes, function words against content words), and the rest is counted
    in chunks of whole source stems, so each chunk's counts are final and only the pairs
    that pass are kept.
    """
    min_count = max(1, min_count)
    md = min_dice
    df_s = np.bincount(s_id)
    df_t = np.bincount(t_id)
    ok_s = df_s[s_id] >= min_count
    ok_t = df_t[t_id] >= min_count
    s_bead, s_id = s_bead[ok_s], s_id[ok_s]
    t_bead, t_id = t_bead[ok_t], t_id[ok_t]
    if not len(s_id) or not len(t_id):
        return None
    # Target occurrences sorted by (bead, frequency): a source occurrence pairs with the
    # contiguous run of its bead's target stems of compatible frequency.
    top = int(df_t.max()) + 1
    codes = t_bead * top + df_t[t_id]
    order = np.argsort(codes, kind="stable")
    codes, t_sorted = codes[order], t_id[order]
    d = df_s[s_id].astype(np.float64)
    if md > 0:
        lo = np.ceil(d * md / (2.0 - md) - 1e-9).astype(np.int64)
        hi = np.minimum(np.floor(d * (2.0 - md) / md + 1e-9), top - 1).astype(np.int64)
    else:
        lo = np.zeros(len(d), dtype=np.int64)
        hi = np.full(len(d), top - 1, dtype=np.int64)
    start = np.searchsorted(codes, s_bead * top + np.maximum(lo, min_count), "left")
    stop = np.searchsorted(codes, s_bead * top + hi, "right")
    count = np.maximum(stop - start, 0)
    # Source occurrences grouped by stem, cut into chunks of about _PAIR_CHUNK pairs at
    # stem boundaries (a single stem's occurrences are never split).
    by_stem = np.argsort(s_id, kind="stable")
    sid_sorted = s_id[by_stem]
    cum = np.cumsum(count[by_stem])
    stem_end = np.flatnonzero(np.append(sid_sorted[1:] != sid_sorted[:-1], True)) + 1
    cuts = [0]
    for target in range(_PAIR_CHUNK, int(cum[-1]) + _PAIR_CHUNK, _PAIR_CHUNK):
        k = int(np.searchsorted(cum[stem_end - 1], target, "left"))
        end = int(stem_end[min(k, len(stem_end) - 1)])
        if end > cuts[-1]:
            cuts.append(end)
    if cuts[-1] != len(by_stem):
        cuts.append(len(by_stem))
    t_vocab = int(t_id.max()) + 1
    t_narrow = t_sorted.astype(np.uint32) if t_vocab < 2 ** 32 else t_sorted

    def count_chunk(chunk: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        occ = by_stem[chunk[0]:chunk[1]]
        reps = count[occ]
        total = int(reps.sum())
        # Codes relative to the chunk's first source stem: they usually fit 32 bits, which
        # halves the sort that does the counting.
        s_base = int(s_id[occ[0]])
        span = (int(s_id[occ[-1]]) - s_base + 1) * t_vocab
        dtype = np.uint32 if span < 2 ** 32 else np.int64
        # Target position of every pair: its occurrence's run start plus its rank in the run.
        where = np.repeat(start[occ] - (np.cumsum(reps) - reps), reps)
        where += np.arange(total)
        pair = np.repeat(((s_id[occ] - s_base) * t_vocab).astype(dtype), reps)
        pair += (t_narrow if dtype == np.uint32 else t_sorted)[where]
        del where
        pairs, counts = _unique_counts(pair)
        pairs = pairs.astype(np.int64)
        ps, pt = pairs // t_vocab + s_base, pairs % t_vocab
        keep = (counts >= min_count) & (2.0 * counts / (df_s[ps] + df_t[pt]) >= md)
        return ps[keep], pt[keep], counts[keep]

    # Chunks hold whole source stems, so their counts are final and independent: two threads.
    chunks = [(c0, c1) for c0, c1 in zip(cuts, cuts[1:], strict=False) if count[by_stem[c0:c1]].sum()]
    found = map_parallel(count_chunk, chunks)
    out_s, out_t, out_c = [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]
    if not out_s:
        return None
    ps, pt, counts = np.concatenate(out_s), np.concatenate(out_t), np.concatenate(out_c)
    if not len(ps):
        return None
    return ps, pt, 2.0 * counts / (df_s[ps] + df_t[pt])


def learn(path: Sequence[tuple[int, int]], src_stems: Keys, tgt_stems: Keys, n: int, m: int,
          min_count: int, min_dice: float, max_beads: int) -> list[tuple[int, int, float]]:
    """Stem pairs that co-occur in aligned beads far more than chance (mutual best Dice)."""
    starts, bead_ends = paired_beads(path)
    beads = list(zip(starts[:, 0].tolist(), bead_ends[:, 0].tolist(), starts[:, 1].tolist(), bead_ends[:, 1].tolist(),
                     strict=True))
    if len(beads) < 4:
        return []
    if len(beads) > max_beads:
        step = len(beads) / max_beads
        beads = [beads[int(k * step)] for k in range(max_beads)]
    def bead_stems(stems: Keys, count: int, spans: list[tuple[int, int]]) -> Keys:
        # Every unit's bead (-1 outside the sampled beads), then distinct stems per bead.
        of_unit = np.full(count, -1, dtype=np.int64)
        for k, (lo, hi) in enumerate(spans):
            of_unit[lo:hi] = k
        bead = of_unit[stems[0]]
        keep = bead >= 0
        return group(bead[keep], stems[1][keep])

    (s_bead, s_id), (t_bead, t_id) = run_parallel(
        lambda: bead_stems(src_stems, n, [(i0, i1) for i0, i1, _, _ in beads]),
        lambda: bead_stems(tgt_stems, m, [(j0, j1) for _, _, j0, j1 in beads]))
    if not len(s_id) or not len(t_id):
        return []
    found = _count_pairs(s_bead, s_id, t_bead, t_id, min_count, min_dice)
    if found is None:
        return []
    ps, pt, dice = found
    chosen = _mutual_best(ps, pt, dice)
    return [(int(ps[c]), int(pt[c]), float(dice[c])) for c in chosen]


def _mutual_best(ps: np.ndarray, pt: np.ndarray, dice: np.ndarray) -> list[int]:
    """Indices of the pairs that are the best partner of both their stems."""
    order = np.lexsort((-dice, ps))
    first_s = np.ones(len(order), dtype=bool)
    first_s[1:] = ps[order][1:] != ps[order][:-1]
    best_for_s = set(order[first_s].tolist())
    order = np.lexsort((-dice, pt))
    first_t = np.ones(len(order), dtype=bool)
    first_t[1:] = pt[order][1:] != pt[order][:-1]
    best_for_t = set(order[first_t].tolist())
    return sorted(best_for_s & best_for_t)


@dataclass(frozen=True)
class WordPair:
    """A word pair of a lexicon learnt from sentence pairs: each word stands for its stem (its most frequent form)."""

    source: str
    target: str
    count: int  # sentence pairs holding both stems
    dice: float


def learn_words(pairs: Sequence[tuple[str, str]], min_count: int = 2, min_dice: float = 0.3) -> list[WordPair]:
    """A lexicon from aligned sentence pairs (a translation memory): the stem pairs that are each other's best
    Dice partner over the pairs, counted exactly as the in-text lexicon's (each pair is one bead), written as
    the stems' most frequent words."""
    if not pairs:
        return []
    src, tgt = features.extract_pair([s for s, _ in pairs], [t for _, t in pairs], {})
    found = _count_pairs(src.stem_unit, src.stem_id, tgt.stem_unit, tgt.stem_id, min_count, min_dice)
    if found is None:
        return []
    ps, pt, dice = found
    chosen = _mutual_best(ps, pt, dice)
    src_words, tgt_words = _surface_words([s for s, _ in pairs]), _surface_words([t for _, t in pairs])
    together = _pair_counts(src.stem_unit, src.stem_id, tgt.stem_unit, tgt.stem_id,
                            {(int(ps[c]), int(pt[c])) for c in chosen})
    out = []
    for c in chosen:
        s_name, t_name = src.stem_names[int(ps[c])], tgt.stem_names[int(pt[c])]
        out.append(WordPair(src_words.get(s_name, s_name), tgt_words.get(t_name, t_name),
                            together[int(ps[c]), int(pt[c])], round(float(dice[c]), 4)))
    return sorted(out, key=lambda w: (-w.dice, w.source))


def _surface_words(texts: Sequence[str]) -> dict[str, str]:
    """Stem -> its most frequent lower-case word in the texts (ties: the shorter, then the first in order)."""
    counts: Counter[str] = Counter(w for text in texts for w in features.LETTER_RUN.findall(text.lower()))
    best: dict[str, tuple[int, int, str]] = {}
    for word, count in counts.items():
        stem = features.word_stem(word)
        if stem is None:
            continue
        rank = (-count, len(word), word)
        if stem not in best or rank < best[stem]:
            best[stem] = rank
    return {stem: rank[2] for stem, rank in best.items()}


def _pair_counts(s_unit: np.ndarray, s_id: np.ndarray, t_unit: np.ndarray, t_id: np.ndarray,
                 wanted: set[tuple[int, int]]) -> Counter[tuple[int, int]]:
    """Units holding both stems, for the pairs wanted."""
    by_unit_t: dict[int, set[int]] = {}
    for u, t in zip(t_unit.tolist(), t_id.tolist(), strict=True):
        by_unit_t.setdefault(u, set()).add(t)
    of_source: dict[int, set[int]] = {}
    for s, t in wanted:
        of_source.setdefault(s, set()).add(t)
    out: Counter[tuple[int, int]] = Counter()
    for u, s in zip(s_unit.tolist(), s_id.tolist(), strict=True):
        for t in of_source.get(s, set()) & by_unit_t.get(u, set()):
            out[s, t] += 1
    return out
