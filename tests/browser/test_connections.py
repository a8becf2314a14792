"""A clinician's invite, followed by a new person on a phone: sign up, read what is shared,
accept, see the connection, and disconnect."""

import re

import pytest

from accounts.models import CareLink
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import PASSWORD, ClinicianFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_invite_link_is_made_accepted_after_signing_up_and_ended(browser, page, live_server):
    clinician = ClinicianFactory(display_name="Sam Rivers")
    log_in(page, clinician)
    page.goto("/clinic/invites/")
    assert_no_axe_violations(page)
    page.get_by_label("Who it's for (optional)").fill("Kim")
    page.get_by_role("button", name="Make an invite link").click()
    link = page.get_by_label(re.compile("Your new invite link for Kim")).input_value()
    assert_no_axe_violations(page)

    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    person = context.new_page()
    person.goto(link)
    assert person.get_by_role("heading", name="Sam Rivers invites you to connect").is_visible()
    person.get_by_role("link", name="Create an account").click()
    person.get_by_label("Email address").fill("kim@example.com")
    person.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    person.get_by_label("Password confirmation").fill(PASSWORD)
    person.get_by_role("button", name="Create account").click()
    person.wait_for_url(re.compile(r"/join/"))
    assert person.get_by_text("Connect only with someone you know").is_visible()
    assert not person.get_by_label("Share my session notes too").is_checked()
    assert_no_axe_violations(person)
    person.get_by_role("button", name="Accept and connect").click()
    person.wait_for_url("**/accounts/clinicians/")
    assert person.get_by_text("You are connected with Sam Rivers").is_visible()
    assert_no_axe_violations(person)
    assert CareLink.objects.visible_to(clinician).count() == 1

    person.get_by_role("link", name="Disconnect from Sam Rivers").click()
    assert_no_axe_violations(person)
    person.get_by_role("button", name="Disconnect").click()
    person.wait_for_url("**/accounts/clinicians/")
    assert not CareLink.objects.visible_to(clinician).exists()
    context.close()
    assert page.console_errors == []
