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
from tests.helpers import NOW


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
