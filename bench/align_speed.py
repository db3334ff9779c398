#!/usr/bin/env python3
"""Time the aligner on long inputs and compare it with the ``galechurch`` package.

Builds a long bitext by concatenating the development documents (whole documents,
cycled until about 6,000 sentences a side; paragraph marks kept), and the same
text four times over (about 24,000 a side), and that long text against a translation
with an annex the source lacks (``--annex`` lines in the middle, the 1x target's first
lines in reverse order: a long stretch with nothing opposite, which must not widen the
search's band; galechurch is not run on it), and against a translation with ``--passages``
passages of 300 lines inserted at paragraph marks spread over it (``with_passages``: each
taken from half the text away; scattered, each too short to stand out as an annex).  Each
size is aligned by the command line as a whole process (wall time and peak RSS of the
child), then by ``galechurch.align`` (if installed; it is a benchmark peer, not a
dependency) in a child process with a timeout, and the ratios are printed.

    python bench/align_speed.py [--data DIR] [--sentences 6000] [--factor 4] [--annex 3000]
                                [--passages 10] [--peer-timeout 200] [--freedict en-fr]

``--freedict en-fr`` gives our aligner the FreeDict dictionaries of that pair (when installed;
the texts are mostly English-French), to time the given-lexicon evidence.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "align-data"

_PEER_SCRIPT = r"""
import sys, galechurch
def units(p):
    return [l.strip() for l in open(p, encoding='utf-8') if l.strip()]
src, tgt = units(sys.argv[1]), units(sys.argv[2])
# One block for the whole text, as our aligner gets; the default cap refuses large inputs.
res = galechurch.align(src, tgt, max_block_size=(len(src) + 1) * (len(tgt) + 1))
print(len(res.to_pharaoh_lines()))
"""


def documents(data: Path) -> list[Path]:
    docs = sorted(d for d in (data / "transread-en-fr").iterdir() if (d / "gold.txt").is_file())
    docs.append(data / "textberg-de-fr" / "dev")
    docs += sorted(d for d in (data / "parice-en-is").iterdir() if (d / "gold.txt").is_file())
    return docs


def count_units(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


PASSAGE_LINES = 300


def with_passages(units: list[str], starts: list[int], count: int, size: int
                  ) -> tuple[list[str], list[int], list[int]]:
    """The text with ``count`` passages of ``size`` of its own units inserted as paragraphs
    at paragraph marks spread over it, each taken from half the text away (the right
    language, translating nothing near it), and for every unit its index in the plain text
    (-1: inserted).  ``starts``: the unit indices that start a paragraph after the first."""
    bounds = [0, *starts, len(units)]
    paragraphs = [units[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    every = max(1, len(paragraphs) // count)
    out: list[str] = []
    out_starts: list[int] = []
    origin: list[int] = []
    done = 0
    for k, para in enumerate(paragraphs):
        if out:
            out_starts.append(len(out))
        origin += range(bounds[k], bounds[k + 1])
        out += para
        if k % every == every // 2 and done < count:
            at = (bounds[k + 1] + len(units) // 2) % (len(units) - size)
            out_starts.append(len(out))
            out += units[at:at + size]
            origin += [-1] * size
            done += 1
    return out, out_starts, origin


def build_inputs(data: Path, sentences: int, factor: int, annex: int, out: Path, passages: int = 0
                 ) -> list[tuple[str, Path, Path, int, int]]:
    texts = [((d / "source.txt").read_text(encoding="utf-8").strip("\n"),
              (d / "target.txt").read_text(encoding="utf-8").strip("\n")) for d in documents(data)]
    src_parts: list[str] = []
    tgt_parts: list[str] = []
    n = 0
    k = 0
    while n < sentences:
        s, t = texts[k % len(texts)]
        src_parts.append(s)
        tgt_parts.append(t)
        n += count_units(s)
        k += 1
    base_src = "\n\n".join(src_parts) + "\n"
    base_tgt = "\n\n".join(tgt_parts) + "\n"
    sizes = []
    for label, mult in (("1x", 1), (f"{factor}x", factor)):
        sp, tp = out / f"src_{label}.txt", out / f"tgt_{label}.txt"
        sp.write_text("\n".join([base_src] * mult), encoding="utf-8")
        tp.write_text("\n".join([base_tgt] * mult), encoding="utf-8")
        sizes.append((label, sp, tp, count_units(sp.read_text(encoding="utf-8")),
                      count_units(tp.read_text(encoding="utf-8"))))
    if annex > 0:
        # Inserted at a paragraph mark in the middle of the long text's translation.
        label, sp, tp = f"{factor}x+annex", out / f"src_{factor}x.txt", out / "tgt_annex.txt"
        paragraphs = "\n".join([base_tgt] * factor).split("\n\n")
        lines = [line for line in base_tgt.splitlines() if line.strip()][:annex][::-1]
        half = len(paragraphs) // 2
        tp.write_text("\n\n".join(paragraphs[:half] + ["\n".join(lines)] + paragraphs[half:]), encoding="utf-8")
        sizes.append((label, sp, tp, count_units(sp.read_text(encoding="utf-8")),
                      count_units(tp.read_text(encoding="utf-8"))))
    if passages > 0:
        label, sp, tp = f"{factor}x+passages", out / f"src_{factor}x.txt", out / "tgt_passages.txt"
        paragraphs = [[line for line in p.splitlines() if line.strip()]
                      for p in "\n".join([base_tgt] * factor).split("\n\n")]
        units = [line for p in paragraphs for line in p]
        starts = list(accumulate(len(p) for p in paragraphs))[:-1]
        units, starts, _ = with_passages(units, starts, passages, PASSAGE_LINES)
        bounds = [0, *starts, len(units)]
        tp.write_text("\n\n".join("\n".join(units[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)),
                      encoding="utf-8")
        sizes.append((label, sp, tp, count_units(sp.read_text(encoding="utf-8")),
                      count_units(tp.read_text(encoding="utf-8"))))
    return sizes


def timed(cmd: list[str], timeout: float | None = None) -> tuple[float | None, float, str]:
    """Wall seconds (None on timeout), peak RSS in MB of this child, and its stdout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    # RUSAGE_CHILDREN reports the maximum over all children waited for so far, so each
    # measurement runs behind a fresh intermediate process that reports its own child.
    wrapper = (
        "import resource,subprocess,sys,time\n"
        "t=time.perf_counter()\n"
        "p=subprocess.run(sys.argv[2:],stdout=subprocess.PIPE,stderr=subprocess.PIPE,text=True)\n"
        "dt=time.perf_counter()-t\n"
        "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(p.stderr)\n"
        "print(p.returncode,dt,r,len(p.stdout.splitlines()))\n"
    )
    # A session of its own, so that a timeout can end the measured grandchild too.
    proc = subprocess.Popen([sys.executable, "-c", wrapper, "--", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, 0.0, ""
    rc, dt, rss, lines = out.split()
    if rc != "0":
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{err.strip()}")
    return float(dt), int(rss) / 1024.0, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sentences", type=int, default=6000, help="source sentences of the 1x input")
    ap.add_argument("--factor", type=int, default=4, help="size of the long input relative to 1x")
    ap.add_argument("--annex", type=int, default=3000,
                    help="lines of the annex added to the long text's translation (0: none)")
    ap.add_argument("--passages", type=int, default=10,
                    help=f"passages of {PASSAGE_LINES} lines scattered over the long text's translation (0: none)")
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs the aligner")
    ap.add_argument("--peer-timeout", type=float, default=200.0,
                    help="seconds after which a galechurch run is abandoned")
    ap.add_argument("--no-peer", action="store_true", help="skip galechurch")
    ap.add_argument("--freedict", metavar="SRC-TGT", help="our aligner with FreeDict of this pair, when installed")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"error: no gold data at {args.data}", file=sys.stderr)
        return 2
    have_peer = not args.no_peer and importlib.util.find_spec("galechurch") is not None
    if not args.no_peer and not have_peer:
        print("galechurch is not installed (pip install galechurch==0.1.0): skipping the peer")

    with tempfile.TemporaryDirectory(prefix="align-speed-") as tmp:
        sizes = build_inputs(args.data, args.sentences, args.factor, args.annex, Path(tmp), args.passages)
        ours: dict[str, float] = {}
        peer: dict[str, float | None] = {}
        print(f"{'input':<11} {'source':>7} {'target':>7} | {'ours s':>7} {'MB':>6} | "
              f"{'galechurch s':>12} {'MB':>6} | {'speed-up':>8}")
        for label, sp, tp, ns, nt in sizes:
            given = ["--freedict", args.freedict] if args.freedict else []
            dt, rss, _ = timed([args.python, "-m", "workbench.align", "--confidence", *given, str(sp), str(tp)])
            ours[label] = dt or 0.0
            peer_txt = "skipped"
            ratio_txt = "-"
            prss_txt = "-"
            if have_peer and "+" not in label:
                pdt, prss, _ = timed([args.python, "-c", _PEER_SCRIPT, str(sp), str(tp)],
                                     timeout=args.peer_timeout)
                peer[label] = pdt
                if pdt is None:
                    peer_txt = f">{args.peer_timeout:.0f} (timeout)"
                    ratio_txt = f">{args.peer_timeout / ours[label]:.1f}x"
                else:
                    peer_txt = f"{pdt:.2f}"
                    prss_txt = f"{prss:.0f}"
                    ratio_txt = f"{pdt / ours[label]:.1f}x"
            print(f"{label:<11} {ns:>7} {nt:>7} | {ours[label]:7.2f} {rss:6.0f} | {peer_txt:>12} "
                  f"{prss_txt:>6} | {ratio_txt:>8}")
        labels = [s[0] for s in sizes]
        growth = ours[labels[1]] / ours[labels[0]]
        print(f"ours: time({labels[1]}) / time({labels[0]}) = {growth:.2f} "
              f"(linear would be {args.factor}, quadratic {args.factor ** 2})")
        if have_peer and peer.get(labels[0]) and peer.get(labels[1]):
            print(f"galechurch: time({labels[1]}) / time({labels[0]}) = "
                  f"{peer[labels[1]] / peer[labels[0]]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
