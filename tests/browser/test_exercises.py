import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_filter_by_body_area_in_place_then_open_an_exercise(page):
    page.goto("/exercises/")
    assert_no_axe_violations(page)
    cards = page.locator("#results h3 a")
    assert cards.count() == 23

    page.locator("summary", has_text="Filters").click()
    marker = page.evaluate("() => (window.__noReload = true)")
    page.get_by_label("Body area").select_option("calves")

    page.wait_for_url(re.compile(r"area=calves"))
    status = page.get_by_role("status").filter(has_text="match")
    assert "4 exercises match your filters" in status.inner_text()
    assert cards.count() == 4
    # Updated in place: the page (and our marker on window) survived.
    assert page.evaluate("() => window.__noReload") is marker

    page.get_by_role("link", name="Calf stretch against a wall").click()
    page.wait_for_url("**/exercises/calf-stretch-wall/")
    assert page.locator(".dose-main").inner_text() == "3 × 20–30 s · each side"
    steps = page.locator("ol.steps > li")
    assert steps.count() == 4
    assert "toes of one foot against the wall" in steps.nth(1).inner_text()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto("/exercises/")
    page.get_by_label("Kind").select_option("ball")
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url(re.compile(r"kind=ball"))
    names = page.locator("#results h3 a").all_inner_texts()
    assert names == ["Ball release: thighs, hips and buttocks", "Lacrosse ball hamstring release"]

    page.get_by_label("Search the library").fill("hamstrng")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"q=hamstrng"))
    # The kind filter still applies; the name outranks the hamstrings tag.
    assert page.locator("#results h3 a").all_inner_texts() == [
        "Lacrosse ball hamstring release",
        "Ball release: thighs, hips and buttocks",
    ]
    context.close()


def test_search_on_a_phone_shows_both_calf_moves_without_scrolling(page):
    page.goto("/exercises/")
    box = page.get_by_label("Search the library")
    assert box.is_visible()  # not hidden inside Filters
    assert not page.get_by_label("Body area").is_visible()

    box.press_sequentially("calf", delay=50)

    page.wait_for_url(re.compile(r"q=calf"))
    status = page.get_by_role("status").filter(has_text="match")
    assert "5 exercises match “calf”" in status.inner_text()
    names = page.locator("#results h3 a")
    assert names.all_inner_texts()[:2] == ["Foam roll: calves", "Calf stretch against a wall"]
    viewport = page.viewport_size
    assert page.evaluate("() => window.scrollY") == 0
    for card in page.locator("#results .exercise-card").all()[:2]:
        rect = card.bounding_box()
        assert rect["y"] >= 0 and rect["y"] + rect["height"] <= viewport["height"], rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= viewport["width"], rect
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_a_search_for_a_fresh_injury_leads_with_the_caution_on_a_phone(page):
    page.goto("/exercises/")

    page.get_by_label("Search the library").press_sequentially("pulled groin", delay=30)

    status = page.get_by_role("status").filter(has_text="match “pulled groin”")
    status.wait_for()
    caution = page.get_by_role("note", name="A fresh injury needs rest first")
    assert caution.is_visible()
    assert "general guidance, not medical advice" in caution.inner_text()
    assert (
        caution.get_by_role("link", name="When to see someone promptly").get_attribute("href")
        == "/red-flags/"
    )
    first_card = page.locator("#results .exercise-card").first
    assert caution.bounding_box()["y"] < first_card.bounding_box()["y"]
    assert page.get_by_role("heading", name=re.compile("not a treatment")).is_visible()
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_the_search_placeholder_fits_its_box_on_a_phone(page):
    page.goto("/exercises/")  # 390 px wide
    box = page.get_by_label("Search the library")
    room, needed = box.evaluate(
        """(input) => {
            const style = getComputedStyle(input);
            const context = document.createElement("canvas").getContext("2d");
            context.font = style.font;
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return [input.clientWidth - padding, context.measureText(input.placeholder).width];
        }"""
    )
    # A fifth to spare: phones' own fonts run wider than the test browser's, and a typed
    # query's clear button takes room too. "e.g. calf, back pain, towel" filled it all.
    assert needed <= room * 0.8, f"the placeholder needs {needed:.0f}px of {room:.0f}px"


def test_search_results_say_why_they_matched(page):
    page.goto("/exercises/?q=back+of+the+thigh")
    first = page.locator("#results .exercise-card").first
    expect(first.locator(".match-reason")).to_have_text("Matched: body area Hamstrings")
    assert_no_axe_violations(page)
