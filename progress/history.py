"""Weeks, days and streaks over plain values: no ORM import, tested without a database.

Days are the person's local days (SessionLog.local_date). A week starts on the person's
chosen first day (0 Monday … 6 Sunday).

Week labels look like ISO weeks ("2026-W14"), but because a week may start on a Sunday we
define the label as: the week (starting on the person's first day) that contains the Monday
of that ISO week. With a Monday start this is exactly the ISO week; with a Sunday start it is
the Sunday before that Monday through the Saturday after it. Every week holds exactly one
Monday, so every week has exactly one label and every label one week.

Streaks forgive rest days: they count weeks, not days. A week meets the target when its
number of sessions is at least the sum of the weekly minimums of the routines the person
follows now (or at least one session when they follow none). The streak is the run of
consecutive weeks that met the target ending with the last complete week, plus the current
week once it has met the target too. A missed current week does not break the streak until
it is over.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

WEEK_LABEL = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
FIRST_YEAR = 2000
PAIN_JUMP = 2
PAIN_HIGH = 7
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    """The first day of the week holding `day`; week_start is 0 for Monday, 6 for Sunday."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def week_bounds(day: dt.date, week_start: int) -> tuple[dt.date, dt.date]:
    """First and last local day of the week that holds `day`."""
    first = week_start_of(day, week_start)
    return first, first + dt.timedelta(days=6)


def local_date_of(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The person's calendar day for an aware moment."""
    return moment.astimezone(zone).date()


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


def needs_pain_caution(before: int | None, after: int | None) -> bool:
    """True when pain rose by two points or more, or either score is 7 or above."""
    if any(score is not None and score >= PAIN_HIGH for score in (before, after)):
        return True
    return before is not None and after is not None and after - before >= PAIN_JUMP


def session_title(routine_name: str | None, exercise_names: Sequence[str]) -> str:
    """A routine's name, or for a free session the first exercises done."""
    if routine_name:
        return routine_name
    if not exercise_names:
        return "Free session"
    more = len(exercise_names) - 2
    return ", ".join(exercise_names[:2]) + (f" and {more} more" if more > 0 else "")


def day_month(day: dt.date | dt.datetime) -> str:
    """'16 Nov', as the history page shows days (the template's "j M")."""
    return f"{day.day} {day:%b}"


def minutes(seconds: int) -> int:
    """Whole minutes for a total shown to people, rounded to the nearest minute."""
    return (seconds + 30) // 60


def areas_worked(areas: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(body area, exercises done) from one (name, order) pair per exercise done and area it
    works: most worked first, then in the areas' own order."""
    counts = Counter(areas)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    return [(name, count) for (name, _order), count in ranked]


# The week's days -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    id: int
    started_at: dt.datetime  # in the person's zone
    local_date: dt.date
    title: str
    seconds: int
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def minutes(self) -> int:
        return minutes(self.seconds)

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


def days_of_week(first: dt.date, sessions: Iterable[SessionRow]) -> tuple[Day, ...]:
    """Seven days from `first`, each with its sessions in time order."""
    by_day: dict[dt.date, list[SessionRow]] = {first + DAY * i: [] for i in range(7)}
    for session in sessions:
        if session.local_date in by_day:
            by_day[session.local_date].append(session)
    return tuple(
        Day(day, tuple(sorted(rows, key=lambda s: s.started_at))) for day, rows in by_day.items()
    )


# Targets, weekly totals and the streak ------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.target.minimum

    @property
    def wanted(self) -> str:
        low, high = self.target.minimum, self.target.maximum
        return f"{low}–{high}" if high > low else str(low)


def weekly_minimum(targets: Iterable[Target]) -> int:
    """Sessions a week needs to meet the target: the routines' minimums added, or one."""
    return sum(t.minimum for t in targets) or 1


@dataclass(frozen=True)
class WeekTotal:
    first: dt.date
    label: str
    sessions: int
    seconds: int
    met: bool

    @property
    def minutes(self) -> int:
        return minutes(self.seconds)

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=6)

    @property
    def span(self) -> str:
        """'16 Nov – 22 Nov 2026'."""
        last = self.last
        return f"{self.first.day} {self.first:%b} – {last.day} {last:%b %Y}"


def week_index(day: dt.date, oldest: dt.date) -> int:
    """Which week, counting from the one starting `oldest`, holds `day` (the database
    computes the same number when it groups sessions by week)."""
    return (day - oldest).days // 7


def week_totals(
    by_week: Mapping[int, tuple[int, int]],
    current_first: dt.date,
    weeks: int,
    week_start: int,
    minimum: int,
) -> tuple[WeekTotal, ...]:
    """`weeks` weeks ending with the one starting `current_first`, oldest first.

    `by_week` maps a week_index (0 for the oldest of the weeks) to (sessions, seconds).
    """
    oldest = current_first - WEEK * (weeks - 1)
    to_monday = _to_monday(week_start)
    totals = []
    for i in range(weeks):
        sessions, seconds = by_week.get(i, (0, 0))
        first = oldest + WEEK * i
        label = _monday_label(first + to_monday)  # week_label(first), knowing it starts a week
        totals.append(WeekTotal(first, label, sessions, seconds, sessions >= minimum))
    return tuple(totals)


def streak_weeks(totals: Sequence[WeekTotal]) -> int:
    """Weeks in a row that met the target; `totals` is oldest first, ending this week."""
    if not totals:
        return 0
    *complete, current = totals
    count = 0
    for week in reversed(complete):
        if not week.met:
            break
        count += 1
    return count + (1 if current.met else 0)


# Charts: coordinates computed here, drawn by the templates ----------------------------------


def _num(value: float) -> str:
    """An SVG coordinate with one decimal, made here so templates don't format floats."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
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
