"""What a routine hands to the log form in the query string: written on this side, which
knows each move's dose; read by progress/handover.py, which fills the log form from it.

Two writers: the guided player's summary (static/js/player/summary.js) and the flare-day
version's "Log this session" link on Today (log_query). The format, documented in
docs/architecture.md, "The player → log handover":

    ?enrolment=<id>                       the routine; rows from its current phase's items
    &started_at=YYYY-MM-DDTHH:MM          local start time
    &item=<slug>:<amount>:<status>        repeated, in order; overrides the phase's rows
    &pain_before=<0-10>&pain_after=<0-10>  as noted in the guided session
    &flare_day=1                          logged as the flare-day version
    ?exercise=<slug>                      one-exercise quick log

An amount is reps for a rep-based move (is_reps), otherwise seconds.
"""

from collections.abc import Iterable

from django.utils.http import urlencode

from exercises.dose import Dose
from routines.models import RoutineItem


def is_reps(dose: Dose) -> bool:
    """A dose counted in reps rather than seconds: reps and no hold."""
    return not dose.hold_seconds and bool(dose.reps)


def full_amount(dose: Dose) -> int:
    """The full dose as one logged amount: every rep of every round and side for a
    rep-based move, otherwise the seconds of work (rests aren't time done)."""
    if is_reps(dose):
        return dose.reps * (dose.sets or 1) * dose.sides
    return dose.work_seconds()


def log_query(enrolment_id: int, items: Iterable[RoutineItem], flare_day: bool = False) -> str:
    """The log form's query string for these moves done in full."""
    moves = [
        ("item", f"{item.exercise.slug}:{full_amount(item.effective_dose)}:done") for item in items
    ]
    return urlencode(
        [("enrolment", enrolment_id), *([("flare_day", 1)] if flare_day else []), *moves]
    )
