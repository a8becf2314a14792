"""Cached pages and fragments: the one place that says how Limber caches.

One API per kind of cached thing:

- **HTML: cached_page()**, and nothing else. A view hands it a name, a template (a partial)
  and a function that builds the template's context; it reads the versions, makes the key,
  renders and puts the requester's CSRF token in. No view renders HTML to cache by itself.
- **Data the library determines** (a routine's plan, the search index, the moves by slug):
  exercises.cache.cached / cached_in_process, and routines.cache for routines' plans. They
  use cached() below with keys that carry library_version().

The rules that keep every cached thing correct on any number of app servers:

1. **Versioned keys, never deletes.** Each key carries the version of everything the value
   depends on, and an edit makes new keys; old entries simply expire. The versions live in
   the database, so a process with its own local-memory cache never serves another
   process's stale copy:

   - every key: the library's token (library_version(): exercises.models.LibraryVersion,
     moved on by any library or programme edit, exercises.signals and routines.signals);
   - a person's own pages (``per_person=True``) also: their id and ``data_version``
     (accounts.models.User, moved on by every write to their logs, routines and
     enrolments), time zone, week start and the local day the page is built for, so a
     request that straddles midnight can't file yesterday's page under today.

   There is one language (settings.USE_I18N is off), so no key carries one.
2. **Shared pages are rendered for nobody.** A page cached for everyone is rendered with an
   anonymous ``user``, so a ``{% if user %}`` in its template can never put one person's
   name or content in front of everyone (its build must not read the person either).
   Per-person pages get the person; that layer is the one flag, so it can be dropped
   where it stops paying for itself. Fragments are
   rendered without the request, so no context processor adds anything of the requester's
   (its messages, its nonce); a template that needs the query string is given it.
3. **No CSRF token inside cached HTML.** The HTML is rendered with CSRF_PLACEHOLDER as its
   token and the requester's own token is put in on the way out: a token cached for one
   browser would be refused for another, and one cached before a sign-in is refused after.
"""

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 24 * 60 * 60
MAX_KEY_LENGTH = 200
CSRF_PLACEHOLDER = "limber-csrf-token-placeholder"


class Page(NamedTuple):
    html: SafeString
    """The rendered template, with the requester's CSRF token."""
    head: dict[str, Any]
    """Plain values for the page around it (title, description), escaped as usual."""


def cached_page(
    request,
    name: str,
    template_name: str,
    build: Callable[[], dict],
    *,
    per_person: bool,
    day: dt.date | None = None,
    head: Callable[[dict], dict] | None = None,
) -> Page:
    """`template_name` rendered with ``build()``'s context, cached under `name` (unique
    across the site, and carrying whatever of the request the page depends on: its query,
    its slug) plus the versions (see the module docstring).

    `per_person`: the page shows the signed-in person's own things, so it is cached for
    them alone and rendered with them as ``user``; otherwise it is one page for everyone,
    rendered for nobody. `day` is the person's local day the page is built for (default:
    their today). `head` picks from the context what the page around the fragment needs.
    Exceptions such as Http404 are not cached.
    """
    version = library_version()
    key = f"page:{version}:{name}"
    if per_person:
        key = _person_key(request.user, day) + key

    def render() -> tuple[str, dict]:
        user = request.user if per_person else AnonymousUser()
        with building_under(version):
            context = build()
            html = render_to_string(
                template_name, {**context, "user": user, "csrf_token": CSRF_PLACEHOLDER}
            )
        return html, head(context) if head else {}

    html, page_head = cached(key, render)
    return Page(_with_csrf_token(request, html), page_head)


def _person_key(user, day: dt.date | None) -> str:
    day = day or timezone.localdate(timezone=user.zone)
    return (
        f"user:{user.pk}:{user.data_version}:{user.time_zone}:{user.week_start}:{day.isoformat()}:"
    )


def _with_csrf_token(request, html: str) -> SafeString:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


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


# The library's token is read by the library app (exercises.apps), which sits above config.
_read_library_version: Callable[[], str] | None = None
# The version a build in progress runs under, so what it caches in turn (the search index
# inside a page, a routine's plan) shares that version and costs no second look-up.
_building_version: ContextVar[str | None] = ContextVar("building_version", default=None)


def read_library_version_with(read: Callable[[], str]) -> None:
    """Name the function that reads the library's token (exercises.apps, at start-up)."""
    global _read_library_version
    _read_library_version = read


def library_version() -> str:
    """The library's token: the one the build in progress runs under, else read afresh."""
    if version := _building_version.get():
        return version
    if _read_library_version is None:
        raise ImproperlyConfigured("The exercises app reads the library's version.")
    return _read_library_version()


@contextlib.contextmanager
def building_under(version: str) -> Iterator[None]:
    """Anything cached inside this block is keyed on `version` without reading it again."""
    reset = _building_version.set(version)
    try:
        yield
    finally:
        _building_version.reset(reset)
