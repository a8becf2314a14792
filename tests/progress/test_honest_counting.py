"""A session in which nothing was done is not saved as done (the guided session's rule)."""

import pytest

from progress.models import SessionLog
from progress.services import nothing_done
from tests.helpers import log_data

pytestmark = pytest.mark.usefixtures("frozen_now")
NEW = "/sessions/new/"


@pytest.mark.parametrize(
    ("rows", "nothing"),
    [
        ([{"status": "skipped"}, {"status": "skipped", "seconds": 300}], True),
        ([{"status": "done", "seconds": 0}, {"status": "partly", "reps": 0}], True),
        ([{"status": "skipped"}, {"status": "partly", "seconds": 12}], False),
        ([{"status": "done", "reps": 3}], False),
        ([{"status": "done", "seconds": None, "reps": None}], False),  # done, untimed
    ],
)
def test_nothing_done_means_every_row_skipped_or_at_zero(rows, nothing):
    assert nothing_done(rows) is nothing


def test_an_all_skipped_session_is_refused_and_nothing_is_written(alice_client, calves, leg_raise):
    rows = [
        {"exercise": "roll-calves-test", "status": "skipped", "seconds": ""},
        {"exercise": "leg-raise-test", "status": "skipped", "reps": ""},
    ]
    response = alice_client.post(NEW, log_data(rows=rows))
    assert response.status_code == 200
    assert "Nothing here was done" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_session_at_zero_seconds_is_refused(alice_client, calves):
    rows = [{"exercise": "roll-calves-test", "status": "partly", "seconds": "0"}]
    response = alice_client.post(NEW, log_data(rows=rows))
    assert "Nothing here was done" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_partly_done_session_records_which_moves_and_how_long(alice_client, calves, leg_raise):
    rows = [
        {"exercise": "roll-calves-test", "status": "partly", "seconds": "40"},
        {"exercise": "leg-raise-test", "status": "skipped", "side": "both"},
    ]
    assert alice_client.post(NEW, log_data(rows=rows)).status_code == 302
    session = SessionLog.objects.get()
    assert session.total_seconds == 40
    assert list(session.exercises.values_list("status", "seconds_done")) == [
        ("partly", 40),
        ("skipped", None),
    ]


def test_the_hand_over_carries_pain_before_and_after(alice_client, enrolment):
    query = {"enrolment": enrolment.pk, "pain_before": "6", "pain_after": "3"}
    form = alice_client.get(NEW, query).context["form"]
    assert (form.initial["pain_before"], form.initial["pain_after"]) == (6, 3)
    form = alice_client.get(NEW, {"enrolment": enrolment.pk, "pain_before": "11"}).context["form"]
    assert "pain_before" not in form.initial
