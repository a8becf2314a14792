import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_send_a_csp_with_a_fresh_nonce_that_every_script_carries(client):
    first = client.get("/exercises/")  # a page that loads htmx
    second = client.get("/exercises/")
    policy = first["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert nonce not in second["Content-Security-Policy"]
    scripts = re.findall(rb"<script[^>]*>", first.content)
    assert scripts, "the page should load htmx"
    for tag in scripts:
        assert f'nonce="{nonce}"'.encode() in tag or b" src=" in tag


def test_no_inline_style_attributes_or_event_handlers_on_the_base_pages(client):
    for url in ["/", "/accounts/login/", "/accounts/signup/"]:
        html = client.get(url).content
        assert b" style=" not in html
        assert not re.search(rb"\son[a-z]+=", html)


def test_security_headers_are_present(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/no-such-page/", 404, b"Page not found"),
        ("/exercises/no-such-exercise/", 404, b"Page not found"),
    ],
)
def test_error_pages_use_the_site_layout(client, url, status, text):
    response = client.get(url)
    assert response.status_code == status
    assert text in response.content
    assert b"not medical advice" in response.content


def test_a_crash_shows_the_friendly_500_page(alice, monkeypatch):
    client = Client(raise_request_exception=False)

    def boom(request):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("config.views.render", lambda *a, **k: boom(None))
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_the_400_and_403_handlers_render_friendly_pages(rf):
    from config.views import bad_request, permission_denied

    assert b"didn&#x27;t make sense" in bad_request(rf.get("/")).content
    response = permission_denied(rf.get("/"))
    assert response.status_code == 403
    assert b"can&#x27;t do that here" in response.content


def test_logout_is_post_only(alice_client):
    assert alice_client.get("/accounts/logout/").status_code == 405


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/", 0), ("/accounts/login/", 0), ("/accounts/signup/", 0), ("/accounts/password_reset/", 0)],
)
def test_public_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_home_page_sends_a_signed_in_person_to_today(alice_client, django_assert_num_queries):
    with django_assert_num_queries(2):  # session, user
        response = alice_client.get("/")
    assert response.status_code == 302
    assert response.url == "/today/"


def test_favicon_ico_answers_with_an_icon(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_CONN_MAX_AGE", "ten"),
        ("DATABASE_URL", "mysql://x/y"),
        ("DJANGO_PROXY_COUNT", "-1"),
        ("DATABASE_LOCK_TIMEOUT", "soon"),
        ("DATABASE_HEALTH_CHECKS", "sometimes"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(monkeypatch, name, value):
    import importlib

    import config.settings

    monkeypatch.setenv(name, value)
    if name == "DATABASE_CONN_MAX_AGE":
        monkeypatch.setenv("DATABASE_URL", "postgres://u@localhost/db")
    with pytest.raises(
        ImproperlyConfigured, match=name.split("_CONN")[0] if "CONN" in name else name
    ):
        importlib.reload(config.settings)
    monkeypatch.undo()
    importlib.reload(config.settings)


@pytest.mark.parametrize(("value", "checks"), [(None, False), ("true", True), ("false", False)])
def test_connection_health_checks_are_off_unless_asked_for(monkeypatch, value, checks):
    """Off by default: on PostgreSQL each check is a round trip before every request."""
    import importlib

    import config.settings

    if value is None:
        monkeypatch.delenv("DATABASE_HEALTH_CHECKS", raising=False)
    else:
        monkeypatch.setenv("DATABASE_HEALTH_CHECKS", value)
    importlib.reload(config.settings)
    assert config.settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is checks
    monkeypatch.undo()
    importlib.reload(config.settings)


def test_production_settings_need_a_secret_key(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.setenv("DJANGO_DEBUG", "false")
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        importlib.reload(config.settings)
    monkeypatch.undo()
    importlib.reload(config.settings)


@pytest.mark.slow  # a second Django process
def test_check_deploy_is_clean_with_production_variables(tmp_path):
    import os
    import subprocess
    import sys

    # The browser tests' async-unsafe switch belongs to this test process, not to a deployment.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
        "DJANGO_ALLOWED_HOSTS": "limber.example",
        "DJANGO_SECURE": "true",
        "EMAIL_HOST": "smtp.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
