"""Data the library determines, cached per library version (see config.cache).

The library changes only when staff edit it, yet every visit would otherwise rebuild the
same values from a handful of queries. They are cached under the current LibraryVersion
token (one cheap query, none inside a page build), which any edit moves on, so nobody ever
sees a stale value. Pages themselves go through config.cache.cached_page.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from config import cache as config_cache


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result for this library version; exceptions (Http404) are not cached."""
    return _cached(config_cache.library_version(), key, build)


def cached_in_process[T](key: str, build: Callable[[], T]) -> T:
    """``cached()``, plus a copy in this process for a large value read by many requests.

    The search index is read on every search the page cache hasn't seen yet; unpickling it
    from the shared cache each time would cost more than the search. The copy is used only
    while the shared cache still holds the value under the current version, so an edit
    (or a cleared cache) is seen at once.
    """
    version = config_cache.library_version()
    full_key = _full_key(version, key)
    held = _in_process.get(key)
    if held is not None and held[0] == full_key and cache.has_key(full_key):
        return held[1]
    value = _cached(version, key, build)
    _in_process[key] = (full_key, value)
    return value


_in_process: dict[str, tuple[str, Any]] = {}


def _full_key(version: str, key: str) -> str:
    return f"exercises:{version}:{key}"


def _cached[T](version: str, key: str, build: Callable[[], T]) -> T:
    def build_under_version() -> T:
        with config_cache.building_under(version):
            return build()

    return config_cache.cached(_full_key(version, key), build_under_version)
