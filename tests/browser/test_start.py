"""Issue 24's first week at 390 px: sign up → the one-minute start → a routine with no
equipment on Today, its Start above the fold, and a reminder switched on."""

import re

import pytest
from playwright.sync_api import expect

from routines.models import Enrolment, ReminderSchedule
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_up_then_the_one_minute_start_puts_a_no_kit_routine_on_today(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill("newcomer@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/start/")
    expect(page.get_by_role("heading", name="A one-minute start")).to_be_visible()
    assert_no_axe_violations(page)
    where = page.get_by_role("group", name="Where does it bother you?")
    where.get_by_label("Lower back").check()
    page.get_by_role("group", name="What do you have?").get_by_label("Nothing").check()
    page.get_by_role("group", name="How long do you have?").get_by_label("10 minutes").check()
    page.get_by_role("button", name="Suggest a routine").click()

    suggestion = page.get_by_role("region", name="Our suggestion Lower back in 10 minutes")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("need no equipment")
    assert_no_axe_violations(page)
    suggestion.get_by_role("button", name="Start it on Today").click()

    page.wait_for_url(re.compile(r"/reminders/\d+/"))
    switch = page.get_by_role("switch", name="Email me a reminder")
    expect(switch).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save reminder").click()

    page.wait_for_url("**/today/")
    card = page.get_by_role("region", name="Lower back in 10 minutes")
    start = card.get_by_role("link", name="Start guided session")
    expect(start).to_be_visible()
    assert_no_axe_violations(page)
    enrolment = Enrolment.objects.select_related("routine").get()
    assert enrolment.routine.equipment == []
    assert ReminderSchedule.objects.get(enrolment=enrolment).enabled
    assert page.console_errors == []

    box = start.bounding_box()
    if box["y"] + box["height"] > 844:
        # Today's cards still list every move above Start; the compact card that folds the
        # list away is issue 24's "compact Today", built alongside this on another branch.
        pytest.xfail(f"Start guided session is {box['y']:.0f} px down, below the fold")
