"""The person's weeks and how a day is written: plain dates, no ORM import.

Below every app that counts weeks (routines' weekly targets, progress's history and
report), so neither has to import the other for a calendar. Days are the person's local
days (User.today(), User.local_date()). A week starts on the person's chosen first day
(User.week_start: 0 Monday … 6 Sunday).

Week labels look like ISO weeks ("2026-W14"), but because a week may start on a Sunday we
define the label as: the week (starting on the person's first day) that contains the Monday
of that ISO week. With a Monday start this is exactly the ISO week; with a Sunday start it is
the Sunday before that Monday through the Saturday after it. Every week holds exactly one
Monday, so every week has exactly one label and every label one week.
"""

import datetime as dt
import re

WEEK_LABEL = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
FIRST_YEAR = 2000
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    """The first day of the week holding `day`; week_start is 0 for Monday, 6 for Sunday."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def week_bounds(day: dt.date, week_start: int) -> tuple[dt.date, dt.date]:
    """First and last local day of the week that holds `day`."""
    first = week_start_of(day, week_start)
    return first, first + dt.timedelta(days=6)


def week_label(day: dt.date, week_start: int) -> str:
    """The label of the week holding `day`: the ISO year and week of its one Monday."""
    return _monday_label(week_start_of(day, week_start) + _to_monday(week_start))


def _to_monday(week_start: int) -> dt.timedelta:
    """From a week's first day to its Monday."""
    return dt.timedelta(days=(0 - week_start) % 7)


def _monday_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week_label(label: str, week_start: int) -> dt.date | None:
    """The first day of the week a label names, or None for a malformed or impossible one."""
    match = WEEK_LABEL.match(label)
    if not match:
        return None
    year, week = int(match[1]), int(match[2])
    if year < FIRST_YEAR:
        return None
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return week_start_of(monday, week_start)


def day_month(day: dt.date | dt.datetime) -> str:
    """'16 Nov', as the history page shows days (the template's "j M")."""
    return f"{day.day} {day:%b}"
