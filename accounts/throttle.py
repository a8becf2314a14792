"""Counters with a time window, for the limits sign-in's lockout (django-axes) doesn't cover.

They live in Django's cache: an atomic increment with an expiry, nothing to clean up. On
Redis (the shared cache several app servers use) INCR is atomic across servers; with the
default local-memory cache each worker process counts on its own, so a limit is per worker.
A window starts at the first hit and is not extended by later ones.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key (an address, an account, an email)."""

    name: str
    count: int
    seconds: int
    heading: str
    message: str
    offer_reset: bool = True  # the 429 page links to a password reset


MINUTE, HOUR = 60, 60 * 60

# Password spraying: failed sign-ins from one address, whatever the usernames.
SIGN_IN_FAILURES_PER_ADDRESS = Limit(
    "sign-in-address",
    30,
    HOUR,
    "Too many sign-in attempts",
    "Too many sign-ins failed from your network in the last hour. Please wait an hour "
    "and try again.",
)
# Forms that check the current password (change password, delete account): like sign-in.
PASSWORD_CHECKS_PER_ACCOUNT = Limit(
    "password-check",
    5,
    15 * MINUTE,
    "Too many wrong passwords",
    "For your account's safety, forms that ask for your password are paused for 15 minutes "
    "after five wrong tries.",
)
RESETS_PER_ADDRESS = Limit(
    "reset-address",
    10,
    HOUR,
    "Too many password resets",
    "Too many reset links were asked for from your network in the last hour. Please wait "
    "an hour and try again.",
    offer_reset=False,
)
# Silent: over it, the page looks the same but no email is sent (no enumeration).
RESETS_PER_EMAIL = Limit("reset-email", 3, HOUR, "", "")
SIGNUPS_PER_ADDRESS = Limit(
    "signup-address",
    10,
    HOUR,
    "Too many sign-ups",
    "Too many accounts were tried from your network in the last hour. Please wait an hour "
    "and try again.",
)


def _key(limit: Limit, who: str) -> str:
    # Hashed: short and safe for any cache backend, and no email address sits in the cache.
    digest = hashlib.sha256(who.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}"


def hits(limit: Limit, who: str) -> int:
    return cache.get(_key(limit, who), 0)


def exceeded(limit: Limit, who: str) -> bool:
    return hits(limit, who) >= limit.count


def hit(limit: Limit, who: str) -> int:
    """Count one hit and return the total in the current window."""
    key = _key(limit, who)
    for _ in range(2):
        if cache.add(key, 1, timeout=limit.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): start a new window
            continue
    return 1


def clear(limit: Limit, who: str) -> None:
    cache.delete(_key(limit, who))


def too_many(request: HttpRequest, limit: Limit) -> HttpResponse:
    """The 429 page, with how long to wait."""
    context = {
        "heading": limit.heading,
        "message": limit.message,
        "no_reset_link": not limit.offer_reset,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response
