"""Which rows of an alignment review one page shows: a fixed window around the selected row.

A book's review has thousands of rows; drawing them all (with their actions) made a page of megabytes. The screen
draws WINDOW rows at a time, in fixed stretches (rows 1–100, 101–200, …) so that the previous and next links and
a reload always show the same rows, and a row's window follows from its number alone.
"""
from __future__ import annotations

from dataclasses import dataclass

WINDOW = 100


@dataclass(frozen=True)
class Window:
    start: int  # index of the first row shown
    stop: int  # index after the last row shown
    total: int

    @classmethod
    def holding(cls, index: int, total: int) -> Window:
        start = (max(0, min(index, total - 1)) // WINDOW) * WINDOW
        return cls(start, min(start + WINDOW, total), total)

    @property
    def first_number(self) -> int:
        return self.start + 1

    @property
    def last_number(self) -> int:
        return self.stop

    @property
    def previous(self) -> int | None:
        """The number of the first row of the window before, if any."""
        return max(self.start - WINDOW, 0) + 1 if self.start > 0 else None

    @property
    def next(self) -> int | None:
        """The number of the first row of the window after, if any."""
        return self.stop + 1 if self.stop < self.total else None


def row_number(value: str | None, total: int) -> int | None:
    """The index of the row a reviewer asked for by its number (from 1, as the screen shows it); None if the
    value is not such a number."""
    try:
        number = int((value or "").strip())
    except ValueError:
        return None
    return number - 1 if 1 <= number <= total else None
