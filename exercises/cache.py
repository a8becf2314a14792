"""Rendered library pages, cached per library version (see config.cache).

The library changes only when staff edit it, yet every visit would otherwise rebuild the
same HTML from a handful of queries. Pages are cached under the current LibraryVersion
token (one cheap query), which any edit moves on, so nobody ever sees a stale page.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache

from config import cache as config_cache
from exercises.models import LibraryVersion

# The version a build in progress runs under, so what it caches in turn (the search index
# inside a page) shares that version and costs no second look-up.
_building_version: ContextVar[str | None] = ContextVar("building_version", default=None)


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result for this library version; exceptions (Http404) are not cached."""
    return _cached(_version(), key, build)


def cached_in_process[T](key: str, build: Callable[[], T]) -> T:
    """``cached()``, plus a copy in this process for a large value read by many requests.

    The search index is read on every search the page cache hasn't seen yet; unpickling it
    from the shared cache each time would cost more than the search. The copy is used only
    while the shared cache still holds the value under the current version, so an edit
    (or a cleared cache) is seen at once.
    """
    version = _version()
    full_key = _full_key(version, key)
    held = _in_process.get(key)
    if held is not None and held[0] == full_key and cache.has_key(full_key):
        return held[1]
    value = _cached(version, key, build)
    _in_process[key] = (full_key, value)
    return value


_in_process: dict[str, tuple[str, Any]] = {}


def _version() -> str:
    return _building_version.get() or LibraryVersion.current()


def _full_key(version: str, key: str) -> str:
    return f"exercises:{version}:{key}"


def _cached[T](version: str, key: str, build: Callable[[], T]) -> T:
    def build_under_version() -> T:
        reset = _building_version.set(version)
        try:
            return build()
        finally:
            _building_version.reset(reset)

    return config_cache.cached(_full_key(version, key), build_under_version)
