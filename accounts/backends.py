"""Signed-in people served from a shared cache, so a signed-in page needn't read their row.

Only when the cache is shared between processes (settings.SHARED_CACHE, i.e. Redis): a
change made through one process then drops the copy for all of them. With a per-process
cache, the row is read from the database on every request, as Django does.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from accounts.models import user_cache_key

USER_CACHE_SECONDS = 10 * 60


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        if not settings.SHARED_CACHE:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        return user
