"""The history charts' marks, written in Python: every dot, bar and label, escaped."""

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

from progress.charts import Tick, minutes_chart, minutes_marks, pain_chart, pain_marks
from progress.days import SessionRow
from progress.targets import WeekTotal

LONDON = ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 11, 16)


def session(day: int, hour: int, before: int | None, after: int | None) -> SessionRow:
    date = MONDAY + dt.timedelta(days=day)
    started = dt.datetime.combine(date, dt.time(hour), tzinfo=LONDON)
    return SessionRow(1, started, date, "Calves", 600, before, after)


def test_pain_marks_draw_a_dot_per_score_and_join_them_with_lines():
    chart = pain_chart(MONDAY, [session(0, 8, 6, 3), session(2, 18, 5, 2)])
    svg = pain_marks(chart)
    assert svg.count('<circle class="dot before"') == 2
    assert svg.count('<rect class="dot after"') == 2
    assert f'<polyline class="line before" points="{chart.before_line}"/>' in svg
    assert '<polyline class="line after"' in svg
    first = chart.before[0]
    assert (
        f'<circle class="dot before" cx="{first.cx}" cy="{first.cy}" r="5">'
        "<title>Mon 08:00: pain before 6</title></circle>"
    ) in svg
    assert "<title>Wed 18:00: pain after 2</title>" in svg
    assert re.findall(r'text-anchor="middle">(\w{3})</text>', svg) == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert svg.count('<line class="grid"') == 3
    assert ">Pain 0–10</text>" in svg


def test_one_score_is_a_dot_without_a_line():
    svg = pain_marks(pain_chart(MONDAY, [session(1, 9, 4, None)]))
    assert svg.count("<circle") == 1
    assert "<rect" not in svg
    assert "<polyline" not in svg


def test_chart_text_is_escaped():
    chart = pain_chart(MONDAY, [session(1, 9, 4, None)])
    chart = dataclasses.replace(chart, y_ticks=(Tick(10.0, "<b>"),))
    svg = pain_marks(chart)
    assert "&lt;b&gt;" in svg
    assert "<b>" not in svg


def test_minutes_marks_draw_twelve_bars_labelling_every_other_week():
    totals = [
        WeekTotal(dt.date(2026, 8, 31) + dt.timedelta(weeks=i), "", i % 3, 600 * i, i % 3 > 0)
        for i in range(12)
    ]
    chart = minutes_chart(totals)
    svg = minutes_marks(chart)
    assert svg.count('<rect class="bar') == 12
    assert svg.count('<rect class="bar met"') == 8
    last = chart.bars[-1]
    box = last.box
    assert (
        f'<rect class="bar met" x="{box["x"]}" y="{box["y"]}" width="{box["width"]}"'
        f' height="{box["height"]}"><title>Week of 16 Nov: 110 min, 2 sessions</title></rect>'
    ) in svg
    labels = re.findall(r'text-anchor="middle">(\d+ \w{3})</text>', svg)
    assert labels == ["31 Aug", "14 Sep", "28 Sep", "12 Oct", "26 Oct", "9 Nov"]
    assert [t.label for t in chart.y_ticks] == ["0", "60", "120"]
    assert svg.count('<line class="grid"') == 3
    assert ">Minutes</text>" in svg
