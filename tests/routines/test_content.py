"""The five routines the data migration creates, checked against the seeds' rules."""

import pytest

from exercises.models import Exercise
from routines.models import Phase, Routine

pytestmark = pytest.mark.django_db

SLUGS = [
    "foam-roller-legs-hips",
    "legs-hips-back-stretches",
    "lower-back-recovery",
    "nightly-release",
    "hamstrings-back-knee",
]


def phases(slug: str) -> list[Phase]:
    return list(Routine.objects.get(slug=slug).phases.order_by("order"))


def item_slugs(phase: Phase) -> list[str]:
    return [item.exercise.slug for item in phase.items.order_by("order")]


def test_there_are_five_routines_in_order_each_from_its_seed():
    routines = list(Routine.objects.filter(slug__in=SLUGS))
    assert [r.slug for r in routines] == SLUGS
    assert [r.source.key[:3] for r in routines] == ["000", "001", "002", "003", "004"]


def test_foam_roller_basics_unlock_advanced_after_fourteen_days_early_from_seven():
    basics, advanced = phases("foam-roller-legs-hips")
    assert (basics.name, basics.advance, basics.min_days, basics.early_after_days) == (
        "Basics",
        "auto",
        14,
        7,
    )
    assert item_slugs(basics) == ["roll-hamstrings-glutes", "roll-calves"]
    assert all(i.dose.sets == 3 and i.dose.hold_seconds == 30 for i in basics.items.all())
    assert (advanced.name, advanced.advance, advanced.may_start_here) == ("Advanced", "final", True)
    assert not basics.may_start_here


def test_foam_roller_advanced_adds_the_small_muscles_at_fifteen_seconds_and_the_leg_raise():
    _, advanced = phases("foam-roller-legs-hips")
    assert item_slugs(advanced) == [
        "roll-hamstrings-glutes",
        "roll-calves",
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
    ]
    items = {i.exercise.slug: i for i in advanced.items.all()}
    for slug in ["roll-hip-flexors", "roll-inner-thigh", "roll-shins", "roll-it-band"]:
        assert (items[slug].sets, items[slug].seconds_min) == (3, 15)
    raise_ = items["side-lying-leg-raise"]
    assert (raise_.reps, raise_.per_side, raise_.seconds_min) == (10, True, None)


def test_weekly_targets_are_daily_basics_then_three_to_four_a_week():
    basics, advanced = phases("foam-roller-legs-hips")
    assert (basics.sessions_per_week_min, basics.sessions_per_week_max) == (7, 7)
    assert (advanced.sessions_per_week_min, advanced.sessions_per_week_max) == (3, 4)


def test_stretches_are_the_seven_holds_at_twenty_to_thirty_seconds_three_times():
    [phase] = phases("legs-hips-back-stretches")
    assert item_slugs(phase) == [
        "kneeling-hip-flexor-stretch",
        "quad-stretch",
        "hamstring-stretch",
        "calf-stretch-wall",
        "seated-figure-4-stretch",
        "pigeon-stretch",
        "childs-pose",
    ]
    for item in phase.items.all():
        assert (item.sets, item.seconds_min, item.seconds_max) == (3, 20, 30)
        assert item.per_side == (item.exercise.slug != "childs-pose")
        assert item.rest_seconds


def test_recovery_is_daily_then_proposes_upkeep_after_fourteen_days():
    daily, upkeep = phases("lower-back-recovery")
    assert (daily.name, daily.advance, daily.min_days, daily.sessions_per_week_min) == (
        "Daily",
        "confirm",
        14,
        7,
    )
    assert (upkeep.name, upkeep.sessions_per_week_min, upkeep.sessions_per_week_max) == (
        "Upkeep",
        2,
        3,
    )
    expected = ["roll-adductors", "roll-quads", "roll-piriformis", "psoas-lunge-stretch"]
    assert item_slugs(daily) == [*expected, "frog-stretch"]
    assert item_slugs(upkeep) == item_slugs(daily)
    dynamic = Exercise.objects.filter(slug__in=["psoas-lunge-stretch", "frog-stretch"])
    assert {e.style for e in dynamic} == {"dynamic"}


def test_nightly_release_proposes_the_stretches_after_five_minutes_in_total():
    routine = Routine.objects.get(slug="nightly-release")
    nightly, upkeep = phases("nightly-release")
    assert routine.next_routine.slug == "legs-hips-back-stretches"
    assert (nightly.advance, nightly.min_seconds, nightly.sessions_per_week_min) == (
        "confirm",
        300,
        7,
    )
    assert (upkeep.sessions_per_week_min, upkeep.sessions_per_week_max) == (2, 3)
    [item] = nightly.items.all()
    assert (item.exercise.slug, item.seconds_min, item.at_least) == (
        "ball-release-thigh-hip",
        60,
        True,
    )


def test_hamstring_sequence_rolls_two_minutes_then_a_minute_a_side_then_stretches():
    [phase] = phases("hamstrings-back-knee")
    assert item_slugs(phase) == [
        "roll-hamstrings",
        "lacrosse-ball-hamstring-release",
        "banded-hamstring-stretch",
    ]
    roll, ball, _ = phase.items.order_by("order")
    assert (roll.seconds_min, roll.per_side) == (120, False)
    assert (ball.seconds_min, ball.per_side) == (60, True)


def test_items_copy_the_exercise_dose_unless_the_routine_overrides_it():
    basics, _ = phases("foam-roller-legs-hips")
    for item in basics.items.select_related("exercise"):
        assert item.dose == item.exercise.dose
    [stretches] = phases("legs-hips-back-stretches")
    item = stretches.items.get(exercise__slug="quad-stretch")
    assert item.rest_seconds == 10
    assert item.exercise.rest_seconds != 10
