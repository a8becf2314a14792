"""Export: every session and exercise of the person, as CSV and JSON, and nobody else's."""

import csv
import datetime as dt
import io
import json

import pytest

from progress.models import SessionLog
from tests.factories import ExerciseLogFactory, SessionLogFactory

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def logs(alice, bob, calves, leg_raise):
    first = SessionLogFactory(
        user=alice,
        started_at=dt.datetime(2026, 11, 16, 23, 30, tzinfo=dt.UTC),
        notes='=HYPERLINK("http://evil")',
        pain_before=5,
        pain_after=None,
    )
    ExerciseLogFactory(session=first, exercise=calves, order=0, seconds_done=90, side="none")
    ExerciseLogFactory(
        session=first, exercise=leg_raise, order=1, seconds_done=None, reps_done=20, side="both"
    )
    second = SessionLogFactory(
        user=alice, started_at=dt.datetime(2026, 11, 17, 8, tzinfo=dt.UTC), notes="Zoë felt ✓"
    )
    ExerciseLogFactory(session=second, exercise=calves, order=0, status="partly")
    SessionLogFactory(user=alice, started_at=dt.datetime(2026, 11, 17, 9, tzinfo=dt.UTC))
    theirs = SessionLogFactory(user=bob, notes="bob's secret")
    ExerciseLogFactory(session=theirs, exercise=calves)
    return first, second


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_export_page_offers_both_downloads(alice_client):
    html = alice_client.get("/accounts/export/").content.decode()
    assert 'href="?format=csv"' in html and 'href="?format=json"' in html


def test_csv_round_trips_and_opens_cleanly_in_a_spreadsheet(alice_client, alice, logs):
    response = alice_client.get("/accounts/export/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="limber-export-2026-11-18.csv"'
    body = read(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    # One row per exercise log, and one for the session without any.
    assert len(rows) == 4
    sessions = SessionLog.objects.filter(user=alice).order_by("started_at")
    assert [int(r["session_id"]) for r in rows] == [
        s.pk for s in sessions for _ in range(max(1, s.exercises.count()))
    ]
    first = rows[0]
    assert first["date"] == "2026-11-16"
    assert first["started_at"] == "2026-11-16T23:30:00+00:00"
    assert first["notes"] == '\'=HYPERLINK("http://evil")'
    assert (first["pain_before"], first["pain_after"]) == ("5", "")
    assert (first["exercise"], first["seconds"], first["side"]) == (
        "roll-calves-test",
        "90",
        "none",
    )
    assert (rows[1]["exercise"], rows[1]["reps"], rows[1]["seconds"]) == (
        "leg-raise-test",
        "20",
        "",
    )
    assert rows[2]["notes"] == "Zoë felt ✓"
    assert rows[2]["status"] == "partly"
    assert rows[3]["exercise"] == ""
    assert "bob" not in body.decode("utf-8-sig")


def test_json_round_trips_sessions_with_nested_exercises(alice_client, alice, logs):
    response = alice_client.get("/accounts/export/", {"format": "json"})
    assert response["Content-Disposition"].endswith('limber-export-2026-11-18.json"')
    data = json.loads(read(response))
    expected = SessionLog.objects.filter(user=alice).order_by("started_at")
    assert [s["session_id"] for s in data] == [s.pk for s in expected]
    for item, session in zip(data, expected, strict=True):
        assert item["date"] == session.local_date.isoformat()
        assert item["pain_before"] == session.pain_before
        assert item["total_seconds"] == session.total_seconds
        assert item["notes"] == session.notes
        assert [e["exercise"] for e in item["exercises"]] == list(
            session.exercises.values_list("exercise__slug", flat=True)
        )
    assert data[0]["exercises"][1] == {
        "order": 1,
        "exercise": "leg-raise-test",
        "exercise_name": "Side-lying leg raise",
        "status": "done",
        "seconds": None,
        "reps": 20,
        "side": "both",
    }
    assert "bob's secret" not in json.dumps(data)


def test_an_empty_export_is_valid(alice_client):
    assert json.loads(read(alice_client.get("/accounts/export/", {"format": "json"}))) == []
    body = read(alice_client.get("/accounts/export/", {"format": "csv"})).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("session_id,date,")
    assert len(body.splitlines()) == 1


def test_export_streams_in_a_fixed_number_of_queries(
    alice_client, alice, calves, django_assert_num_queries
):
    for _ in range(30):
        ExerciseLogFactory(session=SessionLogFactory(user=alice), exercise=calves)
    with django_assert_num_queries(4):
        body = read(alice_client.get("/accounts/export/", {"format": "json"}))
    assert len(json.loads(body)) == 30


def test_the_export_names_the_zone_each_session_was_logged_in(alice_client, alice):
    SessionLogFactory(user=alice, time_zone="America/New_York")
    data = json.loads(read(alice_client.get("/accounts/export/", {"format": "json"})))
    assert data[0]["time_zone"] == "America/New_York"
