"""Progression rules from the source articles, as plain Python over frozen dataclasses.

No ORM import: the views turn rows into these values and the rules are tested
without a database.

How time is counted (the choices the source articles leave open):

- **Days in a phase** are calendar days since the phase started, in the person's own
  time zone, *except* days spent paused: pausing freezes the count, and resuming
  carries on from where it stopped. The day the phase starts is day 0; after 14 nights
  it is day 14.
- **Days and sessions together.** The source articles ask for "a week or two" of *doing* the
  basics, so a phase may need both calendar days and days with a logged session
  (`min_days` and `min_sessions`): fourteen days of logging nothing unlock nothing.
  Such a phase unlocks on the later of the day its days are reached and the last day
  logged in it (the day the sessions were reached, when the check runs that day).
- **Several sessions a day** count once for day-based rules (days logged, the weekly
  target); their seconds are summed for time-based rules (the nightly 5 minutes).
- **Weeks** start on the person's own week start day (accounts.weeks).
- An **auto** phase moves on by itself on the day its rule is met; a **confirm** phase
  proposes the next one and waits for the person; a **final** phase never moves on.
- **Pain that is not settling holds the next phase back** (our rule, not the articles':
  `pain_hold`): pain after 2 points or more above pain before in 2 of the last 3 sessions
  with both scores (a next-morning "worse" counts like such a rise), or pain before of 7 or
  more in the last 7 days. No phase unlocks, moves
  on or may be started early while it holds; the day it lets go, the rules apply as before.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.weeks import day_month, week_bounds
from exercises.dose import format_seconds
from routines import pain as pain_rules

AUTO = "auto"
CONFIRM = "confirm"
FINAL = "final"

ACTIVE = "active"
PAUSED = "paused"
ENDED = "ended"


@dataclass(frozen=True)
class PhaseRule:
    order: int
    name: str
    sessions_per_week_min: int = 7
    sessions_per_week_max: int = 7
    advance: str = FINAL
    min_days: int | None = None
    early_after_days: int | None = None
    min_sessions: int | None = None
    min_seconds: int | None = None

    @property
    def is_daily(self) -> bool:
        return self.sessions_per_week_min >= 7


@dataclass(frozen=True)
class EnrolmentState:
    started_on: dt.date
    phase_order: int
    phase_started_on: dt.date
    status: str = ACTIVE
    paused_on: dt.date | None = None
    paused_days: int = 0
    """Days spent paused earlier in this phase (finished pauses)."""


@dataclass(frozen=True)
class SessionFact:
    """One logged session of this enrolment, on the person's local day."""

    local_date: dt.date
    total_seconds: int = 0


@dataclass(frozen=True)
class Activity:
    """What the person logged, already totalled (by `tally` or by the database)."""

    days_logged_in_phase: int = 0
    seconds_in_phase: int = 0
    days_this_week: int = 0
    done_today: bool = False
    last_logged_on: dt.date | None = None
    """The latest local day with a session in this phase."""


BETTER, SAME, WORSE, SKIPPED = "better", "same", "worse", "skipped"
MORNING_CHOICES = [
    (BETTER, "better"),
    (SAME, "the same"),
    (WORSE, "worse"),
    (SKIPPED, "skipped"),
]


@dataclass(frozen=True)
class PainFact:
    """One session's pain scores, on the person's local day, and the next morning's answer
    ("better", "the same", "worse", "skipped", or "" not asked yet)."""

    local_date: dt.date
    before: int | None = None
    after: int | None = None
    morning: str = ""
    key: int = 0  # the session's id, for the next-morning question

    @property
    def counts(self) -> bool:
        """Both scores, or a next-morning answer: something to say whether pain rose."""
        both = self.before is not None and self.after is not None
        return both or self.morning in (BETTER, SAME, WORSE)

    @property
    def rose(self) -> bool:
        """Pain after pain.CHANGE_POINTS or more above before, or worse the next morning."""
        both = self.before is not None and self.after is not None
        jump = both and self.after - self.before >= pain_rules.CHANGE_POINTS
        return jump or self.morning == WORSE


def morning_question(facts: Iterable[PainFact], today: dt.date) -> PainFact | None:
    """Yesterday's latest session, when the next-morning question is still unasked (once a
    day: any answer, a skip too, closes it)."""
    yesterday = today - dt.timedelta(days=1)
    days = [f for f in facts if f.local_date == yesterday]
    if not days or any(f.morning for f in days):
        return None
    return days[0]


ROSE_IN = 2  # sessions with a rise ...
ROSE_OF = 3  # ... among the latest with both scores
HIGH_DAYS = 7  # pain before of pain.HIGH or more within this many days holds


@dataclass(frozen=True)
class PainHold:
    """Why the next phase waits: 'rose' (pain rose after sessions) or 'high' (pain before
    was high lately), and for 'high' the last such day."""

    reason: str
    day: dt.date | None = None

    def headline(self, next_name: str) -> str:
        """The sentence's first words: that the next step waits, not yet why."""
        return f"{next_name} waits while your pain settles."

    def sentence(self, next_name: str) -> str:
        """One sentence: why the next step waits and what releases it."""
        ours = "(our rule, not the articles')"
        if self.reason == "rose":
            return (
                f"{next_name} waits while your pain settles: it rose by "
                f"{pain_rules.CHANGE_POINTS} points or more after {ROSE_IN} of your last "
                f"{ROSE_OF} sessions with both scores, and goes ahead once fewer of them do "
                f"{ours}."
            )
        if self.reason == "worse":
            return (
                f"{next_name} waits while your pain settles: it rose after, or was worse the "
                f"next morning, for {ROSE_IN} of your last {ROSE_OF} sessions you told us "
                f"about, and goes ahead once fewer of them do {ours}."
            )
        release = self.day + dt.timedelta(days=HIGH_DAYS)
        return (
            f"{next_name} waits while your pain settles: it was {pain_rules.HIGH} or more "
            f"before a session on {day_month(self.day)}, and goes ahead from "
            f"{day_month(release)} if it stays under {pain_rules.HIGH} {ours}."
        )


def pain_hold(facts: Iterable[PainFact], today: dt.date) -> PainHold | None:
    """The pain rule of progression, over the person's sessions newest first: a rise of
    pain.CHANGE_POINTS or more, or a next morning "worse" (PainFact.rose), for ROSE_IN of the
    last ROSE_OF sessions with both scores or a morning answer; or a score before of
    pain.HIGH or more in the last HIGH_DAYS days. None when pain is settling."""
    facts = list(facts)
    counted = [f for f in facts if f.counts][:ROSE_OF]
    rises = [f for f in counted if f.rose]
    if len(rises) >= ROSE_IN:
        return PainHold("worse" if any(f.morning == WORSE for f in rises) else "rose")
    since = today - dt.timedelta(days=HIGH_DAYS - 1)
    high = [
        f.local_date
        for f in facts
        if f.before is not None and f.before >= pain_rules.HIGH and since <= f.local_date <= today
    ]
    return PainHold("high", max(high)) if high else None


@dataclass(frozen=True)
class Progress:
    phase: PhaseRule
    next_phase: PhaseRule | None
    phase_started_on: dt.date
    days_in_phase: int
    days_logged: int
    seconds: int
    unlocked: bool
    may_move_early: bool
    propose: bool
    explanation: str
    early_warning: str = ""
    waiting: str = ""
    """Why the next phase waits for pain to settle (PainHold.sentence), or ""."""
    waiting_short: str = ""
    """The same in a few words, for a card that has one line to spare (PainHold.headline)."""

    @property
    def weekly_target(self) -> tuple[int, int]:
        return self.phase.sessions_per_week_min, self.phase.sessions_per_week_max


@dataclass(frozen=True)
class Due:
    due: bool
    reason: str
    days_this_week: int
    weekly_min: int
    weekly_max: int

    @property
    def weekly_text(self) -> str:
        return f"{self.days_this_week} of {describe_target(self.weekly_min, self.weekly_max)}"


def describe_target(low: int, high: int) -> str:
    """'every day', '3 this week', '2–3 this week'."""
    if low >= 7:
        return "7 this week"
    if high and high != low:
        return f"{low}–{high} this week"
    return f"{low} this week"


def describe_frequency(low: int, high: int) -> str:
    """The weekly target in plain words: 'every day', '3 times a week', '2–3 times a week'."""
    if low >= 7:
        return "every day"
    if high and high != low:
        return f"{low}–{high} times a week"
    return "once a week" if low == 1 else f"{low} times a week"


def days_in_phase(state: EnrolmentState, today: dt.date) -> int:
    """Calendar days since the phase started, not counting days spent paused."""
    end = state.paused_on if state.status == PAUSED and state.paused_on else today
    return max(0, (end - state.phase_started_on).days - state.paused_days)


def tally(
    sessions: Iterable[SessionFact],
    phase_started_on: dt.date,
    today: dt.date,
    week_start: int = 0,
) -> Activity:
    """Total an enrolment's sessions the way the database query does (used in tests, too)."""
    first, last = week_bounds(today, week_start)
    in_phase = [s for s in sessions if s.local_date >= phase_started_on]
    return Activity(
        days_logged_in_phase=len({s.local_date for s in in_phase}),
        seconds_in_phase=sum(s.total_seconds for s in in_phase),
        days_this_week=len({s.local_date for s in sessions if first <= s.local_date <= last}),
        done_today=any(s.local_date == today for s in sessions),
        last_logged_on=max((s.local_date for s in in_phase), default=None),
    )


def _rule_met(phase: PhaseRule, days: int, activity: Activity) -> bool:
    checks = [
        phase.min_days is None or days >= phase.min_days,
        phase.min_sessions is None or activity.days_logged_in_phase >= phase.min_sessions,
        phase.min_seconds is None or activity.seconds_in_phase >= phase.min_seconds,
    ]
    has_rule = any(v is not None for v in (phase.min_days, phase.min_sessions, phase.min_seconds))
    return has_rule and all(checks)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _explain_days_and_sessions(phase: PhaseRule, nxt: PhaseRule, days: int, logged: int) -> str:
    """What is still missing when a phase needs both days and days with a session (`days`
    counts today once today's session is logged)."""
    min_days, min_sessions = phase.min_days or 0, phase.min_sessions or 0
    still = []
    if days < min_days:
        still.append(_plural(min_days - days, "more day"))
    if logged < min_sessions:
        still.append(f"{_plural(min_sessions - logged, 'more day')} with a session")
    verb = "unlocks" if phase.advance == AUTO else "can start"
    so_far = (
        f"{min(days, min_days)} of {min_days} days, "
        f"{min(logged, min_sessions)} of {min_sessions} days with a session so far"
    )
    if not still:  # both reached, yet held back (pain_hold): the waiting sentence says why
        return f"{so_far[0].upper()}{so_far[1:]}."
    return f"{nxt.name} {verb} after {' and '.join(still)} — {so_far}."


def unlock_day(phase: PhaseRule, state: EnrolmentState, activity: Activity) -> dt.date:
    """The day a met rule unlocked the next phase (the caller caps it at today).

    Days alone: the day the count reached `min_days`, later by the days paused. A rule on
    sessions or seconds was met on a day with a session, so not before the last day logged
    in the phase; that is exactly the day when, as on Today after logging, the rule is
    checked on the day its last needed session is logged.
    """
    day = state.phase_started_on + dt.timedelta(days=state.paused_days + (phase.min_days or 0))
    if (phase.min_sessions or phase.min_seconds) and activity.last_logged_on:
        day = max(day, activity.last_logged_on)
    return day


def _explain(
    phase: PhaseRule, nxt: PhaseRule | None, days: int, activity: Activity, met: bool
) -> str:
    keep_up = describe_frequency(phase.sessions_per_week_min, phase.sessions_per_week_max)
    if nxt is None or phase.advance == FINAL:
        return f"Keep it up {keep_up}."
    if phase.min_days is not None and phase.min_sessions is not None and not met:
        counted = days + (1 if activity.done_today else 0)
        return _explain_days_and_sessions(phase, nxt, counted, activity.days_logged_in_phase)
    parts = []
    if phase.min_days is not None:
        # Today counts as done once today's session is logged ("1 of 14 days" on day 0).
        counted = min(days + (1 if activity.done_today else 0), phase.min_days)
        left = phase.min_days - counted
        done = f"{counted} of {phase.min_days} days done"
        verb = "unlocks" if phase.advance == AUTO else "can start"
        if left > 0 and days + left == phase.min_days:
            parts.append(f"{nxt.name} {verb} in {_plural(left, 'day')} — {done}")
        elif left > 0:
            parts.append(f"{nxt.name} {verb} after {_plural(left, 'more day')} — {done}")
        elif days < phase.min_days:
            parts.append(f"{nxt.name} {verb} tomorrow — {done}")
        else:
            parts.append(done)
    if phase.min_sessions is not None:
        parts.append(f"{activity.days_logged_in_phase} of {phase.min_sessions} days with a session")
    if phase.min_seconds is not None and not activity.seconds_in_phase:
        parts.append(
            f"nothing rolled yet — {format_seconds(phase.min_seconds)} in total unlocks the "
            "next step"
        )
    elif phase.min_seconds is not None:
        parts.append(
            f"{format_seconds(activity.seconds_in_phase)} of "
            f"{format_seconds(phase.min_seconds)} done so far"
        )
    text = "; ".join(parts)
    if met:
        return f"Ready for {nxt.name}: {text}."
    return text[0].upper() + text[1:] + "."


def progress(
    phases: list[PhaseRule],
    state: EnrolmentState,
    activity: Activity,
    today: dt.date,
    pain: Iterable[PainFact] = (),
) -> Progress:
    """Where an enrolment stands: its phase, what the next phase needs, and in words.

    An auto phase whose day rule is met is treated as already over: the result's
    `phase` is the next one, starting on the day it unlocked (the view saves that).
    While pain_hold holds (`pain`: the person's sessions, newest first), nothing unlocks.
    """
    ordered = sorted(phases, key=lambda p: p.order)
    by_order = {p.order: i for i, p in enumerate(ordered)}
    index = by_order.get(state.phase_order, 0)
    phase = ordered[index]
    nxt = ordered[index + 1] if index + 1 < len(ordered) else None
    days = days_in_phase(state, today)
    hold = pain_hold(pain, today) if nxt is not None and phase.advance != FINAL else None
    met = nxt is not None and hold is None and _rule_met(phase, days, activity)
    if met and phase.advance == AUTO:
        unlocked_on = unlock_day(phase, state, activity)
        moved = EnrolmentState(
            started_on=state.started_on,
            phase_order=nxt.order,
            phase_started_on=min(unlocked_on, today),
            status=state.status,
            paused_on=state.paused_on,
        )
        # The new phase starts with nothing logged in it yet as far as its rules go.
        return progress(ordered, moved, Activity(days_this_week=activity.days_this_week), today)
    early = (
        nxt is not None
        and not met
        and phase.early_after_days is not None
        and days >= phase.early_after_days
        and state.status == ACTIVE
        and hold is None
    )
    warning = ""
    if phase.early_after_days is not None and nxt is not None:
        warning = (
            f"Moving on to {nxt.name} early is fine if the basics already feel easy. The "
            f"article says the new moves focus on the little muscles: go gently and ease off "
            f"any spot that turns painful."
        )
    return Progress(
        phase=phase,
        next_phase=nxt,
        phase_started_on=state.phase_started_on,
        days_in_phase=days,
        days_logged=activity.days_logged_in_phase,
        seconds=activity.seconds_in_phase,
        unlocked=met,
        may_move_early=early,
        propose=met and phase.advance == CONFIRM,
        explanation=_explain(phase, nxt, days, activity, met),
        early_warning=warning,
        waiting=hold.sentence(nxt.name) if hold and nxt else "",
        waiting_short=hold.headline(nxt.name) if hold and nxt else "",
    )


def due_today(phase: PhaseRule, activity: Activity) -> Due:
    """Is the routine due today, given this week's sessions and the phase's weekly target?

    Daily phases are due unless done today. Others are due while fewer than the minimum
    have been done this week, unless one was already done today (spread them out).
    """
    low, high = phase.sessions_per_week_min, phase.sessions_per_week_max
    week = activity.days_this_week
    target = describe_target(low, high)
    if activity.done_today:
        return Due(False, f"Done for today — {week} of {target}.", week, low, high)
    if phase.is_daily:
        return Due(True, f"Every day — {week} of {target} so far, not yet today.", week, low, high)
    if week >= low:
        return Due(False, f"{week} of {target} — rest day (an extra one is fine).", week, low, high)
    return Due(True, f"{week} of {target} so far — today is a good day for it.", week, low, high)
