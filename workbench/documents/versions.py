"""Match the paragraphs of a revised source document to the passages it replaces (issue 24).

`match_versions(old, new)` says, for every old and every new paragraph, what happened to it: `unchanged`, `edited`,
`inserted`, `removed` or `moved`. It is pure (no Django, no database) so the preview can call it on an upload and the
bench can call it on whole books.

The method, in three passes:

1. Anchors. A normalised text that occurs exactly once in each version is almost certainly the same paragraph. The
   longest chain of such pairs that keeps the order of both versions (a longest increasing subsequence) is the first
   part of the backbone; the unique pairs left off the chain are paragraphs that changed place, so they are `moved`.
2. Gaps. Between two consecutive anchors, the old and the new paragraphs are aligned monotonically by similarity
   (`rapidfuzz.fuzz.ratio`): the pairs above a threshold form candidates and the heaviest increasing chain of them is
   kept. Large gaps only compare pairs within a window around the diagonal so a fully rewritten 3,000-paragraph text
   stays fast. Short paragraphs ("1.", "CHAPTER II") look alike whatever they say, so they need a higher similarity,
   or position: when as many old as new paragraphs are left between the same two matched neighbours, they are
   paired in order.
3. Moves. What is still unmatched on both sides is compared all against all (a word-level filter first); a pair
   that is equal or very similar is one paragraph that changed place and was perhaps edited, so it is `moved`.

We do not use `workbench.align.align` for pass 2: it is a bilingual aligner that scores beads from lengths and a
lexicon, and allows 1-2 and 2-1 beads; here both sides are in the same language, so the text similarity itself is far
stronger evidence, and a revision never merges two paragraphs into one in our model (a merge reads as an edit plus a
removal, which is what the coordinator should review anyway).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

UNCHANGED = "unchanged"
EDITED = "edited"
INSERTED = "inserted"
REMOVED = "removed"
MOVED = "moved"

# A recognisably edited paragraph (a few words changed on up to a third of its words) keeps a ratio well above 60;
# two unrelated paragraphs of prose rarely reach 55, so 60 separates them with a margin on both sides (measured by
# bench/revisions.py).
EDIT_THRESHOLD = 60.0
# Between the same two matched neighbours position is extra evidence, so leftovers there are accepted lower: just
# above what two unrelated paragraphs of similar length reach by sharing letters (about 50). Only short runs count
# (as many old as new leftovers, up to 3): a longer stretch is a rewrite rather than a few edits.
PLACED_THRESHOLD = 52.0
PLACED_RUN = 3
# A move has no position to support it: only accept a pair that is clearly the same paragraph.
MOVE_THRESHOLD = 75.0
# Below this length similarity says little ("1." and "2." are 50% alike), so such paragraphs need position:
# leftovers paired in order between matched neighbours, or, inside a gap, a similarity that two different short
# lines rarely reach.
SHORT_CHARS = 25
SHORT_THRESHOLD = 75.0
# Gaps smaller than this many pairs are compared in full; larger ones only within a window around the diagonal.
FULL_GAP_PAIRS = 250_000
WINDOW = 60
BLOCK_ROWS = 256

# Word-level pre-filter (see `_similar`).
WORD_FILTER = 0.3

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Change:
    """What happened to one paragraph: `old`/`new` are indexes in each version, `score` the similarity (0..1)."""

    kind: str
    old: int | None
    new: int | None
    score: float


def normalise(text: str) -> str:
    """Collapse whitespace: re-wrapping a paragraph does not change it."""
    return _SPACE.sub(" ", text).strip()


def match_versions(old: Sequence[str], new: Sequence[str]) -> list[Change]:
    """Classify every paragraph of `old` and `new`; see the module docstring for the method.

    Order of the result: by new index; a removed paragraph comes just before the new paragraph that took the place of
    the next old paragraph kept on the backbone (where it used to be), or at the end if none follows; ties by old
    index.
    """
    old_norm = [normalise(text) for text in old]
    new_norm = [normalise(text) for text in new]
    backbone, moved_exact = _anchors(old_norm, new_norm)
    backbone = _fill_gaps(old_norm, new_norm, backbone)
    # A gap may have paired a paragraph that also has an exact copy elsewhere (a moved anchor): equal text is the
    # stronger evidence, so the gap's pair gives way and each paragraph is used once.
    moved_old, moved_new = {i for i, _ in moved_exact}, {j for _, j in moved_exact}
    backbone = [(i, j) for i, j in backbone if i not in moved_old and j not in moved_new]
    moves = moved_exact + _moves(old_norm, new_norm, backbone, moved_exact)
    return _changes(old_norm, new_norm, backbone, moves)


# --- pass 1: anchors -------------------------------------------------------------------------------------------------


def _anchors(old: list[str], new: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Unique equal texts: the order-keeping chain is the backbone, the rest moved."""
    old_counts, new_counts = Counter(old), Counter(new)
    new_at = {text: j for j, text in enumerate(new) if new_counts[text] == 1}
    pairs = [(i, new_at[text]) for i, text in enumerate(old) if old_counts[text] == 1 and text in new_at]
    chain = set(_longest_increasing([j for _, j in pairs]))
    backbone = [pair for k, pair in enumerate(pairs) if k in chain]
    # A short unique text off the chain ("II." once in each) is weak evidence of a move: let the gaps try it first.
    moved = [pair for k, pair in enumerate(pairs) if k not in chain and not _short(old[pair[0]])]
    return backbone, moved


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # position of that tail
    before: list[int] = [-1] * len(values)
    for k, value in enumerate(values):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[length] = value
            tail_at[length] = k
        before[k] = tail_at[length - 1] if length else -1
    chain: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        chain.append(k)
        k = before[k]
    return chain[::-1]


# --- pass 2: gaps between anchors ------------------------------------------------------------------------------------


def _short(text: str) -> bool:
    return len(text) < SHORT_CHARS


def _fill_gaps(old: list[str], new: list[str], anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Align each stretch between consecutive anchors and return the whole monotone backbone, in order."""
    backbone: list[tuple[int, int]] = []
    previous = (-1, -1)
    for anchor in [*anchors, (len(old), len(new))]:
        gap_old = range(previous[0] + 1, anchor[0])
        gap_new = range(previous[1] + 1, anchor[1])
        if gap_old and gap_new:
            backbone.extend(_align_gap(old, new, gap_old, gap_new))
        if anchor[0] < len(old):
            backbone.append(anchor)
        previous = anchor
    return backbone


def _align_gap(old: list[str], new: list[str], gap_old: range, gap_new: range) -> list[tuple[int, int]]:
    """Heaviest order-keeping chain of similar pairs, then pair lone leftovers by position."""
    candidates = _candidates(old, new, gap_old, gap_new)
    chain = _heaviest_chain(candidates)
    return _by_position(old, new, chain, gap_old, gap_new)


def _candidates(old: list[str], new: list[str], gap_old: range, gap_new: range) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) worth aligning: similar enough, and equal text for short paragraphs."""
    found: list[tuple[int, int, float]] = []
    for rows, cols in _blocks(gap_old, gap_new):
        for r, c, score in _similar([old[i] for i in rows], [new[j] for j in cols], EDIT_THRESHOLD):
            i, j = rows[r], cols[c]
            if (_short(old[i]) or _short(new[j])) and score < SHORT_THRESHOLD:
                continue
            found.append((i, j, score))
    return found


def _similar(a: list[str], b: list[str], cutoff: float) -> list[tuple[int, int, float]]:
    """Pairs (row in a, column in b, `fuzz.ratio`) scoring at least `cutoff`.

    Comparing every pair letter by letter is what costs (3,000 x 3,000 long paragraphs take seconds), so a cheap
    filter goes first: the same comparison on word numbers, which is several times faster, and where unrelated
    paragraphs score far lower (99% under 0.3 on the bench books) while an edit of a third of the words stays above
    0.6. Words are lower-cased letters and digits only, so punctuation and case changes do not hide a match.
    """
    if not a or not b:
        return []
    numbers: dict[str, int] = {}
    a_words = [[numbers.setdefault(w, len(numbers)) for w in _WORD.findall(text.lower())] for text in a]
    b_words = [[numbers.setdefault(w, len(numbers)) for w in _WORD.findall(text.lower())] for text in b]
    rough = process.cdist(a_words, b_words, scorer=Indel.normalized_similarity, score_cutoff=WORD_FILTER,
                          dtype=np.float32, workers=-1)
    found: list[tuple[int, int, float]] = []
    for r, c in zip(*np.nonzero(rough), strict=True):
        score = fuzz.ratio(a[r], b[c], score_cutoff=cutoff)
        if score:
            found.append((int(r), int(c), score))
    return found


def _blocks(gap_old: range, gap_new: range) -> list[tuple[range, range]]:
    """The parts of a gap to compare: all of it if small, else row blocks against a window around the diagonal.

    The window follows the straight line from one corner of the gap to the other, widened by the difference in
    lengths, since paragraphs inserted or removed inside the gap shift the rest by at most that much.
    """
    n, m = len(gap_old), len(gap_new)
    if n * m <= FULL_GAP_PAIRS:
        return [(gap_old, gap_new)]
    margin = WINDOW + abs(n - m)
    blocks: list[tuple[range, range]] = []
    for start in range(0, n, BLOCK_ROWS):
        stop = min(n, start + BLOCK_ROWS)
        low = max(0, start * m // n - margin)
        high = min(m, stop * m // n + margin)
        blocks.append((gap_old[start:stop], gap_new[low:high]))
    return blocks


def _heaviest_chain(candidates: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Pairs strictly increasing in both indexes with the largest total similarity.

    Sorted by old index, and by new index descending within one old index so that one old paragraph cannot chain with
    itself; a Fenwick tree over new indexes gives the best chain ending before each column in O(log n).
    """
    if not candidates:
        return []
    columns = sorted({j for _, j, _ in candidates})
    rank = {j: k + 1 for k, j in enumerate(columns)}
    tree_best = [0.0] * (len(columns) + 1)
    tree_at = [-1] * (len(columns) + 1)
    order = sorted(range(len(candidates)), key=lambda k: (candidates[k][0], -candidates[k][1]))
    total = [0.0] * len(candidates)
    before = [-1] * len(candidates)
    for k in order:
        _, j, score = candidates[k]
        best, at = 0.0, -1
        position = rank[j] - 1
        while position > 0:  # best chain over columns strictly before j
            if tree_best[position] > best:
                best, at = tree_best[position], tree_at[position]
            position -= position & -position
        total[k], before[k] = best + score, at
        position = rank[j]
        while position <= len(columns):
            if total[k] > tree_best[position]:
                tree_best[position], tree_at[position] = total[k], k
            position += position & -position
    k = max(range(len(candidates)), key=lambda c: (total[c], -candidates[c][0]))
    chain: list[tuple[int, int]] = []
    while k != -1:
        chain.append((candidates[k][0], candidates[k][1]))
        k = before[k]
    return chain[::-1]


def _by_position(old: list[str], new: list[str], chain: list[tuple[int, int]], gap_old: range,
                 gap_new: range) -> list[tuple[int, int]]:
    """Add the pairs that position vouches for: leftovers between the same two neighbours, as many old as new
    (at most `PLACED_RUN`), paired in order.

    This is how short paragraphs ("CHAPTER II" renamed "CHAPTER 2") and heavily edited ones get matched; a lower bar
    than `EDIT_THRESHOLD` still keeps an unrelated paragraph that replaced a removed one from being called an edit,
    unless both are short, where only position is left to go by.
    """
    result: list[tuple[int, int]] = []
    previous = (gap_old.start - 1, gap_new.start - 1)
    for pair in [*chain, (gap_old.stop, gap_new.stop)]:
        count = pair[0] - previous[0] - 1
        if 0 < count <= PLACED_RUN and pair[1] - previous[1] - 1 == count:
            for i, j in zip(range(previous[0] + 1, pair[0]), range(previous[1] + 1, pair[1]), strict=True):
                both_short = _short(old[i]) and _short(new[j])
                if both_short or fuzz.ratio(old[i], new[j]) >= PLACED_THRESHOLD:
                    result.append((i, j))
        if pair[0] < gap_old.stop:
            result.append(pair)
        previous = pair
    return result


# --- pass 3: moves ---------------------------------------------------------------------------------------------------


def _moves(old: list[str], new: list[str], backbone: list[tuple[int, int]],
           taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Leftover pairs that are clearly the same paragraph, best first, each paragraph used once."""
    used_old = {i for i, _ in backbone} | {i for i, _ in taken}
    used_new = {j for _, j in backbone} | {j for _, j in taken}
    rest_old = [i for i in range(len(old)) if i not in used_old]
    rest_new = [j for j in range(len(new)) if j not in used_new]
    if not rest_old or not rest_new:
        return []
    # Best first; between equal scores (a duplicated paragraph) the old copy nearest the new place, in proportion.
    scale = len(new) / len(old)
    pairs = sorted(_similar([old[i] for i in rest_old], [new[j] for j in rest_new], MOVE_THRESHOLD),
                   key=lambda rcs: (-rcs[2], abs(rest_old[rcs[0]] * scale - rest_new[rcs[1]]), rcs[0], rcs[1]))
    moves: list[tuple[int, int]] = []
    seen_rows: set[int] = set()
    seen_cols: set[int] = set()
    for r, c, _ in pairs:
        i, j = rest_old[r], rest_new[c]
        if r in seen_rows or c in seen_cols or ((_short(old[i]) or _short(new[j])) and old[i] != new[j]):
            continue
        seen_rows.add(r)
        seen_cols.add(c)
        moves.append((i, j))
    return moves


# --- result ----------------------------------------------------------------------------------------------------------


def _changes(old: list[str], new: list[str], backbone: list[tuple[int, int]],
             moves: list[tuple[int, int]]) -> list[Change]:
    """One Change per paragraph or matched pair, in the documented order."""
    keyed: list[tuple[tuple[int, int, int], Change]] = []
    for i, j in backbone:
        kind = UNCHANGED if old[i] == new[j] else EDITED
        keyed.append(((j, 1, i), Change(kind, i, j, _similarity(old[i], new[j]))))
    for i, j in moves:
        keyed.append(((j, 1, i), Change(MOVED, i, j, _similarity(old[i], new[j]))))
    matched_old = {i for i, _ in backbone} | {i for i, _ in moves}
    matched_new = {j for _, j in backbone} | {j for _, j in moves}
    keyed.extend(((j, 1, -1), Change(INSERTED, None, j, 0.0)) for j in range(len(new)) if j not in matched_new)
    # A removed paragraph goes where it used to be: before the new place of the next old paragraph on the backbone.
    backbone_old = [i for i, _ in backbone]
    for i in range(len(old)):
        if i not in matched_old:
            k = bisect.bisect_right(backbone_old, i)
            place = backbone[k][1] if k < len(backbone) else len(new)
            keyed.append(((place, 0, i), Change(REMOVED, i, None, 0.0)))
    keyed.sort(key=lambda item: item[0])
    return [change for _, change in keyed]


def _similarity(a: str, b: str) -> float:
    return 1.0 if a == b else round(fuzz.ratio(a, b) / 100, 4)
