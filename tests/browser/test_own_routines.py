"""Build my own three-move routine from exercise pages on a phone, then run and log it."""

import re

import pytest
from playwright.sync_api import expect

from progress.models import SessionLog
from routines.models import Enrolment, Routine
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_from_exercise_page(page, slug: str, new_name: str = "") -> None:
    page.goto(f"/exercises/{slug}/")
    page.get_by_role("link", name="Add to my routine").click()
    if new_name:
        page.get_by_label("A new routine").check()
        page.get_by_label("Name of the new routine").fill(new_name)
    page.get_by_role("button", name="Add to the routine").click()
    expect(page.get_by_role("heading", name=re.compile("^Edit "))).to_be_visible()


def test_build_a_three_move_routine_from_exercise_pages_and_run_it(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)

    add_from_exercise_page(page, "roll-calves", new_name="Calf care")
    assert_no_axe_violations(page)  # the chooser, then the editor
    add_from_exercise_page(page, "calf-stretch-wall")
    add_from_exercise_page(page, "quad-stretch")
    routine = Routine.objects.get(owner=person)
    assert routine.name == "Calf care"

    # The quad stretch first: two presses of its Up button. htmx swaps the list in place:
    # no reload, the moved move stays in view and its Up button keeps the focus.
    names = page.locator(".move-name > a")
    quad = page.locator(".move", has_text="Quad stretch")
    up = page.get_by_role("button", name=re.compile(r"^Up\W+Quad stretch"))
    up.scroll_into_view_if_needed()
    url = page.url
    page.evaluate("window.notReloaded = true")
    up.click()
    expect(names).to_have_text(["Foam roll: calves", "Quad stretch", "Calf stretch against a wall"])
    expect(quad).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id").startswith("up-")
    up.click()
    expect(names).to_have_text(["Quad stretch", "Foam roll: calves", "Calf stretch against a wall"])
    expect(quad).to_be_in_viewport()
    assert page.url == url and page.evaluate("window.notReloaded")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    # The editor offers to put the routine on Today.
    page.get_by_role("button", name="Put Calf care on Today").click()
    # A first routine offers to name what the person wants to get back to; it can wait.
    expect(page.get_by_role("heading", name="What do you want to get back to?")).to_be_visible()
    page.get_by_role("link", name="Skip for now").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    enrolment = Enrolment.objects.get(user=person, routine=routine)

    page.goto("/today/")
    expect(page.get_by_role("heading", name="Calf care")).to_be_visible()
    page.get_by_role("link", name="Start guided session").click()
    page.wait_for_url(f"**/today/{enrolment.pk}/session/")
    page.goto(page.url + "?speed=1000")
    page.get_by_role("button", name="Start", exact=True).click()
    summary = page.get_by_role("region", name="Well done")
    expect(summary).to_be_visible(timeout=20_000)
    summary.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Back to Today")).to_be_visible()
    session = SessionLog.objects.get(user=person)
    assert session.routine == routine
    assert [row.exercise.slug for row in session.exercises.order_by("order")] == [
        "quad-stretch",
        "roll-calves",
        "calf-stretch-wall",
    ]
    assert page.console_errors == []
