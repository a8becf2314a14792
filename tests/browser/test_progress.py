"""Finish a guided session, log it with pain scores, and find it in this week's history."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from progress.models import SessionLog
from routines.models import Enrolment, Routine
from tests.browser.conftest import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pain_choice(page, legend: str, value: str):
    return page.get_by_role("group", name=re.compile(legend)).get_by_label(value, exact=True)


def test_finish_a_guided_session_log_it_and_see_it_in_the_week(page):
    person = UserFactory(time_zone="Europe/London")
    routine = Routine.objects.get(slug="foam-roller-legs-hips")
    today = timezone.localdate()
    Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.order_by("order").first(),
        started_on=today,
        phase_started_on=today,
    )
    log_in(page, person)

    page.goto("/today/?speed=80")
    page.get_by_role("button", name="Start guided session").click()
    page.wait_for_url("**/sessions/new/**", timeout=20_000)
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    expect(page.get_by_label("Routine")).to_have_value(str(Enrolment.objects.get(user=person).pk))
    expect(page.locator('[name="rows-0-exercise"]')).to_have_value("roll-hamstrings-glutes")
    assert_no_axe_violations(page)

    pain_choice(page, "Pain before", "6").check()
    pain_choice(page, "Pain after", "3").check()
    page.get_by_label("Notes").fill("Hamstrings felt looser.")
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", name=routine.name)).to_be_visible()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = SessionLog.objects.get(user=person)
    assert (session.pain_before, session.pain_after) == (6, 3)
    assert session.total_seconds == 180
    assert session.exercises.count() == 2

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(routine.name))).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Pain before and after each session"))
    expect(chart).to_be_visible()
    expect(chart.locator("circle.dot.before")).to_have_count(1)
    expect(chart.locator("rect.dot.after")).to_have_count(1)
    page.get_by_text("The 12 weeks as a table").click()
    weeks = page.get_by_role("table", name="Sessions and minutes per week")
    expect(weeks.get_by_role("row")).to_have_count(13)
    assert_no_axe_violations(page)

    # In-place navigation with htmx: the week changes, the URL follows, focus lands on it.
    page.get_by_role("link", name="Previous week").click()
    expect(page.get_by_role("heading", name=re.compile("^Week of"))).to_be_focused()
    assert re.search(r"/history/\d{4}-W\d{2}/$", page.url)
    expect(page.get_by_text("No sessions that week.")).to_be_visible()
    assert page.console_errors == []


def test_a_double_click_on_save_logs_one_session(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/sessions/new/?exercise=roll-calves")
    expect(page.locator('[name="rows-0-exercise"]')).to_have_value("roll-calves")
    page.get_by_role("button", name="Save session").dblclick()
    expect(page.get_by_role("heading", name=re.compile("Foam roll"))).to_be_visible()
    assert SessionLog.objects.filter(user=person).count() == 1
    assert page.console_errors == []


def test_add_an_exercise_then_fix_errors_from_the_focused_summary(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/sessions/new/?exercise=roll-calves")
    page.get_by_label("Time done").fill("-3")
    page.get_by_role("button", name="Add exercise").click()
    expect(page.get_by_role("group", name="Exercise 2")).to_be_visible()
    expect(page.locator("#id_rows-0-seconds")).to_have_value("-3")  # kept, not yet judged
    page.get_by_role("button", name="Save session").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert_no_axe_violations(page)
    summary.get_by_role("link", name=re.compile("Exercise 1, time done")).click()
    expect(page.locator("#id_rows-0-seconds")).to_be_focused()
    assert SessionLog.objects.count() == 0
    assert page.console_errors == []
