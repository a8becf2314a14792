"""A person's own pages (Today, History), rendered once per change to what they show.

Those pages read years of logs, so their content is cached under a key that moves on with
everything it depends on: the person's data_version (moved on by every write to their
sessions, exercise rows and enrolments: progress.signals, and bump_data_version() on the
bulk paths that send no signals), the library version (routine and exercise names), their
time zone, week start and local day. data_version comes with the user row that every
signed-in request loads anyway, so checking it costs no query.

Cached HTML never holds a CSRF token: forms inside it get a placeholder, replaced with the
requester's own token on the way out (a token cached for one browser would be refused for
another, and one cached before a sign-in is refused after it).
"""

import datetime as dt
from collections.abc import Callable

from django.db.models import F
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from exercises.cache import cached

CSRF_PLACEHOLDER = "limber-csrf-token-placeholder"


def bump_data_version(user_id: int) -> None:
    """Move the person's data_version on, so their cached pages are rebuilt; a no-op for a
    deleted person."""
    User.objects.filter(pk=user_id).update(data_version=F("data_version") + 1)


def render_fragment(request, template_name: str, context: dict) -> str:
    """Render a fragment to cache: with the person, but a placeholder for the CSRF token
    (no request, so no context processor can put a real token in)."""
    return render_to_string(
        template_name, {**context, "user": request.user, "csrf_token": CSRF_PLACEHOLDER}
    )


def cached_for_user(request, name: str, day: dt.date, build: Callable[[], str]) -> SafeString:
    """``build()``'s HTML (see render_fragment) for this person, as it stands on `day`.

    `day` is the local day the caller builds the page for, so a request that straddles
    midnight can't file yesterday's page under today. Exceptions (Http404) are not cached;
    nothing is cached for a visitor who isn't signed in.
    """
    user = request.user
    if not user.is_authenticated:
        html = build()
    else:
        key = (
            f"user:{user.pk}:{user.data_version}:{user.time_zone}:{user.week_start}"
            f":{day.isoformat()}:{name}"
        )
        html = cached(key, build)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)
