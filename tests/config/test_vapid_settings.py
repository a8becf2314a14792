"""The Web Push keys: both or neither, with a subject; push is on only when all are set."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import config.settings

PRIVATE = "xxM3ySg0Tu1obyZmhCPWzYifYG7tSrT4GLyybMUWAWc"
PUBLIC = "BEFt_ZJZgTaAaDioTNouFm0kpLuC5HHjWR0LQ2OiIjbbTtgiaT3SGMZaMbO-_276C31_2RNsWDRDzvD9v8TxJdI"
NAMES = ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT")


@pytest.fixture
def environment(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch
    monkeypatch.undo()
    importlib.reload(config.settings)


def _load(environment, **values):
    for name, value in values.items():
        environment.setenv(name, value)
    importlib.reload(config.settings)
    return config.settings


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"VAPID_PRIVATE_KEY": PRIVATE, "VAPID_SUBJECT": "mailto:a@b.example"}, "together"),
        ({"VAPID_PUBLIC_KEY": PUBLIC, "VAPID_SUBJECT": "mailto:a@b.example"}, "together"),
        ({"VAPID_PRIVATE_KEY": PRIVATE, "VAPID_PUBLIC_KEY": PUBLIC}, "VAPID_SUBJECT must be set"),
        (
            {"VAPID_PRIVATE_KEY": PRIVATE, "VAPID_PUBLIC_KEY": PUBLIC, "VAPID_SUBJECT": "me"},
            "mailto: or https:",
        ),
        ({"VAPID_SUBJECT": "http://limber.example"}, "mailto: or https:"),
    ],
)
def test_a_half_set_push_configuration_stops_start_up(environment, values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _load(environment, **values)


def test_push_is_off_without_keys(environment):
    assert _load(environment).PUSH_ENABLED is False
    assert _load(environment, VAPID_SUBJECT="mailto:a@b.example").PUSH_ENABLED is False


@pytest.mark.parametrize("subject", ["mailto:reminders@limber.example", "https://limber.example"])
def test_push_is_on_with_both_keys_and_a_subject(environment, subject):
    settings = _load(
        environment, VAPID_PRIVATE_KEY=PRIVATE, VAPID_PUBLIC_KEY=PUBLIC, VAPID_SUBJECT=subject
    )
    assert settings.PUSH_ENABLED is True
    assert settings.VAPID_PUBLIC_KEY == PUBLIC
