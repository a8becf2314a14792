"""Time zones in the browser: the filter over the grouped picker, the device's zone suggested,
and the one-tap offer when the device's zone differs from the profile's."""

import pytest

from accounts.models import User
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def tokyo_page(browser, live_server):
    """A 1280 px browser whose device clock is set to Tokyo."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def test_the_picker_filters_by_place_and_suggests_the_devices_zone(tokyo_page):
    page = tokyo_page
    person = UserFactory(email="zones@example.com", time_zone="Europe/London")
    log_in(page, person)
    page.goto("/accounts/profile/")
    picker = page.get_by_label("Time zone", exact=True)
    assert "Your device is set to Tokyo (Asia)" in page.locator(".zone-suggestion").inner_text()
    assert_no_axe_violations(page)

    page.get_by_label("Find a place in the list").fill("paris")
    page.get_by_text("1 place matches.").wait_for()
    values = picker.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["Europe/London", "Europe/Paris"]  # the choice stays in the list
    assert picker.input_value() == "Europe/London"
    assert_no_axe_violations(page)
    page.keyboard.press("Enter")  # a single match is chosen
    assert picker.input_value() == "Europe/Paris"

    page.get_by_label("Find a place in the list").fill("zzz")
    page.get_by_text("No place matches").wait_for()
    page.get_by_role("button", name="Use it").click()  # clears the filter, picks Tokyo
    assert picker.input_value() == "Asia/Tokyo"
    assert picker.locator("option").count() > 300
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Profile saved.").wait_for()
    assert User.objects.get(pk=person.pk).time_zone == "Asia/Tokyo"
    assert page.locator(".zone-suggestion").count() == 0
    assert page.console_errors == []


def test_a_device_in_another_zone_is_offered_the_change_in_one_tap(tokyo_page):
    page = tokyo_page
    person = UserFactory(email="traveller@example.com", time_zone="Europe/London")
    log_in(page, person)
    page.goto("/history/")
    offer = page.locator("form.zone-prompt")
    offer.wait_for()
    assert "This device is on Asia/Tokyo time" in offer.inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Use Asia/Tokyo").click()
    page.get_by_text("Your time zone is Asia/Tokyo.").wait_for()
    assert page.url.endswith("/history/")
    assert User.objects.get(pk=person.pk).time_zone == "Asia/Tokyo"
    assert offer.is_hidden()
    assert page.console_errors == []


def test_keeping_the_profiles_zone_is_not_asked_again(tokyo_page):
    page = tokyo_page
    person = UserFactory(email="stayer@example.com", time_zone="Europe/London")
    log_in(page, person)
    page.goto("/history/")
    page.get_by_role("button", name="Keep Europe/London").click()
    assert page.locator("form.zone-prompt").is_hidden()
    for url in ["/history/", "/routines/"]:
        page.goto(url)
        assert page.locator("form.zone-prompt").is_hidden()
    assert User.objects.get(pk=person.pk).time_zone == "Europe/London"


def test_a_device_in_the_profiles_zone_is_offered_nothing(tokyo_page):
    page = tokyo_page
    person = UserFactory(email="home@example.com", time_zone="Asia/Tokyo")
    log_in(page, person)
    page.goto("/history/")
    assert page.locator("form.zone-prompt").is_hidden()
