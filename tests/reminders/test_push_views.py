"""Subscribing and unsubscribing a device: JSON in, JSON out, only one's own."""

import base64
import datetime as dt
import json

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.tasks import default_task_backend
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from reminders.links import snooze_token, unsubscribe_token
from reminders.models import PushSubscription, ReminderSchedule, SentReminder
from reminders.push import device_name
from reminders.tasks import send_reminder
from tests.helpers import bad_values, follow, use_task_backend

SUBSCRIBE = "/reminders/push/subscribe/"
UNSUBSCRIBE = "/reminders/push/unsubscribe/"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def browser_keys() -> dict:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {"p256dh": b64url(point), "auth": b64url(b"0123456789abcdef")}


def subscription(endpoint=ENDPOINT) -> dict:
    return {"endpoint": endpoint, "expirationTime": None, "keys": browser_keys()}


def post(client, url, data, **headers):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.fixture(autouse=True)
def _push_on(settings):
    settings.PUSH_ENABLED = True


def test_subscribing_stores_the_device_named_by_its_browser(alice_client, alice):
    response = post(alice_client, SUBSCRIBE, subscription(), user_agent=ANDROID_CHROME)
    assert response.status_code == 201
    assert response.json() == {"device": "Chrome on Android"}
    row = PushSubscription.objects.get()
    assert (row.user, row.endpoint, row.device) == (alice, ENDPOINT, "Chrome on Android")


def test_subscribing_again_updates_the_keys_of_the_same_row(alice_client):
    post(alice_client, SUBSCRIBE, subscription())
    again = subscription()
    response = post(alice_client, SUBSCRIBE, again)
    assert response.status_code == 200
    row = PushSubscription.objects.get()
    assert row.p256dh == again["keys"]["p256dh"]


def test_a_browser_subscribed_for_someone_else_moves_to_whoever_subscribes_now(alice_client, bob):
    PushSubscription.objects.create(user=bob, endpoint=ENDPOINT, p256dh="x", auth="y")
    assert post(alice_client, SUBSCRIBE, subscription()).status_code == 201
    assert list(PushSubscription.objects.values_list("user__email", flat=True)) == [
        "alice@example.com"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "must be JSON"),
        ("{", "must be JSON"),
        ("[]", "JSON object"),
        (b"\xff\xfe", "must be JSON"),
        ("x" * 5000, "at most 4096 bytes"),
        ({"keys": browser_keys()}, "endpoint"),
        ({"endpoint": 7, "keys": browser_keys()}, "endpoint"),
        ({"endpoint": "http://push.example/x", "keys": browser_keys()}, "https://"),
        ({"endpoint": "javascript:alert(1)", "keys": browser_keys()}, "https://"),
        ({"endpoint": "https://" + "a" * 1000, "keys": browser_keys()}, "at most 1000"),
        ({"endpoint": "https://exa mple/\x00", "keys": browser_keys()}, "https://"),
        ({"endpoint": ENDPOINT}, "keys must be"),
        ({"endpoint": ENDPOINT, "keys": "k"}, "keys must be"),
        ({"endpoint": ENDPOINT, "keys": {"auth": "MDEyMzQ1Njc4OWFiY2RlZg"}}, "p256dh"),
        ({"endpoint": ENDPOINT, "keys": {**browser_keys(), "p256dh": "%%%"}}, "p256dh"),
        ({"endpoint": ENDPOINT, "keys": {**browser_keys(), "p256dh": "BAAA"}}, "P-256"),
        ({"endpoint": ENDPOINT, "keys": {**browser_keys(), "auth": "c2hvcnQ"}}, "16 bytes"),
        ({"endpoint": ENDPOINT, "keys": {**browser_keys(), "auth": ["x"]}}, "auth"),
    ],
)
def test_a_bad_subscription_is_a_400_that_says_why(alice_client, body, message):
    response = post(alice_client, SUBSCRIBE, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


JSON_VALUES = st.one_of(
    bad_values,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_walk_a_subscription_with_any_bad_part_is_a_400_and_nothing_stored(alice_client, data):
    good = subscription()
    fields = data.draw(st.lists(st.sampled_from(["endpoint", "p256dh", "auth"]), min_size=1))
    keys = {**good["keys"], **{f: data.draw(JSON_VALUES) for f in fields if f != "endpoint"}}
    body = {"endpoint": good["endpoint"], "keys": keys}
    if "endpoint" in fields:
        body["endpoint"] = data.draw(JSON_VALUES)
    response = post(alice_client, SUBSCRIBE, body)
    assert response.status_code == 400, body
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", ["", "{}", '{"endpoint": "ftp://x"}', "[1]"])
def test_a_bad_unsubscribe_is_a_400(alice_client, body):
    assert post(alice_client, UNSUBSCRIBE, body).status_code == 400


def test_unsubscribing_removes_only_ones_own_device(alice_client, alice, bob):
    PushSubscription.objects.create(user=alice, endpoint=ENDPOINT, p256dh="x", auth="y")
    theirs = "https://updates.push.services.mozilla.com/wpush/v2/bob"
    PushSubscription.objects.create(user=bob, endpoint=theirs, p256dh="x", auth="y")

    assert post(alice_client, UNSUBSCRIBE, {"endpoint": theirs}).status_code == 404
    assert post(alice_client, UNSUBSCRIBE, {"endpoint": ENDPOINT}).json() == {"removed": True}
    assert post(alice_client, UNSUBSCRIBE, {"endpoint": ENDPOINT}).status_code == 404
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [theirs]


@pytest.mark.parametrize("url", [SUBSCRIBE, UNSUBSCRIBE])
def test_signed_out_is_a_401_and_get_is_a_405(client, db, url):
    assert post(client, url, subscription()).status_code == 401
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("url", [SUBSCRIBE, UNSUBSCRIBE])
def test_a_post_without_the_csrf_token_is_refused(alice, url):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert post(browser, url, subscription()).status_code == 403
    assert not PushSubscription.objects.exists()


def test_with_push_off_subscribing_is_a_404(alice_client, settings):
    settings.PUSH_ENABLED = False
    assert post(alice_client, SUBSCRIBE, subscription()).status_code == 404


def test_subscribe_and_unsubscribe_queries(alice_client, django_assert_num_queries):
    # Session, person; then in one transaction: delete another's row, look for this one
    # (update_or_create's SELECT … FOR UPDATE), insert. The rest are savepoints; last, the
    # session keeps the endpoint, for signing out (reminders.signals): an update and its own
    # savepoint and release.
    with django_assert_num_queries(14):
        assert post(alice_client, SUBSCRIBE, subscription()).status_code == 201
    with django_assert_num_queries(3):  # session, person, delete
        assert post(alice_client, UNSUBSCRIBE, {"endpoint": ENDPOINT}).status_code == 200


def test_signing_out_on_a_device_forgets_that_device_only(alice_client, alice):
    assert post(alice_client, SUBSCRIBE, subscription()).status_code == 201
    PushSubscription.objects.create(user=alice, endpoint=ENDPOINT + "-tablet", p256dh="x", auth="y")
    assert alice_client.post("/accounts/logout/").status_code == 302
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        ENDPOINT + "-tablet"
    ]


def test_deleting_the_account_removes_every_device(alice):
    PushSubscription.objects.create(user=alice, endpoint=ENDPOINT, p256dh="x", auth="y")
    PushSubscription.objects.create(user=alice, endpoint=ENDPOINT + "2", p256dh="x", auth="y")
    User.objects.filter(pk=alice.pk).delete()
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (ANDROID_CHROME, "Chrome on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Windows",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
            "like Gecko) Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Linux",
        ),
        ("curl/8.5.0", "A browser"),
        ("", "A browser"),
    ],
)
def test_device_names(user_agent, name):
    assert device_name(user_agent) == name


def test_the_reminder_page_offers_this_device_only_when_push_is_on(alice_client, alice, settings):
    enrolment = follow(alice, "nightly-release")
    settings.VAPID_PUBLIC_KEY = "BPUBLIC"
    page = alice_client.get(f"/reminders/{enrolment.pk}/").content.decode()
    assert 'data-push-key="BPUBLIC"' in page and "js/push.js" in page
    assert "Notify me on this device" in page
    settings.PUSH_ENABLED = False
    page = alice_client.get(f"/reminders/{enrolment.pk}/").content.decode()
    assert "data-push-key" not in page and "js/push.js" not in page


def test_the_worker_shows_a_push_and_opens_only_this_sites_addresses(client):
    worker = client.get("/sw.js").content.decode()
    assert 'addEventListener("push"' in worker
    assert 'addEventListener("notificationclick"' in worker
    assert "url.origin === self.location.origin" in worker


def sent_reminder(person, status=SentReminder.Status.SENT) -> SentReminder:
    enrolment = follow(person, "nightly-release")
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    now = timezone.now()
    return SentReminder.objects.create(
        user=person,
        routine=enrolment.routine,
        enrolment=enrolment,
        local_date=timezone.localdate(now, person.zone),
        due_at=now,
        status=status,
        sent_at=now if status == SentReminder.Status.SENT else None,
    )


@pytest.fixture
def queue(settings):
    use_task_backend(settings, "django.tasks.backends.dummy.DummyBackend")
    return default_task_backend.results


def snooze_address(claim: SentReminder) -> str:
    return f"/reminders/push/snooze/{snooze_token(claim.pk)}/"


def test_snoozing_sends_the_reminder_again_an_hour_later_once(alice, queue):
    claim = sent_reminder(alice)
    worker = Client(enforce_csrf_checks=True)  # a service worker: no session, no CSRF token
    with time_machine.travel(timezone.now(), tick=False):
        response = worker.post(snooze_address(claim))
        again = timezone.localtime(timezone.now() + dt.timedelta(hours=1), alice.zone)
    assert response.status_code == 200
    assert response.json() == {"message": f"Snoozed: Limber reminds you again at {again:%H:%M}."}
    claim.refresh_from_db()
    assert claim.status == SentReminder.Status.QUEUED and claim.snoozed_at is not None
    [resend] = queue
    assert (resend.task.name, resend.args) == (send_reminder.name, [claim.pk])
    assert resend.task.run_after == again
    assert resend.task.call(*resend.args) == "sent"  # no device: by email, as the first time
    assert len(mail.outbox) == 1

    response = worker.post(snooze_address(claim))
    assert response.status_code == 409
    assert "snoozed this reminder once already" in response.json()["message"]
    assert len(queue) == 1
    claim.refresh_from_db()
    assert claim.status == SentReminder.Status.SENT


def test_a_reminder_not_sent_can_not_be_snoozed(alice, queue):
    claim = sent_reminder(alice, status=SentReminder.Status.SKIPPED)
    response = Client().post(snooze_address(claim))
    assert response.status_code == 409
    assert "can't be snoozed now" in response.json()["message"]
    assert queue == []


def test_a_snooze_token_tampered_foreign_or_old_is_a_404(alice, queue):
    claim = sent_reminder(alice)
    address = snooze_address(claim)
    assert Client().post(address[:-3] + "xx/").status_code == 404
    unsubscribe = f"/reminders/push/snooze/{unsubscribe_token(claim.enrolment_id)}/"
    assert Client().post(unsubscribe).status_code == 404  # another link's token
    with time_machine.travel(dt.timedelta(hours=12, minutes=1)):
        assert Client().post(address).status_code == 404
    claim.delete()
    assert Client().post(address).status_code == 404
    assert queue == []


def test_snooze_is_post_only(alice):
    assert Client().get(snooze_address(sent_reminder(alice))).status_code == 405


def test_snooze_with_a_backend_that_cant_wait_an_hour_says_so_and_changes_nothing(alice):
    claim = sent_reminder(alice)  # the tests' immediate backend runs tasks at once only
    response = Client().post(snooze_address(claim))
    assert response.status_code == 503
    claim.refresh_from_db()
    assert claim.status == SentReminder.Status.SENT and claim.snoozed_at is None


def test_snooze_queries(alice, queue, django_assert_num_queries):
    claim = sent_reminder(alice)
    # The reminder with its person (one join); then the transaction's savepoint, the
    # conditional update (the once-only claim) and its release. The test backend queues the
    # task in memory; the database backend's insert would be one more, in the transaction.
    with django_assert_num_queries(4):
        assert Client().post(snooze_address(claim)).status_code == 200


RECOGNISE = "/reminders/push/recognise/"


def test_a_device_from_an_earlier_sign_in_is_recognised_and_forgotten_at_sign_out(
    alice_client, alice
):
    sub = subscription()
    PushSubscription.objects.create(user=alice, endpoint=ENDPOINT, p256dh="old", auth="old")
    response = post(alice_client, RECOGNISE, sub)
    assert response.status_code == 200
    assert PushSubscription.objects.get().p256dh == sub["keys"]["p256dh"]  # keys kept fresh
    alice_client.post("/accounts/logout/")
    assert not PushSubscription.objects.exists()


def test_recognising_never_adds_nor_moves_a_device(alice_client, bob):
    assert post(alice_client, RECOGNISE, subscription()).status_code == 404
    assert not PushSubscription.objects.exists()
    PushSubscription.objects.create(user=bob, endpoint=ENDPOINT, p256dh="x", auth="y")
    assert post(alice_client, RECOGNISE, subscription()).status_code == 404
    assert PushSubscription.objects.get().user == bob
    assert "push_endpoint" not in alice_client.session


def test_recognise_needs_a_signed_in_person_and_the_csrf_token(client, alice):
    assert post(client, RECOGNISE, subscription()).status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert post(browser, RECOGNISE, subscription()).status_code == 403
    assert post(Client(), RECOGNISE, "[").status_code == 401


def test_a_bad_recognise_is_a_400(alice_client):
    assert post(alice_client, RECOGNISE, {"endpoint": ENDPOINT}).status_code == 400


def devices_of(person) -> tuple[PushSubscription, PushSubscription]:
    phone = PushSubscription.objects.create(
        user=person, endpoint=ENDPOINT, p256dh="x", auth="y", device="Chrome on Android"
    )
    laptop = PushSubscription.objects.create(
        user=person,
        endpoint=ENDPOINT + "-laptop",
        p256dh="x",
        auth="y",
        device="Firefox on Linux",
        last_used_at=timezone.now(),
    )
    return phone, laptop


def test_the_profile_lists_ones_devices_marks_this_one_and_offers_this_device(
    alice_client, alice, bob, settings, django_assert_num_queries
):
    settings.VAPID_PUBLIC_KEY = "BPUBLIC"
    phone, laptop = devices_of(alice)
    PushSubscription.objects.create(
        user=bob, endpoint=ENDPOINT + "-bob", p256dh="x", auth="y", device="Safari on iPhone"
    )
    session = alice_client.session
    session["push_endpoint"] = ENDPOINT
    session.save()
    # session, person, their clinicians, the routines with their reminders, the calendar
    # address, the devices
    with django_assert_num_queries(6):
        page = alice_client.get("/accounts/profile/").content.decode()
    assert "Chrome on Android</strong> (this device)" in page
    assert "Firefox on Linux</strong>\n" in page and "last notified" in page
    assert "no notification yet" in page
    assert "Safari on iPhone" not in page
    assert f"/reminders/devices/{phone.pk}/remove/" in page
    assert f"/reminders/devices/{laptop.pk}/remove/" in page
    assert 'data-push-key="BPUBLIC"' in page and "data-push-known" in page
    assert "Notify me on this device" in page and "js/push.js" in page


def test_the_profile_says_when_no_device_has_notifications(alice_client):
    page = alice_client.get("/accounts/profile/").content.decode()
    assert "None of your devices shows notifications yet." in page
    assert "data-push-known" not in page


def test_with_push_off_the_profile_has_no_devices_section(alice_client, alice, settings):
    settings.PUSH_ENABLED = False
    devices_of(alice)
    page = alice_client.get("/accounts/profile/").content.decode()
    assert 'id="devices"' not in page and "Chrome on Android" not in page
    assert "js/push.js" not in page


def test_removing_a_device_asks_first_then_removes_it(
    alice_client, alice, django_assert_num_queries
):
    phone, laptop = devices_of(alice)
    address = f"/reminders/devices/{phone.pk}/remove/"
    with django_assert_num_queries(3):  # session, person, the device
        page = alice_client.get(address)
    assert page.status_code == 200
    assert b"Stop notifications on Chrome on Android?" in page.content
    assert PushSubscription.objects.count() == 2
    # session, person, the device; its delete (the message goes in a cookie)
    with django_assert_num_queries(4):
        response = alice_client.post(address)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/#devices"
    assert list(PushSubscription.objects.all()) == [laptop]
    assert alice_client.post(address).status_code == 404


def test_another_persons_device_is_a_404_and_stays(alice_client, bob):
    theirs, _ = devices_of(bob)
    address = f"/reminders/devices/{theirs.pk}/remove/"
    assert alice_client.get(address).status_code == 404
    assert alice_client.post(address).status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_removing_a_device_needs_a_sign_in(client, alice):
    phone, _ = devices_of(alice)
    response = client.post(f"/reminders/devices/{phone.pk}/remove/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert PushSubscription.objects.count() == 2
