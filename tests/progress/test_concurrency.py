"""Two threads logging at once: every session and every row arrives, none twice."""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection

from progress.models import ExerciseLog, SessionLog
from progress.services import record_session
from tests.factories import ExerciseFactory, UserFactory

PER_THREAD = 15


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_logging_at_once_lose_nothing():
    alice, bob = UserFactory(), UserFactory()
    exercise = ExerciseFactory()
    start = dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC)
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def log_sessions(user) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(PER_THREAD):
                cleaned = {
                    "started_at": start + dt.timedelta(minutes=i),
                    "pain_before": 3,
                    "pain_after": 2,
                    "idempotency_key": uuid.uuid4(),
                }
                rows = [{"exercise": exercise, "status": "done", "seconds": 60, "side": "none"}] * 2
                record_session(user, cleaned, rows)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_sessions, args=(u,)) for u in (alice, alice, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert SessionLog.objects.filter(user=alice).count() == 2 * PER_THREAD
    assert SessionLog.objects.filter(user=bob).count() == PER_THREAD
    assert ExerciseLog.objects.count() == 3 * PER_THREAD * 2
    assert set(SessionLog.objects.values_list("total_seconds", flat=True)) == {120}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_key_from_two_threads_saves_one_session():
    user = UserFactory()
    exercise = ExerciseFactory()
    key = uuid.uuid4()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        from django.db import IntegrityError

        try:
            barrier.wait(timeout=10)
            cleaned = {
                "started_at": dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC),
                "idempotency_key": key,
            }
            record_session(
                user, cleaned, [{"exercise": exercise, "status": "done", "side": "none"}]
            )
            outcomes.append("saved")
        except IntegrityError:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["duplicate", "saved"]
    assert SessionLog.objects.count() == 1
    assert ExerciseLog.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_share_links_made_at_once_stop_at_the_live_limit():
    """Five tabs making a link when one more is allowed: one is made, four are refused."""
    from django.test import Client
    from django.utils import timezone

    from accounts import tokens
    from progress import share
    from progress.models import ShareLink

    user = UserFactory()
    today = timezone.localdate()
    ShareLink.objects.bulk_create(
        ShareLink(
            user=user,
            name=f"Physio {n}",
            token_digest=tokens.digest(f"token-{n}"),
            first_day=today,
            last_day=today,
            lifetime_days=30,
            expires_at=timezone.now() + dt.timedelta(days=30),
        )
        for n in range(share.MAX_LIVE_LINKS - 1)
    )
    data = {"name": "Dr Smith", "lifetime": "30", "start": today, "end": today}
    clients = [Client(raise_request_exception=False) for _ in range(5)]
    for client in clients:
        client.force_login(user)
    barrier = threading.Barrier(len(clients))
    codes: list = []

    def make(client) -> None:
        try:
            barrier.wait(timeout=10)
            codes.append(client.post("/history/report/links/", data).status_code)
        except BaseException as error:  # reported to the main thread below
            codes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=make, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [200, 400, 400, 400, 400]
    assert ShareLink.objects.live(timezone.now()).filter(user=user).count() == 20
