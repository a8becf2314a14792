"""The person's outcomes over plain values: no ORM import, tested without a database.

Two things show whether daily life is getting easier, beyond pain scores:

- **The Patient-Specific Functional Scale** (PSFS; Stratford, Gill, Westaway and Binkley,
  Physiotherapy Canada 1995; free to use with the citation). The person names up to five
  activities their problem makes hard and rates each from 0 (unable to perform it) to 10
  (able to perform it at the same level as before the problem). The score is the average
  of the ratings. A change is called meaningful only past the minimal detectable change
  reported for the scale: 2 points on the average, 3 points on a single activity. Asking
  again every 14 days is our own choice.
- **The weekly check-in**: last week, one line per routine against its own target
  (progress.targets), and for a routine under target the question "What got in the way?",
  each answer leading to one suggestion inside Limber. A weekly question of this kind was
  part of what raised adherence in an exercise-app trial (JMIR mHealth 2019, e14619). Only
  last week is ever asked about: weeks gone by unanswered are not asked again.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accounts.weeks import DAY, WEEK, day_month, week_start_of

PSFS_MIN, PSFS_MAX = 0, 10
MAX_ACTIVITIES = 5
AVERAGE_CHANGE = 2  # points on the average: the scale's minimal detectable change
SINGLE_CHANGE = 3  # points on one activity
RERATE_DAYS = 14  # ours: how often Today asks to rate the activities again
NOT_NOW_DAYS = 3  # ours: how long "Not now" keeps the question away
CITATION = (
    "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on "
    "individual patients: a report of a patient specific measure. Physiotherapy Canada "
    "1995;47:258–263."
)
ANCHOR_LOW = "unable to perform the activity"
ANCHOR_HIGH = "able to perform the activity at the same level as before the problem"


def psfs_average(scores: Iterable[int]) -> float | None:
    """The PSFS score: the mean of the activities' ratings, None when there are none."""
    values = list(scores)
    if not values:
        return None
    return sum(values) / len(values)


def is_meaningful(change: float, threshold: float) -> bool:
    """Whether a change (either way) reaches the threshold. A small tolerance keeps an
    average of 2.0 computed in floating point (6.9 - 4.9) from falling short."""
    return abs(change) >= threshold - 1e-9


@dataclass(frozen=True)
class ActivityChange:
    name: str
    first: int
    since: dt.date
    last: int
    on: dt.date

    @property
    def change(self) -> int:
        return self.last - self.first

    @property
    def meaningful(self) -> bool:
        return self.on > self.since and is_meaningful(self.change, SINGLE_CHANGE)

    @property
    def text(self) -> str:
        """'Putting on socks: 3 → 6 since 2 Nov', or '…: 4 on 2 Nov' when rated once."""
        return f"{self.name}: {self.scores}"

    @property
    def scores(self) -> str:
        """'3 → 6 since 2 Nov', or '4 on 2 Nov' when rated once."""
        if self.on == self.since:
            return f"{self.first} on {day_month(self.since)}"
        return f"{self.first} → {self.last} since {day_month(self.since)}"


def activity_change(name: str, ratings: Sequence[tuple[dt.date, int]]) -> ActivityChange | None:
    """The first and latest of an activity's (day, score) ratings; None when unrated."""
    if not ratings:
        return None
    ordered = sorted(ratings)
    (since, first), (on, last) = ordered[0], ordered[-1]
    return ActivityChange(name, first, since, last, on)


@dataclass(frozen=True)
class AverageChange:
    first: float
    last: float
    since: dt.date

    @property
    def change(self) -> float:
        return self.last - self.first

    @property
    def meaningful(self) -> bool:
        return is_meaningful(self.change, AVERAGE_CHANGE)

    @property
    def text(self) -> str:
        return f"Average: {self.first:.1f} → {self.last:.1f} since {day_month(self.since)}"


def average_change(changes: Iterable[ActivityChange]) -> AverageChange | None:
    """The average at the start and now, over the activities rated more than once (so
    both averages are over the same activities); None when none has been rated twice."""
    rated = [c for c in changes if c.on > c.since]
    if not rated:
        return None
    first = psfs_average(c.first for c in rated)
    last = psfs_average(c.last for c in rated)
    return AverageChange(first, last, min(c.since for c in rated))


def rerating_due(
    today: dt.date,
    active: int,
    last_rated: dt.date | None,
    not_now_until: dt.date | None = None,
) -> bool:
    """Whether Today asks to rate the activities again: there is one to rate, the latest
    rating is RERATE_DAYS old or more, and "Not now" doesn't hold it off (it holds until
    `not_now_until`, at least tomorrow). A rating or a "Not now" today means not today."""
    if not active or last_rated is None:
        return False
    if today < last_rated + DAY * RERATE_DAYS:
        return False
    return not_now_until is None or today >= not_now_until


def not_now_until(today: dt.date) -> dt.date:
    """The first day Today may ask again after "Not now": never the same day."""
    return today + DAY * max(1, NOT_NOW_DAYS)


# The weekly check-in ----------------------------------------------------------------------


class Answer:
    """What got in the way, as stored (CheckIn.answer)."""

    NO_TIME = "no_time"
    PAIN = "pain"
    FORGOT = "forgot"
    UNSURE = "unsure"
    NOT_FOR_ME = "not_for_me"
    OTHER = "other"
    CLOSED = "closed"  # the check-in put away without an answer


ANSWERS = [
    (Answer.NO_TIME, "No time"),
    (Answer.PAIN, "Pain or a flare"),
    (Answer.FORGOT, "Forgot"),
    (Answer.UNSURE, "Not sure how to do it"),
    (Answer.NOT_FOR_ME, "Not for me"),
    (Answer.OTHER, "Other"),
]
MAX_TEXT = 200


def check_in_week(
    now: dt.datetime,
    zone: dt.tzinfo,
    week_start: int,
    followed_since: dt.date | None,
    done_weeks: Iterable[dt.date] = (),
) -> dt.date | None:
    """The week to ask about at `now` for a person in `zone` (check_in_week_on)."""
    return check_in_week_on(now.astimezone(zone).date(), week_start, followed_since, done_weeks)


def check_in_week_on(
    today: dt.date,
    week_start: int,
    followed_since: dt.date | None,
    done_weeks: Iterable[dt.date] = (),
) -> dt.date | None:
    """The week to ask about (its first day), or None: last week, when a routine was
    followed on at least one of its days (`followed_since`: the earliest start among the
    routines followed now) and its check-in isn't done yet (`done_weeks`: the first days
    of weeks answered or put away). It is due from the first visit of the new week (in the
    person's zone, with their week start) until done; only ever last week, however many
    weeks went by unanswered."""
    first = week_start_of(today, week_start) - WEEK
    if followed_since is None or followed_since > first + DAY * 6:
        return None
    return None if first in set(done_weeks) else first


@dataclass(frozen=True)
class WeekLine:
    """One routine's last week against its target."""

    key: int  # the enrolment
    name: str
    done: int  # days with a session
    needed: int  # days asked of the week (a share when paused or started mid-week)

    @property
    def on_target(self) -> bool:
        return self.done >= self.needed

    @property
    def text(self) -> str:
        """'3 of 3 days of Morning routine — on target.' Specific, never a scolding."""
        days = "day" if self.needed == 1 else "days"
        if self.done > self.needed:
            return f"{self.done} days of {self.name}, for a target of {self.needed} — on target."
        if self.on_target:
            return f"{self.done} of {self.needed} {days} of {self.name} — on target."
        return f"{self.done} of {self.needed} {days} of {self.name}."


def check_in_lines(lines: Iterable[WeekLine]) -> list[WeekLine]:
    """The lines worth showing: routines that asked for at least one day last week."""
    return [line for line in lines if line.needed > 0]


def still_open(lines: Sequence[WeekLine], answered: Iterable[int], closed: bool) -> bool:
    """Whether the check-in still shows: not put away, and either some routine under target
    has no answer yet or (all on target) it hasn't been seen off."""
    if closed or not lines:
        return False
    under = [line.key for line in lines if not line.on_target]
    if not under:
        return True
    return bool(set(under) - set(answered))


def check_in_line(lines: Sequence[WeekLine]) -> str:
    """Last week in one line, for the weekly reminder email: 'Last week: 3 of 3 days of
    Morning routine — on target. 1 of 2 days of Nightly release.' ('' with no routine)."""
    shown = check_in_lines(lines)
    if not shown:
        return ""
    return "Last week: " + " ".join(line.text for line in shown)


# One concrete suggestion inside Limber for each answer; the view sends the person there.
SUGGESTIONS = {
    Answer.NO_TIME: (
        "Thanks for saying. On a short day, the flare-day version takes only a few minutes: "
        "it's below, ready to start."
    ),
    Answer.PAIN: (
        "Thanks for saying. Go gently: never stretch in pain, and a flare day can be a short, "
        "gentle session or a rest. Here are the signs that mean getting checked."
    ),
    Answer.FORGOT: "Thanks for saying. An email reminder can help: choose the days and time.",
    Answer.UNSURE: (
        "Thanks for saying. The guided session shows each move's how-to as you go; each "
        "move's name on Today opens its full steps."
    ),
    Answer.NOT_FOR_ME: (
        "Thanks for saying. Here are the other routines, or build your own from the library."
    ),
    Answer.OTHER: "Thanks for saying: it's noted in your history.",
    Answer.CLOSED: "The check-in is put away until next week.",
}
