"""The rows of an alignment review and the operations a reviewer applies to them.

Plain data, no Django: a row pairs consecutive source units with consecutive target units. Every operation returns
new rows and keeps the invariants that `check` states: reading the rows top to bottom gives every source unit and
every target unit exactly once, in order, and no row is empty on both sides. A changed row loses its confirmation.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

Side = str  # "source" or "target"
SIDES = ("source", "target")


class OperationError(ValueError):
    """An operation that does not apply to these rows; nothing changes. The argument is a stable code that the
    screen turns into a message in the reader's language (alignment.OPERATION_ERRORS)."""


@dataclass(frozen=True)
class Row:
    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float = 1.0
    confirmed: bool = False
    # A translation paragraph with no counterpart (a pasted heading, a translator's note) that the reviewer chose to
    # leave out: kept in the review's record, never written into a passage. Only a row without source may hold it.
    left_out: bool = False

    def side(self, side: Side) -> tuple[int, ...]:
        return self.source if side == "source" else self.target

    def with_side(self, side: Side, units: tuple[int, ...]) -> Row:
        changed = replace(self, source=units) if side == "source" else replace(self, target=units)
        return replace(changed, confirmed=False, left_out=changed.left_out and not changed.source)

    @property
    def empty(self) -> bool:
        return not self.source and not self.target

    def as_dict(self) -> dict[str, object]:
        return {"source": list(self.source), "target": list(self.target), "confidence": self.confidence,
                "confirmed": self.confirmed, "left_out": self.left_out}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Row:
        # Reviews stored before "leave out" existed have no such key: nothing was left out in them.
        return cls(tuple(data["source"]), tuple(data["target"]), float(data["confidence"]),  # type: ignore[arg-type]
                   bool(data["confirmed"]), bool(data.get("left_out", False)))  # fmt: skip


def check(rows: Sequence[Row], source_count: int, target_count: int) -> None:
    """Raise AssertionError unless the rows cover every unit exactly once, in order, with no empty row."""
    assert [i for row in rows for i in row.source] == list(range(source_count)), "source units out of order"
    assert [j for row in rows for j in row.target] == list(range(target_count)), "target units out of order"
    assert not any(row.empty for row in rows), "an empty row"


def _index(rows: Sequence[Row], index: int) -> None:
    if not 0 <= index < len(rows):
        raise OperationError("no-such-row")


def _side(side: str) -> None:
    if side not in SIDES and side != "both":
        raise OperationError("unknown-side")


def _tidy(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.empty]


def merge(rows: Sequence[Row], index: int, side: str = "both") -> list[Row]:
    """Merge row `index` with the next one, on one side or both."""
    _index(rows, index)
    _side(side)
    if index + 1 >= len(rows):
        raise OperationError("no-next-row")
    first, second = rows[index], rows[index + 1]
    out = list(rows)
    if side == "both":
        confidence = min(first.confidence, second.confidence)
        out[index : index + 2] = [Row(first.source + second.source, first.target + second.target, confidence)]
        return out
    out[index] = first.with_side(side, first.side(side) + second.side(side))
    out[index + 1] = second.with_side(side, ())
    return _tidy(out)


def split(rows: Sequence[Row], index: int, side: Side, at: int) -> list[Row]:
    """Split one side of row `index` before its `at`-th unit: the rest goes to a new row below (other side empty)."""
    _index(rows, index)
    if side not in SIDES:
        raise OperationError("unknown-side")
    row = rows[index]
    units = row.side(side)
    if not 0 < at < len(units):
        raise OperationError("split-between")
    kept = row.with_side(side, units[:at])
    moved = Row((), (), row.confidence).with_side(side, units[at:])
    return [*rows[:index], kept, moved, *rows[index + 1 :]]


def move(rows: Sequence[Row], index: int, side: Side, direction: str) -> list[Row]:
    """Move a paragraph across a row boundary: "up" sends row `index`'s first unit on `side` to the row above,
    "down" sends its last unit to the row below."""
    _index(rows, index)
    if side not in SIDES:
        raise OperationError("unknown-side")
    units = rows[index].side(side)
    if not units:
        raise OperationError("empty-cell")
    out = list(rows)
    if direction == "up":
        if index == 0:
            raise OperationError("no-row-above")
        above = out[index - 1]
        out[index - 1] = above.with_side(side, above.side(side) + units[:1])
        out[index] = out[index].with_side(side, units[1:])
    elif direction == "down":
        if index + 1 >= len(rows):
            raise OperationError("no-row-below")
        below = out[index + 1]
        out[index + 1] = below.with_side(side, units[-1:] + below.side(side))
        out[index] = out[index].with_side(side, units[:-1])
    else:
        raise OperationError("unknown-direction")
    return _tidy(out)


def insert_empty(rows: Sequence[Row], index: int, side: Side) -> list[Row]:
    """Put an empty cell on `side` of row `index`: that side's paragraphs move to a new row below, so the row
    becomes 1-0 (or 0-1) and the new one 0-1 (or 1-0)."""
    _index(rows, index)
    if side not in SIDES:
        raise OperationError("unknown-side")
    row = rows[index]
    other = "target" if side == "source" else "source"
    if not row.side(side) or not row.side(other):
        raise OperationError("already-empty")
    kept = row.with_side(side, ())
    moved = Row((), (), row.confidence).with_side(side, row.side(side))
    return [*rows[:index], kept, moved, *rows[index + 1 :]]


def leave_out(rows: Sequence[Row], index: int, *, keep: bool = False) -> list[Row]:
    """Mark the translation paragraphs of a row without source as left out (or, with `keep`, take them back in).
    The row must be confirmed again: leaving text out is a decision the reviewer signs."""
    _index(rows, index)
    row = rows[index]
    if row.source or not row.target:
        raise OperationError("leave-out-needs-target-only")
    return [replace(r, left_out=not keep, confirmed=False) if i == index else r for i, r in enumerate(rows)]


def confirm(rows: Sequence[Row], index: int, *, through: bool = False) -> list[Row]:
    """Confirm row `index` (and, with `through`, every row above it)."""
    _index(rows, index)
    return [replace(row, confirmed=True) if i == index or (through and i < index) else row
            for i, row in enumerate(rows)]  # fmt: skip


def unconfirm(rows: Sequence[Row], index: int) -> list[Row]:
    _index(rows, index)
    return [replace(row, confirmed=False) if i == index else row for i, row in enumerate(rows)]


Aligner = Callable[[Sequence[int], Sequence[int]], list[Row]]


def realign_from(rows: Sequence[Row], index: int, aligner: Aligner) -> list[Row]:
    """Re-align the unconfirmed rows from `index` on, keeping confirmed rows fixed: each run of unconfirmed rows
    between confirmed ones is aligned again on its own units. `aligner(source_units, target_units)` returns rows
    over exactly those unit indices."""
    _index(rows, index)
    out = list(rows[:index])
    pending: list[Row] = []

    def flush() -> None:
        if pending:
            source = [i for row in pending for i in row.source]
            target = [j for row in pending for j in row.target]
            out.extend(aligner(source, target))
            pending.clear()

    for row in rows[index:]:
        if row.confirmed:
            flush()
            out.append(row)
        else:
            pending.append(row)
    flush()
    return out


def apply(rows: Sequence[Row], operation: str, index: int, *, side: str = "both", at: int = 0, direction: str = "",
          aligner: Aligner) -> list[Row]:
    """The rows after one named operation (the review screen's buttons); OperationError if it is refused."""
    match operation:
        case "merge":
            return merge(rows, index, side)
        case "split":
            return split(rows, index, side, at)
        case "move":
            return move(rows, index, side, direction)
        case "insert-empty":
            return insert_empty(rows, index, side)
        case "confirm":
            return confirm(rows, index)
        case "confirm-above":
            return confirm(rows, index, through=True)
        case "unconfirm":
            return unconfirm(rows, index)
        case "realign":
            return realign_from(rows, index, aligner)
        case "leave-out":
            return leave_out(rows, index)
        case "keep":
            return leave_out(rows, index, keep=True)
    raise OperationError("unknown-operation")


def next_unconfirmed(rows: Sequence[Row], after: int = -1, *, below: float = math.inf) -> int | None:
    """The first unconfirmed row (under `below` confidence, if given) after `after`, wrapping round; or None."""
    order = list(range(after + 1, len(rows))) + list(range(0, after + 1))
    return next((i for i in order if not rows[i].confirmed and rows[i].confidence < below), None)


def lowest_confidence(rows: Sequence[Row]) -> int | None:
    """The unconfirmed row the aligner was least sure of."""
    candidates = [i for i, row in enumerate(rows) if not row.confirmed]
    return min(candidates, key=lambda i: (rows[i].confidence, i)) if candidates else None


def next_doubtful(rows: Sequence[Row], after: int = -1, *, below: float) -> int | None:
    """The first unconfirmed row under `below` confidence after `after` (wrapping round), or None."""
    return next_unconfirmed(rows, after, below=below)


# --- undo history ---------------------------------------------------------------------------------------------
# An undo (or redo) entry holds only the stretch of rows an operation changed, not every row: at book scale (3,000
# rows) full copies made each action read and write megabytes. An entry is {"at": i, "count": n, "rows": [...]}:
# replacing the n rows from i with `rows` gives the other state back. Histories stored before this hold full lists
# of rows, which `restore` still reads.

Stored = list[dict[str, object]]


def delta(before: Stored, after: Stored) -> dict[str, object]:
    """The entry that turns `after` back into `before`: their common first and last rows are left out of it."""
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return {"at": start, "count": len(after) - start - end, "rows": before[start : len(before) - end]}


def restore(rows: Stored, entry: dict[str, object] | Stored) -> Stored:
    """The rows that `entry` (a delta, or an older full copy) brings back from `rows`."""
    if isinstance(entry, list):
        return list(entry)
    at, count = int(entry["at"]), int(entry["count"])  # type: ignore[call-overload]
    return [*rows[:at], *entry["rows"], *rows[at + count :]]  # type: ignore[misc]
