"""The person's weeks and days (accounts/weeks.py, User.local_date): plain dates, and the
local day of a moment across daylight saving."""

import datetime as dt
import zoneinfo

import pytest

from accounts.models import User
from accounts.weeks import parse_week_label, week_bounds, week_label, week_start_of

MONDAY, SUNDAY = 0, 6
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def local_day(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    """User.local_date for someone in `zone` (an unsaved user: no database)."""
    return User(time_zone=zone.key).local_date(moment)


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
    assert local_day(moment, zone) == expected


def test_the_new_york_fall_back_sunday_belongs_to_different_weeks_by_week_start():
    late_sunday = utc(2026, 11, 2, 4, 30)  # 23:30 EST on Sunday 1 November
    day = local_day(late_sunday, NEW_YORK)
    assert week_bounds(day, MONDAY) == (dt.date(2026, 10, 26), dt.date(2026, 11, 1))
    assert week_bounds(day, SUNDAY) == (dt.date(2026, 11, 1), dt.date(2026, 11, 7))


def test_the_london_spring_forward_sunday_ends_a_monday_week_and_starts_a_sunday_week():
    day = local_day(utc(2026, 3, 29, 22, 0), LONDON)  # 23:00 BST
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


def test_a_session_at_half_past_eleven_at_night_counts_for_that_local_day():
    moment = dt.datetime(2026, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert local_day(moment, zoneinfo.ZoneInfo("Europe/London")) == dt.date(2026, 3, 10)


def test_the_same_moment_is_already_the_next_day_in_tokyo():
    moment = dt.datetime(2026, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert local_day(moment, zoneinfo.ZoneInfo("Asia/Tokyo")) == dt.date(2026, 3, 11)


def test_a_utc_moment_before_midnight_is_the_previous_day_in_new_york():
    moment = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
    assert local_day(moment, zoneinfo.ZoneInfo("America/New_York")) == dt.date(2026, 6, 30)


def test_a_naive_moment_names_no_local_day():
    with pytest.raises(ValueError):
        local_day(dt.datetime(2026, 3, 10, 23, 30), zoneinfo.ZoneInfo("UTC"))
