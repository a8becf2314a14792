"""A week's days, totals, streaks and charts (progress/days.py, targets.py, charts.py): plain
Python, no database."""

import datetime as dt
import zoneinfo

import pytest

from progress import targets
from progress.charts import minutes_chart, pain_chart
from progress.days import SessionRow, days_of_week, minutes, zone_or, zone_place
from progress.targets import WeekTotal, week_index, week_totals

MONDAY, SUNDAY = 0, 6
LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def row(day: dt.date, hour: int, seconds: int = 600, zone=LONDON, **pain) -> SessionRow:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
    return SessionRow(
        id=hour, started_at=start, local_date=day, title="Session", seconds=seconds, **pain
    )


def test_days_of_week_places_sessions_on_their_local_days_in_time_order():
    first = dt.date(2026, 11, 16)
    rows = [row(first, 20), row(first, 7), row(dt.date(2026, 11, 19), 9), row(first, 9, zone=TOKYO)]
    outside = row(dt.date(2026, 11, 23), 8)
    days = days_of_week(first, [*rows, outside])
    assert [d.date for d in days] == [first + dt.timedelta(days=i) for i in range(7)]
    assert [s.started_at.hour for s in days[0].sessions] == [9, 7, 20]
    assert days[0].minutes == 30
    assert len(days[3].sessions) == 1
    assert sum(len(d.sessions) for d in days) == 4


def test_week_totals_group_days_into_the_persons_weeks():
    current = dt.date(2026, 11, 22)  # a Sunday-start week
    daily = {
        dt.date(2026, 11, 22): (1, 300),
        dt.date(2026, 11, 21): (2, 600),  # Saturday: the week before
        dt.date(2026, 11, 15): (1, 60),  # first day of the week before
        dt.date(2026, 8, 1): (9, 9000),  # outside the 12 weeks
    }
    oldest = current - dt.timedelta(weeks=11)
    by_week: dict[int, tuple[int, int]] = {}
    for day, (count, seconds) in daily.items():
        index = week_index(day, oldest)
        if 0 <= index < 12:
            before = by_week.get(index, (0, 0))
            by_week[index] = (before[0] + count, before[1] + seconds)
    met = [by_week.get(i, (0, 0))[0] >= 2 for i in range(12)]  # two sessions a week
    totals = week_totals(by_week, current, 12, SUNDAY, met)
    assert len(totals) == 12
    assert totals[-1].first == current
    assert totals[0].first == current - dt.timedelta(weeks=11)
    assert (totals[-1].sessions, totals[-1].seconds, totals[-1].met) == (1, 300, False)
    assert (totals[-2].sessions, totals[-2].seconds, totals[-2].met) == (3, 660, True)
    assert sum(t.sessions for t in totals) == 4
    assert totals[-2].label == "2026-W47"


def weeks(*met: bool) -> list[WeekTotal]:
    first = dt.date(2026, 1, 5)
    return [WeekTotal(first + dt.timedelta(weeks=i), "", int(m), 0, m) for i, m in enumerate(met)]


@pytest.mark.parametrize(
    ("met", "streak"),
    [
        ((True, True, True, False), 3),  # this week not met yet: the streak still stands
        ((True, True, True, True), 4),  # this week met: it counts
        ((True, False, True, False), 1),
        ((True, True, False, True), 1),  # last complete week missed: only this week
        ((False, False, False, False), 0),
        ((), 0),
    ],
)
def test_streak_counts_weeks_on_target_ending_last_week_plus_this_week_if_met(met, streak):
    assert targets.streak([w.met for w in weeks(*met)]) == streak


def test_rest_days_do_not_break_a_streak():
    current = dt.date(2026, 11, 16)
    # Three sessions a week on Monday, Wednesday and Friday for five weeks: four rest days each.
    oldest = current - dt.timedelta(weeks=11)
    days = [
        current - dt.timedelta(weeks=w) + dt.timedelta(days=d)
        for w in range(1, 6)
        for d in (0, 2, 4)
    ]
    by_week: dict[int, tuple[int, int]] = {}
    for day in days:
        index = week_index(day, oldest)
        by_week[index] = (by_week.get(index, (0, 0))[0] + 1, 0)
    met = [by_week.get(i, (0, 0))[0] >= 3 for i in range(12)]  # three sessions a week
    totals = week_totals(by_week, current, 12, MONDAY, met)
    assert targets.streak([w.met for w in totals]) == 5


def test_pain_chart_places_points_by_day_and_scales_pain_to_the_plot():
    first = dt.date(2026, 3, 23)  # the London spring-forward week
    rows = [
        row(dt.date(2026, 3, 23), 0, pain_before=10, pain_after=0),
        row(dt.date(2026, 3, 29), 12, pain_before=5, pain_after=None),
    ]
    chart = pain_chart(first, rows, width=480, height=220)
    assert [p.value for p in chart.before] == [10, 5]
    assert [p.value for p in chart.after] == [0]
    assert chart.before[0].x == chart.left
    assert chart.before[0].y == chart.top
    assert chart.after[0].y == chart.bottom
    plot_width = chart.right - chart.left
    assert chart.before[1].x == pytest.approx(chart.left + plot_width * (6.5 / 7))
    assert chart.before[1].label == "Sun 12:00: pain before 5"
    assert [t.label for t in chart.x_ticks] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert chart.has_points


def test_pain_chart_without_scores_has_no_points():
    chart = pain_chart(dt.date(2026, 11, 16), [row(dt.date(2026, 11, 16), 9)])
    assert not chart.has_points
    assert chart.before_line == ""


def test_minutes_chart_draws_twelve_bars_against_a_rounded_scale():
    totals = [
        WeekTotal(dt.date(2026, 9, 7) + dt.timedelta(weeks=i), "", 1, 60 * 10 * i, True)
        for i in range(12)
    ]
    chart = minutes_chart(totals)
    assert len(chart.bars) == 12
    assert chart.scale_max == 120  # 110 minutes rounds up to 120
    assert chart.bars[0].height == 0
    tallest = chart.bars[-1]
    assert tallest.height == pytest.approx((chart.bottom - chart.top) * 110 / 120)
    assert tallest.y + tallest.height == pytest.approx(chart.bottom)
    assert chart.bars[0].x < chart.bars[1].x
    assert [t.label for t in chart.y_ticks] == ["0", "60", "120"]


def test_minutes_round_to_the_nearest_minute():
    assert [minutes(s) for s in (0, 29, 30, 89, 90, 3600)] == [0, 0, 1, 1, 2, 60]


def test_a_session_shows_in_the_zone_it_was_logged_in_or_else_the_current_one():
    london = zoneinfo.ZoneInfo("Europe/London")
    assert zone_or("America/New_York", london) == zoneinfo.ZoneInfo("America/New_York")
    assert zone_or("", london) is london
    assert zone_or("Mars/Olympus", london) is london


def test_a_session_names_the_place_it_was_logged_only_when_away():
    assert zone_place("America/New_York", "Europe/London") == "New York"
    assert zone_place("America/Argentina/Buenos_Aires", "UTC") == "Buenos Aires"
    assert zone_place("Europe/London", "Europe/London") == ""
    assert zone_place("", "Europe/London") == ""
