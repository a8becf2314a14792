"""Every URL that carries a secret in its path is redacted from every log: Django's console
log (django.request's "Not Found", runserver's request lines) and gunicorn's access log."""

import datetime as dt
import io
import logging
import runpy
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import tokens
from config.redact import redact
from progress.clinic_digest import off_token
from reminders.calendar import new_token
from reminders.links import snooze_token, unsubscribe_token

pytestmark = pytest.mark.django_db


def _share(user) -> tuple[str, str]:
    token = tokens.new_token()
    return f"/share/{token}/", token


def _calendar(user) -> tuple[str, str]:
    token = new_token(user)
    return f"/calendar/{token}.ics", token


def _unsubscribe(user) -> tuple[str, str]:
    token = unsubscribe_token(123)
    return f"/reminders/unsubscribe/{token}/", token


def _snooze(user) -> tuple[str, str]:
    token = snooze_token(123)
    return f"/reminders/push/snooze/{token}/", token


def _password_reset(user) -> tuple[str, str]:
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/reset/{uid}/{token}/", token


def _invite(user) -> tuple[str, str]:
    token = tokens.new_token()
    return f"/join/{token}/", token


def _invite_next(user) -> tuple[str, str]:
    """Signing up or in from an invite: its path rides along, percent-encoded, in `next`."""
    token = tokens.new_token()
    return f"/accounts/signup/?next=%2Fjoin%2F{token}%2F", token


def _digest_off(user) -> tuple[str, str]:
    """The clinician's daily email: one-click unsubscribe, a signed token."""
    token = off_token(123)
    return f"/clinic/digest-off/{token}/", token


SECRET_URLS = [
    _share,
    _calendar,
    _unsubscribe,
    _snooze,
    _password_reset,
    _invite,
    _invite_next,
    _digest_off,
]


def _configured_handlers(name: str) -> list[logging.Handler]:
    logger = logging.getLogger(name)
    handlers = logger.handlers if not logger.propagate else logging.getLogger().handlers
    return [h for h in handlers if type(h) is logging.StreamHandler]  # not pytest's


@pytest.mark.parametrize("make", SECRET_URLS, ids=lambda make: make.__name__[1:])
@pytest.mark.parametrize("name", ["django.server", "django.request"])
def test_the_configured_log_handlers_redact_every_secret_path(alice, make, name):
    """As configured (settings.LOGGING), not with a filter added by the test."""
    path, token = make(alice)
    handlers = _configured_handlers(name)
    assert handlers
    stream = io.StringIO()
    saved = [handler.setStream(stream) for handler in handlers]
    try:
        logging.getLogger(name).warning('"%s" %s %s', f"GET {path}?x=1 HTTP/1.1", 404, 9)
        logging.getLogger(name).warning(f"Not Found: {path}")
    finally:
        for handler, old in zip(handlers, saved, strict=True):
            handler.setStream(old)
    assert token not in stream.getvalue()
    assert "…" in stream.getvalue()


@pytest.mark.parametrize(
    "make",
    [_share, _calendar, _unsubscribe, _invite, _digest_off],
    ids=lambda make: make.__name__[1:],
)
def test_a_not_found_secret_url_is_logged_without_its_token(alice, client, make):
    """The real request: a wrong token is a 404, which django.request logs with the path
    (a wrong password-reset token is a page saying so, not logged)."""
    path, token = make(alice)
    wrong = path.replace(token, token[:-4] + "zzzz")
    handlers = _configured_handlers("django.request")
    stream = io.StringIO()
    saved = [handler.setStream(stream) for handler in handlers]
    try:
        assert client.get(wrong).status_code == 404
    finally:
        for handler, old in zip(handlers, saved, strict=True):
            handler.setStream(old)
    assert "Not Found" in stream.getvalue()
    assert token[:-4] not in stream.getvalue()


@pytest.mark.parametrize("make", SECRET_URLS, ids=lambda make: make.__name__[1:])
def test_gunicorns_access_log_redacts_every_secret_path(alice, make):
    path, token = make(alice)
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    logger_class = config["logger_class"]()
    environ = {
        "REQUEST_METHOD": "HEAD",
        "RAW_URI": f"{path}?x=1",
        "PATH_INFO": path,
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://limber.example{path}",
    }
    logger = object.__new__(logger_class)  # atoms() needs no configuration
    response = types.SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    request = types.SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0))
    assert token not in " ".join(str(value) for value in atoms.values())
    assert "…" in atoms["U"] and "…" in atoms["{raw_uri}e"]


def test_paths_without_a_secret_are_left_alone():
    for path in ["/accounts/reset/MQ/set-password/", "/history/report/", "/sharealike/x/"]:
        assert redact(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"
    assert redact("/share/abc/ and /calendar/def.ics") == "/share/…/ and /calendar/…"
    encoded = "/accounts/login/?next=%2fjoin%2fabc%2F"
    assert redact(encoded) == "/accounts/login/?next=%2fjoin%2f…%2F"
    assert redact("/accounts/login/?next=/join/abc/") == "/accounts/login/?next=/join/…/"
