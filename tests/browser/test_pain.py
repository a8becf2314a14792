"""Pain steers the plan, in a 390 px Chromium: the caution before a session, the flare day,
the caution in the player's summary, and Today's word on a phase that waits for pain."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from progress.models import SessionLog
from routines.models import Enrolment, Routine
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import SessionLogFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def follow(person, slug: str, days_ago: int = 0) -> Enrolment:
    routine = Routine.objects.get(slug=slug)
    day = timezone.localdate(timezone=person.zone) - dt.timedelta(days=days_ago)
    return Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.get(order=1),
        started_on=day,
        phase_started_on=day,
    )


def pick(page, legend: str, score: str) -> None:
    page.get_by_role("group", name=re.compile(legend)).get_by_label(score, exact=True).check()


def test_pain_eight_brings_the_caution_then_a_flare_day_whose_rise_is_met_in_the_summary(page):
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "hamstrings-back-knee")
    log_in(page, person)

    # Pain 8 before the whole routine: a calm caution before Start, nothing blocked.
    page.goto(f"/today/{enrolment.pk}/session/")
    caution = page.locator("[data-before-caution]")
    expect(caution).to_be_hidden()
    pick(page, "Pain right now", "8")
    expect(caution).to_be_visible()
    expect(caution).to_contain_text("Never stretch in pain.")
    expect(caution).to_contain_text("a rest day, are both good choices today")
    expect(caution).to_contain_text("Our rule, not the articles'")
    caution.get_by_text("When to see someone instead").click()
    expect(caution.get_by_text("NHS back-pain page")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_enabled()
    assert_no_axe_violations(page)

    # So: the flare day from Today, the gentlest moves ticked, our suggestion said.
    page.goto("/today/")
    page.locator(".today-more > summary").first.click()  # the card's fold
    page.get_by_text("Flare day? A short, gentle version").click()
    offer = page.locator("details.flare")
    expect(offer).to_contain_text("Our suggestion")
    expect(offer.locator("input:checked")).to_have_count(2)
    assert_no_axe_violations(page)
    offer.get_by_role("button", name="Start the short version").click()
    expect(page.get_by_text(re.compile("a flare-day version, 2 of 3 moves"))).to_be_visible()
    expect(page.get_by_text("Go gently today.")).to_be_visible()
    assert_no_axe_violations(page)
    start = page.get_by_role("link", name="Start guided session").get_attribute("href")

    # The short version: pain 8 again, the caution, then a run through at speed.
    page.goto(start + "&speed=1000")
    pick(page, "Pain right now", "8")
    expect(page.locator("[data-before-caution]")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    summary = page.get_by_role("region", name="Well done")
    expect(summary).to_be_visible()
    expect(summary.locator("[data-sum-done]")).to_have_text("2 of 2")
    sum_caution = summary.locator("[data-sum-caution]")
    expect(sum_caution).to_be_hidden()

    # Pain 10 after: a rise of 2, and the same caution as the session page, in the summary.
    pick(page, "Pain now", "10")
    expect(summary.get_by_text("Pain 8 → 10.")).to_be_visible()
    expect(sum_caution).to_be_visible()
    expect(sum_caution).to_contain_text(
        "Go gently next time. Your pain was 2 points higher after this session than before."
    )
    expect(sum_caution).to_contain_text("the flare-day short version of your routine")
    assert_no_axe_violations(page)

    summary.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Back to Today")).to_be_visible()
    session = SessionLog.objects.get(user=person)
    assert (session.pain_before, session.pain_after, session.flare_day) == (8, 10, True)
    page.goto(session.get_absolute_url())
    expect(
        page.get_by_text("Your pain was 2 points higher after this session than before.")
    ).to_be_visible()
    expect(page.get_by_text("flare day", exact=True)).to_be_visible()
    assert page.console_errors == []


def test_today_says_why_the_next_step_waits_for_a_person_whose_pain_rose_twice(page):
    person = UserFactory(time_zone="Europe/London")
    enrolment = follow(person, "foam-roller-legs-hips", days_ago=20)
    today = timezone.localdate(timezone=person.zone)
    for days_ago, before, after in (
        (20, 4, 4),
        (19, 4, 4),
        (18, 4, 4),
        (17, 4, 4),
        (16, 4, 4),
        (15, 4, 4),
        (14, 4, 4),
        (2, 2, 5),
        (1, 3, 3),
        (0, 3, 6),
    ):
        day = today - dt.timedelta(days=days_ago)
        SessionLogFactory(
            user=person,
            enrolment=enrolment,
            routine=enrolment.routine,
            started_at=dt.datetime.combine(day, dt.time(8), tzinfo=person.zone),
            pain_before=before,
            pain_after=after,
        )
    log_in(page, person)
    page.goto("/today/")
    # Short on the card, before Start; why, in full, in the card's fold.
    expect(page.locator(".pain-wait")).to_have_text("Advanced waits while your pain settles.")
    page.locator(".today-more > summary").first.click()
    expect(page.locator(".pain-wait-why")).to_have_text(
        "Advanced waits while your pain settles: it rose by 2 points or more after 2 of your "
        "last 3 sessions with both scores, and goes ahead once fewer of them do "
        "(our rule, not the articles')."
    )
    page.get_by_text("When to see someone instead").click()
    # Yesterday's session brings the next-morning question: one tap, then it is gone.
    question = page.get_by_role("group", name=re.compile("Your back this morning"))
    expect(question).to_be_visible()
    assert_no_axe_violations(page)
    question.get_by_role("button", name="the same").click()
    expect(page.get_by_text("Thank you: noted with yesterday's session.")).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("Your back this morning"))).to_have_count(0)
    expect(page.locator(".pain-wait")).to_be_visible()
    assert page.console_errors == []


def test_the_log_form_s_caution_follows_the_score_and_the_red_flags_page_reads_well(page):
    person = UserFactory(time_zone="Europe/London")
    risen = SessionLogFactory(user=person, pain_before=2, pain_after=8)
    log_in(page, person)
    page.goto("/sessions/new/")
    caution = page.locator("[data-before-caution]")
    expect(caution).to_be_hidden()  # with JavaScript, only for a score that calls for it
    pick(page, "Pain before", "8")
    expect(caution).to_be_visible()
    assert_no_axe_violations(page)
    pick(page, "Pain before", "3")
    expect(caution).to_be_hidden()

    page.goto(risen.get_absolute_url())
    expect(page.get_by_text("Go gently next time.")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/red-flags/")
    expect(
        page.get_by_role("heading", name="When to see a doctor or physiotherapist")
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert page.console_errors == []
