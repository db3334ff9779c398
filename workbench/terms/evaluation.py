"""How good the term proposals are: the dev bitexts' gold sentence pairs in, the precision of the best proposals
out, judged against a hand-made list of correct term pairs (tests/data/term_pairs_en_fr.csv)."""
from __future__ import annotations

import ast
import csv
from pathlib import Path

from workbench.terms.matching import tokenize
from workbench.terms.proposals import Candidate


def gold_sentence_pairs(folder: Path) -> list[tuple[str, str]]:
    """The one-to-one beads of a document of ../shared/align-data (`pair`, `source.txt`, `target.txt`,
    `gold.txt`), as (English, French) whatever the document's direction; many-to-one beads are left out, as the
    memory would leave out a sentence pairing it is not sure of."""
    languages = (folder / "pair").read_text(encoding="utf-8").split()
    source = [line for line in (folder / "source.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    target = [line for line in (folder / "target.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs: list[tuple[str, str]] = []
    for line in (folder / "gold.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        left, right = line.split(":")
        sources, targets = ast.literal_eval(left), ast.literal_eval(right)
        if len(sources) == 1 and len(targets) == 1:
            pair = (source[sources[0]], target[targets[0]])
            pairs.append(pair if languages[0] == "en" else (pair[1], pair[0]))
    return pairs


def judged_pairs(path: Path) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The hand-made list (columns source,target; a term with several correct translations has several lines),
    as lemma keys, so an inflected or differently capitalised proposal of a listed pair counts as correct."""
    with path.open(encoding="utf-8", newline="") as file:
        return {(_keys(row["source"], "en"), _keys(row["target"], "fr")) for row in csv.DictReader(file)}


def _keys(phrase: str, language: str) -> tuple[str, ...]:
    return tuple(token.key for token in tokenize(phrase, language))


def precision(found: list[Candidate], judged: set[tuple[tuple[str, ...], tuple[str, ...]]], *, top: int = 50
              ) -> tuple[float, list[tuple[Candidate, bool]]]:  # fmt: skip
    """The share of the `top` best proposals that the list holds, and each of them with its verdict."""
    verdicts = [(c, (_keys(c.source_phrase, "en"), _keys(c.target_phrase, "fr")) in judged) for c in found[:top]]
    return (sum(ok for _c, ok in verdicts) / len(verdicts) if verdicts else 0.0), verdicts
