#!/usr/bin/env python3
"""Paragraph alignment measured on pseudo-paragraphs built from sentence gold.

Only two books carry paragraph gold, so paragraph settings are also checked on the
sentence sets: consecutive gold beads are joined, 2 to 6 at a time (the grouping drawn
with a seed), into one paragraph a side, and the gold of the joined text is one bead per
group.  A group whose beads are all omissions on one side becomes a paragraph without a
partner.  No paragraph boundary is crossed by construction, so aligning whole paragraphs
is at its best here; the clause step must not lose to it.

    python bench/align_pseudo.py [--data DIR] [--seeds 0 1 2] [--compare] [--stress]

``--compare`` also runs without whole-unit omissions, without the clause step, and without
straightening omissions that a nearby merge pays back (diagonal.py).  ``--stress`` instead
counts, for the aligner made weaker on purpose in several ways (where the straightening
fires more often), the gold beads the straightening fixes and breaks (about a minute).
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from align_eval import document_sets, load_scorer  # noqa: E402

from workbench.align import AlignOptions, align  # noqa: E402
from workbench.align.cli import read_units  # noqa: E402

Bead = tuple[tuple[int, ...], tuple[int, ...]]
# The sentence sets of align_eval.py.
SETS = ("transread-en-fr sentences", "textberg-de-fr dev", "parice-en-is")


def pseudo_paragraphs(doc: Path, scorer: ModuleType, seed: int) -> tuple[list[str], list[str], list[Bead]]:
    """The document's sentences joined into paragraphs along its gold, and their gold."""
    src, tgt = (read_units(str(doc / name), "sentence")[0] for name in ("source.txt", "target.txt"))
    gold = scorer.read_beads(str(doc / "gold.txt"))
    rng = random.Random(seed)
    paras_src: list[str] = []
    paras_tgt: list[str] = []
    beads: list[Bead] = []
    k = 0
    while k < len(gold):
        group = gold[k:k + rng.randint(2, 6)]
        k += len(group)
        s = [i for bead in group for i in bead[0]]
        t = [j for bead in group for j in bead[1]]
        beads.append(((len(paras_src),) if s else (), (len(paras_tgt),) if t else ()))
        if s:
            paras_src.append(" ".join(src[i] for i in s))
        if t:
            paras_tgt.append(" ".join(tgt[j] for j in t))
    return paras_src, paras_tgt, beads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "align-data")
    parser.add_argument("--scorer", type=Path, default=REPO.parent / "shared" / "tools" / "score_alignment.py")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--stress", action="store_true", help="straightening against weakened aligners")
    args = parser.parse_args()
    scorer = load_scorer(args.scorer)
    default = AlignOptions()
    runs = [("clause step, whole-unit omissions", default)]
    if args.compare:
        runs += [("clause step, clauses omitted one by one",
                  replace(default, paragraph_step=replace(default.paragraph_step, unit_null_factor=0.0))),
                 ("whole paragraphs (no clause step)", replace(default, refine=False)),
                 ("no straightening of paid-back omissions", replace(default, straighten_span=1))]
    sets = document_sets(args.data)
    if args.stress:
        stress(sets, scorer, args.seeds)
        return 0
    print(f"{'strict F1 by seed':50}" + "".join(f"{name.split()[0]:>18}" for name in SETS))
    for label, options in runs:
        for seed in args.seeds:
            cells = []
            for name in SETS:
                gold, ours = [], []
                for doc in sets[name]:
                    src, tgt, beads = pseudo_paragraphs(doc, scorer, seed)
                    gold.append(beads)
                    ours.append([(b.source, b.target) for b in align(src, tgt, options=options)])
                cells.append(scorer.score_documents(gold, ours)["strict"]["f1"])
            print(f"{label + f' (seed {seed})':50}" + "".join(f"{f:18.4f}" for f in cells))
    return 0


def _weakened(default: AlignOptions) -> dict[str, AlignOptions]:
    """The aligner made weaker (or sharper) in one respect at a time."""
    def omissions_times(factor: float) -> AlignOptions:
        return replace(default, priors={shape: prior * (factor if 0 in shape else 1.0)
                                        for shape, prior in default.priors.items()})

    return {
        "default": default,
        "no in-text lexicon": replace(default, learn_lexicon=False),
        "length variance x0.5": replace(default, variance=default.variance * 0.5),
        "length variance x2": replace(default, variance=default.variance * 2),
        "evidence weight 0.25": replace(default, evidence_weight=0.25),
        "evidence weight 0 (lengths only)": replace(default, evidence_weight=0.0),
        "temperature x2": replace(default, temperature=default.temperature * 2),
        "omission prior x3": omissions_times(3),
        "omission prior x10": omissions_times(10),
    }


def _fixed_broken(job: tuple[Path, int, AlignOptions, ModuleType]) -> tuple[int, int]:
    doc, seed, options, scorer = job
    src, tgt, gold = pseudo_paragraphs(doc, scorer, seed)
    plain, straight = ({(b.source, b.target) for b in align(src, tgt, options=replace(options, straighten_span=span))}
                       for span in (1, options.straighten_span))
    right = set(gold)
    return len((straight - plain) & right), len((plain - straight) & right)


def stress(sets: dict[str, list[Path]], scorer: ModuleType, seeds: list[int]) -> None:
    print(f"{'aligner':36} gold beads the straightening fixes / breaks (all sets, seeds {seeds})")
    for label, options in _weakened(AlignOptions()).items():
        jobs = [(doc, seed, options, scorer) for name in SETS for doc in sets[name] for seed in seeds]
        counts = [_fixed_broken(job) for job in jobs]
        print(f"{label:36} +{sum(c[0] for c in counts)} -{sum(c[1] for c in counts)}")


if __name__ == "__main__":
    sys.exit(main())
