"""Subscribing and unsubscribing a device: JSON in, JSON out, only one's own."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from reminders.models import PushSubscription
from reminders.push import device_name
from tests.helpers import bad_values, follow

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
