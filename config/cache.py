"""Cached pages and fragments: the one place that says how Limber caches HTML.

Two rules keep every cached thing correct on any number of app servers:

1. **Versioned keys, never deletes.** Each key carries the version of everything the value
   depends on: the library's token (exercises.models.LibraryVersion, moved on by any
   library or programme edit) and, for a person's own pages, their ``data_version``
   (moved on by every write to their logs and routines). An edit makes new keys; old
   entries simply expire. The versions live in the database, so a process with its own
   local-memory cache never serves another process's stale copy.
2. **No CSRF token inside cached HTML.** A fragment that holds a form is rendered with
   CSRF_PLACEHOLDER as its token (render_fragment) and the requester's own token is put
   in on the way out (with_csrf_token): a token cached for one browser would be refused
   for another, and one cached before a sign-in is refused after it.
"""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 24 * 60 * 60
MAX_KEY_LENGTH = 200
CSRF_PLACEHOLDER = "limber-csrf-token-placeholder"


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result under `key` (which must carry its versions); exceptions such as
    Http404 are not cached. A key longer than memcached's 250 characters (a long slug from
    a URL) is shortened to a digest, so no backend warns or refuses it."""
    if len(key) > MAX_KEY_LENGTH:
        key = f"{key[:64]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def query_key(pairs: list[tuple[str, list[str]]]) -> str:
    """A short, order-independent key for a query string's parameters."""
    text = "&".join(f"{name}={value}" for name, values in sorted(pairs) for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def render_fragment(request, template_name: str, context: dict) -> str:
    """Render HTML to cache: with the person, but CSRF_PLACEHOLDER for the CSRF token (no
    request, so no context processor can put a real token in)."""
    return render_to_string(
        template_name, {**context, "user": request.user, "csrf_token": CSRF_PLACEHOLDER}
    )


def with_csrf_token(request, html: str) -> SafeString:
    """Cached HTML (from render_fragment) with the requester's own CSRF token put in."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def cached_for_user(
    request, name: str, day: dt.date, build: Callable[[], str], *, version: str
) -> SafeString:
    """``build()``'s HTML (see render_fragment) for the signed-in person, as it stands on `day`
    under the library `version` (their pages show routine and exercise names).

    The key moves on with the person's data_version (see accounts.models.User), time zone,
    week start and `day`: the local day the caller builds the page for, so a request that
    straddles midnight can't file yesterday's page under today.
    """
    return with_csrf_token(request, cached(user_key(request.user, day, name, version), build))


def user_key(user, day: dt.date, name: str, version: str) -> str:
    """The cache key of what `user` sees under `name` on `day` (see cached_for_user)."""
    return (
        f"user:{user.pk}:{user.data_version}:{user.time_zone}:{user.week_start}"
        f":{day.isoformat()}:{version}:{name}"
    )
