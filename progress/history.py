"""Weeks, days and streaks over plain values: no ORM import, tested without a database."""

import datetime as dt


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    """The first day of the week holding `day`; week_start is 0 for Monday, 6 for Sunday."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def week_bounds(day: dt.date, week_start: int) -> tuple[dt.date, dt.date]:
    """First and last local day of the week that holds `day`."""
    first = week_start_of(day, week_start)
    return first, first + dt.timedelta(days=6)
