"""The marks of the history page's SVG charts (grid, ticks, dots, bars), as markup.

Written here rather than by template loops: the two charts hold about a hundred elements,
and a Django template pays for every tag and variable in them (this once was most of the
page's rendering time). The accessible frame stays in templates/progress/history.html: the
<svg role="img">, its <title> and <desc>, the legend and the tables that repeat the numbers.
Coordinates are numbers formatted by progress.history; every text goes through escape(),
as a template variable would.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from progress.history import BarChart, PainChart, TrendChart

AXIS_GAP = 8  # between the plot's left edge and the labels of the y axis
X_LABEL_DROP = 18  # from the plot's bottom edge down to the labels of the x axis


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
