"""Reminder settings, one-click unsubscribe and the calendar feed."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from reminders.calendar import current_token, new_token
from reminders.links import unsubscribe_token
from reminders.models import CalendarFeed, ReminderSchedule
from routines.models import Enrolment
from tests.factories import (
    PASSWORD,
    EnrolmentFactory,
    ExerciseFactory,
    PhaseFactory,
    RoutineItemFactory,
    UserFactory,
)


def _enrolment(user, low=7, high=7, name="Morning stretches", **fields) -> Enrolment:
    phase = PhaseFactory(routine__name=name, sessions_per_week_min=low, sessions_per_week_max=high)
    RoutineItemFactory(phase=phase, exercise=ExerciseFactory(name="Child's pose"))
    return EnrolmentFactory(user=user, phase=phase, **fields)


# Reminder settings ----------------------------------------------------------


def test_the_reminder_form_suggests_the_routines_frequency(alice_client, alice):
    enrolment = _enrolment(alice, low=2, high=3, name="Nightly myofascial release")
    response = alice_client.get(f"/reminders/{enrolment.pk}/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["days"].value() == [0, 2, 4]
    assert form["at"].value() == dt.time(21, 0)
    assert "Our suggestion: Monday, Wednesday and Friday at 21:00" in response.text


def test_setting_a_reminder_saves_days_and_time(alice_client, alice, django_assert_num_queries):
    enrolment = _enrolment(alice)
    data = {"enabled": "on", "days": ["0", "3"], "at": "06:45"}
    with django_assert_num_queries(4):  # session, user, the enrolment, the insert
        response = alice_client.post(f"/reminders/{enrolment.pk}/", data)
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(enrolment=enrolment)
    assert (schedule.enabled, schedule.days, schedule.at) == (True, {0, 3}, dt.time(6, 45))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"enabled": "on", "days": ["0"], "at": "25:99"}, "at", "Enter a time such as 07:30."),
        ({"enabled": "on", "days": ["0"], "at": ""}, "at", "Enter a time such as 07:30."),
        ({"enabled": "on", "at": "07:30"}, "days", "Choose at least one day."),
        ({"enabled": "on", "days": ["9"], "at": "07:30"}, "days", "Select a valid choice."),
    ],
)
def test_bad_reminder_input_gets_a_message_beside_the_field_and_saves_nothing(
    alice_client, alice, data, field, message
):
    enrolment = _enrolment(alice)
    response = alice_client.post(f"/reminders/{enrolment.pk}/", data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.text
    assert not ReminderSchedule.objects.exists()


def test_a_time_it_cannot_read_is_not_written_back_into_the_time_input(alice_client, alice):
    enrolment = _enrolment(alice)
    data = {"enabled": "on", "days": ["0"], "at": "25:99"}
    html = alice_client.post(f"/reminders/{enrolment.pk}/", data).content.decode()
    assert 'type="time" name="at" required' in html
    assert "25:99" not in html


def test_someone_elses_reminder_is_not_found(alice_client, bob):
    enrolment = _enrolment(bob)
    assert alice_client.get(f"/reminders/{enrolment.pk}/").status_code == 404
    assert alice_client.post(f"/reminders/{enrolment.pk}/", {"at": "07:00"}).status_code == 404


def test_the_profile_lists_reminders_and_today_links_to_them(
    alice_client, alice, django_assert_num_queries
):
    enrolment = _enrolment(alice)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True, at=dt.time(8, 15))
    # session, user, enrolments, calendar address, the person's clinicians
    with django_assert_num_queries(5):
        response = alice_client.get("/accounts/profile/")
    assert "Morning stretches</strong>:\n      Every day at 08:15" in response.text
    assert f'href="/reminders/{enrolment.pk}/"' in response.text
    today = alice_client.get("/today/")
    assert f'href="/reminders/{enrolment.pk}/?next=/today/"' in today.text


# Unsubscribe ----------------------------------------------------------------


def test_unsubscribe_works_without_signing_in_and_survives_a_double_click(
    client, alice, django_assert_num_queries
):
    enrolment = _enrolment(alice)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    url = f"/reminders/unsubscribe/{unsubscribe_token(enrolment.pk)}/"
    with django_assert_num_queries(1):
        page = client.get(url)
    assert page.status_code == 200
    assert "Stop reminders for Morning stretches?" in page.text
    assert ReminderSchedule.objects.get().enabled, "a GET (a link scanner) changes nothing"
    for _ in range(2):
        response = client.post(url)  # one-click (RFC 8058): no CSRF token, no session
        assert response.status_code == 200
        assert "Reminders stopped" in response.text
    assert not ReminderSchedule.objects.get().enabled


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        lambda pk: unsubscribe_token(pk)[:-2] + "xx",
        lambda pk: signing.dumps(pk, salt="another.purpose"),
        lambda pk: unsubscribe_token(pk + 1000),
    ],
)
def test_a_tampered_unsubscribe_token_is_not_found_and_changes_nothing(client, alice, token):
    enrolment = _enrolment(alice)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    token = token(enrolment.pk) if callable(token) else token
    assert client.get(f"/reminders/unsubscribe/{token}/").status_code == 404
    assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 404
    assert ReminderSchedule.objects.get().enabled


# Calendar feed --------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 3, 23, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_calendar_feed_lists_planned_sessions_with_alarms(
    client, alice, django_assert_num_queries
):
    morning = _enrolment(alice, started_on=dt.date(2026, 3, 1))
    ReminderSchedule.objects.create(
        enrolment=morning, enabled=True, weekdays=0b10101, at=dt.time(7, 30)
    )
    _enrolment(alice, low=2, high=3, name="Nightly release", started_on=dt.date(2026, 3, 1))
    _enrolment(alice, name="Paused one", status=Enrolment.Status.PAUSED)
    token = new_token(alice)
    assert len(token) == 64  # 256 bits, hex

    with django_assert_num_queries(5):  # user, enrolments+reminders, phases, items, kit
        response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = {str(e["SUMMARY"]).split(" (")[0] for e in events}
    assert summaries == {"Morning stretches", "Nightly release"}
    morning_starts = [e.start for e in events if str(e["SUMMARY"]).startswith("Morning")]
    # Mon/Wed/Fri for four weeks from Monday 23 March, at 07:30 London time across the
    # change to summer time on 29 March.
    assert len(morning_starts) == 12
    assert {s.strftime("%a %H:%M") for s in morning_starts} == {
        "Mon 07:30",
        "Wed 07:30",
        "Fri 07:30",
    }
    assert {str(s.tzinfo) for s in morning_starts} == {"Europe/London"}
    nightly = [e.start for e in events if str(e["SUMMARY"]).startswith("Nightly")]
    assert len(nightly) == 12 and {s.strftime("%H:%M") for s in nightly} == {"21:00"}
    for event in events:
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert "/session/" in str(event["URL"])
    assert calendar.walk("VTIMEZONE"), "the zone is described for calendar apps"


def test_an_unknown_or_replaced_calendar_token_is_not_found(client, alice):
    old = new_token(alice)
    new = new_token(alice)
    assert old != new
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{old[:-1]}0.ics").status_code == 404
    assert client.get("/calendar/nothing.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_calendar_apps_may_check_the_feed_with_head_and_it_is_never_indexed(
    client, alice, django_assert_num_queries
):
    _enrolment(alice, started_on=dt.date(2026, 3, 1))
    token = new_token(alice)
    with django_assert_num_queries(1):  # the person; the plan only for GET
        head = client.head(f"/calendar/{token}.ics")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == "text/calendar; charset=utf-8"
    assert head["X-Robots-Tag"] == "noindex, nofollow"
    get = client.get(f"/calendar/{token}.ics")
    assert get["X-Robots-Tag"] == "noindex, nofollow"
    assert b"BEGIN:VCALENDAR" in get.content
    assert client.head("/calendar/nothing.ics").status_code == 404
    assert client.post(f"/calendar/{token}.ics").status_code == 405


def test_the_database_never_holds_the_calendar_token(alice):
    token = new_token(alice)
    feed = CalendarFeed.objects.get(user=alice)
    assert token not in (feed.key, feed.token_hash)
    assert current_token(alice) == token


def test_the_profile_shows_the_calendar_address_and_makes_a_new_one(alice_client, alice):
    assert "Make my calendar address" in alice_client.get("/accounts/profile/").text
    response = alice_client.post("/accounts/profile/calendar/")
    assert response.status_code == 302
    alice.refresh_from_db()
    first = current_token(alice)
    assert f"http://testserver/calendar/{first}.ics" in alice_client.get("/accounts/profile/").text
    alice_client.post("/accounts/profile/calendar/")
    alice.refresh_from_db()
    assert current_token(alice) != first
    assert alice_client.get(f"/calendar/{first}.ics").status_code == 404


def test_the_calendar_address_has_subscribe_copy_and_share_that_work_without_js(
    alice_client, alice
):
    alice_client.post("/accounts/profile/calendar/")
    alice.refresh_from_db()
    html = alice_client.get("/accounts/profile/").text
    token = current_token(alice)
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html
    assert 'readonly value="http://testserver/calendar/' in html  # selectable without JS
    assert 'data-copy="calendar-url" hidden' in html  # shown by copy.js where it can copy
    assert 'data-share="calendar-url"' in html
    assert "/static/js/copy.js" in html


def test_making_a_calendar_address_needs_sign_in_and_a_post(client, alice_client):
    assert client.post("/accounts/profile/calendar/").status_code == 302
    assert alice_client.get("/accounts/profile/calendar/").status_code == 405


# The on/off switch ------------------------------------------------------------


def test_the_switch_is_on_for_a_reminder_not_saved_yet(alice_client, alice):
    enrolment = _enrolment(alice)
    html = alice_client.get(f"/reminders/{enrolment.pk}/").content.decode()
    assert 'type="checkbox" name="enabled" role="switch" class="switch"' in html
    assert 'id="id_enabled" checked' in html


def test_set_a_reminder_turns_the_switch_on_for_one_saved_off(alice_client, alice):
    enrolment = _enrolment(alice)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=False)
    assert 'id="id_enabled" checked' not in alice_client.get(f"/reminders/{enrolment.pk}/").text
    profile = alice_client.get("/accounts/profile/").text
    assert profile.count(f"/reminders/{enrolment.pk}/?on=1") == 1
    assert 'id="id_enabled" checked' in alice_client.get(f"/reminders/{enrolment.pk}/?on=1").text


def test_from_the_one_minute_start_one_tap_accepts_our_suggestion(alice_client, alice):
    enrolment = _enrolment(alice, low=3, high=5)
    page = alice_client.get(f"/reminders/{enrolment.pk}/?next=/today/&on=start")
    assert "Save to accept it, or change the days or time first." in page.text
    assert '<a class="button secondary" href="/today/">Not now</a>' in page.text
    form = page.context["form"]
    data = {"enabled": "on", "days": [str(d) for d in form["days"].value()], "at": "07:30"}
    response = alice_client.post(f"/reminders/{enrolment.pk}/", {**data, "next": "/today/"})
    assert response.url == "/today/"
    schedule = ReminderSchedule.objects.get()
    assert (schedule.enabled, schedule.days) == (True, {0, 2, 4})


def test_saving_with_the_switch_off_asks_first_and_saves_nothing(
    alice_client, alice, django_assert_num_queries
):
    enrolment = _enrolment(alice)
    data = {"days": ["0", "3"], "at": "06:45", "next": "/today/"}
    with django_assert_num_queries(3):  # session, user, the enrolment
        response = alice_client.post(f"/reminders/{enrolment.pk}/", data)
    assert response.status_code == 200
    assert "Save with reminders off?" in response.text
    assert "won't email you about Morning stretches" in response.text
    assert 'name="off" value="confirmed"' in response.text
    assert 'value="/today/"' in response.text
    assert not ReminderSchedule.objects.exists()


def test_confirming_saves_it_off_and_says_so(alice_client, alice):
    enrolment = _enrolment(alice)
    data = {"days": ["0"], "at": "06:45", "off": "confirmed"}
    response = alice_client.post(f"/reminders/{enrolment.pk}/", data, follow=True)
    assert "Reminders for Morning stretches are off." in response.text
    assert not ReminderSchedule.objects.get().enabled


def test_switch_on_and_save_from_the_question_saves_it_on(alice_client, alice):
    enrolment = _enrolment(alice)
    alice_client.post(
        f"/reminders/{enrolment.pk}/", {"days": ["1"], "at": "06:45", "enabled": "on"}
    )
    schedule = ReminderSchedule.objects.get()
    assert (schedule.enabled, schedule.days) == (True, {1})


def test_deleting_the_account_takes_its_calendar_address_and_reminders(alice_client, alice):
    token = new_token(alice)
    ReminderSchedule.objects.create(enrolment=_enrolment(alice), enabled=True)
    assert alice_client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert not CalendarFeed.objects.exists()
    assert not ReminderSchedule.objects.exists()
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_staff_see_reminders_and_sent_reminders_in_the_admin(client, alice):
    enrolment = _enrolment(alice)
    ReminderSchedule.objects.create(enrolment=enrolment, enabled=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ("reminderschedule", "sentreminder"):
        assert client.get(reverse(f"admin:reminders_{name}_changelist")).status_code == 200
