"""Sentence pairs for bench/memory.py: real English–French sentences from the dev bitexts, varied into a million.

The transread books in ../shared/align-data give about 2,500 one-to-one English–French sentence pairs. A million
units are made of them the way a memory of official texts fills up: each real pair as it is, the same sentence with
a word changed, dropped or a number altered (the near-duplicates a memory holds), and new sentences spliced from the
first half of one pair and the second half of another (so most units are distinct but share words with others).
The same seed gives the same memory and the same 200 queries.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "align-data"
_BEAD = re.compile(r"^\[(\d+)\]:\[(\d+)\]$")
_SPACE_BEFORE = re.compile(r" ([,.;:!?)'»]|n't|'s|'ll|'re|'ve|'d|'m)")
_SPACE_AFTER = re.compile(r"([(«'’]) ")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # "exact", "fuzzy" or "none"


def detokenise(line: str) -> str:
    """The bitexts are tokenised ("Alice 's ."); a memory holds text as written."""
    text = _SPACE_BEFORE.sub(r"\1", line.strip())
    return _SPACE_AFTER.sub(r"\1", text) if "'" not in text[:2] else text


def real_pairs(data: Path = DATA) -> list[tuple[str, str]]:
    """The one-to-one sentence beads of the English–French books, detokenised, long enough to be sentences."""
    pairs: list[tuple[str, str]] = []
    for book in sorted((data / "transread-en-fr").iterdir()):
        if not (book / "gold.txt").exists():
            continue
        source = [line for line in (book / "source.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        target = [line for line in (book / "target.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        for bead in (book / "gold.txt").read_text(encoding="utf-8").split():
            found = _BEAD.match(bead)
            if found:
                en, fr = detokenise(source[int(found[1])]), detokenise(target[int(found[2])])
                if len(en.split()) >= 4:
                    pairs.append((en, fr))
    return pairs


def unseen_sentences(data: Path = DATA) -> list[str]:
    """English sentences of other texts (the ParIce documents): what a translator types that the memory lacks."""
    lines: list[str] = []
    for folder in sorted((data / "parice-en-is").iterdir()):
        if (folder / "source.txt").exists():
            lines += [detokenise(line) for line in (folder / "source.txt").read_text(encoding="utf-8").splitlines()
                      if len(line.split()) >= 6]  # fmt: skip
    return lines


def vary(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    """The sentence with one small edit: a word replaced, dropped or doubled, or a number put in."""
    words = sentence.split()
    at = rng.randrange(len(words))
    choice = rng.random()
    if choice < 0.4:
        words[at] = rng.choice(vocabulary)
    elif choice < 0.6 and len(words) > 4:
        del words[at]
    elif choice < 0.8:
        words.insert(at, str(rng.randrange(2, 2030)))
    else:
        words.insert(at, rng.choice(vocabulary))
    return " ".join(words)


def splice(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str]:
    def halves(a: str, b: str) -> str:
        left, right = a.split(), b.split()
        return " ".join(left[: max(2, len(left) // 2)] + right[len(right) // 2:])

    return halves(first[0], second[0]), halves(first[1], second[1])


def units(count: int, pairs: list[tuple[str, str]], seed: int = 22) -> Iterator[tuple[str, str]]:
    """`count` distinct (source, target) pairs: every real pair once, then a third near-duplicates, two thirds
    spliced."""
    rng = random.Random(seed)
    vocabulary = sorted({word for en, _fr in pairs for word in en.split() if word.isalpha()})
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        if len(seen) < count and pair not in seen:
            seen.add(pair)
            yield pair
    while len(seen) < count:
        base = rng.choice(pairs)
        if rng.random() < 1 / 3:
            made = vary(base[0], rng, vocabulary), base[1]
        else:
            made = splice(base, rng.choice(pairs))
        if made not in seen:
            seen.add(made)
            yield made


def queries(pairs: list[tuple[str, str]], unseen: list[str], count: int = 200, seed: int = 6) -> list[Query]:
    """What translators look up: 35% sentences the memory holds, 40% with an edit or two, 25% it has not seen."""
    rng = random.Random(seed)
    vocabulary = sorted({word for en, _fr in pairs for word in en.split() if word.isalpha()})
    exact = [Query(rng.choice(pairs)[0], "exact") for _ in range(count * 35 // 100)]
    fuzzy = []
    for _ in range(count * 40 // 100):
        text = rng.choice(pairs)[0]
        for _edit in range(rng.choice((1, 1, 2))):
            text = vary(text, rng, vocabulary)
        fuzzy.append(Query(text, "fuzzy"))
    none = [Query(text, "none") for text in rng.sample(unseen, count - len(exact) - len(fuzzy))]
    found = exact + fuzzy + none
    rng.shuffle(found)
    return found
