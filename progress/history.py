"""Weeks, days and streaks over plain values: no ORM import, tested without a database.

Days are the person's local days (SessionLog.local_date). A week starts on the person's
chosen first day (0 Monday … 6 Sunday).

Week labels look like ISO weeks ("2026-W14"), but because a week may start on a Sunday we
define the label as: the week (starting on the person's first day) that contains the Monday
of that ISO week. With a Monday start this is exactly the ISO week; with a Sunday start it is
the Sunday before that Monday through the Saturday after it. Every week holds exactly one
Monday, so every week has exactly one label and every label one week.

Streaks forgive rest days: they count weeks, not days. Each routine has its own weekly
target (the minimum of its current phase, counted in days with a session, as Today counts
it). A week in which a routine was paused or not yet started for some days asks for a
share of its target (rounded up); a week it was paused throughout neither breaks nor grows
its streak, and a routine's first week counts once it is on target and breaks nothing
before (starting a second routine never takes a week from the streak). The page's headline
streak counts weeks in which every routine followed that
week met its own target; before any routine, a week with one session counts. A streak is
the run of such weeks ending with the last complete week, plus the current week once it is
on target: a missed current week does not break the streak until it is over.

The pain trend (PainTrend) compares weekly averages of pain before sessions: the first two
weeks with scores against the latest two. Its threshold is Limber's own (progress.pain).
"""

import datetime as dt
import math
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from progress import pain as pain_rules

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


# Targets, weekly totals and the streak ------------------------------------------------------


@dataclass(frozen=True)
class RoutinePlan:
    """A routine a person follows, as its streak needs it."""

    key: int
    name: str
    minimum: int  # days with a session a week, from the current phase
    maximum: int
    started_on: dt.date
    pauses: tuple[tuple[dt.date, dt.date | None], ...] = ()  # first and last day paused
    paused_now: bool = False
    # The weekly minimum over time, as (first day, minimum) oldest first, from its phases
    # (see phase_spells); empty: `minimum` throughout.
    targets: tuple[tuple[dt.date, int], ...] = ()

    @property
    def wanted(self) -> str:
        low, high = self.minimum, self.maximum
        return f"{low}–{high}" if high > low else str(low)

    @property
    def is_daily(self) -> bool:
        return self.minimum >= 7

    def followed_on(self, day: dt.date) -> bool:
        """Started by then and not paused that day."""
        if day < self.started_on:
            return False
        return not any(
            first <= day and (last is None or day <= last) for first, last in self.pauses
        )

    def days_followed(self, first: dt.date, last: dt.date | None = None) -> int:
        """Days from `first` to `last` (by default the week starting `first`) on which the
        routine was followed (planned). Day by day only where a pause touches: History asks
        this of 104 weeks."""
        last = last or first + DAY * 6
        start = max(first, self.started_on)
        if start > last:
            return 0
        days = (last - start).days + 1
        if not any(a <= last and (b is None or start <= b) for a, b in self.pauses):
            return days
        return sum(1 for i in range(days) if self.followed_on(start + DAY * i))

    def short_week_reason(self, first: dt.date) -> str:
        """Why the week starting `first` asks for less than the weekly target: 'started on
        Thursday', 'paused some days', or both; '' for a whole week followed."""
        last = first + DAY * 6
        reasons = []
        if first < self.started_on <= last:
            reasons.append(f"started on {self.started_on:%A}")
        start = max(first, self.started_on)
        if any(a <= last and (b is None or start <= b) for a, b in self.pauses):
            reasons.append("paused some days")
        return ", ".join(reasons)

    def needed_in(self, first: dt.date, last: dt.date) -> int:
        """Days with a session asked of `first`..`last`: each day followed asks a seventh of
        the weekly minimum of the phase it was in that day, rounded up over the whole span
        (a week of three Basics days at 7 and four Advanced days at 3 asks for 5)."""
        if not self.targets:
            return needed_days(self.minimum, self.days_followed(first, last))
        sevenths = 0
        for i, (since, minimum) in enumerate(self.targets):
            start = first if i == 0 else max(first, since)
            end = last if i + 1 == len(self.targets) else min(last, self.targets[i + 1][0] - DAY)
            if start <= end:
                sevenths += minimum * self.days_followed(start, end)
        return math.ceil(sevenths / 7)


@dataclass(frozen=True)
class PhaseSpell:
    """The days an enrolment spent in one phase: `first` to `last` (None: to this day)."""

    key: int  # the phase
    first: dt.date
    last: dt.date | None = None

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.first <= last and (self.last is None or first <= self.last)


def phase_spells(
    started_on: dt.date,
    changes: Iterable[tuple[dt.date, int]],
    current: int,
    current_since: dt.date,
) -> tuple[PhaseSpell, ...]:
    """An enrolment's phases over time, oldest first, from its recorded phase changes (the
    day it entered a phase, the phase) and its current phase, which holds from
    `current_since` whatever was recorded. The first spell runs from `started_on`: days
    before the oldest recorded change count in the oldest phase known."""
    entered = {day: key for day, key in changes if day < current_since}
    entered[current_since] = current
    days = sorted(entered)
    spells: list[PhaseSpell] = []
    for i, day in enumerate(days):
        key = entered[day]
        last = days[i + 1] - DAY if i + 1 < len(days) else None
        if spells and spells[-1].key == key:
            spells[-1] = PhaseSpell(key, spells[-1].first, last)
        else:
            spells.append(PhaseSpell(key, min(day, started_on) if i == 0 else day, last))
    return tuple(spells)


def pause_spells(
    recorded: Iterable[tuple[dt.date, dt.date | None]],
    paused: bool,
    paused_on: dt.date | None,
    fallback: dt.date,
    ended_on: dt.date | None = None,
) -> tuple[tuple[dt.date, dt.date | None], ...]:
    """An enrolment's spells off (RoutinePlan.pauses): its recorded pauses; one open from
    `paused_on` (or `fallback`) when it is paused with no open pause recorded (paused before
    pauses were recorded); and one open from the day it was stopped."""
    spells = list(recorded)
    if paused and not any(last is None for _, last in spells):
        spells.append((paused_on or fallback, None))
    if ended_on:
        spells.append((ended_on, None))
    return tuple(spells)


@dataclass(frozen=True)
class RoutineWeek:
    first: dt.date
    done: int  # days with a session of the routine
    needed: int  # 0 when the routine was paused or not yet started all week
    started: bool = True  # the routine had started by the week's last day
    first_week: bool = False  # the week the routine was started in

    @property
    def met(self) -> bool | None:
        """True or False, or None for a week that neither breaks nor grows a streak: a week
        paused throughout, and a routine's first week until it is on target (starting a
        routine never costs a streak)."""
        if not self.needed:
            return None
        if self.done >= self.needed:
            return True
        return None if self.first_week else False


def needed_days(minimum: int, days_followed: int) -> int:
    """A week's target for a routine followed on only some of its days: its share of the
    weekly minimum, rounded up (a daily routine paused from Wednesday asks for Monday and
    Tuesday)."""
    return math.ceil(minimum * days_followed / 7)


def routine_weeks(
    plan: RoutinePlan, days_by_week: Mapping[int, int], oldest: dt.date, weeks: int
) -> tuple[RoutineWeek, ...]:
    """`weeks` weeks of one routine from the week starting `oldest`; `days_by_week` maps a
    week_index to the days with a session of this routine."""
    result = []
    for i in range(weeks):
        first = oldest + WEEK * i
        needed = needed_days(plan.minimum, plan.days_followed(first))
        started = plan.started_on <= first + DAY * 6
        first_week = started and first <= plan.started_on
        result.append(RoutineWeek(first, days_by_week.get(i, 0), needed, started, first_week))
    return tuple(result)


def streak(flags: Sequence[bool | None]) -> int:
    """Weeks in a row on target, oldest first and ending this week: None weeks (paused) are
    passed over; the current week counts once it is on target and breaks nothing before."""
    if not flags:
        return 0
    *complete, current = flags
    count = 0
    for met in reversed(complete):
        if met is None:
            continue
        if not met:
            break
        count += 1
    return count + (1 if current else 0)


def weeks_on_target(
    routines: Sequence[Sequence[RoutineWeek]], sessions: Sequence[int]
) -> tuple[bool | None, ...]:
    """Per week: every routine followed that week met its own target (None when all of
    them were paused, or in a first week not yet on target: RoutineWeek.met). A week
    before any routine was followed needs one session."""
    flags: list[bool | None] = []
    for i, count in enumerate(sessions):
        followed = [weeks[i].met for weeks in routines if weeks[i].met is not None]
        if followed:
            flags.append(all(followed))
        elif any(weeks[i].started for weeks in routines):
            flags.append(None)  # every routine paused all week
        else:
            flags.append(count > 0)
    return tuple(flags)


def day_note(
    day: dt.date, today: dt.date, plans: Sequence[RoutinePlan], done_before: Mapping[int, int]
) -> str:
    """What a day without sessions shows: 'To come' for a day ahead; 'Rest' when every
    routine followed that day already had its week's minimum (a rest day its schedule
    allows); 'Paused' when every routine was paused; otherwise '—' (nothing logged).
    `done_before` maps a routine's key to its days with a session earlier that week."""
    if day > today:
        return "To come"
    followed = [p for p in plans if p.followed_on(day)]
    if followed:
        rest = all(not p.is_daily and done_before.get(p.key, 0) >= p.minimum for p in followed)
        return "Rest" if rest else "—"
    if any(day >= p.started_on for p in plans):
        return "Paused"
    return "—"


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
    met: Sequence[bool | None],
) -> tuple[WeekTotal, ...]:
    """`weeks` weeks ending with the one starting `current_first`, oldest first.

    `by_week` maps a week_index (0 for the oldest of the weeks) to (sessions, seconds);
    `met` says, week by week, whether it was on target (weeks_on_target).
    """
    oldest = current_first - WEEK * (weeks - 1)
    to_monday = _to_monday(week_start)
    totals = []
    for i in range(weeks):
        sessions, seconds = by_week.get(i, (0, 0))
        first = oldest + WEEK * i
        label = _monday_label(first + to_monday)  # week_label(first), knowing it starts a week
        totals.append(WeekTotal(first, label, sessions, seconds, bool(met[i])))
    return tuple(totals)


# The pain trend -----------------------------------------------------------------------------

TREND_WEEKS = 2  # weeks averaged at each end of the trend


@dataclass(frozen=True)
class PainSums:
    """Pain scores added up (the database's SUM and COUNT), so spans can be combined."""

    before_total: int = 0
    before_count: int = 0
    after_total: int = 0
    after_count: int = 0

    def __add__(self, other: "PainSums") -> "PainSums":
        return PainSums(
            self.before_total + other.before_total,
            self.before_count + other.before_count,
            self.after_total + other.after_total,
            self.after_count + other.after_count,
        )

    @property
    def before(self) -> float | None:
        """Average pain before sessions, to one decimal (None without scores)."""
        return round(self.before_total / self.before_count, 1) if self.before_count else None

    @property
    def after(self) -> float | None:
        return round(self.after_total / self.after_count, 1) if self.after_count else None


def add_pain(sums: Iterable[PainSums]) -> PainSums:
    total = PainSums()
    for one in sums:
        total += one
    return total


@dataclass(frozen=True)
class PainSpan:
    """A week (or a month, for all time) of pain scores."""

    first: dt.date
    label: str  # '7 Sep', or 'Sep 2026' for a month
    sums: PainSums

    @property
    def before(self) -> float | None:
        return self.sums.before

    @property
    def after(self) -> float | None:
        return self.sums.after


def pain_weeks(
    by_week: Mapping[int, PainSums], oldest: dt.date, weeks: int
) -> tuple[PainSpan, ...]:
    """`weeks` weeks from the one starting `oldest`; `by_week` maps a week_index to sums."""
    return tuple(
        PainSpan(oldest + WEEK * i, day_month(oldest + WEEK * i), by_week.get(i, PainSums()))
        for i in range(weeks)
    )


def with_scores(spans: Sequence[PainSpan]) -> tuple[PainSpan, ...]:
    """The spans from the first holding a score (before or after) on: the trend's axis
    starts where the person's scores do, not at weeks before they began."""
    first = next(
        (i for i, s in enumerate(spans) if s.sums.before_count or s.sums.after_count), None
    )
    return () if first is None else tuple(spans[first:])


def pain_months(by_month: Mapping[dt.date, PainSums], today: dt.date) -> tuple[PainSpan, ...]:
    """Every month from the first with a score to this one (all time), first days as keys."""
    if not by_month:
        return ()
    month = min(by_month)
    spans = []
    while month <= today:
        spans.append(PainSpan(month, f"{month:%b %Y}", by_month.get(month, PainSums())))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(spans)


def _week_value(sums: PainSums) -> float:
    return sums.before_total / sums.before_count


@dataclass(frozen=True)
class PainTrend:
    """The one pain trend of History and the report: the average of the weekly averages of
    pain before sessions in the first TREND_WEEKS weeks with scores, against the latest
    TREND_WEEKS (timed sessions under progress.pain.COUNTED_SECONDS left out, by the
    database). A change of progress.pain.CHANGE_POINTS or more is a rise or a fall."""

    weeks: tuple[PainSpan, ...]  # the weeks with scores, oldest first
    year: int  # this year: the date reads without a year within it

    @property
    def enough(self) -> bool:
        return len(self.weeks) >= TREND_WEEKS * 2

    @property
    def start(self) -> float:
        first = self.weeks[:TREND_WEEKS]
        return round(sum(_week_value(w.sums) for w in first) / len(first), 1)

    @property
    def end(self) -> float:
        last = self.weeks[-TREND_WEEKS:]
        return round(sum(_week_value(w.sums) for w in last) / len(last), 1)

    @property
    def since(self) -> dt.date | None:
        return self.weeks[0].first if self.weeks else None

    @property
    def delta(self) -> float:
        return round(self.end - self.start, 1) if self.enough else 0.0

    @property
    def verdict(self) -> str:
        """'better', 'worse' or 'steady'; 'too-few' without enough weeks to say."""
        if not self.enough:
            return "too-few"
        if abs(self.delta) < pain_rules.CHANGE_POINTS:
            return "steady"
        return "better" if self.delta < 0 else "worse"

    @property
    def since_text(self) -> str:
        if self.since is None:
            return ""
        text = day_month(self.since)
        return text if self.since.year == self.year else f"{text} {self.since.year}"

    @property
    def sentence(self) -> str:
        """'Your pain scores before sessions: 6.1 → 3.9 since the week of 7 Sep (−2.2).'"""
        if not self.enough:
            return (
                f"To compare, we need pain scores before sessions in at least "
                f"{TREND_WEEKS * 2} weeks (so far {len(self.weeks)})."
            )
        sign = "−" if self.delta < 0 else "+" if self.delta > 0 else "±"
        return (
            f"Your pain scores before sessions: {self.start} → {self.end} since the week of "
            f"{self.since_text} ({sign}{abs(self.delta)})."
        )


def pain_trend(weeks: Sequence[PainSpan], today: dt.date) -> PainTrend:
    """The trend over weekly pain values (see PainTrend): History passes its weeks, the
    report its blocks of seven days."""
    return PainTrend(tuple(w for w in weeks if w.sums.before_count), today.year)


# Charts: coordinates computed here, drawn by the templates ----------------------------------


def _num(value: float) -> str:
    """An SVG coordinate with one decimal, made here so templates don't format floats."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
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


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    before: tuple[Point, ...]
    after: tuple[Point, ...]
    before_lines: tuple[str, ...]  # polyline points, one per run of spans with scores
    after_lines: tuple[str, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def has_points(self) -> bool:
        return bool(self.before or self.after)


def _runs(points: Sequence[tuple[int, Point]]) -> tuple[str, ...]:
    """Polyline point lists for runs of neighbouring spans (a gap breaks the line)."""
    runs: list[list[Point]] = []
    last = None
    for index, point in points:
        if last is None or index != last + 1:
            runs.append([])
        runs[-1].append(point)
        last = index
    return tuple(" ".join(f"{p.cx},{p.cy}" for p in run) for run in runs if len(run) > 1)


def trend_chart(spans: Sequence[PainSpan], width: int = 480, height: int = 220) -> TrendChart:
    """Average pain before and after sessions per span, oldest on the left; about six
    labels along the bottom whatever the number of spans."""
    left, right, top, bottom = 40, width - 14, 14, height - 40
    slot = (right - left) / max(len(spans), 1)

    def x_of(i: int) -> float:
        return left + slot * (i + 0.5)

    def y_of(pain: float) -> float:
        return bottom - (bottom - top) * pain / 10

    before, after = [], []
    for i, span in enumerate(spans):
        if span.before is not None:
            label = f"{span.label}: pain before {span.before}"
            before.append((i, Point(x_of(i), y_of(span.before), span.before, label)))
        if span.after is not None:
            label = f"{span.label}: pain after {span.after}"
            after.append((i, Point(x_of(i), y_of(span.after), span.after, label)))
    step = max(1, math.ceil(len(spans) / 6))
    x_ticks = tuple(Tick(x_of(i), spans[i].label) for i in range(0, len(spans), step))
    y_ticks = tuple(Tick(y_of(v), str(v)) for v in (0, 5, 10))
    return TrendChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(p for _, p in before),
        tuple(p for _, p in after),
        _runs(before),
        _runs(after),
        x_ticks,
        y_ticks,
    )


# The report: a period of the person's choosing -------------------------------------------


def report_weeks(
    plan: RoutinePlan, days_by_week: Mapping[int, int], first: dt.date, last: dt.date
) -> tuple[RoutineWeek, ...]:
    """One routine's blocks of seven days from `first` to `last`; the last block may be
    shorter, and asks for its share of the target like a partly paused week. Each day asks
    for the target of the phase it was in (RoutinePlan.targets)."""
    weeks = []
    start = first
    index = 0
    while start <= last:
        end = min(start + DAY * 6, last)
        needed = plan.needed_in(start, end)
        weeks.append(RoutineWeek(start, days_by_week.get(index, 0), needed, plan.started_on <= end))
        start += WEEK
        index += 1
    return tuple(weeks)


def weeks_to_count(
    weeks: Sequence[RoutineWeek], last: dt.date, today: dt.date
) -> list[RoutineWeek]:
    """The report's weeks (report_weeks, up to `last`) that count for or against a routine:
    those asking for something, but not a last week still under way (the period ends today)
    while it isn't on target yet: it is not missed before it is over."""
    running = weeks[-1] if weeks and last >= today else None
    return [w for w in weeks if w.needed and (w.met or w is not running)]


def period_text(first: dt.date, last: dt.date) -> str:
    """'19 Oct – 15 Nov 2026', or with both years when they differ."""
    head = day_month(first) if first.year == last.year else f"{day_month(first)} {first.year}"
    return f"{head} – {day_month(last)} {last.year}"
