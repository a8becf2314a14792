from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client, django_assert_num_queries):
    from django.db import connection

    # SQLite: a shorter busy timeout around a read of the file's schema, then back.
    with django_assert_num_queries(3 if connection.vendor == "sqlite" else 1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after_when_the_database_is_unreachable(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/accounts/profile/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"taking a short break" in response.content


# Defect 8: fail fast when the database is slow ------------------------------------------


def test_database_waits_are_bounded_by_the_settings(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        assert database["OPTIONS"]["timeout"] == 2  # busy timeout, was 20 s
    else:
        assert database["OPTIONS"]["connect_timeout"] == 2
        assert "-c statement_timeout=3000" in database["OPTIONS"]["options"]
        assert "-c lock_timeout=2000" in database["OPTIONS"]["options"]


@pytest.mark.django_db
def test_the_database_enforces_the_timeouts_on_each_connection():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 2000
        else:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "2s"
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "3s"


@pytest.mark.django_db
def test_healthz_gives_up_on_a_database_that_never_answers(client, monkeypatch):
    import time

    from config import views

    monkeypatch.setattr(views, "HEALTH_DEADLINE_SECONDS", 0.05)

    def hang(*args, **kwargs):
        time.sleep(30)  # a connect or query that would never come back

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", hang):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.fixture
def sqlite_file(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's file only")
    return connection.settings_dict


@pytest.mark.django_db
@pytest.mark.parametrize("content", [None, b"", b"not a database at all, just text"])
def test_healthz_notices_an_sqlite_file_that_is_gone_or_unreadable(
    client, sqlite_file, monkeypatch, tmp_path, content
):
    path = tmp_path / "db.sqlite3"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setitem(sqlite_file, "NAME", str(path))
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_a_locked_database_answers_503_with_retry_after(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("database is locked"),
    ):
        response = client.post("/accounts/profile/", {"time_zone": "UTC", "week_start": 0})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


# Round two, item 8: /healthz never asks who is signed in -------------------------------


@pytest.mark.django_db
def test_healthz_with_a_session_cookie_never_reads_the_session(
    alice_client, django_assert_num_queries
):
    from django.db import connection

    with django_assert_num_queries(3 if connection.vendor == "sqlite" else 1):
        response = alice_client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"


@pytest.mark.django_db
def test_healthz_answers_fast_as_text_when_the_session_store_hangs(alice_client):
    """An outage that makes the session lookup fail after its wait: the health check
    doesn't wait for it and answers as text, not the HTML outage page."""
    import time

    def hang(*args, **kwargs):
        time.sleep(2)
        raise OperationalError("lock timeout")

    engine = "django.contrib.sessions.backends.db.SessionStore._get_session_from_db"
    with mock.patch(engine, side_effect=hang):
        started = time.perf_counter()
        response = alice_client.get("/healthz")
        elapsed = time.perf_counter() - started
    assert elapsed < 1
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok\n"
