"""Notify me on this device: permission only on the tap, a subscription made with the site's
key reaches the server and shows on the profile. The Push API is stubbed: no push service is
reachable from here. A push delivered through DevTools shows the reminder; what a tap on it
does is run in the worker itself (see the last test for how, and what it leaves out)."""

import base64

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.links import snooze_token
from reminders.management.commands.vapid_keys import new_key_pair
from reminders.models import PushSubscription, ReminderSchedule, SentReminder
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory
from tests.helpers import follow, use_task_backend

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A browser's subscription, as PushManager.subscribe would give it; the keys are a real
# P-256 point and a 16-byte secret, so the server accepts them.
FAKE_PUSH = """
window.__asked = 0;
Notification.requestPermission = async () => { window.__asked += 1; return "granted"; };
PushManager.prototype.getSubscription = async function () { return null; };
PushManager.prototype.subscribe = async function (options) {
  window.__key = Array.from(new Uint8Array(options.applicationServerKey));
  return {
    endpoint: "https://push.example/device-1",
    toJSON() {
      return { endpoint: this.endpoint, expirationTime: null, keys: %s };
    },
  };
};
"""


def push_on(settings) -> str:
    private, public = new_key_pair()
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = private, public
    settings.VAPID_SUBJECT, settings.PUSH_ENABLED = "mailto:ops@limber.example", True
    return public


def stub_push(page) -> str:
    """Stub the Push API with a subscription whose keys the server accepts; its p256dh."""
    _, browser_key = new_key_pair()
    keys = f'{{ p256dh: "{browser_key}", auth: "MDEyMzQ1Njc4OWFiY2RlZg" }}'
    page.context.add_init_script(FAKE_PUSH % keys)
    return browser_key


def test_notify_me_on_this_device_asks_only_on_the_tap_and_stores_the_device(page, settings):
    public = push_on(settings)
    browser_key = stub_push(page)
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "nightly-release")
    log_in(page, person)

    page.goto(f"/reminders/{enrolment.pk}/")
    button = page.get_by_role("button", name="Notify me on this device")
    expect(button).to_be_visible()
    assert page.evaluate("window.__asked") == 0  # never on page load
    assert_no_axe_violations(page)
    button.click()
    expect(page.get_by_role("status")).to_have_text(
        "Done: Chrome on Linux will show your reminders."
    )
    assert page.evaluate("window.__asked") == 1
    server_key = base64.urlsafe_b64decode(public + "=")
    assert bytes(page.evaluate("window.__key")) == server_key
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint, stored.p256dh) == (
        person,
        "https://push.example/device-1",
        browser_key,
    )
    assert page.console_errors == []


def test_the_profile_turns_this_device_on_lists_it_and_removes_it_after_asking(page, settings):
    push_on(settings)
    stub_push(page)
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)

    page.goto("/accounts/profile/")
    devices = page.locator("#devices")
    expect(devices.get_by_text("None of your devices shows notifications yet.")).to_be_visible()
    button = devices.get_by_role("button", name="Notify me on this device")
    expect(button).to_be_visible()
    assert page.evaluate("window.__asked") == 0  # never on page load
    assert_no_axe_violations(page)
    button.click()
    expect(devices.get_by_role("status")).to_have_text(
        "Done: Chrome on Linux will show your reminders."
    )
    device = PushSubscription.objects.get(user=person)

    page.reload()
    item = devices.get_by_role("listitem")
    expect(item).to_contain_text("Chrome on Linux (this device)")
    expect(item).to_contain_text("no notification yet")
    assert_no_axe_violations(page)
    item.get_by_role("link", name="Remove Chrome on Linux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stop notifications on Chrome on Linux?"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stop notifications").click()
    page.wait_for_url("**/accounts/profile/#devices")
    expect(page.get_by_text("Chrome on Linux no longer gets your reminders.")).to_be_visible()
    assert not PushSubscription.objects.filter(pk=device.pk).exists()
    assert page.console_errors == []


def _registration_id(page) -> str:
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):  # the registrations come as events, soon after enable
        if registrations:
            break
        page.wait_for_timeout(100)
    [registration] = [r for r in registrations if not r["isDeleted"]]
    return cdp, registration["registrationId"]


SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let i = 0; i < 50; i++) {
    const found = await registration.getNotifications();
    if (found.length) {
      return found.map((n) => [n.title, n.body, n.data.url, n.tag, n.actions.map((a) => a.title)]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}"""


def test_a_reminders_notification_offers_start_and_snooze_and_snoozes_once(
    page, live_server, settings
):
    """The push is a real one, delivered by DevTools as a push service would. No browser
    automation can tap a notification (DevTools has no such command; a synthetic
    NotificationEvent can't extend its lifetime, and openWindow needs the tap's user
    activation), so the worker's own functions run in the worker itself: where a tap or
    "Start session" goes, and "Snooze 1 hour" posting to the server for real."""
    use_task_backend(settings, "django.tasks.backends.dummy.DummyBackend")  # can wait an hour
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "nightly-release")
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    now = timezone.now()
    claim = SentReminder.objects.create(
        user=person,
        routine=enrolment.routine,
        enrolment=enrolment,
        local_date=timezone.localdate(now, person.zone),
        due_at=now,
        status=SentReminder.Status.SENT,
        sent_at=now,
    )
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp, registration = _registration_id(page)
    session = f"/today/{enrolment.pk}/session/"
    snooze = f"/reminders/push/snooze/{snooze_token(claim.pk)}/"
    message = (
        f'{{"title": "Limber", "body": "Nightly release, about 5 min", "url": "{session}",'
        f' "tag": "reminder-{claim.pk}", "snooze": "{snooze}"}}'
    )
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration, "data": message},
    )
    assert page.evaluate(SHOWN) == [
        [
            "Limber",
            "Nightly release, about 5 min",
            session,
            f"reminder-{claim.pk}",
            ["Start session", "Snooze 1 hour"],
        ]
    ]
    [worker] = page.context.service_workers
    targets = worker.evaluate(
        """async () => {
          const [shown] = await self.registration.getNotifications();
          return ["", "start", "snooze"].map((action) => notificationTarget(shown.data, action));
        }"""
    )
    origin = live_server.url
    assert targets == [
        {"open": origin + session},
        {"open": origin + session},
        {"snooze": origin + snooze},
    ]
    tag = f"reminder-{claim.pk}"
    tap_snooze = """async (tag) => {
      const [shown] = await self.registration.getNotifications({ tag: tag });
      return onNotificationClick(shown.data, "snooze");
    }"""
    assert worker.evaluate(tap_snooze, tag) == "snoozed"
    claim.refresh_from_db()
    assert claim.status == SentReminder.Status.QUEUED and claim.snoozed_at is not None

    refused = worker.evaluate(tap_snooze, tag)
    assert refused.startswith("You've snoozed this reminder once already.")
    # The same notification, now saying so quietly; a tap on it opens the session.
    assert page.evaluate(SHOWN) == [["Limber", refused, session, tag, []]]


def test_a_push_shows_the_routine_and_its_length_and_keeps_the_session_address(page, live_server):
    """A real push event, delivered by Chromium's DevTools as a push service would."""
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):  # the registrations come as events, soon after enable
        if registrations:
            break
        page.wait_for_timeout(100)
    [registration] = [r for r in registrations if not r["isDeleted"]]
    message = (
        '{"title": "Limber", "body": "Nightly release, about 5 min", "url": "/today/7/session/"}'
    )
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": message,
        },
    )
    shown = page.evaluate(
        """async () => {
          const registration = await navigator.serviceWorker.ready;
          for (let i = 0; i < 50; i++) {
            const found = await registration.getNotifications();
            if (found.length) {
              return found.map((n) => [n.title, n.body, n.data.url]);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return [];
        }"""
    )
    assert shown == [["Limber", "Nightly release, about 5 min", "/today/7/session/"]]


# This browser was subscribed before this sign-in: the Push API gives its subscription back.
SUBSCRIBED_BEFORE = """
window.__asked = 0;
Notification.requestPermission = async () => { window.__asked += 1; return "granted"; };
PushManager.prototype.getSubscription = async function () {
  return {
    endpoint: "https://push.example/device-1",
    toJSON() {
      return { endpoint: this.endpoint, expirationTime: null, keys: %s };
    },
  };
};
"""


def test_a_device_subscribed_in_an_earlier_sign_in_is_forgotten_when_signing_out_again(
    page, live_server, settings
):
    push_on(settings)
    _, browser_key = new_key_pair()
    person = UserFactory(time_zone="Europe/London")
    PushSubscription.objects.create(
        user=person,
        endpoint="https://push.example/device-1",
        p256dh=browser_key,
        auth="MDEyMzQ1Njc4OWFiY2RlZg",
        device="Chrome on Linux",
    )
    keys = f'{{ p256dh: "{browser_key}", auth: "MDEyMzQ1Njc4OWFiY2RlZg" }}'
    page.context.add_init_script(SUBSCRIBED_BEFORE % keys)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(page, person)  # a new session, which knows no endpoint

    with page.expect_response("**/reminders/push/recognise/") as answer:
        page.goto("/accounts/profile/")
    assert answer.value.status == 200
    assert page.evaluate("window.__asked") == 0  # silently: no permission asked
    page.reload()
    expect(page.locator("#devices").get_by_role("listitem")).to_contain_text(
        "Chrome on Linux (this device)"
    )
    page.get_by_text(person.email).click()  # the account menu
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/accounts/profile/" not in url)
    assert not PushSubscription.objects.exists()
    assert page.console_errors == []
