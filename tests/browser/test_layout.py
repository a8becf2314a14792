"""Laptop: the page and its side panel side by side from 1,000 px; a phone keeps one column."""

import pytest

from routines.models import Enrolment, Routine
from tests.browser.helpers import log_in
from tests.factories import SessionLogFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _boxes(page) -> dict:
    return {
        part: page.locator(f".with-panel > .page-{part}").first.bounding_box()
        for part in ("head", "body", "panel")
    }


def _side_by_side(page) -> None:
    boxes = _boxes(page)
    assert boxes["panel"]["x"] >= boxes["body"]["x"] + boxes["body"]["width"]
    assert boxes["panel"]["y"] < boxes["body"]["y"]  # level with the title, not after the page
    assert boxes["body"]["width"] > 500


@pytest.fixture
def follower(db):
    person = UserFactory(email="wide@example.com", time_zone="UTC")
    routine = Routine.objects.get(slug="legs-hips-back-stretches")
    enrolment = Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.order_by("order").first(),
        started_on="2026-01-05",
        phase_started_on="2026-01-05",
    )
    SessionLogFactory(user=person, enrolment=enrolment, routine=routine, time_zone="UTC")
    return person


WIDE_PAGES = [
    "/routines/legs-hips-back-stretches/",
    "/exercises/roll-calves/",
    "/today/",
    "/history/",
]


@pytest.mark.parametrize("url", WIDE_PAGES)
def test_a_laptop_shows_the_page_and_its_side_panel_side_by_side(page, follower, url):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, follower)
    page.goto(url)
    _side_by_side(page)


def test_just_under_a_thousand_pixels_and_on_a_phone_it_is_one_column(page):
    page.goto("/routines/legs-hips-back-stretches/")
    for width in (390, 990):
        page.set_viewport_size({"width": width, "height": 900})
        boxes = _boxes(page)
        # The routine page's panel (start it / your progress) comes between its title and moves.
        assert boxes["head"]["y"] < boxes["panel"]["y"] < boxes["body"]["y"]
        assert abs(boxes["panel"]["x"] - boxes["body"]["x"]) < 1
