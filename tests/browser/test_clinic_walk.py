"""The clinic end to end, on a laptop and on a phone (issue #30's "Done when"): a clinician
signs up and turns the role on, invites; the person signs up from the link, reads what is
shared and accepts; the clinician assigns a three-move routine with a note; the person sees
it on Today and does it in the guided session, pain rising; the clinician's dashboard shows
them first with the flag; the person disconnects and the clinician gets a 404 on them.

Two browser contexts (two people, two sets of cookies), axe on every page, no console
errors. Dates come from the day the test runs, in each person's own zone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import care
from accounts.models import CareLink, User
from progress.models import SessionLog
from tests.browser.helpers import assert_no_axe_violations
from tests.factories import PASSWORD, SessionLogFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTE = "Gently, twice a week to start. Stop any move that hurts and tell me."
MOVES = ("Foam roll: calves", "Calf stretch against a wall", "Quad stretch")


@pytest.fixture
def new_page(browser, live_server):
    """Make a page in a context of its own (its own cookies), collecting console errors;
    every context made is closed after the test, whatever happens in it."""
    contexts = []

    def make(width: int, time_zone: str):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900 if width > 600 else 844},
            timezone_id=time_zone,
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def sign_up(page, email: str) -> None:
    """The real sign-up form (on whatever page links to it with its `next`)."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def pick(page, legend: str, score: str) -> None:
    page.get_by_role("group", name=re.compile(legend)).get_by_label(score, exact=True).check()


def assert_fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# The person's zone differs from the clinician's, behind UTC on the laptop and ahead of
# it on the phone, so their days differ from the server's at some hour of every day.
@pytest.mark.parametrize(
    ("width", "zone"),
    [(1280, "America/New_York"), (390, "Australia/Sydney")],
    ids=["laptop", "phone"],
)
def test_clinician_invites_assigns_sees_the_flag_first_and_loses_access_on_disconnect(
    new_page, width, zone
):
    # --- The clinician signs up and turns the clinician role on in the profile.
    sam = new_page(width, "Europe/London")
    sam.goto("/accounts/signup/")
    assert_no_axe_violations(sam)
    sign_up(sam, "sam@example.com")
    sam.wait_for_url("**/start/")
    assert_no_axe_violations(sam)
    sam.goto("/accounts/profile/")
    sam.get_by_label("Name (optional; needed for a clinician account)").fill("Sam Rivers")
    sam.get_by_label("I'm a physiotherapist or clinician").check()
    sam.get_by_label("Profession (optional)").fill("Physiotherapist")
    sam.get_by_role("button", name="Save profile").click()
    expect(sam.get_by_role("link", name="Your invite links")).to_be_visible()
    assert_no_axe_violations(sam)
    clinician = User.objects.get(email="sam@example.com")
    assert clinician.is_clinician and clinician.profession == "Physiotherapist"

    # Someone already connected, with no flag, whose name comes first in the alphabet: so
    # "flagged first" is the flag's doing, not the name's.
    calm = UserFactory(display_name="Aaron Able", time_zone="Europe/London")
    CareLink.objects.create(clinician=clinician, person=calm)

    # --- An invite link, shown once, read from the page.
    sam.get_by_role("link", name="Your invite links").click()
    sam.get_by_label("Who it's for (optional)").fill("Kim")
    sam.get_by_role("button", name="Make an invite link").click()
    link = sam.get_by_label(re.compile("Your new invite link for Kim")).input_value()
    assert "/join/" in link
    assert_no_axe_violations(sam)
    assert_fits(sam, width)

    # --- The person opens it in their own browser, signs up from it and accepts.
    kim = new_page(width, zone)
    kim.goto(link)
    expect(kim.get_by_role("heading", name="Sam Rivers invites you to connect")).to_be_visible()
    assert_no_axe_violations(kim)
    kim.get_by_role("link", name="Create an account").click()
    assert "next=" in kim.url
    assert_no_axe_violations(kim)
    sign_up(kim, "kim@example.com")
    kim.wait_for_url(re.compile(r"/join/"))
    consent = kim.get_by_role("heading", name="What Sam Rivers would see")
    expect(consent).to_be_visible()
    shared = kim.locator("h2:has-text('What Sam Rivers would see') + ul > li")
    expect(shared).to_have_text([*care.SHARED, f"{care.NOTES}: only if you tick the box below"])
    expect(kim.get_by_label("Share my session notes too")).not_to_be_checked()
    assert_no_axe_violations(kim)  # the consent screen, light and dark
    assert_fits(kim, width)
    kim.get_by_role("button", name="Accept and connect").click()
    kim.wait_for_url("**/accounts/clinicians/")
    expect(kim.get_by_text("You are connected with Sam Rivers")).to_be_visible()
    assert_no_axe_violations(kim)
    person = User.objects.get(email="kim@example.com")
    assert person.time_zone == zone  # detected on sign-up

    # --- The clinician assigns a routine from the person's page, then adds three moves.
    sam.get_by_role("link", name="Clinic").click()
    sam.wait_for_url("**/clinic/")
    assert_no_axe_violations(sam)
    sam.get_by_role("link", name="kim@example.com").click()
    sam.get_by_role("heading", name="kim@example.com", level=1).wait_for()
    assert_no_axe_violations(sam)
    sam.get_by_role("link", name="Assign a routine").click()
    sam.get_by_role("heading", name="A routine for kim@example.com").wait_for()
    assert_no_axe_violations(sam)
    sam.get_by_label("Name", exact=True).fill("Calves and quads")
    sam.get_by_label("How often").select_option(label="Once or twice a week")
    sam.get_by_label("Your note").fill(NOTE)
    sam.get_by_role("button", name="Assign and add moves").click()
    sam.get_by_role("heading", name="Edit Calves and quads").wait_for()
    expect(sam.get_by_text("For kim@example.com")).to_be_visible()
    for move in MOVES:
        sam.get_by_label("Add a move").select_option(label=move)
        sam.get_by_role("button", name="Add", exact=True).click()
        expect(sam.locator(".move-name > a", has_text=move)).to_be_visible()
    expect(sam.locator(".move-name > a")).to_have_text(list(MOVES))
    assert_no_axe_violations(sam)
    assert_fits(sam, width)
    sam.get_by_role("link", name=re.compile("^Done")).click()
    sam.get_by_role("heading", name="kim@example.com", level=1).wait_for()
    assigned = sam.get_by_role("region", name="Routines you assigned")
    expect(assigned.get_by_role("heading", name="Calves and quads")).to_be_visible()
    expect(assigned).to_contain_text(NOTE)

    # --- The person sees it on Today, from Sam, with the note, and does it.
    # One earlier session with a rise, made here rather than through the player (the
    # "pain rising" rule needs a rise in 2 of the last 3 sessions with both scores): a
    # session logged by hand two days ago, pain 3 before and 5 after.
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    SessionLogFactory(user=person, started_at=two_days_ago, pain_before=3, pain_after=5)
    kim.goto("/today/")
    card = kim.locator(".today-routine", has_text="Calves and quads")
    expect(card.get_by_role("heading", name="From Sam Rivers: Calves and quads")).to_be_visible()
    expect(card.locator(".clinician-note")).to_contain_text(NOTE)
    expect(card.locator(".clinician-note")).to_contain_text("Sam Rivers's note (Physiotherapist)")
    assert_no_axe_violations(kim)
    assert_fits(kim, width)
    card.get_by_role("link", name="Start guided session").click()
    kim.wait_for_url(re.compile(r"/today/\d+/session/"))
    kim.goto(kim.url + "?speed=1000")
    pick(kim, "Pain right now", "2")
    assert_no_axe_violations(kim)
    kim.get_by_role("button", name="Start", exact=True).click()
    summary = kim.get_by_role("region", name="Well done")
    expect(summary).to_be_visible(timeout=30_000)
    expect(summary.locator("[data-sum-done]")).to_have_text("3 of 3")
    pick(kim, "Pain now", "5")
    expect(summary.get_by_text("Pain 2 → 5.")).to_be_visible()
    assert_no_axe_violations(kim)
    summary.get_by_role("button", name="Save").click()
    expect(kim.get_by_role("link", name="Back to Today")).to_be_visible()
    assert_no_axe_violations(kim)
    session = SessionLog.objects.filter(user=person).latest("started_at")
    assert (session.routine.name, session.pain_before, session.pain_after) == (
        "Calves and quads",
        2,
        5,
    )

    # --- The clinician's dashboard: the flagged person first, with the flag; the filter.
    sam.goto("/clinic/")
    rows = sam.locator("table.clinic-people tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.get_by_role("rowheader")).to_have_text("kim@example.com")
    expect(rows.first.locator("td").first).to_contain_text(
        "Pain rose after 2 of the last 3 sessions with scores"
    )
    expect(rows.last.get_by_role("rowheader")).to_have_text("Aaron Able")
    expect(rows.last.locator("td").first).to_have_text("None")
    assert_no_axe_violations(sam)  # the dashboard, light and dark
    assert_fits(sam, width)
    sam.get_by_role("link", name="Pain rising after sessions (1)").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text("kim@example.com")
    expect(
        sam.get_by_role("heading", name="Pain rising after sessions: 1", level=2)
    ).to_be_visible()
    assert_no_axe_violations(sam)
    assert sam.console_errors == []

    # --- The person disconnects: profile → clinicians → Disconnect → confirm.
    kim.goto("/accounts/profile/")
    kim.get_by_role("link", name=re.compile("^See what they see")).click()
    kim.get_by_role("link", name="Disconnect from Sam Rivers").click()
    assert_no_axe_violations(kim)
    kim.get_by_role("button", name="Disconnect").click()
    kim.wait_for_url("**/accounts/clinicians/")
    expect(kim.get_by_text("You disconnected from Sam Rivers")).to_be_visible()
    assert_no_axe_violations(kim)
    assert kim.console_errors == []

    # --- And the clinician no longer reaches them: a 404, and gone from the dashboard.
    response = sam.goto(f"/clinic/people/{person.pk}/")
    assert response.status == 404
    sam.goto("/clinic/")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text("Aaron Able")
    # The only console error: the browser's own line for the 404 it was given.
    assert all("404" in error for error in sam.console_errors), sam.console_errors
