"""The log form's side of the hand-over: reading what a routine wrote in the query string
(routines/handover.py writes it and shows the format; docs/architecture.md, "The player →
log handover", documents it). Anything malformed is ignored; an enrolment that isn't the
person's is a 404 (the view's job).
"""

import datetime as dt

from django.http import QueryDict

from config.http import is_whole_number
from exercises.dose import Dose
from exercises.models import Exercise
from progress.forms import MAX_REPS, MAX_SECONDS
from progress.models import ExerciseLog
from routines.handover import full_amount, is_reps
from routines.models import RoutineItem

STATUSES = {choice.value for choice in ExerciseLog.Status}


def dose_row(exercise: Exercise, dose: Dose) -> dict:
    """A row prefilled with the full dose: its time, or its reps for rep-based moves."""
    row = {
        "exercise": exercise.slug,
        "status": ExerciseLog.Status.DONE,
        "side": ExerciseLog.Side.BOTH if dose.per_side else ExerciseLog.Side.NONE,
    }
    if is_reps(dose):
        row["reps"] = full_amount(dose)
    else:
        row["seconds"] = min(full_amount(dose), MAX_SECONDS) or None
    return row


def parse_started_at(text: str) -> tuple[dt.date, dt.time] | None:
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.date(), moment.time()


def parse_item(text: str, exercises: dict[str, Exercise]) -> dict | None:
    """'roll-calves:90:done' -> a row; None when any part is wrong."""
    parts = text.split(":")
    if len(parts) != 3:
        return None
    slug, amount, status = parts
    exercise = exercises.get(slug)
    if exercise is None or status not in STATUSES or not is_whole_number(amount, digits=6):
        return None
    value = int(amount)
    reps = is_reps(exercise.dose) or exercise.style == Exercise.Style.REPS
    if value > (MAX_REPS if reps else MAX_SECONDS):  # more than the form would take
        return None
    row = dose_row(exercise, exercise.dose)
    row["status"] = status
    if reps:
        row.pop("seconds", None)
        row["reps"] = value
    else:
        row.pop("reps", None)
        row["seconds"] = value
    return row


def initial_from_query(
    query: QueryDict, exercises: dict[str, Exercise], phase_items: list[RoutineItem]
) -> tuple[dict, list[dict]]:
    """Initial values for the session form and its rows from the hand-over parameters."""
    initial: dict = {}
    started = parse_started_at(query.get("started_at", ""))
    if started:
        initial["date"], initial["time"] = started
    for name in ("pain_before", "pain_after"):
        value = query.get(name, "")
        if is_whole_number(value, 2) and int(value) <= 10:
            initial[name] = int(value)
    if query.get("flare_day") == "1":
        initial["flare_day"] = True
    rows = [dose_row(item.exercise, item.effective_dose) for item in phase_items]
    handed = [row for text in query.getlist("item") if (row := parse_item(text, exercises))]
    if handed:
        rows = handed
    quick = exercises.get(query.get("exercise", ""))
    if quick is not None and not rows:
        rows = [dose_row(quick, quick.dose)]
    return initial, rows
