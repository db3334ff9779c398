"""Every operation keeps the rows whole: each unit once, in order, no empty row (property-based)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.reviews import beads

ONE_SIDED = {"split", "move", "insert-empty"}
OPERATIONS = ["merge", "split", "move", "insert-empty", "confirm", "confirm-above", "unconfirm", "realign"]


def initial(source_count: int, target_count: int) -> list[beads.Row]:
    """A plausible starting proposal: pair units one to one, leftovers alone."""
    rows = [beads.Row((i,), (i,), 0.9) for i in range(min(source_count, target_count))]
    rows += [beads.Row((i,), ()) for i in range(target_count, source_count)]
    rows += [beads.Row((), (j,)) for j in range(source_count, target_count)]
    return rows


def naive_aligner(source: list[int], target: list[int]) -> list[beads.Row]:
    """Stands in for the real aligner: any rows over exactly these units will do for the invariants."""
    return [beads.Row(tuple(source), tuple(target), 0.5)] if source or target else []


def apply(rows: list[beads.Row], operation: str, index: int, side: str, at: int, direction: str) -> list[beads.Row]:
    # Split, move and insert-empty act on one side; "both" stands for a side here so they are tried often.
    one_side = "target" if operation == "insert-empty" else "source"
    return beads.apply(rows, operation, index, side=one_side if side == "both" and operation in ONE_SIDED else side,
                       at=at, direction=direction, aligner=naive_aligner)


step = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 12), st.sampled_from(["source", "target", "both"]),
                 st.integers(0, 4), st.sampled_from(["up", "down"]))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8), st.integers(0, 8), st.lists(step, max_size=25))
def test_any_sequence_of_operations_keeps_the_invariants(source_count: int, target_count: int, steps: list) -> None:
    rows = initial(source_count, target_count)
    beads.check(rows, source_count, target_count)
    for operation, index, side, at, direction in steps:
        try:
            rows = apply(rows, operation, index, side, at, direction)
        except beads.OperationError:
            continue  # refused: the rows are unchanged, which the next check also covers
        beads.check(rows, source_count, target_count)


def test_merge_split_move_and_insert_do_what_they_say() -> None:
    rows = [beads.Row((0,), (0,), 0.9, True), beads.Row((1,), (1,), 0.8), beads.Row((2,), (2,), 0.7)]
    merged = beads.merge(rows, 0, "both")
    assert [(r.source, r.target) for r in merged] == [((0, 1), (0, 1)), ((2,), (2,))]
    assert not merged[0].confirmed and merged[0].confidence == 0.8
    source_only = beads.merge(rows, 1, "source")
    assert [(r.source, r.target) for r in source_only] == [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
    assert [(r.source, r.target) for r in beads.split(merged, 0, "target", 1)] == [
        ((0, 1), (0,)), ((), (1,)), ((2,), (2,))
    ]  # fmt: skip
    assert [(r.source, r.target) for r in beads.move(rows, 1, "target", "up")] == [((0,), (0, 1)), ((1,), ()),
                                                                                   ((2,), (2,))]  # fmt: skip
    assert [(r.source, r.target) for r in beads.insert_empty(rows, 1, "source")] == [
        ((0,), (0,)), ((), (1,)), ((1,), ()), ((2,), (2,))
    ]  # fmt: skip
    assert rows[0].confirmed  # operations return new rows and never touch the old ones


def test_realign_keeps_confirmed_rows_fixed() -> None:
    rows = [beads.Row((0,), (0,), 0.9), beads.Row((1,), (1,), 0.9, True), beads.Row((2,), (2,)), beads.Row((3,), (3,))]
    out = beads.realign_from(rows, 0, naive_aligner)
    assert out[1] == rows[1]
    assert [(r.source, r.target) for r in out] == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3))]


def test_refused_operations_say_why() -> None:
    rows = [beads.Row((0,), (0,))]
    for call, code in [
        (lambda: beads.merge(rows, 0), "no-next-row"),
        (lambda: beads.split(rows, 0, "source", 1), "split-between"),
        (lambda: beads.move(rows, 0, "source", "up"), "no-row-above"),
        (lambda: beads.merge(rows, 5), "no-such-row"),
    ]:
        try:
            call()
        except beads.OperationError as error:
            assert str(error) == code
        else:
            raise AssertionError(f"{code} was not raised")


def test_next_unconfirmed_and_lowest_confidence() -> None:
    rows = [beads.Row((0,), (0,), 0.9, True), beads.Row((1,), (1,), 0.3), beads.Row((2,), (2,), 0.6)]
    assert beads.next_unconfirmed(rows) == 1
    assert beads.next_unconfirmed(rows, after=1) == 2
    assert beads.lowest_confidence(rows) == 1
    assert beads.next_unconfirmed(beads.confirm(rows, 2, through=True)) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(0, 8), st.lists(step, max_size=25))
def test_an_undo_entry_gives_back_exactly_the_rows_before(source_count: int, target_count: int, steps: list) -> None:
    """The history keeps only the changed stretch of rows (beads.delta); undoing every step in turn, then redoing
    them, goes through the same states."""
    states = [[row.as_dict() for row in initial(source_count, target_count)]]
    undo: list[dict[str, object]] = []
    rows = initial(source_count, target_count)
    for operation, index, side, at, direction in steps:
        try:
            rows = apply(rows, operation, index, side, at, direction)
        except beads.OperationError:
            continue
        changed = [row.as_dict() for row in rows]
        undo.insert(0, beads.delta(states[-1], changed))
        states.append(changed)
    current, redo = states[-1], []
    for entry, earlier in zip(undo, reversed(states[:-1]), strict=True):
        previous = beads.restore(current, entry)
        assert previous == earlier
        redo.insert(0, beads.delta(current, previous))
        current = previous
    for entry, later in zip(redo, states[1:], strict=True):
        current = beads.restore(current, entry)
        assert current == later


def test_next_doubtful_row_wraps_round_and_skips_confirmed_rows() -> None:
    rows = [beads.Row((0,), (0,), 0.2), beads.Row((1,), (1,), 0.9), beads.Row((2,), (2,), 0.3, True),
            beads.Row((3,), (3,), 0.4)]  # fmt: skip
    assert beads.next_doubtful(rows, below=0.5) == 0
    assert beads.next_doubtful(rows, 0, below=0.5) == 3
    assert beads.next_doubtful(rows, 3, below=0.5) == 0
    assert beads.next_doubtful(beads.confirm(rows, 3, through=True), below=0.5) is None
