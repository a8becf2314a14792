"""Absolute links that reminder emails and the calendar feed carry (sent outside a request)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

# Named when reminders lived in routines; a new salt would break the links in sent emails.
UNSUBSCRIBE_SALT = "routines.reminders.unsubscribe"


def session_url(enrolment_id: int) -> str:
    """The guided session page's absolute address (the "session" URL in config/urls.py)."""
    return f"{settings.SITE_URL}/today/{enrolment_id}/session/"


def unsubscribe_token(enrolment_id: int) -> str:
    """A signed token naming the enrolment whose reminders the link switches off.

    It doesn't expire: an unsubscribe link must keep working in an old email.
    """
    return signing.dumps(enrolment_id, salt=UNSUBSCRIBE_SALT)


def enrolment_from_token(token: str) -> int | None:
    """The enrolment id a token names, or None for a tampered or foreign token."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(enrolment_id: int) -> str:
    return settings.SITE_URL + reverse(
        "reminders:unsubscribe", args=[unsubscribe_token(enrolment_id)]
    )


# A snooze token names one sent reminder and lasts as long as its notification is worth
# acting on (our choice: the push's four-hour TTL and the hour it may be snoozed for, and
# a margin); a snooze token can do nothing but snooze that reminder, once.
SNOOZE_SALT = "reminders.snooze"
SNOOZE_MAX_AGE = 12 * 60 * 60


def snooze_token(claim_id: int) -> str:
    return signing.dumps(claim_id, salt=SNOOZE_SALT)


def claim_from_snooze_token(token: str) -> int | None:
    """The sent reminder's id a snooze token names, or None: tampered, foreign or old."""
    try:
        value = signing.loads(token, salt=SNOOZE_SALT, max_age=SNOOZE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) else None


def snooze_url(claim_id: int) -> str:
    return settings.SITE_URL + reverse("reminders:snooze", args=[snooze_token(claim_id)])
