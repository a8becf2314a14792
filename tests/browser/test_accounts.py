import re

import pytest

from accounts.models import User
from tests.browser.helpers import assert_no_axe_violations
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_up_see_the_account_menu_log_out_and_log_in_again(page):
    page.goto("/accounts/signup/")
    assert_no_axe_violations(page)
    page.get_by_label("Email address").fill("walker@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/start/")

    user = User.objects.get(email="walker@example.com")
    assert user.time_zone != "", "the browser's zone (or UTC) is stored"

    menu = page.get_by_text("walker@example.com")
    menu.click()
    page.get_by_role("link", name="Profile").wait_for()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    assert page.get_by_role("link", name="Log in").is_visible()

    page.get_by_role("link", name="Log in").click()
    assert_no_axe_violations(page)
    page.get_by_label("Email address").fill("walker@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/today/")
    assert page.get_by_text("walker@example.com").is_visible()
    for url in ["/accounts/profile/", "/accounts/delete/"]:  # the danger buttons
        page.goto(url)
        assert_no_axe_violations(page)
    assert page.console_errors == []


def test_the_skip_link_is_the_first_stop_on_the_keyboard_path(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert_no_axe_violations(page)
