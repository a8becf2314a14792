"""Issue 24's first week at 390 px: sign up → the one-minute start → a routine with no
equipment on Today, its Start above the fold, and a reminder switched on; and the compact
Today with three routines."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import ReminderSchedule
from routines.models import Enrolment, Routine
from tests.browser.helpers import assert_no_axe_violations, clock_seconds, log_in
from tests.factories import PASSWORD, UserFactory

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

    # A first routine: what they want to get back to, which may wait.
    page.wait_for_url("**/activities/?first=1**")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url("**/today/")
    card = page.get_by_role("region", name="Lower back in 10 minutes")
    start = card.get_by_role("link", name="Start guided session")
    expect(start).to_be_visible()
    assert_no_axe_violations(page)
    enrolment = Enrolment.objects.select_related("routine").get()
    assert enrolment.routine.equipment == []
    assert ReminderSchedule.objects.get(enrolment=enrolment).enabled
    assert page.console_errors == []
    expect(start).to_be_in_viewport(ratio=1)  # above the fold at 390 × 844, no scrolling

    # The guided session: the hamstring stretch rests between its rounds (our 10 s), and the
    # summary says what was skipped.
    start.click()
    page.wait_for_url(re.compile(r"/today/\d+/session/"))
    page.goto(f"/today/{enrolment.pk}/session/?speed=0.5")
    page.get_by_role("button", name="Start", exact=True).click()
    phase, detail = page.locator("[data-heading]"), page.locator("[data-detail]")
    page.keyboard.press("ArrowRight")  # past the get-ready
    expect(phase).to_have_text("Hold")
    expect(detail).to_have_text("Round 1 of 3")
    page.keyboard.press("ArrowRight")  # round 1 skipped: its rest still comes
    expect(phase).to_have_text("Rest")
    expect(detail).to_have_text("Round 2 of 3 next")
    first = clock_seconds(page)
    page.wait_for_function(  # and counts down
        "(s) => { const [m, x] = document.querySelector('[data-clock]').textContent.split(':');"
        " return Number(m) * 60 + Number(x) < s; }",
        arg=first,
    )
    expect(phase).to_have_text("Rest")
    assert_no_axe_violations(page)

    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Leave the session?").get_by_role(
        "button", name="End and review"
    ).click()
    summary = page.locator("[data-sum-skipped]")
    expect(summary).to_be_visible()
    # Ended in the first rest: every round of every move skipped, and the summary says so.
    expect(summary).to_have_text("4 moves")
    expect(page.locator("[data-sum-done]")).to_have_text("0 of 4")
    expect(page.locator("[data-sum-heading]")).to_have_text("Nothing done yet")
    assert_no_axe_violations(page)


def test_today_with_three_routines_keeps_the_first_start_above_the_fold(page):
    """Each card: its name, the day's line and Start; the moves and the rest fold away,
    and open with the keyboard."""
    person = UserFactory(time_zone="Europe/Paris")
    today = timezone.localdate(timezone=person.zone)
    for slug in ("hamstrings-back-knee", "legs-hips-back-stretches", "nightly-release"):
        routine = Routine.objects.with_plan().get(slug=slug)
        Enrolment.objects.create(
            user=person,
            routine=routine,
            phase=routine.phase_list[0],
            started_on=today - dt.timedelta(days=2),
            phase_started_on=today - dt.timedelta(days=2),
        )
    log_in(page, person)
    page.goto("/today/")

    cards = page.locator(".today-routine")
    expect(cards).to_have_count(3)
    first = cards.first
    expect(first.get_by_role("link", name="Start guided session")).to_be_in_viewport(ratio=1)
    expect(first.get_by_text("this week")).to_have_count(1)  # the week's count, once
    expect(first.locator(".checklist")).to_be_hidden()
    assert_no_axe_violations(page)

    fold = first.locator(".today-more > summary")
    fold.focus()
    page.keyboard.press("Enter")
    expect(first.locator(".checklist")).to_be_visible()
    expect(first.get_by_role("link", name=re.compile("^Reminder emails for"))).to_be_visible()
    expect(first.get_by_role("button", name=re.compile("^Pause this routine"))).to_be_visible()
    assert_no_axe_violations(page)  # the fold open, light and dark
    page.keyboard.press("Enter")
    expect(first.locator(".checklist")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []
