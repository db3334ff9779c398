from __future__ import annotations

from collections.abc import Sequence

from workbench.align import Bead


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
