"""The scheduler (send_due_reminders) and the reminder emails it queues."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reminders.models import ReminderSchedule, SentReminder
from reminders.tasks import claim_due_reminders
from routines.models import Enrolment
from tests.factories import (
    EnrolmentFactory,
    ExerciseFactory,
    PhaseFactory,
    RoutineItemFactory,
    SessionLogFactory,
)
from tests.helpers import use_task_backend

UTC = dt.UTC


def _reminded(user, at=dt.time(7, 30), days=127, **enrolment) -> Enrolment:
    phase = PhaseFactory(routine__name="Morning stretches")
    RoutineItemFactory(phase=phase, exercise=ExerciseFactory(name="Child's pose"), sets=3)
    RoutineItemFactory(phase=phase, exercise=ExerciseFactory(name="Hamstring stretch"))
    started = dt.date(2026, 1, 1)
    enrolment = EnrolmentFactory(
        user=user, phase=phase, started_on=started, phase_started_on=started, **enrolment
    )
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True, weekdays=days, at=at)
    return enrolment


def _run_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return claim_due_reminders(timezone.now())


def test_a_due_reminder_is_emailed_once_even_when_the_scheduler_runs_twice(alice):
    _reminded(alice)
    at = dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)  # 07:30 in London (BST)
    assert _run_at(at) == 1
    assert _run_at(at + dt.timedelta(minutes=1)) == 0
    call_command("send_due_reminders", verbosity=0)  # the command itself, at the real now
    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().status == SentReminder.Status.SENT


def test_a_reminder_claimed_by_another_run_is_not_sent_again(alice):
    enrolment = _reminded(alice)
    SentReminder.objects.create(
        user=alice,
        routine=enrolment.routine,
        enrolment=enrolment,
        local_date=dt.date(2026, 6, 1),
        due_at=dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC),
    )
    assert _run_at(dt.datetime(2026, 6, 1, 6, 31, tzinfo=UTC)) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("zone", "days_and_utc_moments"),
    [
        # 07:30 GMT on 28 March, then 07:30 BST (06:30 UTC) on 29 March 2026.
        (
            "Europe/London",
            [(dt.date(2026, 3, 28), (7, 30)), (dt.date(2026, 3, 29), (6, 30))],
        ),
        # 07:30 EST (12:30 UTC) on 7 March, then 07:30 EDT (11:30 UTC) on 8 March 2026.
        (
            "America/New_York",
            [(dt.date(2026, 3, 7), (12, 30)), (dt.date(2026, 3, 8), (11, 30))],
        ),
        # And back in autumn: 07:30 GMT (07:30 UTC) on 25 October 2026.
        (
            "Europe/London",
            [(dt.date(2026, 10, 24), (6, 30)), (dt.date(2026, 10, 25), (7, 30))],
        ),
    ],
)
def test_reminders_come_at_the_same_local_time_on_both_sides_of_a_clock_change(
    db, zone, days_and_utc_moments
):
    from tests.factories import UserFactory

    _reminded(UserFactory(time_zone=zone))
    for day, (hour, minute) in days_and_utc_moments:
        moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
        assert _run_at(moment - dt.timedelta(minutes=1)) == 0, "not an hour early"
        assert _run_at(moment) == 1
        assert _run_at(moment + dt.timedelta(hours=1)) == 0, "nor again an hour later"
    assert [m.subject.split(" at ")[1][:5] for m in mail.outbox] == ["07:30", "07:30"]


def test_a_session_logged_that_day_suppresses_the_reminder(alice):
    enrolment = _reminded(alice)
    SessionLogFactory(
        user=alice,
        enrolment=enrolment,
        routine=enrolment.routine,
        started_at=dt.datetime(2026, 6, 1, 5, 0, tzinfo=UTC),
        local_date=dt.date(2026, 6, 1),
    )
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 0
    assert mail.outbox == []
    # The next day it comes as usual.
    assert _run_at(dt.datetime(2026, 6, 2, 6, 30, tzinfo=UTC)) == 1


@pytest.mark.parametrize("status", [Enrolment.Status.PAUSED, Enrolment.Status.ENDED])
def test_a_paused_or_stopped_routine_gets_no_reminder(alice, status):
    _reminded(alice, status=status)
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 0
    assert mail.outbox == []


def test_a_reminder_switched_off_is_not_sent(alice):
    enrolment = _reminded(alice)
    ReminderSchedule.objects.filter(enrolment=enrolment).update(enabled=False)
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 0


def test_after_downtime_a_reminder_more_than_thirty_minutes_late_is_skipped(alice):
    _reminded(alice)
    assert _run_at(dt.datetime(2026, 6, 1, 7, 0, tzinfo=UTC)) == 0  # 30 minutes late
    assert _run_at(dt.datetime(2026, 6, 2, 6, 59, tzinfo=UTC)) == 1  # 29 minutes late
    assert len(mail.outbox) == 1


def test_a_session_logged_after_the_claim_stops_the_queued_email(alice, settings):
    use_task_backend(settings, "django.tasks.backends.dummy.DummyBackend")
    enrolment = _reminded(alice)
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 1
    SessionLogFactory(user=alice, enrolment=enrolment, local_date=dt.date(2026, 6, 1))
    from reminders.tasks import send_reminder

    assert send_reminder.call(SentReminder.objects.get().pk) == "skipped"
    assert send_reminder.call(SentReminder.objects.get().pk) == "already handled"
    assert mail.outbox == []


def test_the_email_names_the_moves_and_time_links_the_session_and_can_unsubscribe(alice, settings):
    settings.SITE_URL = "https://limber.example"
    enrolment = _reminded(alice)
    _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC))
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert message.subject.startswith("Morning stretches at 07:30")
    session = f"https://limber.example/today/{enrolment.pk}/session/"
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    for body in (message.body, html):
        assert "Child&#x27;s pose" in body or "Child's pose" in body
        assert "Hamstring stretch" in body
        assert "07:30" in body
        assert session in body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://limber.example/reminders/unsubscribe/")
    assert unsubscribe.strip("<>") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_first_reminder_of_a_week_says_how_last_week_went_and_later_ones_do_not(
    alice, settings
):
    settings.SITE_URL = "https://limber.example"
    enrolment = _reminded(alice)
    SessionLogFactory(
        user=alice, enrolment=enrolment, started_at=dt.datetime(2026, 5, 27, 8, tzinfo=UTC)
    )
    _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC))  # Monday 07:30 in London
    _run_at(dt.datetime(2026, 6, 2, 6, 30, tzinfo=UTC))  # Tuesday
    monday, tuesday = mail.outbox
    line = "Last week: 1 of "
    assert line in monday.body and "days of Morning stretches" in monday.body
    assert "https://limber.example/today/" in monday.body
    assert line in monday.alternatives[0][0]
    assert line not in tuesday.body and line not in tuesday.alternatives[0][0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminders_and_password_resets_queue_in_the_database_and_a_worker_sends_them(
    settings, client
):
    from tests.factories import UserFactory

    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    alice = UserFactory(email="alice@example.com", time_zone="Europe/London")
    _reminded(alice)
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 1
    client.post("/accounts/password_reset/", {"email": alice.email})
    assert DBTaskResult.objects.ready().count() == 2
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert DBTaskResult.objects.successful().count() == 2
    assert sorted(m.subject for m in mail.outbox) == [
        "Morning stretches at 07:30: about 3 min",
        "Reset your Limber password",
    ]
    assert SentReminder.objects.get().status == SentReminder.Status.SENT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overlapping_scheduler_runs_on_several_machines_claim_each_reminder_once(settings):
    from tests.factories import UserFactory

    use_task_backend(settings, "django_tasks_db.DatabaseBackend")
    for _ in range(3):
        _reminded(UserFactory(time_zone="Europe/London"))
    now = dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)
    barrier = threading.Barrier(4)
    queued: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            queued.append(claim_due_reminders(now))
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(queued) == 3
    assert SentReminder.objects.count() == 3
    assert DBTaskResult.objects.count() == 3


def test_the_reminder_says_never_stretch_in_pain_as_the_article_does(alice):
    _reminded(alice)
    assert _run_at(dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)) == 1
    [message] = mail.outbox
    html = message.alternatives[0].content
    for text in (message.body, html):
        assert "Never stretch in pain." in text
        assert "into pain" not in text


def test_the_scheduler_deletes_expired_sessions_on_the_hour(db):
    """Nothing else deletes them: 100,000 expired rows made deleting an account slow."""
    from accounts.models import Session

    now = dt.datetime(2026, 6, 1, 10, 0, 30, tzinfo=UTC)
    Session.objects.bulk_create(
        Session(
            session_key=f"key{n:05d}",
            session_data="x",
            expire_date=now + dt.timedelta(days=-1 if n < 2500 else 1),
            user_id=n,
        )
        for n in range(2600)
    )
    with time_machine.travel(now + dt.timedelta(minutes=1), tick=False):
        call_command("send_due_reminders", verbosity=0)
    assert Session.objects.count() == 2600
    with time_machine.travel(now, tick=False):
        call_command("send_due_reminders", verbosity=0)
    assert Session.objects.count() == 100
    assert not Session.objects.filter(expire_date__lt=now).exists()
