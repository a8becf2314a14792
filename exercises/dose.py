"""Doses in plain Python: how long, how many, and how to say it in words.

Time is always seconds; a rep count is never a time. No ORM import here, so the
rules can be tested without a database and reused by routines and the player.
"""

from dataclasses import dataclass

# The model fields that hold a dose (exercises.models.DoseFields), for copying one.
DOSE_FIELD_NAMES = (
    "sets",
    "seconds_min",
    "seconds_max",
    "reps",
    "per_side",
    "rest_seconds",
    "at_least",
    "repeat_freely",
    "dose_note",
)

# A rep-based move has no clock; for the "about N min" estimate we allow this long per rep.
SECONDS_PER_REP = 4

SUGGESTED_REST_SECONDS = 10
"""Our rest between rounds where a move says "hold, rest, repeat": no article gives a length.
Long enough to ease out of a stretch and settle into the next round, short enough that the
muscle stays warm and 3 rounds a side still take about 3 minutes. Each page that shows it
calls it our suggestion (describe_rest)."""


@dataclass(frozen=True)
class Dose:
    sets: int | None = None
    seconds_min: int | None = None
    seconds_max: int | None = None
    reps: int | None = None
    per_side: bool = False
    rest_seconds: int | None = None
    at_least: bool = False
    repeat_freely: bool = False
    """As many rounds as the person likes (child's pose): `sets` is only where to start."""

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    @property
    def hold_seconds(self) -> int | None:
        """The time the timer runs per set and side: the top of a range, so the full dose."""
        return self.seconds_max or self.seconds_min

    def work_seconds(self) -> int:
        """The time the move itself takes, every round and side, rests left out: the time a
        full dose logs as done."""
        if self.hold_seconds:
            work = self.hold_seconds
        elif self.reps:
            work = self.reps * SECONDS_PER_REP
        else:
            work = 0
        return work * (self.sets or 1) * self.sides

    def estimated_seconds(self) -> int:
        """Roughly how long the dose takes, rests between rounds included."""
        rests = (self.rest_seconds or 0) * ((self.sets or 1) - 1)
        return self.work_seconds() + rests * self.sides


def format_seconds(seconds: int) -> str:
    """45 -> '45 s', 60 -> '1 min', 90 -> '1 min 30 s', 120 -> '2 min'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    if not rest:
        return f"{minutes} min"
    return f"{minutes} min {rest} s"


def format_range(low: int, high: int | None) -> str:
    if high and high != low:
        if low < 60 and high < 60:
            return f"{low}–{high} s"
        return f"{format_seconds(low)}–{format_seconds(high)}"
    return format_seconds(low)


def describe_dose(dose: Dose) -> str:
    """The dose in plain words, e.g. '3 × 30 s · each side' or '10 reps · each side'.

    A dose repeated freely reads '20–30 s · as many times as you like'.
    """
    parts = []
    if dose.seconds_min:
        amount = format_range(dose.seconds_min, dose.seconds_max)
        if dose.at_least:
            amount = f"at least {amount}"
    elif dose.reps:
        amount = f"{dose.reps} reps"
    else:
        amount = ""
    if dose.sets and dose.sets > 1 and amount:
        parts.append(f"{dose.sets} × {amount}")
    elif amount:
        parts.append(amount)
    if dose.per_side:
        parts.append("each side")
    if dose.repeat_freely:
        parts.append("as many times as you like")
    return " · ".join(parts)


def describe_rest(seconds: int | None, ours: bool = False) -> str:
    """The rest between rounds in words: 'rest 10 s between rounds (our suggestion)'."""
    if not seconds:
        return ""
    return f"rest {format_seconds(seconds)} between rounds" + (" (our suggestion)" if ours else "")


def describe_minutes(seconds: int) -> str:
    """A session length for people, rounded up to whole minutes: 'about 9 min'."""
    minutes = max(1, -(-seconds // 60))
    return f"about {minutes} min"
