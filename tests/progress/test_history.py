"""Week, day, streak and chart rules in progress/history.py: plain Python, no database."""

import datetime as dt
import zoneinfo

import pytest

from progress import history
from progress.history import (
    SessionRow,
    WeekTotal,
    days_of_week,
    local_date_of,
    minutes_chart,
    pain_chart,
    parse_week_label,
    week_bounds,
    week_label,
    week_start_of,
    week_totals,
)

MONDAY, SUNDAY = 0, 6
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("day", "week_start", "first", "last"),
    [
        (dt.date(2026, 11, 18), MONDAY, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 18), SUNDAY, dt.date(2026, 11, 15), dt.date(2026, 11, 21)),
        (dt.date(2026, 11, 22), MONDAY, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 22), SUNDAY, dt.date(2026, 11, 22), dt.date(2026, 11, 28)),
        (dt.date(2026, 11, 16), MONDAY, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        (dt.date(2027, 1, 1), MONDAY, dt.date(2026, 12, 28), dt.date(2027, 1, 3)),
    ],
)
def test_week_bounds_follow_the_chosen_first_day(day, week_start, first, last):
    assert week_bounds(day, week_start) == (first, last)
    assert week_start_of(day, week_start) == first


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        # London springs forward at 01:00 UTC on 29 March 2026.
        (utc(2026, 3, 28, 23, 30), LONDON, dt.date(2026, 3, 28)),
        (utc(2026, 3, 29, 0, 30), LONDON, dt.date(2026, 3, 29)),
        (utc(2026, 3, 29, 23, 30), LONDON, dt.date(2026, 3, 30)),
        # New York falls back at 06:00 UTC on 1 November 2026.
        (utc(2026, 11, 1, 3, 59), NEW_YORK, dt.date(2026, 10, 31)),
        (utc(2026, 11, 1, 4, 0), NEW_YORK, dt.date(2026, 11, 1)),
        (utc(2026, 11, 2, 4, 30), NEW_YORK, dt.date(2026, 11, 1)),
        (utc(2026, 11, 2, 5, 0), NEW_YORK, dt.date(2026, 11, 2)),
        (utc(2026, 11, 15, 15, 30), TOKYO, dt.date(2026, 11, 16)),
        (utc(2026, 11, 15, 11, 0), AUCKLAND, dt.date(2026, 11, 16)),
    ],
)
def test_local_day_is_the_persons_calendar_day_across_daylight_saving(moment, zone, expected):
    assert local_date_of(moment, zone) == expected


def test_the_new_york_fall_back_sunday_belongs_to_different_weeks_by_week_start():
    late_sunday = utc(2026, 11, 2, 4, 30)  # 23:30 EST on Sunday 1 November
    day = local_date_of(late_sunday, NEW_YORK)
    assert week_bounds(day, MONDAY) == (dt.date(2026, 10, 26), dt.date(2026, 11, 1))
    assert week_bounds(day, SUNDAY) == (dt.date(2026, 11, 1), dt.date(2026, 11, 7))


def test_the_london_spring_forward_sunday_ends_a_monday_week_and_starts_a_sunday_week():
    day = local_date_of(utc(2026, 3, 29, 22, 0), LONDON)  # 23:00 BST
    assert day == dt.date(2026, 3, 29)
    assert week_label(day, MONDAY) == "2026-W13"
    assert week_label(day, SUNDAY) == "2026-W14"


@pytest.mark.parametrize("week_start", [MONDAY, SUNDAY])
def test_week_labels_round_trip_for_every_week_of_several_years(week_start):
    first = week_start_of(dt.date(2024, 1, 1), week_start)
    seen = set()
    while first < dt.date(2028, 1, 1):
        label = week_label(first, week_start)
        assert label not in seen
        seen.add(label)
        assert parse_week_label(label, week_start) == first
        assert week_label(first + dt.timedelta(days=6), week_start) == label
        first += dt.timedelta(days=7)


def test_monday_week_labels_are_iso_weeks():
    assert week_label(dt.date(2026, 11, 21), MONDAY) == "2026-W47"
    assert week_label(dt.date(2021, 1, 3), MONDAY) == "2020-W53"


def test_a_sunday_week_takes_the_label_of_the_monday_inside_it():
    assert week_label(dt.date(2026, 11, 22), SUNDAY) == "2026-W48"
    assert parse_week_label("2026-W48", SUNDAY) == dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "label", ["2026-W54", "2026-W00", "2025-W53", "1999-W10", "2026-w10", "26-W10", "nonsense"]
)
def test_impossible_or_malformed_week_labels_are_refused(label):
    assert parse_week_label(label, MONDAY) is None


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
        index = history.week_index(day, oldest)
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
    assert history.streak([w.met for w in weeks(*met)]) == streak


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
        index = history.week_index(day, oldest)
        by_week[index] = (by_week.get(index, (0, 0))[0] + 1, 0)
    met = [by_week.get(i, (0, 0))[0] >= 3 for i in range(12)]  # three sessions a week
    totals = week_totals(by_week, current, 12, MONDAY, met)
    assert history.streak([w.met for w in totals]) == 5


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
    assert [history.minutes(s) for s in (0, 29, 30, 89, 90, 3600)] == [0, 0, 1, 1, 2, 60]


def test_a_session_shows_in_the_zone_it_was_logged_in_or_else_the_current_one():
    london = zoneinfo.ZoneInfo("Europe/London")
    assert history.zone_or("America/New_York", london) == zoneinfo.ZoneInfo("America/New_York")
    assert history.zone_or("", london) is london
    assert history.zone_or("Mars/Olympus", london) is london


def test_a_session_names_the_place_it_was_logged_only_when_away():
    assert history.zone_place("America/New_York", "Europe/London") == "New York"
    assert history.zone_place("America/Argentina/Buenos_Aires", "UTC") == "Buenos Aires"
    assert history.zone_place("Europe/London", "Europe/London") == ""
    assert history.zone_place("", "Europe/London") == ""
