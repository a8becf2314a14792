"""Web Push: reading a browser's subscription, naming its device, and sending a reminder.

The protocol is pywebpush's (RFC 8291 encryption, RFC 8292 VAPID); this module decides what
goes in a notification (a routine's name, its length and the guided session's address, no
health data) and what a push service's answer means for the stored subscription.
"""

import base64
import binascii
import datetime as dt
import enum
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from pywebpush import WebPushException, webpush

from reminders.models import PushSubscription

# Where the session keeps the endpoint this device subscribed with (reminders.signals).
SESSION_ENDPOINT = "push_endpoint"

logger = logging.getLogger(__name__)

MAX_BODY = 4096  # a browser's subscription JSON is a few hundred bytes
MAX_ENDPOINT = 1000
TTL_SECONDS = 4 * 60 * 60  # a reminder still worth showing after a phone was off for a while
TIMEOUT_SECONDS = 10
GONE = {404, 410}  # RFC 8030: the subscription has expired or was removed
# After any other failure (429, 5xx, no connection, a timeout) a device is tried again this
# long after each failed try, by the task queue (reminders.tasks.retry_push), then given up
# on for that reminder (our choice: 36 minutes in all, well inside the TTL).
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30))

# First match wins: Edge, Opera and Samsung Internet also say "Chrome", Chrome says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
PLATFORMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


class BadSubscription(ValueError):
    """What a browser sent isn't a push subscription; the message says why, for the 400."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def device_name(user_agent: str) -> str:
    """A device's name ("Chrome on Android") from its User-Agent, to tell devices apart."""
    browser = next((name for token, name in BROWSERS if token in user_agent), "A browser")
    platform = next((name for token, name in PLATFORMS if token in user_agent), "")
    return f"{browser} on {platform}" if platform else browser


def _b64url(value: object, field: str) -> bytes:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise BadSubscription(f"keys.{field} must be a base64url string.")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise BadSubscription(f"keys.{field} must be a base64url string.") from None


def _endpoint(value: object) -> str:
    if not isinstance(value, str) or not value.startswith("https://"):
        raise BadSubscription("endpoint must be the push service's https:// address.")
    if len(value) > MAX_ENDPOINT:
        raise BadSubscription(f"endpoint must be at most {MAX_ENDPOINT} characters.")
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise BadSubscription("endpoint must be the push service's https:// address.") from None
    return value


def read_json(body: bytes) -> dict:
    if len(body) > MAX_BODY:
        raise BadSubscription(f"The request body must be at most {MAX_BODY} bytes.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadSubscription("The request body must be JSON.") from None
    if not isinstance(data, dict):
        raise BadSubscription("The request body must be a JSON object.")
    return data


def read_endpoint(body: bytes) -> str:
    """The endpoint of an unsubscribe request: {"endpoint": "https://…"}."""
    return _endpoint(read_json(body).get("endpoint"))


def read_subscription(body: bytes) -> Subscription:
    """A browser's PushSubscription.toJSON(): the endpoint and the keys to encrypt for.

    The keys are checked as the encryption will use them (a P-256 point, a 16-byte secret),
    so a bad one is a 400 now rather than a failed push at reminder time.
    """
    data = read_json(body)
    endpoint = _endpoint(data.get("endpoint"))
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise BadSubscription("keys must be an object with p256dh and auth.")
    point = _b64url(keys.get("p256dh"), "p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise BadSubscription("keys.p256dh must be a P-256 public key.") from None
    if len(_b64url(keys.get("auth"), "auth")) != 16:
        raise BadSubscription("keys.auth must be 16 bytes.")
    return Subscription(endpoint, keys["p256dh"], keys["auth"])


def enabled() -> bool:
    return settings.PUSH_ENABLED


def payload(routine_name: str, minutes_text: str, url: str, tag: str, snooze: str) -> bytes:
    """What the notification shows and opens: nothing about pain, sessions or the person.

    `tag` names the reminder, so a retried or snoozed push replaces its notification rather
    than stacking a second one; `snooze` is the address its "Snooze 1 hour" button posts to.
    """
    body = {
        "title": "Limber",
        "body": f"{routine_name}, {minutes_text}",
        "url": url,
        "tag": tag,
        "snooze": snooze,
    }
    return json.dumps(body).encode()


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the push service took it
    GONE = "gone"  # 404/410: the subscription was deleted
    FAILED = "failed"  # anything else: worth another try later


def retry_delay(attempt: int) -> dt.timedelta | None:
    """How long after failed try number `attempt` (1 is the first push) to try again;
    None when that was the last try."""
    return RETRY_DELAYS[attempt - 1] if 1 <= attempt <= len(RETRY_DELAYS) else None


def send_one(subscription: PushSubscription, data: bytes) -> Outcome:
    """Push to one device. A gone device is deleted; a delivery notes when it was used."""
    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    try:
        webpush(
            info,
            data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            PushSubscription.objects.filter(pk=subscription.pk).delete()
            logger.info("Push subscription %s is gone (%s); deleted.", subscription.pk, status)
            return Outcome.GONE
        logger.warning("Push to subscription %s failed: %s", subscription.pk, status)
        return Outcome.FAILED
    except Exception as error:  # a connection error, a timeout: the email still goes
        # Its name only: the message would carry the endpoint, which is as good as a key.
        logger.warning("Push to subscription %s failed: %s", subscription.pk, type(error).__name__)
        return Outcome.FAILED
    PushSubscription.objects.filter(pk=subscription.pk).update(last_used_at=timezone.now())
    return Outcome.DELIVERED


def send_to_devices(devices: Iterable[PushSubscription], data: bytes) -> dict[int, Outcome]:
    """Push to each of the person's devices; each subscription's id and outcome."""
    return {s.pk: send_one(s, data) for s in devices}
