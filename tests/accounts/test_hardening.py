"""Emails in any case, what deleting an account removes, and private pages' caching."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.models import Session, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


# Defect 5: emails match whatever their case ---------------------------------------------


@pytest.mark.parametrize("typed", ["Alice@example.com", "ALICE@EXAMPLE.COM", " alice@example.com"])
def test_sign_in_accepts_the_email_in_any_case(client, alice, typed):
    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_password_reset_finds_the_account_whatever_the_case(client, alice):
    client.post("/accounts/password_reset/", {"email": "ALICE@Example.com"})
    assert [message.to for message in mail.outbox] == [[alice.email]]


def test_two_accounts_cannot_differ_only_in_case_even_written_directly(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="Alice@Example.com")])
    assert User.objects.count() == 1


def test_emails_are_stored_lower_case_however_they_are_saved(alice):
    alice.email = "Alice.New@Example.com"
    alice.save()
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    assert User.objects.get_by_natural_key("ALICE.NEW@example.com") == alice


# Defect 4 (sign-in part): a username longer than django-axes' column ----------------------


@pytest.mark.parametrize("length", [255, 256, 300, 5000])
def test_a_very_long_sign_in_email_gets_a_message_not_a_500(client, alice, length):
    username = "a" * (length - len("@example.com")) + "@example.com"
    response = client.post("/accounts/login/", {"username": username, "password": "x"})
    assert response.status_code == 200
    assert b"at most 254 characters" in response.content


# Defect 7: deleting an account leaves nothing of sign-in behind -------------------------


def test_delete_account_removes_axes_records_and_the_other_sessions(alice, bob):
    mine, elsewhere, bobs = Client(), Client(), Client()
    for client, person in [(mine, alice), (elsewhere, alice), (bobs, bob)]:
        client.post("/accounts/login/", {"username": person.email, "password": PASSWORD})
    Client(REMOTE_ADDR="203.0.113.5").post(
        "/accounts/login/", {"username": "ALICE@example.com", "password": "wrong"}
    )
    Client().post("/accounts/login/", {"username": bob.email, "password": "wrong"})
    assert AccessLog.objects.filter(username=alice.email).count() == 2
    assert AccessAttempt.objects.filter(username=alice.email).exists()
    assert Session.objects.count() == 3

    response = mine.post("/accounts/delete/", {"password": PASSWORD}, follow=True)

    assert b"the record of your sign-ins and every place you were signed in" in response.content
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert not model.objects.filter(username__iexact=alice.email).exists()
    assert AccessLog.objects.filter(username=bob.email).exists()
    assert AccessAttempt.objects.filter(username=bob.email).exists()
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert remaining == [str(bob.pk)]
    assert elsewhere.get("/accounts/profile/").status_code == 302
    assert bobs.get("/accounts/profile/").status_code == 200


def test_a_session_row_names_its_person_in_an_indexed_column(alice, bob):
    client = Client()
    client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert list(Session.objects.values_list("user_id", flat=True)) == [alice.pk]
    client.post("/accounts/logout/")
    assert not Session.objects.filter(user_id=alice.pk).exists()
    assert Session._meta.get_field("user_id").db_index


def test_deleting_an_account_never_reads_everyones_sessions(alice, bob):
    """The person's sessions are found by their column, not by decoding every row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine, elsewhere = Client(), Client()
    for client in (mine, elsewhere, Client(), Client()):
        person = bob if client not in (mine, elsewhere) else alice
        client.post("/accounts/login/", {"username": person.email, "password": PASSWORD})
    with CaptureQueriesContext(connection) as queries:
        response = mine.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    table = re.compile(r'"(accounts|django)_session"')
    sessions = [q["sql"] for q in queries.captured_queries if table.search(q["sql"])]
    assert sessions
    # Each reads or deletes by the person's column, or by one key (this browser's own).
    by_key = re.compile(r'"session_key" (=|IN) ')
    for sql in sessions:
        assert '"user_id" = ' in sql or by_key.search(re.sub(r"NOT \([^)]*\)", "", sql)), sql
    assert list(Session.objects.values_list("user_id", flat=True)) == [bob.pk, bob.pk]
    assert elsewhere.get("/accounts/profile/").status_code == 302


def test_the_delete_page_says_what_goes(alice_client, django_assert_num_queries):
    with django_assert_num_queries(2):  # session, user
        response = alice_client.get("/accounts/delete/")
    assert b"record of your sign-ins" in response.content


def test_the_password_change_page_runs_a_fixed_number_of_queries(
    alice_client, django_assert_num_queries
):
    with django_assert_num_queries(2):  # session, user
        assert alice_client.get("/accounts/password_change/").status_code == 200


# Defect 9: per-person pages are never cached --------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/today/",
        "/history/",
        "/sessions/new/",
        "/accounts/profile/",
        "/accounts/delete/",
        "/accounts/password_change/",
        "/accounts/export/",
        "/routines/",
    ],
)
def test_signed_in_pages_say_private_no_store(alice_client, url):
    response = alice_client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_session_page_says_private_no_store(alice_client, alice):
    from tests.factories import SessionLogFactory

    session = SessionLogFactory(user=alice)
    for url in [f"/sessions/{session.pk}/", f"/sessions/{session.pk}/edit/"]:
        assert "no-store" in alice_client.get(url)["Cache-Control"]


def test_public_pages_for_anonymous_visitors_keep_their_caching(client, db):
    assert "Cache-Control" not in client.get("/exercises/")


def test_factory_users_have_lower_case_emails():
    assert UserFactory(email="Bee@Example.com").email == "bee@example.com"
