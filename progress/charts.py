"""The history page's and the report's SVG charts: their geometry, then their marks.

Geometry: coordinates computed here as plain values (no ORM import, tested without a
database), so templates don't do arithmetic or format floats.

Marks (grid, ticks, dots, bars) are written here as markup rather than by template loops:
the two charts hold about a hundred elements, and a Django template pays for every tag and
variable in them (this once was most of the page's rendering time). The accessible frame
stays in templates/progress/history.html: the <svg role="img">, its <title> and <desc>,
the legend and the tables that repeat the numbers. Every text goes through escape(), as a
template variable would.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.weeks import DAY, WEEK
from progress.days import SessionRow
from progress.targets import WeekTotal
from progress.trend import PainSpan

AXIS_GAP = 8  # between the plot's left edge and the labels of the y axis
X_LABEL_DROP = 18  # from the plot's bottom edge down to the labels of the x axis

# Geometry ---------------------------------------------------------------------------------


def _num(value: float) -> str:
    """An SVG coordinate with one decimal, made here so templates don't format floats."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str

    @property
    def cx(self) -> str:
        return _num(self.x)

    @property
    def cy(self) -> str:
        return _num(self.y)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str

    @property
    def at(self) -> str:
        return _num(self.position)


@dataclass(frozen=True)
class PainChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    before: tuple[Point, ...]
    after: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def before_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.before)

    @property
    def after_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.after)

    @property
    def has_points(self) -> bool:
        return bool(self.before or self.after)


def pain_chart(
    first: dt.date, sessions: Sequence[SessionRow], width: int = 480, height: int = 220
) -> PainChart:
    """Pain before and after each session of the week, placed by local day and time.

    Positions use wall-clock time, so a day that is 23 or 25 hours long (a daylight-saving
    change) still takes one seventh of the width.
    """
    left, right, top, bottom = 40, width - 10, 14, height - 40
    plot_w, plot_h = right - left, bottom - top
    start = dt.datetime.combine(first, dt.time())

    def x_of(session: SessionRow) -> float:
        wall = session.started_at.replace(tzinfo=None)
        fraction = (wall - start) / WEEK
        return left + plot_w * min(max(fraction, 0.0), 1.0)

    def y_of(pain: int) -> float:
        return bottom - plot_h * pain / 10

    before, after = [], []
    for session in sorted(sessions, key=lambda s: s.started_at):
        when = f"{session.started_at:%a %H:%M}"
        if session.pain_before is not None:
            label = f"{when}: pain before {session.pain_before}"
            before.append(
                Point(x_of(session), y_of(session.pain_before), session.pain_before, label)
            )
        if session.pain_after is not None:
            label = f"{when}: pain after {session.pain_after}"
            after.append(Point(x_of(session), y_of(session.pain_after), session.pain_after, label))
    x_ticks = tuple(Tick(left + plot_w * (i + 0.5) / 7, f"{first + DAY * i:%a}") for i in range(7))
    y_ticks = tuple(Tick(y_of(v), str(v)) for v in (0, 5, 10))
    return PainChart(
        width, height, left, right, top, bottom, tuple(before), tuple(after), x_ticks, y_ticks
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    week: WeekTotal
    label: str

    @property
    def center(self) -> str:
        return _num(self.x + self.width / 2)

    @property
    def box(self) -> dict[str, str]:
        return {
            "x": _num(self.x),
            "y": _num(self.y),
            "width": _num(self.width),
            "height": _num(self.height),
        }

    @property
    def title(self) -> str:
        week = self.week
        plural = "" if week.sessions == 1 else "s"
        return f"Week of {self.label}: {week.minutes} min, {week.sessions} session{plural}"


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bottom: int
    top: int
    scale_max: int
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]


def minutes_chart(totals: Sequence[WeekTotal], width: int = 480, height: int = 200) -> BarChart:
    """Bars of minutes per week, oldest on the left; the scale rounds up to 30 minutes."""
    left, right, top, bottom = 40, width - 8, 12, height - 36
    most = max((t.minutes for t in totals), default=0)
    scale_max = max(30, -(-most // 30) * 30)
    slot = (right - left) / max(len(totals), 1)
    bars = []
    for i, week in enumerate(totals):
        h = (bottom - top) * week.minutes / scale_max
        bars.append(
            Bar(
                x=left + slot * i + slot * 0.15,
                y=bottom - h,
                width=slot * 0.7,
                height=h,
                week=week,
                label=f"{week.first:%-d %b}",
            )
        )
    y_ticks = tuple(
        Tick(bottom - (bottom - top) * v / scale_max, str(v))
        for v in (0, scale_max // 2, scale_max)
    )
    return BarChart(width, height, left, bottom, top, scale_max, tuple(bars), y_ticks)


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    before: tuple[Point, ...]
    after: tuple[Point, ...]
    before_lines: tuple[str, ...]  # polyline points, one per run of spans with scores
    after_lines: tuple[str, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def has_points(self) -> bool:
        return bool(self.before or self.after)


def _runs(points: Sequence[tuple[int, Point]]) -> tuple[str, ...]:
    """Polyline point lists for runs of neighbouring spans (a gap breaks the line)."""
    runs: list[list[Point]] = []
    last = None
    for index, point in points:
        if last is None or index != last + 1:
            runs.append([])
        runs[-1].append(point)
        last = index
    return tuple(" ".join(f"{p.cx},{p.cy}" for p in run) for run in runs if len(run) > 1)


def trend_chart(spans: Sequence[PainSpan], width: int = 480, height: int = 220) -> TrendChart:
    """Average pain before and after sessions per span, oldest on the left; about six
    labels along the bottom whatever the number of spans."""
    left, right, top, bottom = 40, width - 14, 14, height - 40
    slot = (right - left) / max(len(spans), 1)

    def x_of(i: int) -> float:
        return left + slot * (i + 0.5)

    def y_of(pain: float) -> float:
        return bottom - (bottom - top) * pain / 10

    before, after = [], []
    for i, span in enumerate(spans):
        if span.before is not None:
            label = f"{span.label}: pain before {span.before}"
            before.append((i, Point(x_of(i), y_of(span.before), span.before, label)))
        if span.after is not None:
            label = f"{span.label}: pain after {span.after}"
            after.append((i, Point(x_of(i), y_of(span.after), span.after, label)))
    step = max(1, math.ceil(len(spans) / 6))
    x_ticks = tuple(Tick(x_of(i), spans[i].label) for i in range(0, len(spans), step))
    y_ticks = tuple(Tick(y_of(v), str(v)) for v in (0, 5, 10))
    return TrendChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(p for _, p in before),
        tuple(p for _, p in after),
        _runs(before),
        _runs(after),
        x_ticks,
        y_ticks,
    )


# Marks ------------------------------------------------------------------------------------


def _y_ticks(chart: PainChart | BarChart | TrendChart, right: int) -> list[str]:
    label_x = chart.left - AXIS_GAP
    return [
        f'<line class="grid" x1="{chart.left}" x2="{right}" y1="{t.at}" y2="{t.at}"/>'
        f'<text class="axis-label" x="{label_x}" y="{t.at}" text-anchor="end"'
        f' dominant-baseline="middle">{escape(t.label)}</text>'
        for t in chart.y_ticks
    ]


def _y_title(y: int, title: str) -> str:
    return (
        f'<text class="axis-title" x="12" y="{y}" transform="rotate(-90 12 {y})"'
        f' text-anchor="middle">{escape(title)}</text>'
    )


def _x_labels(chart: PainChart | TrendChart) -> list[str]:
    y = chart.bottom + X_LABEL_DROP
    return [
        f'<text class="axis-label" x="{t.at}" y="{y}" text-anchor="middle">{escape(t.label)}</text>'
        for t in chart.x_ticks
    ]


def _dots(chart: PainChart | TrendChart) -> list[str]:
    """Circles before the session, squares after, each with its label."""
    return [
        *(
            f'<circle class="dot before" cx="{p.cx}" cy="{p.cy}" r="5">'
            f"<title>{escape(p.label)}</title></circle>"
            for p in chart.before
        ),
        *(
            f'<rect class="dot after" x="{p.cx}" y="{p.cy}" width="10" height="10"'
            f' transform="translate(-5 -5)"><title>{escape(p.label)}</title></rect>'
            for p in chart.after
        ),
    ]


def pain_marks(chart: PainChart) -> SafeString:
    """Grid, axes and one dot per score: circles before the session, squares after, joined
    by a line when there are two or more."""
    marks = [
        *_y_ticks(chart, chart.right),
        *_x_labels(chart),
        _y_title(chart.top + 90, "Pain 0–10"),
        f'<text class="axis-title" x="{chart.width - 12}" y="{chart.height - 4}"'
        ' text-anchor="end">Day</text>',
    ]
    if len(chart.before) > 1:
        marks.append(f'<polyline class="line before" points="{chart.before_line}"/>')
    if len(chart.after) > 1:
        marks.append(f'<polyline class="line after" points="{chart.after_line}"/>')
    marks += _dots(chart)
    return mark_safe("\n".join(marks))


def minutes_marks(chart: BarChart) -> SafeString:
    """Grid, axis and one bar per week (darker when on target), every other week labelled."""
    x_label_y = chart.bottom + X_LABEL_DROP
    marks = [*_y_ticks(chart, chart.width - AXIS_GAP), _y_title(chart.top + 76, "Minutes")]
    for i, bar in enumerate(chart.bars):
        box = bar.box
        kind = "bar met" if bar.week.met else "bar"
        mark = (
            f'<rect class="{kind}" x="{box["x"]}" y="{box["y"]}" width="{box["width"]}"'
            f' height="{box["height"]}"><title>{escape(bar.title)}</title></rect>'
        )
        if i % 2 == 0:
            mark += (
                f'<text class="axis-label" x="{bar.center}" y="{x_label_y}"'
                f' text-anchor="middle">{escape(bar.label)}</text>'
            )
        marks.append(mark)
    return mark_safe("\n".join(marks))


def trend_marks(chart: TrendChart) -> SafeString:
    """Grid, axes and the weekly (or monthly) average pain: circles on a dashed line before
    sessions, squares on a solid line after, so the two read apart in greyscale too."""
    marks = [
        *_y_ticks(chart, chart.right),
        *_x_labels(chart),
        _y_title(chart.top + 90, "Average pain 0–10"),
    ]
    marks += (f'<polyline class="line before" points="{line}"/>' for line in chart.before_lines)
    marks += (f'<polyline class="line after" points="{line}"/>' for line in chart.after_lines)
    marks += _dots(chart)
    return mark_safe("\n".join(marks))
