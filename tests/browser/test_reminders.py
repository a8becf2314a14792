"""Set a reminder from Today, see it on the profile, make a calendar address (axe-clean)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import ReminderSchedule
from routines.models import Enrolment, Routine
from tests.browser.helpers import FAKE_SHARE_SHEET, assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_set_a_reminder_from_today_and_make_a_calendar_address(page):
    person = UserFactory(time_zone="Europe/London")
    routine = Routine.objects.with_plan().get(slug="nightly-release")
    today = timezone.localdate(timezone=person.zone)
    Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phase_list[0],
        started_on=today,
        phase_started_on=today,
    )
    log_in(page, person)

    page.goto("/today/")
    page.locator(".today-more > summary").first.click()  # the card's fold
    page.get_by_role("link", name="Reminder emails for Nightly myofascial release").click()
    expect(page.get_by_role("heading", name="Reminders for Nightly")).to_be_visible()
    assert page.get_by_label("Time (your time zone)").input_value() == "21:00"
    page.get_by_label("Email me a reminder").check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).uncheck()
    page.get_by_role("button", name="Save reminder").click()
    expect(page.get_by_text("Choose at least one day.")).to_be_visible()
    assert_no_axe_violations(page)  # the form with its error beside the field
    page.console_errors.clear()  # the browser logs the invalid form's 400, as intended

    page.get_by_label("Tuesday").check()
    page.get_by_label("Time (your time zone)").fill("20:15")
    page.get_by_role("button", name="Save reminder").click()
    page.wait_for_url("**/today/")
    schedule = ReminderSchedule.objects.get()
    assert (schedule.enabled, schedule.days, schedule.at) == (True, {1}, dt.time(20, 15))

    page.goto("/accounts/profile/")
    expect(page.get_by_text("Tuesday at 20:15")).to_be_visible()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Your private calendar address").input_value()
    assert address.endswith(".ics")
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_copy_share_and_subscribe_to_the_calendar_address(page, browser, live_server):
    person = UserFactory(time_zone="Europe/London")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.context.add_init_script(FAKE_SHARE_SHEET)
    log_in(page, person)
    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Your private calendar address").input_value()
    subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
    assert subscribe.get_attribute("href") == "webcal://" + address.split("://", 1)[1]

    page.get_by_role("button", name="Copy the calendar address").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    page.get_by_role("button", name="Share the calendar address").click()
    assert page.evaluate("window.sharedWith") == [{"title": "My Limber sessions", "url": address}]
    assert_no_axe_violations(page)
    assert page.console_errors == []

    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    without_js = plain.new_page()
    log_in(without_js, person)
    without_js.goto("/accounts/profile/")
    expect(without_js.get_by_label("Your private calendar address")).to_have_value(address)
    expect(without_js.get_by_role("button", name="Copy the calendar address")).to_be_hidden()
    expect(without_js.get_by_role("link", name="Subscribe in your calendar app")).to_be_visible()
    plain.close()
