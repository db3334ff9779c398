#!/usr/bin/env python3
"""Passages one side has and the other lacks, in a sentence alignment.

A translation may add passages (a translator's note, a section for its own readers) or
leave some out.  This takes the 1x text of align_speed.py (the dev texts concatenated,
~6,600 sentences a side, paragraphs marked), aligns it as it is, then inserts passages
of S sentences as paragraphs of their own into one side, every so many paragraphs, and
aligns again.  A passage is taken from half the text away, so it is in the right
language but translates nothing near it.  Printed per case: how many sentence pairs of
the plain alignment are still there, how many inserted sentences were paired with
something (they should all be omitted), how many passages came out as one bead, and the
time of the call.

    python bench/align_passages.py [--data DIR] [--compare] [--factor 4 [--everywhere]]

``--compare`` also runs without whole-paragraph omissions (``paragraph_null_factor`` 0).
``--factor 4`` takes the 4x text instead (~26,000 sentences a side, beyond
``paragraph_null_cells``, so aligned without them, as a long text is), and
``--everywhere`` lifts that limit, to measure what they would do there.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from align_speed import build_inputs, with_passages  # noqa: E402

from workbench.align import AlignOptions, align  # noqa: E402
from workbench.align.cli import read_units  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "align-data"
# (passages, sentences each)
CASES = [(60, 5), (40, 10), (20, 30), (10, 100)]
LONG_CASES = [(40, 30), (20, 100), (10, 300)]

Text = tuple[list[str], list[int]]


def pairs(beads: list) -> set[tuple[int, int]]:
    return {(i, j) for b in beads for i in b.source for j in b.target}


def run_case(src: Text, tgt: Text, side: str, count: int, size: int, plain: set[tuple[int, int]],
             opts: AlignOptions) -> str:
    (su, sb), (tu, tb) = src, tgt
    origin_s = list(range(len(su)))
    origin_t = list(range(len(tu)))
    if side == "target":
        tu, tb, origin_t = with_passages(tu, tb, count, size)
    else:
        su, sb, origin_s = with_passages(su, sb, count, size)
    t0 = time.perf_counter()
    beads = align(su, tu, source_breaks=sb, target_breaks=tb, options=opts)
    seconds = time.perf_counter() - t0
    found = {(origin_s[i], origin_t[j]) for i, j in pairs(beads) if origin_s[i] >= 0 and origin_t[j] >= 0}
    inserted = origin_t if side == "target" else origin_s
    paired = sum(1 for b in beads for k in (b.target if side == "target" else b.source)
                 if inserted[k] < 0 and b.source and b.target)
    whole = sum(1 for b in beads if len(b.target if side == "target" else b.source) == size
                and not (b.source if side == "target" else b.target)
                and all(inserted[k] < 0 for k in (b.target if side == "target" else b.source)))
    return (f"{side:6s} {count:3d} x {size:3d} | {len(found & plain):5d} / {len(plain)} | "
            f"{paired:5d} / {count * size:5d} | {whole:3d} / {count:3d} | {seconds:5.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--compare", action="store_true", help="also without whole-paragraph omissions")
    ap.add_argument("--factor", type=int, default=1, help="size of the text relative to 1x (1 or more)")
    ap.add_argument("--everywhere", action="store_true", help="paragraph omissions whatever the text's size")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="align-passages-") as tmp:
        _, sp, tp, _, _ = build_inputs(args.data, 6000, max(args.factor, 1), 0, Path(tmp))[min(args.factor, 2) - 1]
        src, tgt = read_units(str(sp), "sentence"), read_units(str(tp), "sentence")
    base = AlignOptions()
    if args.everywhere:
        base = replace(base, paragraph_null_cells=2**62)
    cases = CASES if args.factor <= 1 else LONG_CASES
    settings = [("paragraph omissions", base)]
    if args.compare:
        settings.append(("none", replace(base, paragraph_null_factor=0.0)))
    for label, opts in settings:
        plain = pairs(align(src[0], tgt[0], source_breaks=src[1], target_breaks=tgt[1], options=opts))
        print(f"whole-paragraph omissions: {label}")
        print("side   passages   | plain pairs kept | inserted paired | one bead | seconds")
        for side in ("target", "source"):
            for count, size in cases:
                print(run_case(src, tgt, side, count, size, plain, opts), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
