"""Finish a guided session, log it with pain scores, and find it in this week's history."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from progress.models import SessionLog
from routines.models import Enrolment, Routine
from tests.browser.helpers import FAKE_SHARE_SHEET, assert_no_axe_violations, log_in
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
    today = timezone.localdate(timezone=person.zone)
    enrolment = Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.order_by("order").first(),
        started_on=today,
        phase_started_on=today,
    )
    log_in(page, person)

    # The guided session at the fastest test speed, then its full form through "Edit details".
    page.goto(f"/today/{enrolment.pk}/session/?speed=1000")
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("link", name="Edit details").click()
    page.wait_for_url("**/sessions/new/**")
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


def four_weeks_of_two_daily_routines(person):
    """The lower-back set and the nightly release, both daily, logged every day for the four
    weeks before this one with pain falling from 8→6 to 4→2; the nightly routine paused for
    the third week; this morning's session already logged."""
    from accounts.weeks import week_start_of
    from exercises.models import Exercise
    from progress.models import ExerciseLog
    from routines.models import EnrolmentPause

    today = timezone.localdate(timezone=person.zone)
    first = week_start_of(today, person.week_start) - dt.timedelta(weeks=4)
    enrolments = []
    for slug in ("lower-back-recovery", "nightly-release"):
        routine = Routine.objects.get(slug=slug)
        phase = routine.phases.order_by("order").first()
        enrolments.append(
            Enrolment.objects.create(
                user=person, routine=routine, phase=phase, started_on=first, phase_started_on=first
            )
        )
    back, night = enrolments
    paused = (first + dt.timedelta(weeks=2), first + dt.timedelta(weeks=2, days=6))
    EnrolmentPause.objects.create(enrolment=night, first_day=paused[0], last_day=paused[1])
    hamstrings = Exercise.objects.get(slug="roll-hamstrings-glutes")

    def log(enrolment, started, before):
        session = SessionLog.objects.create(
            user=person,
            enrolment=enrolment,
            routine=enrolment.routine,
            phase=enrolment.phase,
            started_at=started,
            local_date=started.astimezone(person.zone).date(),
            pain_before=before,
            pain_after=before - 2 if before else None,
            idempotency_key=uuid.uuid4(),
            total_seconds=120,
        )
        ExerciseLog.objects.create(session=session, exercise=hamstrings, seconds_done=120)

    for n in range(28):
        day = first + dt.timedelta(days=n)
        pain = (8, 7, 5, 4)[n // 7]
        log(back, dt.datetime.combine(day, dt.time(8), tzinfo=person.zone), pain)
        if not paused[0] <= day <= paused[1]:
            log(night, dt.datetime.combine(day, dt.time(21), tzinfo=person.zone), None)
    # This morning's session: at 8 o'clock, or a few minutes ago when it is not 8 yet.
    now = timezone.localtime(timezone=person.zone)
    morning = dt.datetime.combine(today, dt.time(8), tzinfo=person.zone)
    log(back, min(morning, now - dt.timedelta(minutes=5)), None)
    return back, night


@pytest.mark.parametrize(("width", "scheme"), [(390, "dark"), (1280, "light")])
def test_four_weeks_of_falling_pain_show_the_trend_streaks_areas_and_words(page, width, scheme):
    person = UserFactory(time_zone="Europe/London")
    back, night = four_weeks_of_two_daily_routines(person)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    log_in(page, person)

    page.goto("/history/")
    sentence = re.compile(r"Your pain scores before sessions: 7\.5 → 4\.5 since")
    expect(page.get_by_text(sentence)).to_be_visible()
    expect(page.get_by_text(re.compile("Limber's own threshold"))).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Average pain before and after sessions"))
    expect(chart).to_be_visible()
    expect(chart.locator("circle.dot.before")).to_have_count(4)
    cards = page.locator(".routine-streaks li")
    expect(cards.filter(has_text=back.routine.name)).to_contain_text("4 weeks in a row on target")
    expect(cards.filter(has_text=night.routine.name)).to_contain_text("3 weeks in a row on target")
    expect(page.locator(".routine-progress .streak")).to_contain_text("4 weeks in a row")
    areas = page.locator(".overview .areas")
    expect(areas).to_contain_text(re.compile(r"Hamstrings \d+ min"))
    expect(page.locator(".day").get_by_text("Rest", exact=True)).to_have_count(0)
    assert_no_axe_violations(page)

    # One routine's trend, swapped in by htmx; the address follows.
    page.get_by_label("Routine", exact=True).select_option(label=night.routine.name)
    too_few = "we need pain scores before sessions in at least 4 weeks"
    expect(page.get_by_text(too_few)).to_be_visible()
    assert f"routine={night.pk}" in page.url

    page.goto("/today/")
    expect(page.locator(".today-routine", has_text=back.routine.name)).to_contain_text("Done today")
    expect(page.get_by_text("Not due")).to_have_count(0)
    assert_no_axe_violations(page)
    assert page.console_errors == []


def twelve_weeks_of_two_routines(person):
    """Twelve weeks of the lower-back set and the nightly release, with pain and notes."""
    from exercises.models import Exercise
    from progress.models import ExerciseLog

    today = timezone.localdate(timezone=person.zone)
    first = today - dt.timedelta(days=83)
    hamstrings = Exercise.objects.get(slug="roll-hamstrings-glutes")
    for slug, hour in (("lower-back-recovery", 8), ("nightly-release", 21)):
        routine = Routine.objects.get(slug=slug)
        enrolment = Enrolment.objects.create(
            user=person,
            routine=routine,
            phase=routine.phases.order_by("order").first(),
            started_on=first,
            phase_started_on=first,
        )
        for n in range(84):
            day = first + dt.timedelta(days=n)
            pain = 8 - n // 14
            session = SessionLog.objects.create(
                user=person,
                enrolment=enrolment,
                routine=routine,
                phase=enrolment.phase,
                started_at=dt.datetime.combine(day, dt.time(hour), tzinfo=person.zone),
                local_date=day,
                pain_before=pain,
                pain_after=max(pain - 2, 0),
                notes="Felt looser." if n % 20 == 0 else "",
                idempotency_key=uuid.uuid4(),
                total_seconds=120,
            )
            ExerciseLog.objects.create(session=session, exercise=hamstrings, seconds_done=120)
    return first, today


A4_PRINTABLE = {"width": 703, "height": 1032}  # 186 × 273 mm at 96 dpi: A4 less 12 mm margins


def test_the_twelve_week_report_prints_on_one_page_and_a_shared_link_opens_signed_out(
    page, browser, live_server
):
    person = UserFactory(time_zone="Europe/London", email="owner@example.com")
    first, today = twelve_weeks_of_two_routines(person)
    log_in(page, person)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/history/report/?start={first.isoformat()}&end={today.isoformat()}")
    expect(page.get_by_role("heading", name="Progress report")).to_be_visible()
    expect(page.get_by_text(re.compile(r"pain scores before sessions: 8\.0 → "))).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    assert_no_axe_violations(page)

    # On paper: no navigation, no buttons, no forms, and one A4 page.
    # A short viewport, so the document's height is its content's, not the window's.
    page.set_viewport_size({"width": A4_PRINTABLE["width"], "height": 200})
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator(".share-links")).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= A4_PRINTABLE["height"], f"{height}px is more than one A4 page"
    page.emulate_media(media="screen", color_scheme="dark")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_axe_violations(page)

    page.get_by_label("Who is it for?").fill("Dr Smith")
    page.get_by_label("Works for").select_option("7")
    page.get_by_role("button", name=re.compile("Make a link")).click()
    url = page.get_by_label(re.compile("Your new link")).input_value()
    assert "/share/" in url and url.split("/share/")[1] not in page.url
    expect(page.get_by_text("not opened yet")).to_be_visible()

    physio = browser.new_context(base_url=live_server.url)
    shared = physio.new_page()
    response = shared.goto(url)
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(shared.get_by_role("heading", name="Progress report")).to_be_visible()
    expect(shared.get_by_text("owner@example.com")).to_have_count(0)
    assert_no_axe_violations(shared)
    physio.close()

    # Back to the report (a reload would post the form again: the token is kept nowhere).
    page.goto("/history/report/")
    expect(page.get_by_text(re.compile("last opened"))).to_be_visible()
    page.get_by_role("button", name="Revoke the link for Dr Smith").click()
    expect(page.get_by_text("No link works now.")).to_be_visible()
    page.get_by_text(re.compile("^Links that no longer work")).click()  # folded away
    expect(page.get_by_text(re.compile("^Revoked"))).to_be_visible()


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


def test_a_new_share_link_can_be_copied_or_shared(page):
    person = UserFactory(time_zone="Europe/London")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.context.add_init_script(FAKE_SHARE_SHEET)
    log_in(page, person)
    page.goto("/history/report/")
    page.get_by_label("Who is it for?").fill("Dr Smith")
    page.get_by_role("button", name=re.compile("Make a link")).click()
    url = page.get_by_label(re.compile("Your new link")).input_value()
    page.get_by_role("button", name="Copy the new link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    page.get_by_role("button", name="Share the new link").click()
    assert page.evaluate("window.sharedWith") == [{"title": "My progress report", "url": url}]
    assert_no_axe_violations(page)


def test_the_log_form_from_history_fills_in_a_chosen_routines_moves_with_one_box_each(page):
    person = UserFactory(time_zone="Europe/London")
    routine = Routine.objects.get(slug="foam-roller-legs-hips")
    today = timezone.localdate(timezone=person.zone)
    enrolment = Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.get(order=2),  # Advanced: six rolls, then the leg raise's reps
        started_on=today,
        phase_started_on=today,
    )
    log_in(page, person)
    page.goto("/history/")
    page.get_by_role("link", name="Log a session", exact=True).click()
    page.wait_for_url("**/sessions/new/")

    # A blank row shows both boxes until its move is chosen; then only that move's unit.
    time_box, reps_box = page.get_by_label("Time done"), page.get_by_label("Reps")
    expect(time_box).to_be_visible()
    expect(reps_box).to_be_visible()
    page.locator('[name="rows-0-exercise"]').select_option("side-lying-leg-raise")
    expect(time_box).to_be_hidden()
    expect(reps_box).to_be_visible()
    page.locator('[name="rows-0-exercise"]').select_option("")

    # Choosing the routine while no row names a move fills in its moves, focus kept there.
    page.get_by_label("Routine").select_option(str(enrolment.pk))
    expect(page.get_by_text(f"Filled in the moves of {routine.name}.")).to_be_visible()
    expect(page.locator(".row-exercise select")).to_have_count(7)
    expect(page.get_by_label("Routine")).to_be_focused()
    expect(page.get_by_label("Reps").nth(0)).to_be_hidden()  # a roll: time
    expect(page.get_by_label("Time done").nth(6)).to_be_hidden()  # the leg raise: reps
    expect(page.get_by_label("Reps").nth(6)).to_have_value("20")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = SessionLog.objects.get(user=person)
    assert session.enrolment == enrolment
    rows = list(session.exercises.order_by("order").values_list("seconds_done", "reps_done"))
    assert rows[-1] == (None, 20) and all(reps is None for _, reps in rows[:-1])
    assert page.console_errors == []
