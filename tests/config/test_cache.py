"""The shared cache: CACHE_URL switches to Redis, so every app server sees one cache; sessions
and signed-in people come from it only when it is shared."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User, bump_data_version, user_cache_key
from config.cache import CSRF_PLACEHOLDER, cached
from routines.models import Enrolment
from tests.factories import PASSWORD, RoutineFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# A signed-in page that reads nothing but the session and the person (not /healthz,
# which reads neither).
PAGE = "/accounts/delete/"
FOAM = "foam-roller-legs-hips"


def settings_with(**env: str) -> str:
    """config.settings' cache and session engine, imported afresh with `env`."""
    code = (
        "from config import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.SHARED_CACHE)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_local_memory_is_the_default_and_sessions_stay_in_the_database():
    assert settings_with() == (
        "django.core.cache.backends.locmem.LocMemCache accounts.sessions.db False"
    )


@pytest.mark.parametrize("name", ["CACHE_URL", "REDIS_URL"])
def test_a_redis_url_shares_the_cache_and_caches_sessions(name):
    assert settings_with(**{name: "redis://127.0.0.1:6379/0"}) == (
        "django.core.cache.backends.redis.RedisCache accounts.sessions.cached_db True"
    )


def test_a_cache_url_that_is_not_redis_stops_start_up_naming_the_variable():
    assert "CACHE_URL must be a redis:// URL" in settings_with(CACHE_URL="memcached://x:1")


@pytest.fixture
def redis_cache():
    """The default cache on the machine's Redis (a database of its own, with its own prefix)."""
    probe = RedisCache(REDIS_URL, {"OPTIONS": {"socket_connect_timeout": 1}})
    try:
        probe.get("probe")
    except Exception as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis must answer at {REDIS_URL} in CI: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(
        CACHES=caches,
        SHARED_CACHE=True,
        SESSION_ENGINE="accounts.sessions.cached_db",
    ):
        yield RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
        cache.clear()


def signed_in(user: User) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the sign-in was refused"
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


@pytest.mark.django_db
def test_a_page_built_on_one_app_server_is_warm_on_another(redis_cache):
    client = Client()
    assert client.get("/exercises/").status_code == 200
    # Another app server is another connection to the same Redis: it finds the page there.
    keys = redis_cache._cache.get_client().keys(f"{redis_cache.key_prefix}:*exercises:*")
    assert keys
    assert any(b"list:library" in key for key in keys)


@pytest.mark.django_db
def test_a_signed_in_request_reads_neither_session_nor_person_from_the_database(redis_cache):
    user = UserFactory()
    client = signed_in(user)
    client.get(PAGE)  # the session and the person are now in the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accounts_session" not in tables
    assert "accounts_user" not in tables
    assert redis_cache.get(user_cache_key(user.pk)).pk == user.pk


def test_without_the_shared_cache_the_session_and_person_are_read(client, django_user_model):
    user = UserFactory()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accounts_session" in tables
    assert "accounts_user" in tables


@pytest.mark.django_db
def test_a_change_to_the_person_drops_their_cached_row_for_every_server(redis_cache):
    user = UserFactory()
    client = signed_in(user)
    client.get(PAGE)
    assert redis_cache.get(user_cache_key(user.pk)) is not None
    bump_data_version(user.pk)
    assert redis_cache.get(user_cache_key(user.pk)) is None
    client.get(PAGE)
    assert redis_cache.get(user_cache_key(user.pk)).data_version == 1
    user.refresh_from_db()
    user.set_password("another-long-Passphrase-7")
    user.save()
    # The old session is refused at once (its password hash no longer matches).
    assert client.get("/history/").status_code == 302


@pytest.mark.django_db
def test_log_out_ends_the_session_on_every_server(redis_cache):
    user = UserFactory()
    client = signed_in(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/history/").status_code == 200
    other_server = Client()
    other_server.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert other_server.get("/history/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/history/").status_code == 302
    assert other_server.get("/history/").status_code == 302


def test_with_a_per_process_cache_the_person_is_read_from_the_database(settings):
    from accounts.backends import CachedUserBackend

    settings.SHARED_CACHE = False
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        CachedUserBackend().get_user(1)


def test_a_very_long_address_is_a_404_and_its_cache_key_is_shortened(client, db):
    long_slug = "9" * 5000
    assert client.get(f"/exercises/{long_slug}/").status_code == 404
    assert client.get(f"/routines/{long_slug}/").status_code == 404
    assert cached("x" * 1000, lambda: "built") == "built"
    assert cached("x" * 1000, lambda: "not built again") == "built"


def _page(client: Client, url: str) -> tuple[str, int]:
    """The page's HTML and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


@pytest.mark.django_db
def test_cached_pages_show_each_visitor_their_own_and_nobody_anothers():
    alice = UserFactory(display_name="Alice Ash")
    bob = UserFactory(display_name="Bob Birch")
    RoutineFactory(owner=alice, name="Knees for Alice")
    RoutineFactory(owner=bob, name="Back for Bob")
    visitors = {
        "alice": Client(enforce_csrf_checks=True),
        "bob": Client(enforce_csrf_checks=True),
        "anonymous": Client(enforce_csrf_checks=True),
    }
    visitors["alice"].force_login(alice)
    visitors["bob"].force_login(bob)
    own = {"alice": "Knees for Alice", "bob": "Back for Bob"}
    names = {"alice": "Alice Ash", "bob": "Bob Birch"}
    for url in ["/routines/", f"/routines/{FOAM}/"]:
        cold = {who: _page(client, url) for who, client in visitors.items()}
        warm = {who: _page(client, url) for who, client in visitors.items()}
        for who in visitors:
            html, queries = warm[who]
            assert queries < cold[who][1], f"{who}'s second visit to {url} was not cached"
            if who in names:
                assert names[who] in html
                assert url != "/routines/" or own[who] in html
            others = [texts[person] for person in names if person != who for texts in (names, own)]
            assert not any(text in html for text in others), (who, url)
            assert CSRF_PLACEHOLDER not in html
        assert "My routines" not in warm["anonymous"][0]
    # The programme's page came from the cache with the enrol form: its token is the
    # asker's own, so it works for them.
    for who in ["alice", "bob"]:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', warm[who][0])[1]
        data = {"csrfmiddlewaretoken": token}
        response = visitors[who].post(reverse("routines:enrol", args=[FOAM]), data)
        assert response.status_code == 302, who
    assert set(Enrolment.objects.values_list("user__display_name", flat=True)) == {
        "Alice Ash",
        "Bob Birch",
    }
