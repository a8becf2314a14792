"""Web Push over the real protocol: a local push service checks what pywebpush sends.

The fake push service is a plain HTTP server on 127.0.0.1. It checks the VAPID JWT
(RFC 8292) with the site's public key and decrypts the body (RFC 8291, aes128gcm) with the
subscription's private key, which the test makes as a browser would. Nothing of pywebpush
is mocked.
"""

import base64
import datetime as dt
import json
import threading
import time
from email.message import Message
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from reminders.links import claim_from_snooze_token, session_url
from reminders.management.commands.vapid_keys import new_key_pair
from reminders.models import PushSubscription, ReminderSchedule, SentReminder
from reminders.tasks import retry_push, send_reminder
from tests.helpers import follow, use_task_backend

SUBJECT = "mailto:reminders@limber.example"


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class FakePushService(HTTPServer):
    """Answers every push with `status` and keeps what it received."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = 201
        self.received: list[tuple[str, Message, bytes]] = []  # headers in any case

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers, body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    server = FakePushService()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def vapid(settings):
    private, public = new_key_pair()
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_SUBJECT = SUBJECT
    settings.PUSH_ENABLED = True
    return public


class Browser:
    """A browser's side of a subscription: its own key pair and auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"

    def subscribe(self, user, endpoint: str) -> PushSubscription:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return PushSubscription.objects.create(
            user=user,
            endpoint=endpoint,
            p256dh=b64url(point),
            auth=b64url(self.auth),
            device="Chrome on Android",
        )

    def decrypt(self, body: bytes) -> dict:
        # aes128gcm header: salt (16), record size (4), key id length (1), the sender's key.
        id_length = body[20]
        sender_key = body[21 : 21 + id_length]
        assert id_length == 65 and sender_key[0] == 4  # an uncompressed P-256 point
        # http_ece takes the sender's key (dh) from that header for aes128gcm.
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


def check_vapid(headers: Message, public_key: str, origin: str) -> dict:
    """The Authorization header's JWT, verified with the site's key; its claims."""
    scheme, params = headers["Authorization"].split(" ", 1)
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    signed, signature = fields["t"].rsplit(".", 1)
    header = json.loads(b64url_decode(signed.split(".")[0]))
    assert header == {"typ": "JWT", "alg": "ES256"}
    raw = b64url_decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    key.verify(der, signed.encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged
    claims = json.loads(b64url_decode(signed.split(".")[1]))
    assert claims["aud"] == origin
    assert claims["sub"] == SUBJECT
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60
    return claims


def reminder_for(person) -> SentReminder:
    enrolment = follow(person, "nightly-release")
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    today = enrolment.started_on
    return SentReminder.objects.create(
        user=person,
        routine=enrolment.routine,
        enrolment=enrolment,
        local_date=today,
        due_at=dt.datetime.combine(today, dt.time(7, 30), tzinfo=person.zone),
    )


def test_a_reminder_is_pushed_encrypted_and_signed_and_no_email_goes(alice, vapid, push_service):
    browser = Browser()
    device = browser.subscribe(alice, f"{push_service.origin}/push/alice-phone")
    claim = reminder_for(alice)

    send_reminder.enqueue(claim.pk)

    [(path, headers, body)] = push_service.received
    assert path == "/push/alice-phone"
    assert headers["Content-Encoding"] == "aes128gcm"
    assert int(headers["TTL"]) > 0
    check_vapid(headers, vapid, push_service.origin)
    phase = claim.enrolment.phase
    shown = browser.decrypt(body)
    snooze = shown.pop("snooze")
    assert shown == {
        "title": "Limber",
        "body": f"Nightly myofascial release, {phase.minutes_text}",
        "url": session_url(claim.enrolment_id),
        "tag": f"reminder-{claim.pk}",
    }
    prefix = f"{settings.SITE_URL}/reminders/push/snooze/"
    assert snooze.startswith(prefix) and snooze.endswith("/")
    assert claim_from_snooze_token(snooze.removeprefix(prefix)[:-1]) == claim.pk
    assert mail.outbox == []
    claim.refresh_from_db()
    assert claim.status == SentReminder.Status.SENT
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_a_subscription_the_push_service_calls_gone_is_deleted(alice, vapid, push_service):
    push_service.status = 410
    Browser().subscribe(alice, f"{push_service.origin}/push/old-phone")

    send_reminder.enqueue(reminder_for(alice).pk)

    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()
    assert len(mail.outbox) == 1  # no device took it, so the email goes


def test_a_failing_push_service_keeps_the_subscription_and_the_email_goes(
    alice, vapid, push_service
):
    push_service.status = 500
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")

    send_reminder.enqueue(reminder_for(alice).pk)

    assert len(push_service.received) == 1
    assert PushSubscription.objects.count() == 1
    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().status == SentReminder.Status.SENT


@pytest.fixture
def queue(settings):
    """Tasks wait in a list (the dummy backend, which can run a task later) for the test
    to run them; the list of those queued so far."""
    use_task_backend(settings, "django.tasks.backends.dummy.DummyBackend")
    return default_task_backend.results


def run_due(queue) -> list:
    """Run every queued task whose time has come, as the worker would; their results."""
    due = [r for r in queue if r.task.run_after is None or r.task.run_after <= timezone.now()]
    for result in due:
        queue.remove(result)
    return [result.task.call(*result.args, **result.kwargs) for result in due]


def test_a_failed_push_is_tried_again_a_minute_later_and_the_email_goes_at_once(
    alice, vapid, push_service, queue
):
    push_service.status = 500
    browser = Browser()
    device = browser.subscribe(alice, f"{push_service.origin}/push/phone")
    claim = reminder_for(alice)

    assert send_reminder.call(claim.pk) == "sent"

    assert len(mail.outbox) == 1  # the email didn't wait for the retry
    [retry] = queue
    assert retry.task.name == retry_push.name
    assert retry.args == [claim.pk, device.pk, 2]
    assert retry.task.run_after - timezone.now() == pytest.approx(
        dt.timedelta(minutes=1), abs=dt.timedelta(seconds=5)
    )
    push_service.status = 201
    with time_machine.travel(dt.timedelta(minutes=1, seconds=1)):
        assert run_due(queue) == ["delivered"]
    assert len(push_service.received) == 2
    assert browser.decrypt(push_service.received[1][2])["tag"] == f"reminder-{claim.pk}"
    assert queue == []  # delivered: nothing more to try
    device.refresh_from_db()
    assert device.last_used_at is not None
    assert len(mail.outbox) == 1


def test_a_failing_push_service_is_tried_after_1_5_and_30_minutes_then_given_up(
    alice, vapid, push_service, queue
):
    push_service.status = 503
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")
    send_reminder.call(reminder_for(alice).pk)
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        while queue:
            [retry] = queue
            wait = retry.task.run_after - timezone.now()
            waits.append(round(wait.total_seconds() / 60))
            clock.shift(wait)
            assert run_due(queue) == ["failed"]
    assert waits == [1, 5, 30]
    assert len(push_service.received) == 4
    assert PushSubscription.objects.count() == 1  # failing isn't gone


def test_a_device_gone_on_a_retry_is_deleted_and_not_tried_again(alice, vapid, push_service, queue):
    push_service.status = 429
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")
    send_reminder.call(reminder_for(alice).pk)
    push_service.status = 410
    with time_machine.travel(dt.timedelta(minutes=2)):
        assert run_due(queue) == ["gone"]
    assert queue == []
    assert not PushSubscription.objects.exists()


def test_a_retry_is_dropped_when_the_reminder_is_no_longer_wanted(
    alice, vapid, push_service, queue
):
    push_service.status = 500
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")
    claim = reminder_for(alice)
    send_reminder.call(claim.pk)
    ReminderSchedule.objects.update(enabled=False)  # switched off since
    with time_machine.travel(dt.timedelta(minutes=2)):
        assert run_due(queue) == ["no longer wanted"]
    assert len(push_service.received) == 1
    assert queue == []


def test_only_the_failing_device_is_tried_again_and_one_that_took_it_skips_the_email(
    alice, vapid, push_service, queue
):
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")
    laptop = Browser().subscribe(alice, "http://127.0.0.1:9/push/unreachable")  # nobody there
    claim = reminder_for(alice)
    assert send_reminder.call(claim.pk) == "pushed"
    assert mail.outbox == []
    assert [r.args for r in queue] == [[claim.pk, laptop.pk, 2]]


def test_one_device_taking_it_is_enough_to_skip_the_email(alice, vapid, push_service):
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")
    Browser().subscribe(alice, "http://127.0.0.1:9/push/unreachable")  # nothing listens

    send_reminder.enqueue(reminder_for(alice).pk)

    assert len(push_service.received) == 1
    assert mail.outbox == []
    assert PushSubscription.objects.count() == 2  # unreachable isn't gone


def test_with_push_off_devices_are_left_alone_and_the_email_goes(alice, settings, push_service):
    settings.PUSH_ENABLED = False
    Browser().subscribe(alice, f"{push_service.origin}/push/phone")

    send_reminder.enqueue(reminder_for(alice).pk)

    assert push_service.received == []
    assert len(mail.outbox) == 1


def test_vapid_keys_prints_a_pair_browsers_and_pywebpush_accept(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    private = int.from_bytes(b64url_decode(lines["VAPID_PRIVATE_KEY"]))
    public = b64url_decode(lines["VAPID_PUBLIC_KEY"])
    assert len(public) == 65 and public[0] == 4  # applicationServerKey's format
    derived = ec.derive_private_key(private, ec.SECP256R1()).public_key()
    assert (
        derived.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        == public
    )
