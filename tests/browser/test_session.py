"""The guided session (/today/<enrolment>/session/) in a phone-sized Chromium.

The page's clock runs at `?speed=N` times real time (README, Testing): 0.5 to catch each
state (the shortest, a switch of sides, then lasts 10 s), 1000 to run a routine through.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from progress.models import SessionLog
from routines import services
from routines.models import Enrolment
from tests.browser.helpers import assert_no_axe_violations, clock_seconds, log_in
from tests.factories import (
    EnrolmentFactory,
    PhaseFactory,
    RoutineFactory,
    RoutineItemFactory,
    UserFactory,
)
from tests.helpers import follow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Records what the voice would say, in place of the browser's speech engine.
STUB_SPEECH = """
window.__said = [];
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: { speak(u) { window.__said.push(u.text); }, cancel() {} },
});
"""


def axe_light_and_dark(page) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_no_axe_violations(page)
    page.emulate_media(color_scheme="light")


def progress_value(page) -> float:
    return float(page.get_by_role("progressbar").get_attribute("aria-valuenow"))


def test_a_guided_session_through_every_state_to_one_saved_log(page):
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "legs-hips-back-stretches")
    log_in(page, person)
    page.add_init_script(STUB_SPEECH)
    page.goto(f"/today/{enrolment.pk}/session/?speed=0.5")
    axe_light_and_dark(page)

    player = page.get_by_role("region", name="Guided session")
    phase = page.locator("[data-heading]")
    page.get_by_label("Voice naming each move").check()
    page.get_by_role("group", name=re.compile("Pain right now")).get_by_label("6").check()
    page.get_by_role("button", name="Start", exact=True).click()

    # Get ready: the first move, its position, and what comes next.
    expect(phase).to_have_text("Get ready")
    expect(player.get_by_role("heading", name="Kneeling hip flexor stretch")).to_be_visible()
    expect(page.locator("[data-next]")).to_have_text("Next: Quad stretch, 3 × 20–30 s · each side")
    page.wait_for_function("() => performance.getEntriesByName('limber-first-tick').length")
    first_tick = page.evaluate(
        "() => performance.measure('tick', 'limber-start', 'limber-first-tick').duration"
    )
    print(f"\nStart to the first countdown tick: {first_tick:.1f} ms")
    axe_light_and_dark(page)

    # Hold, right side; the voice names the move and the side; the bar moves on.
    page.get_by_role("button", name="Skip").click()
    expect(phase).to_have_text("Hold")
    expect(page.locator("[data-side]")).to_have_text("RIGHT")
    said = page.evaluate("window.__said")
    assert said[0].startswith("Get ready: Kneeling hip flexor stretch")
    assert "Right side. Kneeling hip flexor stretch, 30 seconds." in said
    before = progress_value(page)
    page.wait_for_function(
        "(v) => Number(document.querySelector('[data-progress]').ariaValueNow) > v", arg=before
    )
    axe_light_and_dark(page)

    # Reload mid-hold: the same step, within a second, paused until Resume.
    left = clock_seconds(page)
    page.reload()
    expect(phase).to_have_text("Hold")
    expect(page.locator("[data-side]")).to_have_text("RIGHT")
    assert abs(clock_seconds(page) - left) <= 1
    page.get_by_role("button", name="Resume", exact=True).first.click()

    # Pause with the keyboard: the clock stops.
    page.keyboard.press("Space")
    expect(page.locator(".controls [data-action=toggle]")).to_have_text("Resume")
    # The clock may draw the moment of the pause once more on the next frame: read it after.
    page.wait_for_timeout(300)
    frozen = page.locator("[data-clock]").text_content()
    page.wait_for_timeout(2100)  # more than one dose-second at half speed
    assert page.locator("[data-clock]").text_content() == frozen
    axe_light_and_dark(page)
    page.keyboard.press("Space")
    expect(page.locator(".controls [data-action=toggle]")).to_have_text("Pause")

    # How-to over the player: it keeps running, and closing it loses nothing.
    page.get_by_role("button", name="How to").click()
    howto = page.get_by_role("dialog", name="Kneeling hip flexor stretch")
    expect(howto.get_by_text("Kneel on one knee with a pillow under it")).to_be_visible()
    axe_light_and_dark(page)
    howto.get_by_role("button", name="Back to the session").click()
    expect(howto).to_be_hidden()
    expect(phase).to_have_text("Hold")
    page.get_by_text("The moves (7)").click()  # the step list, collapsed below the player
    page.get_by_role("link", name="Quad stretch").click()
    expect(page.get_by_role("dialog", name="Quad stretch")).to_be_visible()
    page.keyboard.press("Escape")
    expect(phase).to_have_text("Hold")

    # Rest, then on with → to the switch of sides.
    page.get_by_role("button", name="Skip").click()
    expect(phase).to_have_text("Rest")
    axe_light_and_dark(page)
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(phase).to_have_text("Switch sides")
    expect(page.locator("[data-side]")).to_have_text("LEFT")
    axe_light_and_dark(page)
    page.keyboard.press("ArrowRight")
    expect(phase).to_have_text("Hold")
    assert "Left side. Kneeling hip flexor stretch, 30 seconds." in page.evaluate("window.__said")

    # Following a link elsewhere in the app asks first; staying keeps the session.
    page.evaluate("document.querySelector('.main-nav a[href=\"/history/\"]').click()")
    leave = page.get_by_role("dialog", name="Leave the session?")
    expect(leave).to_be_visible()
    leave.get_by_role("button", name="Keep going").click()
    assert page.url.endswith("/session/?speed=0.5")

    # Exit, end and review after a few seconds: a plain heading, what was skipped (every
    # round of the first move was cut short or skipped), the pain change and a kind word.
    page.keyboard.press("Escape")
    leave.get_by_role("button", name="End and review").click()
    summary = page.get_by_role("region", name="Session ended")
    expect(summary).to_be_visible()
    expect(summary.locator("[data-sum-done]")).to_have_text("1 of 7")
    expect(summary.locator("[data-sum-skipped]")).to_have_text(
        "6 moves; 6 of 6 rounds of Kneeling hip flexor stretch"
    )
    summary.get_by_role("group", name=re.compile("Pain now")).get_by_label("3").check()
    expect(summary.get_by_text("Pain 6 → 3.")).to_be_visible()
    expect(summary.get_by_text("Your pain was 3 points lower after.")).to_be_visible()
    axe_light_and_dark(page)

    # One Save, clicked twice: one session, with exactly what was done.
    summary.get_by_role("button", name="Save").dblclick()
    expect(page.get_by_role("link", name="Back to Today")).to_be_focused()
    session = SessionLog.objects.get(user=person)
    assert (session.pain_before, session.pain_after) == (6, 3)
    rows = list(session.exercises.order_by("order").values_list("status", "seconds_done"))
    assert rows[0][0] == "partly" and rows[0][1] > 0
    assert {status for status, _ in rows[1:]} == {"skipped"}
    assert page.console_errors == []


def test_reps_are_tapped_and_an_all_skipped_session_is_not_counted(page):
    person = UserFactory(time_zone="Europe/London")
    foam = follow(person, "foam-roller-legs-hips", phase_order=2)
    nightly = follow(person, "nightly-release")
    log_in(page, person)

    # The rolls run through by themselves; the leg raise waits for taps.
    page.goto(f"/today/{foam.pk}/session/?speed=1000")
    page.get_by_role("button", name="Start", exact=True).click()
    counter = page.get_by_role("button", name="0 of 10")
    expect(counter).to_be_visible(timeout=15_000)
    expect(page.locator("[data-side]")).to_have_text("RIGHT")
    expect(page.get_by_role("button", name="Pause")).to_be_hidden()
    axe_light_and_dark(page)
    for _ in range(10):
        page.locator("[data-action=count]").click()
    expect(page.locator("[data-side]")).to_have_text("LEFT")
    page.locator("[data-action=count]").click()
    expect(page.get_by_role("button", name="1 of 10")).to_be_visible()
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("region", name="Well done")).to_be_visible()
    expect(page.locator("[data-sum-done]")).to_have_text("7 of 7")

    # Every move skipped: nothing to save, only to discard.
    page.goto(f"/today/{nightly.pk}/session/?speed=1")
    page.get_by_role("button", name="Start", exact=True).click()
    while not page.locator("[data-view=summary]").is_visible():
        page.keyboard.press("ArrowRight")
    summary = page.get_by_role("region", name="Nothing done yet")
    expect(summary.get_by_text("Nothing was done in this session")).to_be_visible()
    expect(summary.get_by_role("button", name="Save")).to_be_hidden()
    summary.get_by_role("button", name="Discard").click()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    assert not SessionLog.objects.filter(user=person).exists()
    assert page.console_errors == []


def test_round_labels_show_and_a_free_repeat_offers_once_more_and_next(page):
    """The seated figure-4's positions, one a round; child's pose as many times as you like."""
    person = UserFactory(time_zone="Europe/London")
    phase = PhaseFactory(routine=RoutineFactory(name="Figure-4 and child's pose"))
    figure_4 = Exercise.objects.get(slug="seated-figure-4-stretch")
    RoutineItemFactory(phase=phase, exercise=figure_4, sets=2, seconds_max=30, rest_seconds=10)
    childs_pose = Exercise.objects.get(slug="childs-pose")
    RoutineItemFactory(
        phase=phase,
        exercise=childs_pose,
        sets=None,
        seconds_min=20,
        seconds_max=30,
        repeat_freely=True,
    )
    enrolment = EnrolmentFactory(user=person, phase=phase)
    log_in(page, person)
    page.goto(f"/today/{enrolment.pk}/session/?speed=0.5")
    page.get_by_role("button", name="Start", exact=True).click()

    # The get-ready names the first position; the round shows it and announces it with the move.
    label = page.locator("[data-label]")
    expect(label).to_have_text("Up next: Position 1: press the knee down towards the floor")
    page.keyboard.press("ArrowRight")
    expect(label).to_have_text("Position 1: press the knee down towards the floor")
    expect(page.locator("[data-live]")).to_have_text(
        "Seated figure-4 glute and hip stretch, 30 seconds."
        " Position 1: press the knee down towards the floor."
    )
    expect(page.locator("[data-clock]")).to_be_in_viewport()
    axe_light_and_dark(page)
    page.keyboard.press("ArrowRight")
    expect(label).to_have_text("Up next: Position 2: draw the knee towards the opposite shoulder")
    page.keyboard.press("ArrowRight")
    expect(label).to_have_text("Position 2: draw the knee towards the opposite shoulder")
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-heading]")).to_have_text("Get ready")
    expect(label).to_be_hidden()

    # At a fast speed (the place is kept) child's pose ends and waits for Once more or Finish
    # (it is the last move).
    page.goto(f"/today/{enrolment.pk}/session/?speed=1000")
    page.get_by_role("button", name="Resume", exact=True).first.click()
    again = page.get_by_role("button", name="Once more")
    expect(again).to_be_visible()
    expect(page.get_by_role("button", name="Finish", exact=True)).to_be_focused()
    expect(page.locator(".controls [data-action=toggle]")).to_be_hidden()
    expect(page.locator("[data-live]")).to_have_text(
        "Child's pose: 1 hold done. Once more, or Finish?"
    )
    axe_light_and_dark(page)
    page.reload()  # the offer is kept, and so is the hold already done
    expect(again).to_be_visible()
    again.click()
    expect(page.locator("[data-detail]")).to_have_text("2 holds done: once more, or finish?")
    page.keyboard.press("ArrowRight")  # → is Finish
    summary = page.get_by_role("region", name="Well done")
    expect(summary).to_be_visible()
    shown = summary.locator("[data-sum-time]").text_content()
    summary.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Back to Today")).to_be_focused()

    session = SessionLog.objects.get(user=person)
    seconds = dict(session.exercises.values_list("exercise__slug", "seconds_done"))
    assert seconds["childs-pose"] == 60  # both holds
    assert session.total_seconds == sum(value or 0 for value in seconds.values())
    minutes, rest = divmod(session.total_seconds, 60)
    assert shown == f"{minutes} min" + (f" {rest} s" if rest else "")
    assert page.console_errors == []


def test_a_rest_is_counted_down_between_rounds_and_the_summary_says_what_was_skipped(page):
    """The banded hamstring stretch as an own routine: hold, rest (our 10 s), 3 rounds a side."""
    person = UserFactory(time_zone="Europe/London")
    routine = services.create_routine(person, "Evening hamstrings", (3, 5))
    services.add_move(routine.phases.get(), Exercise.objects.get(slug="banded-hamstring-stretch"))
    today = timezone.localdate(timezone=person.zone)
    enrolment = Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.get(),
        started_on=today,
        phase_started_on=today,
    )
    log_in(page, person)
    page.goto(f"/today/{enrolment.pk}/session/?speed=0.5")
    steps = page.locator("[data-steps]")
    expect(steps).to_contain_text("rest 10 s between rounds (our suggestion)")
    page.get_by_role("button", name="Start", exact=True).click()
    phase, detail = page.locator("[data-heading]"), page.locator("[data-detail]")

    # Round 1, skipped at once: the rest before round 2 still comes, and counts down.
    page.keyboard.press("ArrowRight")
    expect(phase).to_have_text("Hold")
    expect(detail).to_have_text("Round 1 of 3")
    page.keyboard.press("ArrowRight")
    expect(phase).to_have_text("Rest")
    expect(detail).to_have_text("Round 2 of 3 next")
    expect(page.locator("[data-side]")).to_have_text("RIGHT")
    expect(page.locator("[data-live]")).to_have_text("Rest, 10 seconds.")
    start = clock_seconds(page)
    assert 8 <= start <= 10
    page.wait_for_function(
        "(s) => { const [m, x] = document.querySelector('[data-clock]').textContent.split(':');"
        " return Number(m) * 60 + Number(x) < s; }",
        arg=start,
    )
    expect(phase).to_have_text("Rest")
    axe_light_and_dark(page)

    # Faster (the place is kept): the rest ends by itself, round 2 runs in full, then rests.
    page.goto(f"/today/{enrolment.pk}/session/?speed=5")
    expect(phase).to_have_text("Rest")
    page.get_by_role("button", name="Resume", exact=True).first.click()
    expect(detail).to_have_text("Round 2 of 3")
    expect(phase).to_have_text("Hold")
    expect(detail).to_have_text("Round 3 of 3 next", timeout=15_000)
    page.keyboard.press("Space")  # pause in the rest (2 s of real time at this speed)
    expect(phase).to_have_text("Rest")

    # End there: one round of six done in full, and the summary says so plainly.
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Leave the session?").get_by_role(
        "button", name="End and review"
    ).click()
    summary = page.get_by_role("region", name="Session ended")
    expect(summary).to_be_visible()
    expect(summary.locator("[data-sum-done]")).to_have_text("1 of 1")
    expect(summary.locator("[data-sum-skipped]")).to_have_text(
        "5 of 6 rounds of Banded hamstring stretch"
    )
    axe_light_and_dark(page)
    assert page.console_errors == []


def test_without_javascript_the_session_says_its_timer_needs_it_and_offers_the_log_form(
    browser, live_server
):
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "hamstrings-back-knee")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, person)
        page.goto(f"/today/{enrolment.pk}/session/")
        notice = page.locator(".nojs-notice")
        expect(notice).to_contain_text("The guided session's timer needs JavaScript")
        expect(page.get_by_role("button", name="Start", exact=True)).to_be_hidden()
        notice.get_by_role("link", name="log this session").click()
        page.wait_for_url("**/sessions/new/**")
        exercises = page.locator(".row-exercise select")
        expect(exercises).to_have_count(3)
        expect(exercises.nth(2)).to_have_value("banded-hamstring-stretch")
        for row in range(3):  # all three are timed: a time box each, no Reps box
            expect(page.get_by_label("Time done").nth(row)).to_be_visible()
            expect(page.get_by_label("Reps").nth(row)).to_be_hidden()
    finally:
        context.close()
