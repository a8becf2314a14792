import io
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from config.mail import ConsoleEmailBackend
from tests.factories import (
    PASSWORD,
    EnrolmentFactory,
    ExerciseLogFactory,
    SessionLogFactory,
)

pytestmark = pytest.mark.django_db


def test_signup_creates_an_account_signs_in_and_keeps_the_browser_time_zone(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New.Person@Example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Asia/Tokyo",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.time_zone == "Asia/Tokyo"
    assert client.get("/accounts/profile/").status_code == 200


def test_signup_falls_back_to_utc_for_an_unknown_time_zone(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "a@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Mars/Base",
        },
    )
    assert User.objects.get().time_zone == "UTC"


def test_signup_rejects_a_weak_password_and_writes_nothing(client):
    response = client.post(
        "/accounts/signup/", {"email": "a@example.com", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert b"too short" in response.content
    assert not User.objects.exists()


def test_signup_rejects_an_email_already_in_use_whatever_its_case(client, alice):
    response = client.post(
        "/accounts/signup/",
        {"email": "ALICE@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert b"already exists" in response.content
    assert User.objects.count() == 1


def test_login_with_email_and_password_then_logout_by_post(client, alice):
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, alice):
    response = client.post("/accounts/login/", {"username": alice.email, "password": "nope"})
    assert response.status_code == 200
    assert b"correct email address and password" in response.content


def test_five_failed_logins_for_one_email_and_address_answer_429_for_fifteen_minutes(client, alice):
    for _ in range(5):
        client.post("/accounts/login/", {"username": alice.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert b"Too many sign-in attempts" in response.content
    other = Client(REMOTE_ADDR="10.0.0.9")
    ok = other.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})
    assert ok.status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(client, alice):
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    link = re.search(r"http://testserver(\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert b"Choose a new password" in response.content
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "Another-long-Pass-99", "new_password2": "Another-long-Pass-99"}
    )
    alice.refresh_from_db()
    assert alice.check_password("Another-long-Pass-99")


def test_password_reset_for_an_unknown_email_sends_nothing_and_looks_the_same(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_requires_the_old_password(alice_client, alice):
    response = alice_client.post(
        "/accounts/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "Xx-new-pass-123",
            "new_password2": "Xx-new-pass-123",
        },
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_profile_saves_time_zone_and_week_start(alice_client, alice, django_assert_num_queries):
    # session, user, the routines with their reminders, the calendar address, clinicians
    with django_assert_num_queries(5):
        assert alice_client.get("/accounts/profile/").status_code == 200
    response = alice_client.post(
        "/accounts/profile/",
        {"display_name": "Alice", "time_zone": "America/Los_Angeles", "week_start": 6},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.time_zone, alice.week_start, alice.display_name) == (
        "America/Los_Angeles",
        6,
        "Alice",
    )


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "x" * 500, "Europe/London; DROP"])
def test_profile_rejects_an_invalid_time_zone(alice_client, alice, zone):
    response = alice_client.post("/accounts/profile/", {"time_zone": zone, "week_start": 0})
    assert response.status_code == 200
    assert (
        b"Select a valid choice" in response.content
        or b"This field is required" in response.content
    )
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/London"


def test_profile_rejects_an_unknown_week_start(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"time_zone": "UTC", "week_start": 3})
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.week_start == 0


def test_delete_account_with_the_wrong_password_keeps_everything(alice_client, alice):
    SessionLogFactory(user=alice)
    response = alice_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert b"isn&#x27;t right" in response.content
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_account_removes_the_user_and_every_log_but_not_other_people(
    alice_client, alice, bob
):
    ExerciseLogFactory(session=SessionLogFactory(user=alice))
    EnrolmentFactory(user=alice)
    bobs = ExerciseLogFactory(session=SessionLogFactory(user=bob))
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert b"all 1 logged sessions were deleted" in response.content
    assert not User.objects.filter(pk=alice.pk).exists()
    from progress.models import ExerciseLog, SessionLog
    from routines.models import Enrolment

    assert list(SessionLog.objects.values_list("user", flat=True)) == [bob.pk]
    assert list(ExerciseLog.objects.all()) == [bobs]
    assert not Enrolment.objects.filter(user_id=alice.pk).exists()


def test_account_pages_need_a_login(client):
    for url in ["/accounts/profile/", "/accounts/delete/", "/accounts/password_change/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/accounts/signup/",
            {"email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD},
        ),
        ("/accounts/login/", {"username": "alice@example.com", "password": PASSWORD}),
        ("/accounts/profile/", {"time_zone": "UTC", "week_start": 0}),
        ("/accounts/delete/", {"password": PASSWORD}),
        ("/accounts/logout/", {}),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_every_account_post_is_refused_without_a_csrf_token(alice, url, data, htmx):
    client = Client(enforce_csrf_checks=True)
    if url not in ("/accounts/signup/", "/accounts/login/"):
        client.force_login(alice)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, data, headers=headers)
    assert response.status_code == 403
    assert b"That form had expired" in response.content
    assert User.objects.filter(pk=alice.pk).exists()
    assert not User.objects.filter(email="x@example.com").exists()


def test_an_htmx_post_with_the_csrf_header_is_accepted(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get("/accounts/profile/")
    token = re.search(rb'"X-CSRFToken": "([^"]+)"', page.content).group(1).decode()
    response = client.post(
        "/accounts/profile/",
        {"time_zone": "UTC", "week_start": 0},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 302


def test_profile_sets_the_guided_sessions_get_ready_time(alice_client, alice):
    data = {"time_zone": "UTC", "week_start": 0, "get_ready_seconds": "12"}
    assert alice_client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert alice.get_ready_seconds == 12
    # Left empty, it stays as it was.
    response = alice_client.post("/accounts/profile/", {**data, "get_ready_seconds": ""})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.get_ready_seconds == 12


@pytest.mark.parametrize(
    ("value", "message"), [("2", "At least 3"), ("31", "At most 30"), ("x", "whole number")]
)
def test_profile_refuses_a_get_ready_time_out_of_range(alice_client, alice, value, message):
    data = {"time_zone": "UTC", "week_start": 0, "get_ready_seconds": value}
    response = alice_client.post("/accounts/profile/", data)
    assert response.status_code == 200 and message in response.content.decode()
    alice.refresh_from_db()
    assert alice.get_ready_seconds == 5


def test_the_reset_email_keeps_its_link_on_one_unbroken_line(client, alice, settings):
    host = "a-rather-long-host-name-for-limber.example"  # a link well over 78 characters
    settings.ALLOWED_HOSTS = [host]
    client.post("/accounts/password_reset/", {"email": alice.email}, HTTP_HOST=host)
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    assert len(link) > 78
    stream = io.StringIO()
    ConsoleEmailBackend(stream=stream).send_messages(mail.outbox)
    printed = stream.getvalue()
    assert "Content-Transfer-Encoding: 7bit" in printed
    assert link in printed.splitlines()  # whole, on a line of its own, no "=" soft breaks


def test_a_broken_reset_link_says_it_may_be_broken_and_offers_a_new_one(client):
    response = client.get("/accounts/reset/MQ/set-password/")
    html = response.content.decode()
    assert "may be broken" in html
    assert 'href="/accounts/password_reset/"' in html


def _sign_up(client, zone="Asia/Tokyo", **extra):
    data = {"email": "n@example.com", "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", {**data, "time_zone": zone, **extra})


def test_signing_up_from_a_routine_comes_back_to_that_routine(client):
    page = client.get("/routines/nightly-release/").content.decode()
    assert 'href="/accounts/signup/?next=/routines/nightly-release/"' in page
    signup = client.get("/accounts/signup/?next=/routines/nightly-release/").content.decode()
    assert 'name="next" value="/routines/nightly-release/"' in signup
    response = _sign_up(client, next="/routines/nightly-release/")
    assert response.url == "/routines/nightly-release/"


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_sign_up_never_sends_anyone_off_the_site(client, target):
    assert _sign_up(client, next=target).url == "/start/"


def test_without_a_detected_time_zone_sign_up_asks_for_one_then_carries_on(
    client, django_assert_num_queries
):
    response = _sign_up(client, zone="", next="/routines/nightly-release/")
    assert response.url == "/accounts/time-zone/?next=%2Froutines%2Fnightly-release%2F"
    with django_assert_num_queries(2):  # session, user
        page = client.get(response.url)
    html = page.content.decode()
    assert "Which time zone are you in?" in html
    assert '<option value="UTC" selected>UTC</option>' in html
    saved = client.post(
        "/accounts/time-zone/", {"time_zone": "Europe/Lisbon", "next": "/routines/nightly-release/"}
    )
    assert saved.url == "/routines/nightly-release/"
    assert User.objects.get().time_zone == "Europe/Lisbon"


def test_the_time_zone_question_refuses_an_unknown_zone(alice_client, alice):
    response = alice_client.post("/accounts/time-zone/", {"time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert 'id="id_time_zone_error"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/London"


def test_a_detected_time_zone_is_not_asked_again(client):
    assert _sign_up(client).url == "/start/"


def test_signing_up_with_no_particular_destination_goes_to_the_one_minute_start(client):
    assert client.get("/accounts/signup/").content.decode().count('value="/start/"') == 1
    assert _sign_up(client).url == "/start/"


def test_sign_up_with_one_field_wrong_keeps_what_was_typed_but_not_the_password(client):
    typed = "Sam.Jones@Example.com"
    response = client.post(
        "/accounts/signup/",
        {
            "email": typed,
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
            "time_zone": "Asia/Tokyo",
            "next": "/routines/nightly-release/",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "didn’t match" in html or "didn't match" in html
    assert f'value="{typed}"' in html
    assert 'value="Asia/Tokyo"' in html
    assert 'value="/routines/nightly-release/"' in html
    assert PASSWORD not in html


def test_password_forms_keep_the_email_typed_but_never_a_password(client, alice):
    reset = client.post("/accounts/password_reset/", {"email": "alice@example"}).content.decode()
    assert 'value="alice@example"' in reset
    client.force_login(alice)
    change = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong-one", "new_password1": PASSWORD, "new_password2": PASSWORD},
    ).content.decode()
    assert "wrong-one" not in change and PASSWORD not in change
    assert 'id="id_old_password_error"' in change or "incorrectly" in change


# Time zones: the grouped picker and the device's-zone offer ---------------------------------


def test_the_time_zone_picker_groups_places_by_region(alice_client):
    html = alice_client.get("/accounts/profile/").content.decode()
    europe = html[html.index('<optgroup label="Europe">') :]
    europe = europe[: europe.index("</optgroup>")]
    assert '<option value="Europe/London" selected>London</option>' in europe
    assert '<option value="Europe/Paris">Paris</option>' in europe
    assert "America/" not in europe
    buenos_aires = '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires'
    assert buenos_aires in html
    assert html.index('<option value="UTC">UTC</option>') < html.index("<optgroup")
    assert "js/timezone.js" in html


def test_the_time_zone_question_groups_places_by_region_too(alice_client):
    html = alice_client.get("/accounts/time-zone/").content.decode()
    assert '<optgroup label="Asia">' in html and '<option value="Asia/Tokyo">Tokyo</option>' in html


def test_signed_in_pages_carry_the_zone_offer_hidden_until_the_device_differs(alice_client):
    html = alice_client.get("/history/?span=all").content.decode()
    offer = html[html.index('<form class="zone-prompt"') :]
    offer = offer[: offer.index("</form>")]
    assert 'data-zone="Europe/London"' in offer and " hidden>" in offer
    assert 'action="/accounts/time-zone/"' in offer
    assert '<input type="hidden" name="next" value="/history/?span=all">' in offer
    assert "Keep Europe/London" in offer
    assert "js/zone-prompt.js" in html


@pytest.mark.parametrize("url", ["/accounts/profile/", "/accounts/time-zone/"])
def test_the_zone_pages_themselves_carry_no_offer(alice_client, url):
    assert '<form class="zone-prompt"' not in alice_client.get(url).content.decode()


def test_signed_out_pages_carry_no_zone_offer(client):
    assert "zone-prompt" not in client.get("/routines/").content.decode()


def test_the_offers_one_tap_change_saves_the_zone_and_returns_to_the_page(alice_client, alice):
    response = alice_client.post(
        "/accounts/time-zone/", {"time_zone": "Asia/Tokyo", "next": "/history/?span=all"}
    )
    assert response.url == "/history/?span=all"
    alice.refresh_from_db()
    assert alice.time_zone == "Asia/Tokyo"
