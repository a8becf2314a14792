import datetime as dt
import uuid

import pytest
import time_machine

from exercises.models import Exercise
from tests.factories import (
    BodyAreaFactory,
    EnrolmentFactory,
    ExerciseFactory,
    PhaseFactory,
    RoutineItemFactory,
)

# A Wednesday afternoon in London (GMT), so "today" and "now" are the same for every test.
NOW = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def calves(db):
    return ExerciseFactory(
        slug="roll-calves-test",
        name="Roll the calves",
        kind=Exercise.Kind.ROLL,
        sets=3,
        seconds_min=30,
        body_areas=[BodyAreaFactory(slug="calves-test", name="Calves")],
    )


@pytest.fixture
def leg_raise(db):
    return ExerciseFactory(
        slug="leg-raise-test",
        name="Side-lying leg raise",
        style=Exercise.Style.REPS,
        sets=2,
        seconds_min=None,
        reps=10,
        per_side=True,
        body_areas=[BodyAreaFactory(slug="hips-test", name="Hips")],
    )


@pytest.fixture
def enrolment(alice, calves, leg_raise):
    phase = PhaseFactory(sessions_per_week_min=2, sessions_per_week_max=3)
    RoutineItemFactory(phase=phase, order=1, exercise=calves, sets=3, seconds_min=30)
    RoutineItemFactory(
        phase=phase, order=2, exercise=leg_raise, sets=2, seconds_min=None, reps=10, per_side=True
    )
    return EnrolmentFactory(user=alice, phase=phase)


def log_data(rows=None, key=None, **fields) -> dict:
    """POST data for the log form; rows are dicts of exercise/status/seconds/reps/side."""
    rows = rows if rows is not None else [{"exercise": "roll-calves-test", "seconds": "120"}]
    data = {
        "enrolment": "",
        "date": "2026-11-18",
        "time": "08:30",
        "pain_before": "4",
        "pain_after": "2",
        "notes": "",
        "idempotency_key": str(key or uuid.uuid4()),
        "rows-TOTAL_FORMS": str(len(rows) + 2),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate([*rows, {}, {}]):
        data[f"rows-{i}-exercise"] = row.get("exercise", "")
        data[f"rows-{i}-status"] = row.get("status", "done")
        data[f"rows-{i}-seconds"] = row.get("seconds", "")
        data[f"rows-{i}-reps"] = row.get("reps", "")
        data[f"rows-{i}-side"] = row.get("side", "none")
    data.update(fields)
    return data
