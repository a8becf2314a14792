"""Rendered library pages, cached per library version.

The library changes only when staff edit it, yet every visit would otherwise rebuild the
same HTML from a handful of queries. Pages are cached under the current LibraryVersion
token (one cheap query), which any edit moves on, so nobody ever sees a stale page.
"""

import hashlib
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache

from exercises.models import LibraryVersion

CACHE_SECONDS = 24 * 60 * 60

# The version a build in progress runs under, so what it caches in turn (the search index
# inside a page) shares that version and costs no second look-up.
_building_version: ContextVar[str | None] = ContextVar("building_version", default=None)


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result for this library version; exceptions (Http404) are not cached."""
    version = _building_version.get() or LibraryVersion.current()
    full_key = f"exercises:{version}:{key}"
    value = cache.get(full_key)
    if value is None:
        reset = _building_version.set(version)
        try:
            value = build()
        finally:
            _building_version.reset(reset)
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def query_key(pairs: list[tuple[str, list[str]]]) -> str:
    """A short, order-independent key for a query string's parameters."""
    text = "&".join(f"{name}={value}" for name, values in sorted(pairs) for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
