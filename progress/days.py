"""A week's days with their sessions, and the time per body area: plain values, no ORM
import, tested without a database. progress/history_queries.py fills them from the
database for the History page; the report shows the areas too."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accounts.weeks import DAY, day_month
from routines import pain as pain_rules


def session_title(routine_name: str | None, exercise_names: Sequence[str]) -> str:
    """A routine's name, or for a free session the first exercises done."""
    if routine_name:
        return routine_name
    if not exercise_names:
        return "Free session"
    more = len(exercise_names) - 2
    return ", ".join(exercise_names[:2]) + (f" and {more} more" if more > 0 else "")


def minutes(seconds: int) -> int:
    """Whole minutes for a total shown to people, rounded to the nearest minute."""
    return (seconds + 30) // 60


@dataclass(frozen=True)
class AreaTime:
    name: str
    exercises: int
    seconds: int

    @property
    def minutes(self) -> int:
        return minutes(self.seconds)

    @property
    def time_text(self) -> str:
        """'14 min', 'under 1 min', or 'no time logged' (reps only)."""
        if not self.seconds:
            return "no time logged"
        return f"{self.minutes} min" if self.minutes else "under 1 min"


def area_times(rows: Iterable[tuple[str, int, int, int]]) -> list[AreaTime]:
    """Time per body area from (area, area order, exercises, seconds) rows, one or more per
    area: most time first, then most exercises, then the areas' own order. An exercise that
    works two areas counts its time for both (both were worked for that long)."""
    totals: dict[tuple[str, int], list[int]] = {}
    for name, order, count, seconds in rows:
        total = totals.setdefault((name, order), [0, 0])
        total[0] += count
        total[1] += seconds or 0
    ranked = sorted(totals.items(), key=lambda item: (-item[1][1], -item[1][0], item[0][1]))
    return [AreaTime(name, count, seconds) for (name, _order), (count, seconds) in ranked]


# The week's days -------------------------------------------------------------------------


def zone_place(name: str, current: str) -> str:
    """'New York' for a session logged in America/New_York by someone now elsewhere; ''
    when it was logged in the current zone (or before zones were kept)."""
    if not name or name == current:
        return ""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_or(name: str, fallback: dt.tzinfo) -> dt.tzinfo:
    """The zone a session was logged in, so it shows at the local time it happened; the
    person's current zone (`fallback`) for a session from before zones were kept, or for a
    name this system doesn't know."""
    if not name:
        return fallback
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return fallback


@dataclass(frozen=True)
class SessionRow:
    id: int
    started_at: dt.datetime  # in the person's zone
    local_date: dt.date
    title: str
    seconds: int
    pain_before: int | None = None
    pain_after: int | None = None
    flare_day: bool = False
    place: str = ""  # where it was logged when not in the person's current zone: "New York"

    @property
    def minutes(self) -> int:
        return minutes(self.seconds)

    @property
    def pain(self) -> pain_rules.SessionPain:
        return pain_rules.session_change(self.pain_before, self.pain_after)

    @property
    def time(self) -> str:
        """'07:30', the local time it started."""
        return f"{self.started_at:%H:%M}"

    @property
    def when(self) -> str:
        """'Mon 16 Nov 07:30'."""
        return f"{self.started_at:%a} {day_month(self.started_at)} {self.time}"


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: tuple[SessionRow, ...]
    note: str = ""  # for a day without sessions: see day_note()

    @property
    def weekday(self) -> str:
        return f"{self.date:%a}"

    @property
    def day_month(self) -> str:
        return day_month(self.date)

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.sessions)

    @property
    def minutes(self) -> int:
        return minutes(self.seconds)


def days_of_week(
    first: dt.date, sessions: Iterable[SessionRow], notes: Mapping[dt.date, str] | None = None
) -> tuple[Day, ...]:
    """Seven days from `first`, each with its sessions in time order (and its note)."""
    by_day: dict[dt.date, list[SessionRow]] = {first + DAY * i: [] for i in range(7)}
    for session in sessions:
        if session.local_date in by_day:
            by_day[session.local_date].append(session)
    notes = notes or {}
    return tuple(
        Day(day, tuple(sorted(rows, key=lambda s: s.started_at)), notes.get(day, ""))
        for day, rows in by_day.items()
    )
