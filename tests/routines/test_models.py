"""Enrolment behaviour on the model, and the database totals (progress.activity) matching
the plain rules."""

import datetime as dt
import random

import pytest

from progress.activity import with_activity
from routines.models import Enrolment, Routine
from routines.progression import SessionFact, tally
from tests.factories import SessionLogFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def enrol(user, slug="nightly-release", start=DAY - dt.timedelta(days=20)) -> Enrolment:
    routine = Routine.objects.get(slug=slug)
    return Enrolment.objects.create(
        user=user,
        routine=routine,
        phase=routine.phases.get(order=1),
        started_on=start,
        phase_started_on=start + dt.timedelta(days=5),
    )


@pytest.mark.parametrize("week_start", [0, 6])
def test_database_totals_match_the_plain_tally(week_start):
    person = UserFactory(week_start=week_start)
    enrolment = enrol(person)
    other = enrol(person, slug="hamstrings-back-knee")
    rng = random.Random(4)
    facts = []
    for _ in range(40):
        day = DAY - dt.timedelta(days=rng.randint(0, 20))
        seconds = rng.randint(0, 400)
        facts.append(SessionFact(day, seconds))
        SessionLogFactory(user=person, enrolment=enrolment, local_date=day, total_seconds=seconds)
    SessionLogFactory(user=person, enrolment=other, local_date=DAY, total_seconds=999)
    SessionLogFactory(user=UserFactory(), local_date=DAY, total_seconds=999)

    row = with_activity(Enrolment.objects.all(), DAY, week_start).get(pk=enrolment.pk)
    assert row.activity == tally(facts, enrolment.phase_started_on, DAY, week_start)


def test_an_enrolment_without_sessions_has_empty_totals():
    enrolment = enrol(UserFactory())
    row = with_activity(Enrolment.objects.all(), DAY, 0).get(pk=enrolment.pk)
    assert (row.activity.seconds_in_phase, row.activity.days_this_week) == (0, 0)
    assert not row.activity.done_today


def test_pausing_twice_and_resuming_twice_counts_each_pause_once():
    enrolment = enrol(UserFactory())
    enrolment.pause(DAY)
    enrolment.pause(DAY + dt.timedelta(days=3))  # already paused: keeps the first day
    enrolment.resume(DAY + dt.timedelta(days=4))
    enrolment.resume(DAY + dt.timedelta(days=9))  # not paused: nothing to add
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_days, enrolment.paused_on) == ("active", 4, None)


def test_moving_to_a_new_phase_starts_its_count_afresh():
    enrolment = enrol(UserFactory())
    enrolment.paused_days = 6
    upkeep = enrolment.routine.phases.get(order=2)
    enrolment.move_to(upkeep, DAY)
    enrolment.refresh_from_db()
    assert (enrolment.phase, enrolment.phase_started_on, enrolment.paused_days) == (
        upkeep,
        DAY,
        0,
    )


def test_stopping_records_the_day():
    enrolment = enrol(UserFactory())
    enrolment.stop(DAY)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == ("ended", DAY)
    assert not Enrolment.objects.current().filter(pk=enrolment.pk).exists()


def test_routine_phase_facts_come_from_the_doses():
    routine = Routine.objects.with_plan().get(slug="hamstrings-back-knee")
    [phase] = routine.phase_list
    # 2 min roll + 1 min a side + 3 × 30 s a side of stretching with 2 rests of 10 s a side.
    assert phase.estimated_seconds == 120 + 120 + 180 + 40
    assert phase.minutes_text == "about 8 min"
    assert phase.frequency_text == "3–5 times a week"
    assert [kit.slug for kit in routine.equipment] == ["foam-roller", "ball", "band", "high-seat"]


def test_rules_in_plain_words():
    foam = Routine.objects.get(slug="foam-roller-legs-hips").phases.get(order=1)
    nightly = Routine.objects.get(slug="nightly-release").phases.get(order=1)
    assert foam.rule_text == (
        "The next phase unlocks by itself after 14 days and 7 days with a session. "
        "You may move on early from day 7."
    )
    assert nightly.rule_text == (
        "After 5 min logged in total the app suggests the next phase; you decide when to switch."
    )


# Phase changes: the report's record of the phase each day was in ---------------------------


def phase_changes(enrolment: Enrolment) -> list[tuple[dt.date, str]]:
    return [(c.first_day, c.phase.name) for c in enrolment.phase_changes.select_related("phase")]


def start_foam_roller(day: dt.date = DAY) -> Enrolment:
    routine = Routine.objects.get(slug="foam-roller-legs-hips")
    return Enrolment.objects.create(
        user=UserFactory(),
        routine=routine,
        phase=routine.phases.get(order=1),
        started_on=day,
        phase_started_on=day,
    )


def test_starting_a_routine_records_the_phase_it_starts_in():
    enrolment = start_foam_roller()

    assert phase_changes(enrolment) == [(DAY, "Basics")]


def test_moving_on_records_the_new_phase_from_its_first_day():
    enrolment = start_foam_roller()
    advanced = enrolment.routine.phases.get(order=2)

    enrolment.move_to(advanced, DAY + dt.timedelta(days=14))

    assert phase_changes(enrolment) == [(DAY, "Basics"), (DAY + dt.timedelta(14), "Advanced")]


def test_a_second_change_the_same_day_replaces_the_first():
    enrolment = start_foam_roller()
    basics, advanced = enrolment.routine.phases.order_by("order")

    enrolment.move_to(advanced, DAY)

    assert phase_changes(enrolment) == [(DAY, "Advanced")]
    enrolment.move_to(basics, DAY)
    assert phase_changes(enrolment) == [(DAY, "Basics")]


def test_the_migration_backfills_each_enrolments_phases_as_far_as_they_can_be_known():
    from importlib import import_module

    from django.apps import apps

    from routines.models import PhaseChange

    backfill = import_module("routines.migrations.0008_phase_change").backfill
    person = UserFactory()
    start = DAY - dt.timedelta(days=30)
    never_moved = enrol(person, slug="foam-roller-legs-hips", start=start)
    moved = enrol(person, slug="lower-back-recovery", start=start)
    moved.move_to(moved.routine.phases.get(order=2), DAY)
    experienced = enrol(person, slug="nightly-release", start=start)
    experienced.move_to(experienced.routine.phases.get(order=2), start)
    PhaseChange.objects.all().delete()  # as before the migration

    backfill(apps, None)
    backfill(apps, None)  # a second run adds nothing

    assert phase_changes(never_moved) == [(start + dt.timedelta(days=5), "Basics")]
    assert phase_changes(moved) == [(start, "Daily"), (DAY, "Upkeep")]
    assert phase_changes(experienced) == [(start, "Upkeep")]
