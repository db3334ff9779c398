"""Benchmark `workbench.documents.versions.match_versions` on real books revised with known edits (issue 24).

What it measures: the English side of every dev bitext (`/work/shared/align-data/transread-en-fr/*/source.txt`, one
sentence a line) is grouped into paragraphs of 1-4 sentences, then revised with edits whose truth is recorded:
10% of paragraphs edited (1-30% of their words changed, added or deleted), 5% removed, 5% new paragraphs inserted
(sentences of another book) and 1% moved elsewhere (half of those also edited). The matcher's answer is compared with
the truth, per book and in all: the share of paragraphs classified right (the kind, and for matched ones the right
counterpart), the confusion between kinds and the time. Then a 3,000-paragraph document (the books concatenated, in
several groupings, so with some duplicate paragraphs) is revised the same way and timed against the 5 s target.

Targets: share right >= 99%; 3,000 paragraphs matched in under 5 s.

Run: `.venv/bin/python bench/revisions.py` from the repository root (no Django, no database). `--seed N` changes the
random edits.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbench.documents.versions import Change, match_versions  # noqa: E402

DATA = Path("/work/shared/align-data/transread-en-fr")
KINDS = ("unchanged", "edited", "inserted", "removed", "moved")
TARGET_RIGHT = 0.99
TARGET_SECONDS = 5.0
BIG = 3000

EDIT_SHARE, INSERT_SHARE, REMOVE_SHARE, MOVE_SHARE = 0.10, 0.05, 0.05, 0.01
# Words used to replace or add: common enough to look like a real correction.
FILLER = ("very", "old", "little", "quite", "then", "again", "perhaps", "indeed", "house", "long", "great", "still",
          "never", "always", "white", "small", "once", "night", "morning", "said", "thought", "suddenly", "door")


def detokenise(line: str) -> str:
    """Undo the tokeniser's spaces before punctuation and in contractions, lightly."""
    line = re.sub(r" ([.,;:!?)\]])", r"\1", line)
    line = re.sub(r"([(\[]) ", r"\1", line)
    return re.sub(r" ('s|'t|'ll|'re|'ve|'d|'m|n't)\b", r"\1", line).strip()


def sentences(book: Path) -> list[str]:
    lines = (book / "source.txt").read_text(encoding="utf-8").splitlines()
    return [detokenise(line) for line in lines if line.strip()]


def paragraphs(lines: list[str], rng: random.Random) -> list[str]:
    """Consecutive sentences grouped 1-4 at a time."""
    result: list[str] = []
    k = 0
    while k < len(lines):
        size = rng.randint(1, 4)
        result.append(" ".join(lines[k:k + size]))
        k += size
    return result


def edit(text: str, rng: random.Random) -> str:
    """Change, add or delete 1-30% of the words (at least one), so the text really differs."""
    words = text.split()
    count = max(1, round(len(words) * rng.uniform(0.01, 0.30)))
    for _ in range(count):
        action = rng.choice(("change", "add", "delete")) if len(words) > 1 else rng.choice(("change", "add"))
        at = rng.randrange(len(words))
        if action == "change":
            words[at] = rng.choice([w for w in FILLER if w != words[at]])
        elif action == "add":
            words.insert(at, rng.choice(FILLER))
        else:
            del words[at]
    edited = " ".join(words)
    return edited if edited != " ".join(text.split()) else edited + " " + rng.choice(FILLER)


@dataclass
class Revision:
    old: list[str]
    new: list[str]
    truth: set[tuple[str, int | None, int | None]]


def revise(old: list[str], donor: list[str], rng: random.Random) -> Revision:
    """Apply the edits and record, for every paragraph, what really happened."""
    n = len(old)
    picks = list(range(n))
    rng.shuffle(picks)
    n_edit, n_remove, n_move = round(n * EDIT_SHARE), round(n * REMOVE_SHARE), max(1, round(n * MOVE_SHARE))
    removed = set(picks[:n_remove])
    moved = set(picks[n_remove:n_remove + n_move])
    edited = set(picks[n_remove + n_move:n_remove + n_move + n_edit])
    # Items: (old index or None, text, kind); the new version is their order after moves and insertions.
    items: list[tuple[int | None, str, str]] = []
    for i, text in enumerate(old):
        if i in removed or i in moved:
            continue
        items.append((i, edit(text, rng) if i in edited else text, "edited" if i in edited else "unchanged"))
    for i in sorted(moved):
        text = edit(old[i], rng) if rng.random() < 0.5 else old[i]
        here = next((k for k, item in enumerate(items) if item[0] is not None and item[0] > i), len(items))
        # Far enough that the move is unambiguous (a step of one is the same as its neighbour stepping back).
        choices = [k for k in range(len(items) + 1) if abs(k - here) >= 5] or [0]
        items.insert(rng.choice(choices), (i, text, "moved"))
    for _ in range(round(n * INSERT_SHARE)):
        start = rng.randrange(len(donor))
        text = " ".join(donor[start:start + rng.randint(1, 4)])
        items.insert(rng.randrange(len(items) + 1), (None, text, "inserted"))
    new = [text for _, text, _ in items]
    truth: set[tuple[str, int | None, int | None]] = {(kind, i, j) for j, (i, _, kind) in enumerate(items)}
    truth |= {("removed", i, None) for i in removed}
    return Revision(old, new, truth)


@dataclass
class Score:
    right: int = 0
    total: int = 0
    seconds: float = 0.0
    confusion: Counter[tuple[str, str]] | None = None


def score(revision: Revision, changes: list[Change]) -> Score:
    """Right = the exact (kind, old, new) of the truth was returned; confusion = truth kind against answer kind."""
    answer = {(c.kind, c.old, c.new) for c in changes}
    by_old = {c.old: c.kind for c in changes if c.old is not None}
    by_new = {c.new: c.kind for c in changes if c.new is not None}
    confusion: Counter[tuple[str, str]] = Counter()
    right = 0
    for kind, i, j in revision.truth:
        if (kind, i, j) in answer:
            right += 1
            confusion[(kind, kind)] += 1
        else:
            got = by_old.get(i) if i is not None else by_new.get(j)
            confusion[(kind, f"{got}*" if got == kind else str(got))] += 1
    return Score(right, len(revision.truth), 0.0, confusion)


def run(revision: Revision) -> Score:
    start = time.perf_counter()
    changes = match_versions(revision.old, revision.new)
    seconds = time.perf_counter() - start
    result = score(revision, changes)
    result.seconds = seconds
    return result


def print_confusion(confusion: Counter[tuple[str, str]]) -> None:
    """Rows: truth; columns: answer ('x*' = right kind, wrong counterpart)."""
    columns = [*KINDS, *sorted({got for _, got in confusion} - set(KINDS))]
    print("    truth \\ answer " + "".join(f"{c:>11}" for c in columns))
    for kind in KINDS:
        print(f"    {kind:<17}" + "".join(f"{confusion[(kind, c)]:>11}" for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    books = {path.name: sentences(path) for path in sorted(DATA.iterdir()) if (path / "source.txt").exists()}
    names = list(books)
    overall = Score(confusion=Counter())
    print(f"{'book':<30}{'paragraphs':>11}{'right':>9}{'share':>9}{'seconds':>10}")
    for k, name in enumerate(names):
        donor = books[names[(k + 1) % len(names)]]
        revision = revise(paragraphs(books[name], rng), donor, rng)
        result = run(revision)
        print(f"{name:<30}{len(revision.old):>11}{result.right:>9}{result.right / result.total:>9.2%}"
              f"{result.seconds:>10.3f}")
        overall.right += result.right
        overall.total += result.total
        overall.seconds += result.seconds
        assert result.confusion is not None and overall.confusion is not None
        overall.confusion.update(result.confusion)
    share = overall.right / overall.total
    print(f"{'all':<30}{'':>11}{overall.right:>9}{share:>9.2%}{overall.seconds:>10.3f}"
          f"   target >= {TARGET_RIGHT:.0%}: {'met' if share >= TARGET_RIGHT else 'NOT met'}")
    assert overall.confusion is not None
    print_confusion(overall.confusion)

    # The big document: the books but the first in turn, grouped anew each round (different paragraphs, some
    # duplicates); the first book gives the inserted paragraphs, so they are really new.
    big: list[str] = []
    while len(big) < BIG:
        for name in names[1:]:
            big.extend(paragraphs(books[name], rng))
    big = big[:BIG]
    revision = revise(big, books[names[0]], rng)
    result = run(revision)
    print(f"\n{BIG} paragraphs ({len(revision.new)} in the revision): {result.seconds:.3f} s, "
          f"{result.seconds / TARGET_SECONDS:.1%} of the {TARGET_SECONDS:.0f} s target "
          f"({'met' if result.seconds < TARGET_SECONDS else 'NOT met'}); share right {result.right / result.total:.2%}")
    assert result.confusion is not None
    print_confusion(result.confusion)


if __name__ == "__main__":
    main()
