"""The next-morning check on Today: asked once the day after a session, one tap, skippable;
"worse" counts like a rise in pain for progression (routines.progression.pain_hold)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import SessionLog
from routines.models import Enrolment, Routine
from tests.factories import SessionLogFactory

QUESTION = "Your back this morning, compared with before yesterday's session"


def yesterday_session(user, **fields) -> SessionLog:
    day = timezone.localdate(timezone=user.zone) - dt.timedelta(days=1)
    started = dt.datetime.combine(day, dt.time(12), tzinfo=user.zone)
    return SessionLogFactory(user=user, started_at=started, **fields)


def test_today_asks_the_day_after_a_session_and_once_only(alice_client, alice):
    session = yesterday_session(alice)
    text = alice_client.get(reverse("today")).content.decode()
    assert QUESTION in text
    assert f'action="/sessions/{session.pk}/morning/"' in text
    assert "pain-monitoring model used in physiotherapy" in text
    response = alice_client.post(reverse("progress:morning", args=[session.pk]), {"answer": "same"})
    assert response.status_code == 302 and response["Location"] == reverse("today")
    session.refresh_from_db()
    assert session.next_morning == "same"
    assert QUESTION not in alice_client.get(reverse("today")).content.decode()
    alice_client.post(reverse("progress:morning", args=[session.pk]), {"answer": "worse"})
    session.refresh_from_db()
    assert session.next_morning == "same"  # asked once


def test_skipping_closes_the_question_and_a_bad_answer_changes_nothing(alice_client, alice):
    session = yesterday_session(alice)
    url = reverse("progress:morning", args=[session.pk])
    alice_client.post(url, {"answer": "terrible"})
    session.refresh_from_db()
    assert session.next_morning == ""
    alice_client.post(url, {"answer": "skipped"})
    session.refresh_from_db()
    assert session.next_morning == "skipped"
    assert QUESTION not in alice_client.get(reverse("today")).content.decode()


def test_another_persons_session_cannot_be_answered(alice_client, bob):
    session = yesterday_session(bob)
    response = alice_client.post(
        reverse("progress:morning", args=[session.pk]), {"answer": "worse"}
    )
    assert response.status_code == 404
    assert alice_client.get(reverse("progress:morning", args=[session.pk])).status_code == 405


@pytest.mark.django_db
def test_worse_mornings_hold_the_next_step_back(alice_client, alice):
    routine = Routine.objects.get(slug="foam-roller-legs-hips")
    today = timezone.localdate(timezone=alice.zone)
    Enrolment.objects.create(
        user=alice,
        routine=routine,
        phase=routine.phases.get(order=1),
        started_on=today - dt.timedelta(days=3),
        phase_started_on=today - dt.timedelta(days=3),
    )
    for days_ago in (2, 3):
        started = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9), alice.zone)
        SessionLogFactory(
            user=alice, started_at=started, pain_before=3, pain_after=3, next_morning="worse"
        )
    text = alice_client.get(reverse("today")).content.decode()
    assert "Advanced waits while your pain settles: it rose after, or was worse the next" in text
