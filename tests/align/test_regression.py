"""A quick quality floor on a real gold document (copied into tests/align/data)."""
from __future__ import annotations

import re
from pathlib import Path

from workbench.align import align

from .helpers import alice_slice

DATA = Path(__file__).resolve().parent / "data"
Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _gold(path: Path) -> list[Pair]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\[([^\]]*)\]:\[([^\]]*)\]", line.strip())
        if m:
            out.append(tuple(tuple(int(x) for x in g.split(",") if x.strip()) for g in m.groups()))
    return out  # type: ignore[return-value]


def _strict_f1(gold: list[Pair], test: list[Pair]) -> float:
    # Same convention as the shared scorer: precision over all predicted beads, recall over
    # gold beads with both sides non-empty against predicted beads with both sides non-empty.
    g, t = set(gold), set(test)
    precision = len(g & t) / len(t)
    g_full = {b for b in g if b[0] and b[1]}
    t_full = {b for b in t if b[0] and b[1]}
    recall = len(g_full & t_full) / len(g_full)
    return 2 * precision * recall / (precision + recall)


def test_small_dev_document_f1_floor() -> None:
    src = (DATA / "source.txt").read_text(encoding="utf-8").splitlines()
    tgt = (DATA / "target.txt").read_text(encoding="utf-8").splitlines()
    beads = align([s for s in src if s.strip()], [t for t in tgt if t.strip()])
    f1 = _strict_f1(_gold(DATA / "gold.txt"), [(b.source, b.target) for b in beads])
    assert f1 >= 0.85, f1


def test_paragraph_slice_f1_floor_and_a_moved_sentence() -> None:
    # Paragraph units: "Alice considered a little, and then said 'The fourth.'" opens source
    # paragraph 81 but closes target paragraph 80, so gold pairs 80-81 with 80-81.
    para = DATA / "para"
    src, tgt = alice_slice()
    beads = [(b.source, b.target) for b in align(src, tgt)]
    assert ((80, 81), (80, 81)) in beads
    # Aligned as whole units the slice scores 0.970 (the moved sentences are invisible).
    assert _strict_f1(_gold(para / "gold.txt"), beads) >= 0.98
