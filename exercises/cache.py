"""Rendered library pages, cached per library version (see config.cache).

The library changes only when staff edit it, yet every visit would otherwise rebuild the
same HTML from a handful of queries. Pages are cached under the current LibraryVersion
token (one cheap query), which any edit moves on, so nobody ever sees a stale page.
"""

from collections.abc import Callable

from config import cache as config_cache
from exercises.models import LibraryVersion


def cached[T](key: str, build: Callable[[], T]) -> T:
    """``build()``'s result for this library version; exceptions (Http404) are not cached."""
    return config_cache.cached(f"exercises:{LibraryVersion.current()}:{key}", build)
