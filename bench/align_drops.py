#!/usr/bin/env python3
"""How often the aligner finds a paragraph missing from one side of a real text.

Paragraph gold of the shared data has few omissions, so this takes texts aligned 1-1
and removes one paragraph at a time, from either side, and counts how often the aligner
answers with a 1-0 (or 0-1) bead for exactly that paragraph.  It also prints the highest
confidence of the beads that took the missing paragraph in instead (a reviewer trusts a
confident bead, so those are the costly misses).

    python bench/align_drops.py [--data DIR] [--compare]

Texts: the seed release and its French version (seeds/, 7 paragraphs a side, every one
removed in turn) and the first 60 paragraphs of the two paragraph books of
transread-en-fr (gold 1-1 there; every fourth paragraph from the sixth removed).
``--compare`` also runs without whole-unit omissions (``ClauseStep.unit_null_factor`` 0), and
without straightening omissions that a nearby merge pays back (``AlignOptions.straighten_span`` 1).
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.align import AlignOptions, align  # noqa: E402
from workbench.align.cli import read_units  # noqa: E402

BOOKS = ("AlicesAdventuresInWonderland", "VingtMilleLieuesSousLesMers")


def paragraphs(path: Path) -> list[str]:
    """One paragraph per non-blank line, as the command line reads sentence files."""
    return read_units(str(path), "sentence")[0]


def texts(data: Path) -> list[tuple[str, list[str], list[str], range]]:
    """(name, source, target, positions to remove) of every text measured."""
    seed = REPO / "seeds" / "000_dba64a9451c2ed29"
    out = [("seed release", paragraphs(seed.with_suffix(".txt")), paragraphs(seed.with_suffix(".fr.txt")), range(7))]
    for book in BOOKS:
        folder = data / "transread-en-fr" / book / "para"
        out.append((book, paragraphs(folder / "source.txt")[:60], paragraphs(folder / "target.txt")[:60],
                    range(5, 55, 4)))
    return out


def measure(source: list[str], target: list[str], positions: range, options: AlignOptions
            ) -> tuple[int, int, list[float]]:
    """Drops found, drops tried, and the top confidence of the wrong beads of every miss."""
    found = tried = 0
    wrong: list[float] = []
    for k in positions:
        for side in ("target", "source"):
            if side == "target":
                src, tgt, want = source, target[:k] + target[k + 1:], ((k,), ())
            else:
                src, tgt, want = source[:k] + source[k + 1:], target, ((), (k,))
            beads = align(src, tgt, options=options)
            tried += 1
            if any((b.source, b.target) == want for b in beads):
                found += 1
            else:
                merged = [b.confidence for b in beads if len(b.source) + len(b.target) > 2]
                wrong.append(max(merged, default=0.0))
    return found, tried, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "align-data")
    parser.add_argument("--compare", action="store_true",
                        help="also without whole-unit omissions, and without straightening")
    args = parser.parse_args()
    default = AlignOptions()
    runs = [("whole-unit omissions", default)]
    if args.compare:
        runs.append(("clause by clause", replace(default, paragraph_step=replace(default.paragraph_step,
                                                                                 unit_null_factor=0.0))))
        runs.append(("no straightening of paid-back omissions", replace(default, straighten_span=1)))
    for label, options in runs:
        print(f"== {label}")
        total = total_tried = confident = 0
        start = time.perf_counter()
        for name, source, target, positions in texts(args.data):
            found, tried, wrong = measure(source, target, positions, options)
            sure = sum(1 for c in wrong if c >= 0.9)
            print(f"{name:32} found {found:3} / {tried:3}   misses at confidence >= 0.9: {sure}")
            total, total_tried, confident = total + found, total_tried + tried, confident + sure
        print(f"{'all':32} found {total:3} / {total_tried:3}   misses at confidence >= 0.9: {confident}"
              f"   ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
