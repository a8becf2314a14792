"""The clinician's dashboard in a browser: cards on a phone, a table on a laptop, no
accessibility violations, and a person's page reached from a row."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import CareLink
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.factories import ClinicianFactory, EnrolmentFactory, SessionLogFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def clinician(db):
    sam = ClinicianFactory(email="sam@example.com", display_name="Sam Physio")
    for name, pain in (("Ana Lopez", 8), ("Ben", 3)):
        person = UserFactory(display_name=name)
        CareLink.objects.create(clinician=sam, person=person)
        started = timezone.localdate() - dt.timedelta(days=20)
        enrolment = EnrolmentFactory(user=person, started_on=started, phase_started_on=started)
        SessionLogFactory(user=person, enrolment=enrolment, pain_before=pain)
    return sam


def test_on_a_phone_each_person_is_a_card_and_nothing_scrolls_sideways(page, clinician):
    log_in(page, clinician)
    page.goto("/clinic/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first, second = page.locator("table.clinic-people tbody tr").all()
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    # one card above the other, each with its own labelled cells
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= second.bounding_box()["y"]
    assert "Flags" in first.locator("td").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert page.get_by_role("link", name="Clinic").is_visible()  # the navigation wraps
    assert_no_axe_violations(page)


def test_on_a_laptop_it_is_a_table_and_a_row_opens_the_persons_page(page, clinician):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, clinician)
    page.goto("/clinic/")
    row = page.locator("table.clinic-people tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    assert "Ana Lopez" in row.text_content()  # flagged first
    page.get_by_role("link", name="Pain before 7 or more (1)").click()
    assert page.locator("table.clinic-people tbody tr").count() == 1
    page.get_by_role("link", name="Ana Lopez").click()
    page.get_by_role("heading", name="Ana Lopez", level=1).wait_for()
    assert_no_axe_violations(page)
