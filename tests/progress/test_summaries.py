"""The weekly summaries equal a sum from the raw rows after any sequence of writes.

Each example is a new person with two routines, who logs, edits and deletes sessions, moves
time zone and the first day of their week, pauses a routine and drops one. After every step
the summaries written along the way (progress.summaries.refresh_weeks, in SQL) must equal a
sum of everything from the raw rows (progress.summaries.summed, in the ORM); at the end the
migration's own SQL must give the same rows too, and a report's weeks read from the
summaries (progress.summaries.period_rows) must equal the same weeks summed from raw rows.
"""

import datetime as dt
import importlib
import io
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from progress import services, summaries
from progress.models import (
    ExerciseLog,
    SessionLog,
    WeeklyExercise,
    WeeklySummary,
    area_seconds,
    routine_rows_in,
)
from progress.targets import report_blocks
from routines.models import Enrolment
from tests.factories import BodyAreaFactory, EnrolmentFactory, ExerciseFactory, UserFactory

pytestmark = pytest.mark.django_db

ZONES = ["Europe/London", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata"]
migration = importlib.import_module("progress.migrations.0008_weekly_summaries")


def as_rows(user) -> tuple[set, set]:
    """The person's saved summaries, as comparable tuples."""
    columns = ("enrolment_id", "week_start", *summaries.SUMMARY_COLUMNS)
    saved = set(WeeklySummary.objects.filter(user=user).values_list(*columns))
    moves = set(
        WeeklyExercise.objects.filter(user=user).values_list(
            "week_start", "exercise_id", "rows", "seconds"
        )
    )
    return saved, moves


def summed_rows(user) -> tuple[set, set]:
    """The same, summed from the raw rows now."""
    weeks, moves = summaries.summed(user)
    return (
        {
            (w.enrolment_id, w.week_start, *(getattr(w, c) for c in summaries.SUMMARY_COLUMNS))
            for w in weeks
        },
        {(m.week_start, m.exercise_id, m.rows, m.seconds) for m in moves},
    )


row = st.fixed_dictionaries(
    {
        "exercise": st.integers(0, 2),
        "status": st.sampled_from([s.value for s in ExerciseLog.Status]),
        "seconds": st.one_of(st.none(), st.integers(0, 400)),
    }
)
log = st.tuples(
    st.just("log"),
    st.integers(-20, 2),  # days from today
    st.integers(0, 23),  # hour
    st.sampled_from([0, 1, None]),  # routine
    st.one_of(st.none(), st.integers(0, 10)),
    st.one_of(st.none(), st.integers(0, 10)),
    st.lists(row, min_size=1, max_size=3),
)
step = st.one_of(
    log,
    st.tuples(st.just("edit"), st.integers(0, 50), st.integers(-20, 2), st.sampled_from([0, 1])),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("zone"), st.sampled_from(ZONES)),
    st.tuples(st.just("week_start"), st.integers(0, 6)),
    st.tuples(st.just("pause"), st.sampled_from([0, 1])),
    st.tuples(st.just("drop"), st.sampled_from([0, 1])),
)


@pytest.fixture
def moves(db):
    hips, calves = BodyAreaFactory(name="Summary hips"), BodyAreaFactory(name="Summary calves")
    areas = [[hips], [hips, calves], []]
    return [ExerciseFactory(slug=f"summary-move-{i}", body_areas=areas[i]) for i in range(3)]


def cleaned(user, enrolment, started_at, before=None, after=None) -> dict:
    return {
        "enrolment": enrolment,
        "started_at": started_at,
        "pain_before": before,
        "pain_after": after,
        "notes": "",
        "flare_day": False,
        "idempotency_key": uuid.uuid4(),
    }


def as_form_rows(rows, moves) -> list[dict]:
    return [
        {
            "exercise": moves[r["exercise"]],
            "status": r["status"],
            "seconds": r["seconds"],
            "reps": None,
            "side": ExerciseLog.Side.NONE,
        }
        for r in rows
    ]


def run(user, routines, moves, action) -> None:
    kind, *args = action
    now = timezone.now()
    sessions = list(SessionLog.objects.filter(user=user).order_by("pk"))
    if kind == "log":
        days, hour, which, before, after, rows = args
        at = (now + dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0)
        enrolment = routines[which] if which is not None else None
        if enrolment is not None and not Enrolment.objects.filter(pk=enrolment.pk).exists():
            enrolment = None
        services.record_session(
            user, cleaned(user, enrolment, at, before, after), as_form_rows(rows, moves)
        )
    elif kind == "edit" and sessions:
        session = sessions[args[0] % len(sessions)]
        at = session.started_at + dt.timedelta(days=args[1])
        enrolment = Enrolment.objects.filter(pk=routines[args[2]].pk).first()
        rows = [{"exercise": 0, "status": "done", "seconds": 60}]
        services.update_session(
            session, cleaned(user, enrolment, at, 5, 3), as_form_rows(rows, moves)
        )
    elif kind == "delete" and sessions:
        services.delete_session(sessions[args[0] % len(sessions)])
    elif kind == "zone":
        user.time_zone = args[0]
        user.save()
    elif kind == "week_start":
        user.week_start = args[0]
        user.save()
    elif kind == "pause":
        Enrolment.objects.filter(pk=routines[args[0]].pk).update(
            status=Enrolment.Status.PAUSED, paused_on=timezone.localdate()
        )
    elif kind == "drop":
        Enrolment.objects.filter(pk=routines[args[0]].pk).delete()


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(step, min_size=1, max_size=12),
    period=st.tuples(st.integers(-25, 2), st.integers(1, 30)),
)
def test_summaries_equal_a_sum_from_the_raw_rows_after_any_writes(moves, steps, period):
    user = UserFactory(time_zone="Europe/London")
    routines = [EnrolmentFactory(user=user), EnrolmentFactory(user=user)]
    for action in steps:
        run(user, routines, moves, action)
        user.refresh_from_db()
        assert as_rows(user) == summed_rows(user), action
    # A report's weeks read from the summaries (short ones from raw rows) equal the same
    # weeks summed from the raw rows alone.
    first = user.today() + dt.timedelta(days=period[0])
    blocks = report_blocks(first, first + dt.timedelta(days=period[1] - 1), user.week_start)
    assert sorted(summaries.period_rows(user, blocks), key=str) == sorted(
        routine_rows_in(user.pk, blocks), key=str
    )
    assert sorted(summaries.period_areas(user, blocks)) == sorted(area_seconds(user.pk, blocks))
    # The migration's SQL gives the same rows again (for everyone: earlier examples' people
    # are still in the database, with summaries as exact as this one's).
    expected = as_rows(user)
    WeeklySummary.objects.all().delete()
    WeeklyExercise.objects.all().delete()
    migration.sum_every_week(None, SchemaEditor())
    assert as_rows(user) == expected


class SchemaEditor:
    """What sum_every_week reads of a migration's schema editor."""

    connection = connection


def test_rebuild_writes_the_sum_and_replaces_what_was_there(moves):
    user = UserFactory(time_zone="Europe/London")
    enrolment = EnrolmentFactory(user=user)
    at = timezone.now()
    rows = as_form_rows([{"exercise": 1, "status": "done", "seconds": 90}], moves)
    services.record_session(user, cleaned(user, enrolment, at, 6, 2), rows)
    WeeklySummary.objects.filter(user=user).update(sessions=99)
    summaries.rebuild(user)
    summary = WeeklySummary.objects.get(user=user)
    assert (summary.sessions, summary.days, summary.seconds) == (1, 1, 90)
    assert (summary.pain_before_total, summary.pain_after_total) == (6, 2)
    assert WeeklyExercise.objects.get(user=user).seconds == 90


def test_the_repair_command_sums_everyone_again(moves):
    people = [UserFactory(), UserFactory()]
    for person in people:
        rows = as_form_rows([{"exercise": 2, "status": "partly", "seconds": 45}], moves)
        services.record_session(person, cleaned(person, None, timezone.now()), rows)
    expected = [as_rows(person) for person in people]
    WeeklySummary.objects.all().delete()
    WeeklyExercise.objects.all().update(seconds=1)
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert [as_rows(person) for person in people] == expected
    assert out.getvalue() == "Summed the weeks of 2 people.\n"


def test_an_exercise_in_two_areas_counts_once_in_each(moves):
    # History's areas once counted such a move twice in each of its areas.
    user = UserFactory(time_zone="Europe/London")
    rows = as_form_rows([{"exercise": 1, "status": "done", "seconds": 90}], moves)
    services.record_session(user, cleaned(user, None, timezone.now()), rows)
    week = WeeklyExercise.objects.get(user=user).week_start

    assert sorted(summaries.area_rows(user, week, week)) == [
        ("Summary calves", 0, 1, 90),
        ("Summary hips", 0, 1, 90),
    ]
