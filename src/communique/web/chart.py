"""The dyad timeline as an SVG drawn on the server: event counts stacked by QuadClass per period,
the mean Goldstein score as a line, agreements and relation levels as marked dates.

Only geometry is computed here; ``templates/_timeline.html`` draws it (escaped like any page),
so the chart needs no script and works offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH, HEIGHT = 960, 380
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 76, 48
LABEL_ROWS = 4
MAX_BAR = 40.0
"""Widest bar, so that a chart of a few periods still reads as bars, not blocks."""
CHAR_WIDTH = 6.2
"""About the width of one character of an 11px label, to keep marker labels apart."""
QUADS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class Bucket:
    """Events of a pair in one period (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""

    period: str
    quad_counts: dict[int, int]
    mean_goldstein: float | None

    @property
    def events(self) -> int:
        return sum(self.quad_counts.values())


@dataclass(frozen=True, slots=True)
class Marker:
    """A dated fact drawn across the chart: an agreement or a relation level."""

    date: str
    kind: str  # "agreement" or "relation"
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    quad: int
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class PlacedMarker:
    x: float
    label_x: float
    label_y: float
    anchor: str
    kind: str
    label: str
    title: str


@dataclass(slots=True)
class Timeline:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """SVG ``points`` of the mean Goldstein line, one run per stretch of consecutive periods."""
    dots: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    count_ticks: list[Tick] = field(default_factory=list)
    goldstein_ticks: list[Tick] = field(default_factory=list)
    zero_y: float = 0.0
    markers: list[PlacedMarker] = field(default_factory=list)
    empty: bool = True


def granularity(period: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(period), "month")


def period_of(day: str, unit: str) -> str:
    return day[: {"year": 4, "month": 7, "day": 10}[unit]]


def _next(period: str, unit: str) -> str:
    if unit == "year":
        return f"{int(period) + 1:04d}"
    if unit == "month":
        year, month = int(period[:4]), int(period[5:7])
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return (date.fromisoformat(period) + timedelta(days=1)).isoformat()


def periods_between(first: str, last: str, unit: str, limit: int = 2000) -> list[str]:
    """Every period from ``first`` to ``last``, so that quiet stretches show as gaps."""
    out = [first]
    while out[-1] < last and len(out) < limit:
        out.append(_next(out[-1], unit))
    return out


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if maximum / step <= 5:
            return step
    return 10_000


def timeline(buckets: Sequence[Bucket], markers: Iterable[Marker] = (), unit: str | None = None) -> Timeline:
    """Lay out the chart of ``buckets`` (any order) with ``markers`` on the same time axis."""
    chart = Timeline()
    dated = [m for m in markers if m.date and len(m.date) >= 4]
    unit = unit or (granularity(buckets[0].period) if buckets else "month")
    buckets = [b for b in buckets if len(b.period) == len(_shape(unit))]
    known = {b.period: b for b in buckets}
    edges = [b.period for b in buckets] + [period_of(m.date, unit) for m in dated if len(m.date) >= len(_shape(unit))]
    if not edges:
        return chart
    chart.empty = not buckets
    axis = periods_between(min(edges), max(edges), unit)
    slot = (chart.right - chart.left) / len(axis)
    height = chart.bottom - chart.top
    peak = max((b.events for b in buckets), default=0) or 1
    step = _nice_step(peak)
    top_count = step * -(-peak // step)
    for value in range(0, top_count + 1, step):
        chart.count_ticks.append(Tick(chart.left - 6, chart.bottom - height * value / top_count, str(value)))
    for value in (-10, -5, 0, 5, 10):
        chart.goldstein_ticks.append(Tick(chart.right + 6, _goldstein_y(chart, value), f"{value:+d}" if value else "0"))
    chart.zero_y = _goldstein_y(chart, 0)
    every = max(1, len(axis) // 12)
    run: list[str] = []
    for index, period in enumerate(axis):
        x = chart.left + index * slot
        if index % every == 0:
            chart.x_ticks.append(Tick(x + slot / 2, chart.bottom + 16, period))
        bucket = known.get(period)
        if bucket is None or bucket.mean_goldstein is None:
            if len(run) > 1:
                chart.lines.append(" ".join(run))
            run = []
        if bucket is None:
            continue
        y = float(chart.bottom)
        for quad in QUADS:
            count = bucket.quad_counts.get(quad, 0)
            if not count:
                continue
            h = height * count / top_count
            y -= h
            title = f"{period}: {count} event{'s' if count != 1 else ''}, QuadClass {quad}"
            width = min(max(slot * 0.7, 1.0), MAX_BAR)
            chart.bars.append(Bar(x + (slot - width) / 2, y, width, h, quad, title))
        if bucket.mean_goldstein is not None:
            gy = _goldstein_y(chart, bucket.mean_goldstein)
            run.append(f"{x + slot / 2:.1f},{gy:.1f}")
            chart.dots.append(Tick(x + slot / 2, gy, f"{period}: mean Goldstein {bucket.mean_goldstein:+.1f}"))
    if len(run) > 1:
        chart.lines.append(" ".join(run))
    chart.markers = _place_markers(chart, dated, axis, unit, slot)
    return chart


def _place_markers(
    chart: Timeline, markers: list[Marker], axis: list[str], unit: str, slot: float
) -> list[PlacedMarker]:
    """Each marker's line at its period, its label in the first row above the plot where it
    does not overlap an earlier label (labels near the right edge grow leftwards)."""
    placed: list[PlacedMarker] = []
    taken: list[list[tuple[float, float]]] = [[] for _ in range(LABEL_ROWS)]
    for index, marker in enumerate(sorted(markers, key=lambda m: m.date)):
        if len(marker.date) < len(_shape(unit)):
            continue
        period = period_of(marker.date, unit)
        if period not in axis:
            continue
        x = chart.left + axis.index(period) * slot + slot / 2
        short = marker.label if len(marker.label) <= 28 else marker.label[:27] + "…"
        width = (len(short) + 2) * CHAR_WIDTH
        leftwards = x + width > chart.width - 4
        low, high = (x - width - 3, x) if leftwards else (x, x + width + 3)
        row = next((r for r in range(LABEL_ROWS) if all(high < a or low > b for a, b in taken[r])), index % LABEL_ROWS)
        taken[row].append((low, high))
        placed.append(
            PlacedMarker(
                x,
                x - 3 if leftwards else x + 3,
                chart.top - 8 - 15 * row,
                "end" if leftwards else "start",
                marker.kind,
                short,
                f"{marker.date}: {marker.label}",
            )
        )
    return placed


def _shape(unit: str) -> str:
    return {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}[unit]


def _goldstein_y(chart: Timeline, value: float) -> float:
    return chart.bottom - (chart.bottom - chart.top) * (value + 10) / 20
