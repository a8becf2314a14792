"""On PostgreSQL, the queries behind Today and History reach the big tables (sessions and
their exercise rows) through indexes, never by reading the whole table.

Each query a cold view runs is explained with sequential scans priced out
(enable_seqscan = off): the planner then still picks a sequential scan only when no index
can serve the query, which is what this test must catch before a table holds millions of
rows. bench/seed_scale.py builds such a database to see it in figures.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ExerciseLogFactory, SessionLogFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's"),
]

BIG_TABLES = ("progress_sessionlog", "progress_exerciselog")
SEQ_SCAN = re.compile(r"Seq Scan on (progress_sessionlog|progress_exerciselog)")


def plans_of(queries) -> list[tuple[str, str]]:
    """(query, plan) for every captured SELECT that reads one of the big tables."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for query in queries:
                sql = query["sql"]
                if sql.lstrip().upper().startswith("SELECT") and any(t in sql for t in BIG_TABLES):
                    cursor.execute(f"EXPLAIN {sql}")
                    found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
        finally:
            cursor.execute("SET enable_seqscan = on")
    return found


@pytest.mark.parametrize("url", ["/today/", "/history/", "/history/?span=all"])
def test_today_and_history_read_sessions_and_exercise_rows_through_indexes(
    alice_client, alice, url
):
    from routines.models import Enrolment, Routine

    routine = Routine.objects.programmes().get(slug="foam-roller-legs-hips")
    phase = routine.phases.order_by("order").first()
    enrolment = Enrolment.objects.create(
        user=alice,
        routine=routine,
        phase=phase,
        started_on="2026-01-01",
        phase_started_on="2026-01-01",
    )
    for day in range(1, 20):
        session = SessionLogFactory(
            user=alice, enrolment=enrolment, local_date=dt.date(2026, 2, day), pain_before=5
        )
        ExerciseLogFactory(session=session)
    with CaptureQueriesContext(connection) as captured:
        assert alice_client.get(url).status_code == 200
    plans = plans_of(captured.captured_queries)
    assert plans, "the page read neither sessions nor exercise rows"
    scans = [(sql, plan) for sql, plan in plans if SEQ_SCAN.search(plan)]
    assert scans == []


def test_the_check_catches_a_query_no_index_serves():
    plans = plans_of([{"sql": "SELECT id FROM progress_sessionlog WHERE notes = 'x'"}])
    assert SEQ_SCAN.search(plans[0][1])
