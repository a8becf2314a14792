"""Start a routine, run the guided player on /today/ with a fast clock, and hand over."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from routines.models import Enrolment
from tests.browser.conftest import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Keeps every screen-reader announcement in sessionStorage, so the test can read them all
# (at a fast clock some last only milliseconds) even after the hand-over navigation.
RECORD_ANNOUNCEMENTS = """() => {
  sessionStorage.said = "[]";
  const live = document.querySelector("[data-live]");
  new MutationObserver(() => {
    const said = JSON.parse(sessionStorage.said);
    if (live.textContent && said[said.length - 1] !== live.textContent) {
      said.push(live.textContent);
      sessionStorage.said = JSON.stringify(said);
    }
  }).observe(live, {childList: true, characterData: true, subtree: true});
}"""


def test_routines_list_is_accessible(page):
    page.goto("/routines/")
    expect(page.get_by_role("heading", name="Routines", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_start_a_routine_and_run_the_player_through_to_the_log_form(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)

    page.goto("/routines/foam-roller-legs-hips/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start this routine").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    # At 390 × 844 the next step is on screen without scrolling.
    expect(page.get_by_role("link", name="Go to today's session")).to_be_in_viewport(ratio=1)
    enrolment = Enrolment.objects.get(user=person)
    assert enrolment.phase.name == "Basics"
    assert_no_axe_violations(page)  # the page as an enrolled person sees it

    # Speed the clock up 80 times: the doses stay 3 × 30 s, the test takes seconds.
    page.goto("/today/?speed=80")
    assert_no_axe_violations(page)
    page.evaluate(RECORD_ANNOUNCEMENTS)
    live = page.locator("[data-live]")
    page.get_by_role("button", name="Start guided session").click()
    expect(page.locator("[data-clock]")).to_have_attribute("aria-hidden", "true")
    page.wait_for_function("() => JSON.parse(sessionStorage.said).length >= 2")
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(live).to_have_text("Paused.")
    frozen = page.locator("[data-clock]").text_content()
    page.wait_for_timeout(300)
    assert page.locator("[data-clock]").text_content() == frozen
    page.get_by_role("button", name="Resume", exact=True).click()
    assert page.console_errors == []

    page.wait_for_url("**/sessions/new/**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["enrolment"] == [str(enrolment.pk)]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", query["started_at"][0])
    assert query["item"] == ["roll-hamstrings-glutes:90:done", "roll-calves:90:done"]
    said = page.evaluate("JSON.parse(sessionStorage.said)")
    assert said[:2] == [
        "Get ready: Foam roll: hamstrings and glutes, 3 × 30 s.",
        "Round 1 of 3: roll slowly.",
    ]
    assert said.index("Paused.") < said.index("Resumed.")
    assert said[-1] == "Session finished. Opening the log."


def test_skipping_and_finishing_early_hands_over_what_was_done(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/routines/nightly-release/")
    page.get_by_role("button", name="Start this routine").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    page.goto("/today/?speed=10")
    page.get_by_role("button", name="Start guided session").click()
    page.get_by_role("button", name="Skip").click()  # skip the get-ready countdown
    live = page.locator("[data-live]")
    expect(live).to_have_text(re.compile("roll slowly"))
    page.wait_for_timeout(1000)  # about 10 s of dose at 10×
    page.get_by_role("button", name="Finish and log").click()
    page.wait_for_url("**/sessions/new/**")
    [item] = parse_qs(urlsplit(page.url).query)["item"]
    slug, seconds, status = item.split(":")
    assert (slug, status) == ("ball-release-thigh-hip", "partly")
    assert 5 <= int(seconds) < 60
    assert page.console_errors == []


def test_rep_moves_are_counted_by_tapping_or_marked_done(page):
    person = UserFactory(time_zone="Europe/London")
    log_in(page, person)
    page.goto("/routines/foam-roller-legs-hips/")
    page.get_by_label(re.compile("The whole routine")).check()
    page.get_by_role("button", name="Start this routine").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    page.goto("/today/?speed=1000")
    page.get_by_role("button", name="Start guided session").click()
    counter = page.get_by_role("button", name=re.compile("^Count a rep"))
    expect(counter).to_be_visible(timeout=15_000)  # the rolls run by themselves first
    expect(page.locator("[data-live]")).to_have_text(re.compile("^Right side: 10 reps"))
    for _ in range(10):
        counter.click()
    expect(page.locator("[data-live]")).to_have_text(re.compile("^(Switch to the left|Left)"))
    expect(page.locator("[data-live]")).to_have_text(re.compile("^Left side: 10 reps"))
    page.get_by_role("button", name="Done", exact=True).click()
    page.wait_for_url("**/sessions/new/**")
    items = parse_qs(urlsplit(page.url).query)["item"]
    assert items[-1] == "side-lying-leg-raise:20:done"
    assert items[2] == "roll-hip-flexors:90:done"
    assert page.console_errors == []
