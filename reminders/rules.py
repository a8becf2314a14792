"""When reminders are due, as plain Python over frozen dataclasses (no ORM import).

A reminder is set as days of the week and a wall-clock time in the person's own zone, so a
07:30 reminder stays at 07:30 local on both sides of a daylight-saving change. A local time
that doesn't exist that day (the hour skipped in spring) is sent at the next valid minute;
one that happens twice (the hour repeated in autumn) is sent the first time.

The scheduler runs every minute or so. It sends a reminder when its moment has come and is
less than `LATE_LIMIT` ago; after a longer outage the reminder is skipped rather than sent
late (a 07:30 nudge at 11:00 helps nobody).
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LATE_LIMIT = dt.timedelta(minutes=30)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = frozenset(range(7))
MON_WED_FRI = frozenset({0, 2, 4})
MORNING = dt.time(7, 30)
EVENING = dt.time(21, 0)


@dataclass(frozen=True)
class ReminderRule:
    """One routine's reminder: which weekdays (Monday is 0) and at what local time."""

    key: int
    zone: str
    weekdays: frozenset[int]
    at: dt.time


@dataclass(frozen=True)
class DueReminder:
    key: int
    local_date: dt.date
    due_at: dt.datetime


def default_rule(sessions_min: int, sessions_max: int, nightly: bool) -> tuple[frozenset, dt.time]:
    """Our suggestion for a routine's reminder: its frequency's days, morning or evening.

    Daily routines every day; anything less often Monday, Wednesday and Friday (2–3 times
    a week is the source articles' upkeep pace); nightly routines in the evening.
    """
    days = EVERY_DAY if sessions_min >= 7 else MON_WED_FRI
    return days, EVENING if nightly else MORNING


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _exists(naive: dt.datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return back == naive


def local_moment(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The aware moment of `at` on `day` in `zone`: the next valid minute when that time is
    skipped by a daylight-saving change, the first occurrence when it happens twice."""
    naive = dt.datetime.combine(day, at.replace(second=0, microsecond=0))
    for _ in range(24 * 60):
        if _exists(naive, zone):
            return naive.replace(tzinfo=zone, fold=0)
        naive += dt.timedelta(minutes=1)
    raise ValueError(f"No valid local time after {day} {at} in {zone}.")  # pragma: no cover


def due_reminders(rules: Iterable[ReminderRule], now: dt.datetime) -> Iterator[DueReminder]:
    """The reminders whose moment is in (now − LATE_LIMIT, now], one per rule and local day.

    Yesterday is looked at too, so a 23:50 reminder is still sent by a run at 00:05.
    """
    if now.tzinfo is None:
        raise ValueError("due_reminders needs an aware datetime.")
    for rule in rules:
        zone = zone_of(rule.zone)
        today = now.astimezone(zone).date()
        for day in (today - dt.timedelta(days=1), today):
            if day.weekday() not in rule.weekdays:
                continue
            due_at = local_moment(day, rule.at, zone)
            if due_at <= now < due_at + LATE_LIMIT:
                yield DueReminder(rule.key, day, due_at)


def planned_moments(rule: ReminderRule, start: dt.date, days: int) -> list[dt.datetime]:
    """Every reminder moment from `start` for `days` days (the calendar feed's events)."""
    zone = zone_of(rule.zone)
    dates = (start + dt.timedelta(days=n) for n in range(days))
    return [local_moment(day, rule.at, zone) for day in dates if day.weekday() in rule.weekdays]


def describe_days(weekdays: Iterable[int]) -> str:
    """'every day', 'weekdays', 'Monday, Wednesday and Friday'."""
    days = sorted(set(weekdays))
    if len(days) == 7:
        return "every day"
    if days == [0, 1, 2, 3, 4]:
        return "weekdays"
    names = [WEEKDAY_NAMES[d] for d in days]
    if len(names) <= 1:
        return "".join(names) or "no days"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def to_mask(weekdays: Iterable[int]) -> int:
    return sum(1 << d for d in set(weekdays))


def from_mask(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask & (1 << d))
