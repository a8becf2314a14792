"""The routine list, and starting a routine from its page (the player: test_session.py)."""

import pytest
from playwright.sync_api import expect

from routines.models import Enrolment
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_routines_list_is_accessible(page):
    page.goto("/routines/")
    expect(page.get_by_role("heading", name="Routines", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_start_a_routine_and_find_its_guided_session(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)

    page.goto("/routines/foam-roller-legs-hips/")
    # The offline worker in charge first, so this test is about starting a routine: one that
    # takes over between this page's load and the post doesn't see the post (the page tells
    # it of the write, static/js/offline/main.js; timing that race here isn't reliable).
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start this routine").click()
    # A first routine offers to name what the person wants to get back to; it can wait.
    expect(page.get_by_role("heading", name="What do you want to get back to?")).to_be_visible()
    page.get_by_role("link", name="Skip for now").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    # At 390 × 844 the next step is on screen without scrolling.
    expect(page.get_by_role("link", name="Start guided session")).to_be_in_viewport(ratio=1)
    enrolment = Enrolment.objects.get(user=person)
    assert enrolment.phase.name == "Basics"
    assert_no_axe_violations(page)  # the page as an enrolled person sees it

    expect(page.get_by_role("link", name="Start guided session")).to_have_attribute(
        "href", f"/today/{enrolment.pk}/session/"
    )
    assert page.console_errors == []


def test_today_fits_a_phone_with_the_longest_dose(page):
    """Child's pose reads "20–30 s · as many times as you like": it wraps, nothing scrolls
    sideways at 390 px."""
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/routines/legs-hips-back-stretches/")
    page.get_by_role("button", name="Start this routine").click()
    page.wait_for_url("**/activities/?first=1**")  # a first routine: what to get back to
    page.goto("/today/")
    page.locator(".today-more > summary").first.click()  # the card's fold
    expect(page.get_by_text("as many times as you like").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
