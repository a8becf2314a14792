"""Issue 29's walk at 390 px: a first routine, two activities named and rated, a re-rating
two weeks later that History shows, a week under target whose check-in answer "Forgot"
lands on the reminder form, and the report for a physio showing both."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from progress.models import CheckIn, PsfsActivity
from routines.models import Enrolment
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONDON = ZoneInfo("Europe/London")


def a_wednesday_ahead() -> dt.datetime:
    """Noon on a Wednesday in London a week or two ahead: in the future, so the session
    cookie set inside the travel is still unexpired for the real browser."""
    day = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=7)
    day += dt.timedelta(days=(2 - day.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)


def choose(page, group: str, score: str) -> None:
    page.get_by_role("group", name=group).get_by_label(score, exact=True).check()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_name_activities_rerate_them_and_answer_the_check_in(page):
    person = UserFactory(time_zone="Europe/London")
    start = a_wednesday_ahead()
    with time_machine.travel(start, tick=True):
        log_in(page, person)
        page.goto("/routines/foam-roller-legs-hips/")
        page.get_by_role("button", name="Start this routine").click()
        expect(page.get_by_role("heading", name="What do you want to get back to?")).to_be_visible()
        assert_no_axe_violations(page)
        fits(page)
        for name, score in (("Putting on socks", "3"), ("A 30-minute walk", "4")):
            page.get_by_label("Activity", exact=True).fill(name)
            choose(page, "How well can you do it today?", score)
            page.get_by_role("button", name="Add it").click()
            expect(page.get_by_text(f"Added “{name}”, rated {score}.")).to_be_visible()
        page.get_by_role("link", name="Done").click()
        expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    assert PsfsActivity.objects.filter(user=person).count() == 2

    with time_machine.travel(start + dt.timedelta(days=14), tick=True):
        page.context.clear_cookies()
        log_in(page, person)
        page.goto("/today/")
        expect(
            page.get_by_role("heading", name=re.compile("how are your activities"))
        ).to_be_visible()
        expect(page.get_by_text("0 of 7 days of Foam roller")).to_be_visible()
        assert_no_axe_violations(page)
        fits(page)
        page.get_by_role("link", name="Rate them").click()
        # By keyboard: the scale is a radio group, so an arrow key moves the choice on.
        socks = page.get_by_role("group", name="Putting on socks")
        socks.get_by_label("5", exact=True).check()
        page.keyboard.press("ArrowRight")
        expect(socks.get_by_label("6", exact=True)).to_be_checked()
        choose(page, "A 30-minute walk", "5")
        assert_no_axe_violations(page)
        fits(page)
        page.get_by_role("button", name="Save ratings").click()
        page.wait_for_url("**/history/")
        expect(page.get_by_text(re.compile("Putting on socks: 3 → 6 since"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"Average: 3\.5 → 5\.5 since"))).to_be_visible()
        assert_no_axe_violations(page)

        page.goto("/today/")
        expect(
            page.get_by_role("heading", name=re.compile("how are your activities"))
        ).to_have_count(0)
        page.get_by_role("group", name=re.compile("What got in the way")).get_by_role(
            "button", name="Forgot"
        ).click()
        enrolment = Enrolment.objects.get(user=person)
        page.wait_for_url(f"**/reminders/{enrolment.pk}/?next=/today/")
        expect(page.get_by_role("heading", name=re.compile("Reminders for"))).to_be_visible()
        expect(page.get_by_text("An email reminder can help")).to_be_visible()
        assert CheckIn.objects.get(user=person).answer == "forgot"

        page.goto("/history/report/")
        report = page.locator(".report")
        expect(report.get_by_text(re.compile("Putting on socks: 3 → 6 since"))).to_be_visible()
        expect(report.get_by_text(re.compile("what got in the way: forgot"))).to_be_visible()
        assert_no_axe_violations(page)
    assert page.console_errors == []
