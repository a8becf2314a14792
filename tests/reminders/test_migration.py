"""Moving the reminder models out of routines, and the calendar address off the person's
row, keeps every row, id and value, and every calendar address and queued reminder email
still works: on a database that has them, forwards and back."""

import datetime as dt
import hashlib
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks_db.models import DBTaskResult

from reminders.calendar import current_token
from reminders.models import CalendarFeed, ReminderSchedule, SentReminder

# Just before the move: routines still holds the reminder models; other apps are as now.
BEFORE_IN_ROUTINES = ("routines", "0010_rest_between_rounds")
BEFORE_IN_ACCOUNTS = ("accounts", "0006_session")  # the person's row holds the feed's key
OLD_TASK = "routines.tasks.send_reminder"


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _before() -> list[tuple[str, str]]:
    """Routines and accounts just before the move; every other app at its last migration
    that doesn't need the move (a later one that does, such as progress's check-ins with
    their enrolment key, is unapplied with it and applied again after)."""
    graph = MigrationExecutor(connection).loader.graph
    moved = ("routines", "reminders", "accounts")
    after = set(graph.backwards_plan(("routines", "0011_reminders_move_to_their_own_app")))
    nodes = []
    for node in graph.leaf_nodes():
        if node[0] in moved:
            continue
        while node in after:
            node = next(p for p in graph.node_map[node].parents if p[0] == node[0])
        nodes.append(node)
    return [*nodes, BEFORE_IN_ROUTINES, BEFORE_IN_ACCOUNTS]


def _migrate_back():
    """Back to just before the move; the models as they were then."""
    executor = _migrate([*_before(), ("reminders", None)])
    return executor.loader.project_state(_before()).apps


def _seed_before_the_move(apps) -> dict:
    """A person with a calendar address, an enrolment with a reminder, a reminder sent and
    one queued, written with the models as they were (no methods: the token by hand)."""
    key = secrets.token_hex(32)
    token = salted_hmac("limber.calendar", key, algorithm="sha256").hexdigest()
    users = apps.get_model("accounts", "User").objects
    users.create(email="no-calendar@example.com", time_zone="UTC")
    person = users.create(
        email="old@example.com",
        time_zone="Europe/London",
        calendar_key=key,
        calendar_token_hash=hashlib.sha256(token.encode()).hexdigest(),
    )
    phase = apps.get_model("routines", "Phase").objects.order_by("pk").first()
    today = dt.date(2026, 12, 1)
    enrolment = apps.get_model("routines", "Enrolment").objects.create(
        user=person, routine_id=phase.routine_id, phase=phase, started_on=today,
        phase_started_on=today,
    )  # fmt: skip
    schedule = apps.get_model("routines", "ReminderSchedule").objects.create(
        enrolment=enrolment, enabled=True, weekdays=0b0010101, at=dt.time(6, 45)
    )
    due_at = dt.datetime(2026, 12, 1, 6, 45, tzinfo=dt.UTC)
    sent = apps.get_model("routines", "SentReminder").objects.create(
        user=person, routine_id=phase.routine_id, enrolment=enrolment, local_date=today,
        due_at=due_at, status="sent", sent_at=due_at,
    )  # fmt: skip
    queued = apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path=OLD_TASK, args_kwargs={"args": [sent.pk], "kwargs": {}},
        backend_name="default", run_after=timezone.now(),
    )  # fmt: skip
    return {
        "token": token,
        "key": key,
        "token_hash": person.calendar_token_hash,
        "enrolment": enrolment.pk,
        "routine": phase.routine_id,
        "schedule": schedule.pk,
        "sent": sent.pk,
        "queued": queued.pk,
        "person": person.pk,
        "due_at": due_at,
    }


def _assert_rows_kept(seeded: dict) -> None:
    schedule = ReminderSchedule.objects.get(pk=seeded["schedule"])
    assert (schedule.enrolment_id, schedule.enabled) == (seeded["enrolment"], True)
    assert (schedule.weekdays, schedule.at) == (0b0010101, dt.time(6, 45))
    sent = SentReminder.objects.get(pk=seeded["sent"])
    assert (sent.user_id, sent.routine_id) == (seeded["person"], seeded["routine"])
    assert (sent.enrolment_id, sent.local_date) == (seeded["enrolment"], dt.date(2026, 12, 1))
    assert (sent.status, sent.due_at, sent.sent_at) == ("sent", seeded["due_at"], seeded["due_at"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_keeps_every_reminder_calendar_address_and_queued_email():
    content_type = ContentType.objects.get_for_model(ReminderSchedule)
    old_apps = _migrate_back()
    try:
        seeded = _seed_before_the_move(old_apps)
        _migrate(_latest())

        _assert_rows_kept(seeded)
        assert DBTaskResult.objects.get(pk=seeded["queued"]).task_path == (
            "reminders.tasks.send_reminder"
        )
        assert ContentType.objects.get_for_model(ReminderSchedule).pk == content_type.pk
        feed = CalendarFeed.objects.get()  # the person without an address has none
        assert (feed.user_id, feed.key) == (seeded["person"], seeded["key"])
        assert feed.token_hash == seeded["token_hash"]
        assert current_token(feed.user) == seeded["token"]
        ics = Client().get(f"/calendar/{seeded['token']}.ics")
        assert ics.status_code == 200
        assert b"BEGIN:VEVENT" in ics.content

        # And back: routines holds the same rows again, and the queued email its old path.
        old_apps = _migrate_back()
        schedule = old_apps.get_model("routines", "ReminderSchedule").objects.get()
        assert (schedule.pk, schedule.enrolment_id) == (seeded["schedule"], seeded["enrolment"])
        sent = old_apps.get_model("routines", "SentReminder").objects.get()
        assert (sent.pk, sent.status) == (seeded["sent"], "sent")
        assert DBTaskResult.objects.get(pk=seeded["queued"]).task_path == OLD_TASK
        person = old_apps.get_model("accounts", "User").objects.get(pk=seeded["person"])
        assert (person.calendar_key, person.calendar_token_hash) == (
            seeded["key"],
            seeded["token_hash"],
        )
    finally:
        _migrate(_latest())
    _assert_rows_kept(seeded)
    assert current_token(CalendarFeed.objects.get().user) == seeded["token"]
