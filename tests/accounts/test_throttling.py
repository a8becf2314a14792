"""Sign-in and the other password and email forms are throttled, per client address and
per account, and the client address is read from X-Forwarded-For only behind proxies."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts import throttle
from accounts.models import User
from config.http import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _fail(client: Client, email: str, **headers) -> int:
    return client.post(
        "/accounts/login/", {"username": email, "password": "wrong"}, headers=headers
    ).status_code


# Defect 1: the client address behind a proxy ------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, "203.0.113.7", PROXY),  # nothing in front: the header is anyone's to send
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left entry is the client's own
        (2, "198.51.100.1, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        (1, None, PROXY),  # not through the proxy: its own address
        (2, "203.0.113.7", PROXY),  # fewer hops than configured: not trusted
    ],
)
def test_client_address_comes_from_x_forwarded_for_only_as_configured(
    rf, settings, count, forwarded, expected
):
    settings.PROXY_COUNT = count
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, **extra)) == expected


def test_behind_one_proxy_a_stranger_failing_does_not_lock_the_owner_out(settings, alice):
    settings.PROXY_COUNT = 1
    stranger, owner = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    for _ in range(5):
        _fail(stranger, alice.email, x_forwarded_for="203.0.113.66")
    assert _fail(stranger, alice.email, x_forwarded_for="203.0.113.66") == 429
    response = owner.post(
        "/accounts/login/",
        {"username": alice.email, "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.5"},
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_x_forwarded_for_does_not_escape_the_lockout(settings, alice):
    settings.PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(5):
        _fail(client, alice.email, x_forwarded_for=f"198.51.100.{n}")
    assert _fail(client, alice.email, x_forwarded_for="198.51.100.99") == 429


def test_the_lockout_counts_an_email_in_any_case_as_one(client, alice):
    for email in ["alice@example.com", "ALICE@example.com", "Alice@Example.com"] * 2:
        _fail(client, email)
    assert _fail(client, "aLiCe@example.com") == 429


# Defect 2: password spraying ------------------------------------------------------------


def test_thirty_failed_sign_ins_from_one_address_across_usernames_answer_429(alice):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(throttle.SIGN_IN_FAILURES_PER_ADDRESS.count):
        assert _fail(client, f"person{n}@example.com") == 200
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert b"Too many sign-in attempts" in response.content
    elsewhere = Client(REMOTE_ADDR="203.0.113.10")
    ok = elsewhere.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert ok.status_code == 302


def test_a_successful_sign_in_does_not_reset_the_address_count(alice):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(throttle.SIGN_IN_FAILURES_PER_ADDRESS.count - 1):
        _fail(client, f"person{n}@example.com")
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    client.post("/accounts/logout/")
    _fail(client, "someone@example.com")
    assert _fail(client, "another@example.com") == 429


# Defect 3: password reset and sign-up ---------------------------------------------------


def _reset(client: Client, email: str):
    return client.post("/accounts/password_reset/", {"email": email}, follow=True)


def test_reset_answers_a_known_and_an_unknown_address_with_the_same_page(client, alice):
    known = _reset(client, alice.email)
    unknown = _reset(client, "nobody@example.com")
    done = [("/accounts/password_reset/done/", 302)]
    assert known.redirect_chain == unknown.redirect_chain == done
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known.content) == _without_tokens(unknown.content)


def _without_tokens(html: bytes) -> bytes:
    """The page without what differs on every response anyway (nonces, CSRF tokens)."""
    return re.sub(rb'(nonce="|value="|"X-CSRFToken": ")[A-Za-z0-9_+/=-]{16,}', b"", html)


def test_reset_sends_at_most_three_emails_an_hour_to_one_address_and_looks_the_same(alice):
    for n in range(5):
        client = Client(REMOTE_ADDR=f"203.0.113.{n}")
        response = client.post("/accounts/password_reset/", {"email": alice.email.upper()})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == throttle.RESETS_PER_EMAIL.count


def test_reset_asks_from_one_address_are_limited_with_429(alice):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(throttle.RESETS_PER_ADDRESS.count):
        response = client.post("/accounts/password_reset/", {"email": f"p{n}@example.com"})
        assert response.status_code == 302
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 429
    assert b"Too many password resets" in response.content
    assert mail.outbox == []


def test_sign_ups_from_one_address_are_limited_with_429():
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(throttle.SIGNUPS_PER_ADDRESS.count):
        client.post("/accounts/signup/", {"email": f"p{n}@example.com", "password1": "x"})
    response = client.post(
        "/accounts/signup/",
        {"email": "late@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 429
    assert b"Too many sign-ups" in response.content
    assert not User.objects.exists()


# Defect 6: forms that check the current password ----------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [("/accounts/password_change/", "old_password"), ("/accounts/delete/", "password")],
)
def test_five_wrong_current_passwords_lock_the_form_for_fifteen_minutes(
    alice_client, alice, url, field
):
    data = {field: "wrong", "new_password1": "Xx-new-pass-123", "new_password2": "Xx-new-pass-123"}
    for _ in range(5):
        assert alice_client.post(url, data).status_code == 200
    right = {**data, field: PASSWORD}
    response = alice_client.post(url, right)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert b"Too many wrong passwords" in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_password_lock_is_per_account(alice_client, bob):
    for _ in range(5):
        alice_client.post("/accounts/delete/", {"password": "wrong"})
    other = Client()
    other.force_login(bob)
    assert other.post("/accounts/delete/", {"password": "wrong"}).status_code == 200


def test_throttle_windows_count_and_clear():
    limit = throttle.Limit("test", 2, 60, "", "")
    assert not throttle.exceeded(limit, "x")
    assert [throttle.hit(limit, "X "), throttle.hit(limit, "x")] == [1, 2]
    assert throttle.exceeded(limit, "x")
    assert not throttle.exceeded(limit, "y")
    throttle.clear(limit, "x")
    assert throttle.hits(limit, "x") == 0


def test_users_factory_is_unaffected_by_throttles():
    assert UserFactory(email="Mixed@Example.COM").email == "mixed@example.com"
