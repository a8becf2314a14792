"""Notify me on this device: permission only on the tap, a subscription made with the site's
key reaches the server. The Push API is stubbed: no push service is reachable from here."""

import base64

import pytest
from playwright.sync_api import expect

from reminders.management.commands.vapid_keys import new_key_pair
from reminders.models import PushSubscription
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory
from tests.helpers import follow

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


def test_notify_me_on_this_device_asks_only_on_the_tap_and_stores_the_device(page, settings):
    private, public = new_key_pair()
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = private, public
    settings.VAPID_SUBJECT, settings.PUSH_ENABLED = "mailto:ops@limber.example", True
    _, browser_key = new_key_pair()
    keys = f'{{ p256dh: "{browser_key}", auth: "MDEyMzQ1Njc4OWFiY2RlZg" }}'
    page.context.add_init_script(FAKE_PUSH % keys)
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
