"""A person with ten years of daily logs gets their pages in the same queries as a new one."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import bump_data_version
from progress import summaries
from progress.models import ExerciseLog, SessionLog
from tests.factories import (
    EnrolmentFactory,
    ExerciseFactory,
    PhaseFactory,
    RoutineItemFactory,
    UserFactory,
)

pytestmark = [pytest.mark.usefixtures("frozen_now"), pytest.mark.slow]  # ten years of logs
DAYS = 3650
ROWS_PER_SESSION = 8


@pytest.fixture
def plan(db):
    phase = PhaseFactory(sessions_per_week_min=2, sessions_per_week_max=3)
    exercises = [ExerciseFactory() for _ in range(ROWS_PER_SESSION)]
    for order, exercise in enumerate(exercises, start=1):
        RoutineItemFactory(phase=phase, order=order, exercise=exercise)
    return phase, exercises


def ten_years_of_logs(user, enrolment, exercises) -> None:
    """One session a day for ten years, each with eight exercise rows, written in bulk."""
    today = dt.date(2026, 11, 18)
    sessions = []
    for back in range(DAYS):
        day = today - dt.timedelta(days=back)
        start = dt.datetime.combine(day, dt.time(7, 30), tzinfo=user.zone)
        sessions.append(
            SessionLog(
                user=user,
                enrolment=enrolment,
                routine=enrolment.routine,
                phase=enrolment.phase,
                started_at=start,
                ended_at=start + dt.timedelta(minutes=12),
                local_date=day,
                pain_before=back % 8,
                pain_after=max(0, back % 8 - 2),
                idempotency_key=uuid.uuid4(),
                total_seconds=ROWS_PER_SESSION * 90,
            )
        )
    SessionLog.objects.bulk_create(sessions, batch_size=1000)
    ExerciseLog.objects.bulk_create(
        (
            ExerciseLog(session=session, order=i, exercise=exercise, seconds_done=90)
            for session in sessions
            for i, exercise in enumerate(exercises)
        ),
        batch_size=2000,
    )
    summaries.rebuild(user)  # bulk writes, as bench/hook_heavy_user.py's


@pytest.fixture
def new_and_busy(client, plan):
    """Two people following the same routine: one brand new, one with ten years of logs."""
    phase, exercises = plan
    new, busy = UserFactory(time_zone="Europe/London"), UserFactory(time_zone="Europe/London")
    EnrolmentFactory(user=new, phase=phase, started_on=dt.date(2016, 11, 1))
    enrolment = EnrolmentFactory(user=busy, phase=phase, started_on=dt.date(2016, 11, 1))
    ten_years_of_logs(busy, enrolment, exercises)
    assert ExerciseLog.objects.filter(session__user=busy).count() == DAYS * ROWS_PER_SESSION
    return new, busy


def queries_for(client, user, url: str) -> int:
    client.force_login(user)
    client.get(url)  # fills what is cached for everyone (the routines on /today/)
    bump_data_version(user.pk)  # but not their own page, as after any change to their logs
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


URLS = ["/history/", "/history/?span=all", "/history/2020-W10/", "/sessions/new/", "/today/"]
CACHED_PER_PERSON = {"/history/", "/history/?span=all", "/history/2020-W10/", "/today/"}


def test_every_page_costs_the_same_queries_after_ten_years_of_logs(
    client, new_and_busy, django_assert_num_queries
):
    """Seeding ten years takes a few seconds, so one test walks all the pages."""
    new, busy = new_and_busy
    for url in URLS:
        expected = queries_for(client, new, url)
        client.force_login(busy)
        with django_assert_num_queries(expected, info=url):
            response = client.get(url)
        assert response.status_code == 200
        if url in CACHED_PER_PERSON:
            with django_assert_num_queries(3, info=url):  # session, user, library version
                assert client.get(url).status_code == 200
        if url == "/history/":
            assert expected == 12  # with the PSFS activities, ratings and check-ins
            assert response.context["session_count"] == 3
            assert response.context["streak"] == 104  # the streak window's cap
            assert "104+" in response.content.decode()
        if url == "/history/?span=all":
            assert expected == 13  # and the pain of every month
            assert len(response.context["trend_spans"]) == 121
    session = SessionLog.objects.filter(user=busy).first()
    with django_assert_num_queries(4):
        assert client.get(session.get_absolute_url()).status_code == 200
