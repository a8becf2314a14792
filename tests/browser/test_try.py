"""Signed out: Today says what it is, and a programme's guided session can be tried without
an account (nothing saved, an invitation to sign up at the end)."""

import pytest
from playwright.sync_api import expect

from progress.models import SessionLog
from tests.browser.helpers import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_signed_out_visitor_tries_a_guided_session_and_is_invited_to_sign_up(page):
    page.goto("/today/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Try Foam roller for legs and hips").click()
    page.wait_for_url("**/routines/foam-roller-legs-hips/try/")
    expect(page.get_by_text("nothing is saved")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/routines/foam-roller-legs-hips/try/?speed=1000")
    page.get_by_role("button", name="Start", exact=True).click()
    summary = page.locator("[data-view=summary]")
    expect(summary).to_be_visible(timeout=15_000)
    expect(page.locator("[data-sum-done]")).to_have_text("2 of 2")
    invite = page.get_by_role("region", name="Nothing was saved: this was a try")
    expect(invite).to_be_visible()
    expect(invite.get_by_role("link", name="Sign up free")).to_have_attribute(
        "href", "/accounts/signup/?next=/routines/foam-roller-legs-hips/"
    )
    expect(summary.get_by_role("button", name="Save")).to_have_count(0)
    page.get_by_role("radio", name="2").last.check()  # pain now: shown, never sent
    assert_no_axe_violations(page)
    assert not SessionLog.objects.exists()

    page.get_by_role("button", name="Try it again").click()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    assert page.console_errors == []
