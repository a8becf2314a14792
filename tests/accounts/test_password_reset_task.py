"""The password-reset email is a background task: the request never talks to a mail server."""

import smtplib
from unittest import mock

import pytest
from django.tasks import default_task_backend

from tests.helpers import use_task_backend


@pytest.fixture
def smtp(settings):
    """A real SMTP mailer whose connections are recorded instead of opened."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "smtp.invalid", "port": 587, "timeout": 10},
        }
    }
    with (
        mock.patch.object(smtplib, "SMTP", autospec=True) as plain,
        mock.patch.object(smtplib, "SMTP_SSL", autospec=True) as ssl,
    ):
        yield plain, ssl


@pytest.fixture
def queued(settings):
    use_task_backend(settings, "django.tasks.backends.dummy.DummyBackend")
    return default_task_backend.results


def test_password_reset_queues_a_task_and_opens_no_smtp_connection_in_the_request(
    client, alice, smtp, queued
):
    plain, ssl = smtp
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 302
    assert not plain.called and not ssl.called
    [result] = queued
    assert result.task.name == "send_password_reset"
    assert result.args[:3] == [alice.email, "testserver", False]

    result.task.call(*result.args)  # what the worker does
    assert plain.called, "the worker, not the request, talks to the mail server"
    plain.return_value.sendmail.assert_called_once()


@pytest.mark.parametrize("email", ["alice@example.com", "nobody@example.com"])
def test_password_reset_does_the_same_work_for_known_and_unknown_addresses(
    client, alice, queued, email, django_assert_num_queries
):
    # The same queries and one queued task either way: the answer's timing can't tell
    # which addresses have accounts. (The lookup happens in the worker.)
    with django_assert_num_queries(0):
        response = client.post("/accounts/password_reset/", {"email": email})
    assert response.status_code == 302
    assert [r.args[0] for r in queued] == [email]


def test_the_reset_task_for_an_unknown_address_sends_nothing(queued, db, mailoutbox):
    from accounts.tasks import send_password_reset

    send_password_reset.call("nobody@example.com", "testserver", True, {})
    assert mailoutbox == []
