"""Rendered library pages, cached per library version.

The library changes only when staff edit it, yet every visit would otherwise rebuild the
same HTML from a handful of queries. Pages are cached under the current LibraryVersion
token (one cheap query), which any edit moves on, so nobody ever sees a stale page.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

from exercises.models import LibraryVersion

CACHE_SECONDS = 24 * 60 * 60


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result for this library version; exceptions (Http404) are not cached."""
    full_key = f"exercises:{LibraryVersion.current()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def query_key(pairs: list[tuple[str, list[str]]]) -> str:
    """A short, order-independent key for a query string's parameters."""
    text = "&".join(f"{name}={value}" for name, values in sorted(pairs) for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
