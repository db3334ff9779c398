from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.align import Bead
from workbench.align.cli import read_units
from workbench.align.split import split_sentences

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_dba64a9451c2ed29"
# A slice of Alice with paragraph gold (copied from the shared data).
PARA = Path(__file__).resolve().parent / "data" / "para"


def lines(path: Path) -> list[str]:
    """One unit per non-blank line, as the command line reads a sentence file."""
    return read_units(str(path), "sentence")[0]


def seed_release() -> tuple[list[str], list[str]]:
    """The seed news release's passages in English and in French (7 each)."""
    return lines(SEED.with_suffix(".txt")), lines(SEED.with_suffix(".fr.txt"))


def alice_slice() -> tuple[list[str], list[str]]:
    """The Alice slice's English and French paragraphs."""
    return lines(PARA / "source.txt"), lines(PARA / "target.txt")


def alice_sentences() -> tuple[list[list[str]], list[list[str]]]:
    """The Alice slice's English and French paragraphs, each as its list of sentences."""
    src, tgt = alice_slice()
    return [split_sentences(p) for p in src], [split_sentences(p) for p in tgt]


def assert_valid(beads: Sequence[Bead], n: int, m: int) -> None:
    """Monotone, contiguous, complete, non-overlapping, and confidences in [0, 1]."""
    next_s = next_t = 0
    for bead in beads:
        assert bead.source or bead.target, "empty bead"
        assert list(bead.source) == list(range(next_s, next_s + len(bead.source))), beads
        assert list(bead.target) == list(range(next_t, next_t + len(bead.target))), beads
        next_s += len(bead.source)
        next_t += len(bead.target)
        assert 0.0 <= bead.confidence <= 1.0
    assert (next_s, next_t) == (n, m)


def shapes(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]
