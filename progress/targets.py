"""Weekly targets and streaks over plain values: no ORM import, tested without a database.

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

Weeks start on the person's own first day (accounts.weeks).
"""

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accounts.weeks import DAY, WEEK, week_label, week_start_of
from progress.days import minutes

Block = tuple[dt.date, dt.date]  # a report's week: its first and last day


@dataclass(frozen=True)
class FollowedPlan:
    """A routine a person follows (or followed, in a report's period), as its targets and
    streak need it; built from an enrolment by progress.history_queries.followed_plans."""

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
    # The weekly target is Limber's suggestion rather than the article's
    # (Phase.target_suggested): History says so.
    target_suggested: bool = False

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
    """An enrolment's spells off (FollowedPlan.pauses): its recorded pauses; one open from
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
    plan: FollowedPlan, days_by_week: Mapping[int, int], oldest: dt.date, weeks: int
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
    day: dt.date, today: dt.date, plans: Sequence[FollowedPlan], done_before: Mapping[int, int]
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
    totals = []
    for i in range(weeks):
        sessions, seconds = by_week.get(i, (0, 0))
        first = oldest + WEEK * i
        label = week_label(first, week_start)
        totals.append(WeekTotal(first, label, sessions, seconds, bool(met[i])))
    return tuple(totals)


# The report: a period of the person's choosing -------------------------------------------


def report_blocks(first: dt.date, last: dt.date, week_start: int) -> tuple[Block, ...]:
    """The report's weeks: the person's own weeks (as History's) from the one holding
    `first` to the one holding `last`, cut to the period, so the first and the last may be
    shorter. A whole one is a week the summaries hold (progress.summaries.period_rows)."""
    blocks = []
    start = first
    while start <= last:
        end = min(week_start_of(start, week_start) + DAY * 6, last)
        blocks.append((start, end))
        start = end + DAY
    return tuple(blocks)


def report_weeks(
    plan: FollowedPlan, days_by_week: Mapping[int, int], blocks: Sequence[Block]
) -> tuple[RoutineWeek, ...]:
    """One routine's weeks in the report (report_blocks). A shorter first or last week asks
    for its share of the target like a partly paused week; each day asks for the target of
    the phase it was in (FollowedPlan.targets)."""
    return tuple(
        RoutineWeek(
            start, days_by_week.get(i, 0), plan.needed_in(start, end), plan.started_on <= end
        )
        for i, (start, end) in enumerate(blocks)
    )


def weeks_to_count(
    weeks: Sequence[RoutineWeek], last: dt.date, today: dt.date
) -> list[RoutineWeek]:
    """The report's weeks (report_weeks, up to `last`) that count for or against a routine:
    those asking for something, but not a last week still under way (the period ends today)
    while it isn't on target yet: it is not missed before it is over."""
    running = weeks[-1] if weeks and last >= today else None
    return [w for w in weeks if w.needed and (w.met or w is not running)]
