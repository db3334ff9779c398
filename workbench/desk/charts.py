"""The progress page's chart, drawn on the server as SVG (issue 8): approved words per language over time.

No JavaScript library: the geometry is computed here and the template writes the SVG with translated labels,
a <title> and <desc>, and the figures as text (a table beside it gives every value). Every month is a marked point
on its language's line, so a single month (no line to draw yet) still shows as a point with its value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 120, 20, 40
COLOURS = ["#1f5fa8", "#c8392f", "#2e8b57", "#8a5a00", "#6b3fa0"]
MAX_MONTHS = 36


@dataclass
class Series:
    language: str
    label: str
    colour: str
    points: list[tuple[float, float]] = field(default_factory=list)
    values: list[int] = field(default_factory=list)  # running total per month, in order
    months: list[str] = field(default_factory=list)  # the months of `values`

    @property
    def path(self) -> str:
        """The line through the months; empty for a single month, which only its marker shows."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(self.points))

    @property
    def markers(self) -> list[dict[str, Any]]:
        """One point per month, with its month and value (named in the point's <title> for pointer users); a single
        month's point is drawn larger, as it stands alone."""
        radius = 5 if len(self.points) == 1 else 3
        return [{"x": x, "y": y, "r": radius, "value": value, "month": month}
                for (x, y), value, month in zip(self.points, self.values, self.months, strict=True)]  # fmt: skip

    @property
    def last(self) -> tuple[float, float]:
        return self.points[-1] if self.points else (LEFT, HEIGHT - BOTTOM)

    @property
    def total(self) -> int:
        return self.values[-1] if self.values else 0


def months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above `value`: the top of the vertical axis."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= factor * step:
                return factor * step
        step *= 10


def approved_words_chart(rows: list[dict[str, Any]], labels: dict[str, str], last_month: str) -> dict[str, Any]:
    """Chart geometry from approved_words_by_month() rows (each month's change, up or down): one line per language
    of the running total, which is what was approved at the end of each month."""
    if not rows:
        return {"series": [], "months": [], "width": WIDTH, "height": HEIGHT}
    months = months_between(min(row["month"] for row in rows), max(last_month, max(row["month"] for row in rows)))
    per_month: dict[str, dict[str, int]] = {}
    for row in rows:  # a few dozen (language, month) groups, already summed by the database
        per_month.setdefault(row["language"], {})[row["month"]] = row["words"] or 0
    all_series = []
    for index, (language, counts) in enumerate(sorted(per_month.items())):
        running, values = 0, []
        for month in months:
            running += counts.get(month, 0)
            values.append(running)
        all_series.append(Series(language, labels.get(language, language), COLOURS[index % len(COLOURS)],
                                 values=values))  # fmt: skip
    shown = months[-MAX_MONTHS:]
    for series in all_series:
        series.values, series.months = series.values[-MAX_MONTHS:], shown
    # The highest value shown, not the last: approvals that were sent back or went stale bring the total down.
    top = nice_ceiling(max([v for s in all_series for v in s.values] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if len(shown) == 1:
        xs = [LEFT + plot_w / 2]  # a single month in the middle, not on the axis where its label would crowd it
    else:
        xs = [LEFT + i * plot_w / (len(shown) - 1) for i in range(len(shown))]
    for series in all_series:
        series.points = [(x, TOP + plot_h * (1 - v / top)) for x, v in zip(xs, series.values, strict=True)]
    ticks = [{"value": top * k // 4, "y": TOP + plot_h * (1 - k / 4)} for k in range(5)]
    every = max(1, len(shown) // 6)
    month_ticks = [{"month": m, "x": xs[i]} for i, m in enumerate(shown) if i % every == 0]
    return {
        "series": all_series,
        "months": shown,
        "ticks": ticks,
        "month_ticks": month_ticks,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "first": shown[0],
        "last": shown[-1],
        "rows": [{"month": m, "values": [s.values[i] for s in all_series]} for i, m in enumerate(shown)],
    }
