"""The guided session's page: /today/<enrolment>/session/."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from routines.models import Enrolment
from routines.pain import player_table
from tests.factories import SessionLogFactory
from tests.helpers import FOAM, STRETCHES, enrol

pytestmark = pytest.mark.django_db


def url(enrolment: Enrolment) -> str:
    return reverse("session", args=[enrolment.pk])


def plan_of(text: str) -> dict:
    return json.loads(text.split('id="session-plan" type="application/json">')[1].split("<")[0])


def test_the_session_page_is_a_checklist_with_doses_and_the_log_link(alice_client, alice):
    enrolment = enrol(alice, STRETCHES)
    text = alice_client.get(url(enrolment)).content.decode()
    assert "Kneeling hip flexor stretch" in text and "3 × 20–30 s · each side" in text
    assert f'href="/sessions/new/?enrolment={enrolment.pk}"' in text
    assert 'type="module"' in text and "js/player/main.js" in text and 'nonce="' in text


def test_the_session_plan_uses_the_persons_own_get_ready(alice_client, alice):
    alice.get_ready_seconds = 8
    alice.save()
    enrolment = enrol(alice, STRETCHES)
    plan = plan_of(alice_client.get(url(enrolment)).content.decode())
    readies = [s["seconds"] for s in plan["steps"] if s["kind"] == "ready"]
    # kneeling -> standing -> floor -> wall -> chair -> floor -> kneeling
    assert readies == [15, 15, 15, 15, 15, 15, 15]
    assert plan["exercises"][0]["image"].endswith("exercise-kneeling-hip-flexor-stretch.svg")
    foam = plan_of(alice_client.get(url(enrol(alice, FOAM))).content.decode())
    # floor -> floor: the person's own 8 s, with no change of position to add to it
    assert [s["seconds"] for s in foam["steps"] if s["kind"] == "ready"] == [15, 8]


def test_the_how_to_of_each_move_is_on_the_page(alice_client, alice):
    enrolment = enrol(alice, STRETCHES)
    text = alice_client.get(url(enrolment)).content.decode()
    assert "<dialog" in text
    assert "Kneel on one knee with a pillow under it" in text  # a step
    assert text.count("data-howto-ex=") == 7


def test_today_and_the_routine_page_link_to_the_session(alice_client, alice):
    enrolment = enrol(alice, FOAM)
    assert url(enrolment) in alice_client.get(reverse("today")).content.decode()
    detail = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert url(enrolment) in detail


def test_another_persons_session_is_404(alice_client, bob):
    assert alice_client.get(url(enrol(bob, FOAM))).status_code == 404


def test_a_stopped_routine_has_no_session(alice_client, alice):
    enrolment = enrol(alice, FOAM, status="ended")
    assert alice_client.get(url(enrolment)).status_code == 404


def test_the_session_needs_a_login(client, alice):
    response = client.get(url(enrol(alice, FOAM)))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_session_query_count_is_fixed(alice_client, alice, django_assert_num_queries):
    enrolment = enrol(alice, STRETCHES)
    # session, user, enrolment with activity, library version; then the routine once:
    # routine + next, phases, items + exercises, steps; each time, the latest pain scores
    # (progression.pain_hold) and the usual pain before (the caution).
    with django_assert_num_queries(10):
        assert alice_client.get(url(enrolment)).status_code == 200
    with django_assert_num_queries(6):
        assert alice_client.get(url(enrolment)).status_code == 200


def test_without_javascript_only_the_checklist_and_the_log_link_show(alice_client, alice):
    text = alice_client.get(url(enrol(alice, FOAM))).content.decode()
    for view in ("player", "summary"):
        assert re.search(rf'<section[^>]*data-view="{view}"[^>]*\shidden>', text), view
    # The start section shows from the first paint with JavaScript (no layout shift when
    # the player takes over) and is hidden by a stylesheet only a browser without it loads.
    assert '<noscript><link rel="stylesheet" href="/static/css/player-nojs.css"></noscript>' in text
    nojs = (settings.BASE_DIR / "static/css/player-nojs.css").read_text()
    assert ".session-start { display: none; }" in nojs
    assert re.search(r"<details[^>]*data-steps open>", text)


def test_without_javascript_the_page_says_the_timer_needs_it_and_offers_the_log_form(
    alice_client, alice
):
    enrolment = enrol(alice, FOAM)
    text = alice_client.get(url(enrolment)).content.decode()
    notice = re.search(r"<noscript><p class=\"notice nojs-notice\">(.*?)</p></noscript>", text)
    assert notice, "no notice for a browser without JavaScript"
    assert "The guided session's timer needs JavaScript" in notice.group(1)
    assert f'<a href="/sessions/new/?enrolment={enrolment.pk}">log this session</a>' in notice[1]
    # The same words, for a browser whose JavaScript can't run the player, shown by its catch.
    assert re.search(r'<p class="notice" data-player-failed hidden>The guided session', text)


def test_the_step_list_shows_each_rest_between_rounds_as_our_suggestion(alice_client, alice):
    text = alice_client.get(url(enrol(alice, STRETCHES))).content.decode()
    steps = text.split("data-steps")[1].split("</details>")[0]
    assert steps.count("rest 10 s between rounds (our suggestion)") == 6  # child's pose: none


def test_the_session_says_what_its_time_adds_to_the_routine_pages(alice_client, alice):
    enrolment = enrol(alice, STRETCHES)
    text = alice_client.get(url(enrolment)).content.decode()
    lead = re.search(r'<p class="lead">([^<]*)</p>', text).group(1)
    # The routine page's "about 23 min" is the moves alone; the session adds 7 get-readies
    # (12 s for the first and each change of position, 5 s when it stays) and 6 switches.
    assert enrolment.phase.minutes_text == "about 23 min"
    assert lead.startswith(
        "Stretches · about 25 min with get-ready and side switches (about 23 min of moves)"
    )


def test_the_step_list_and_the_how_to_show_each_dose_note(alice_client, alice):
    text = alice_client.get(url(enrol(alice, STRETCHES))).content.decode()
    note = "each of the 3 rounds is one position, in order."
    steps = text.split("data-steps")[1].split("</details>")[0]
    howto = text.split("data-howto ")[1].split("</dialog>")[0]
    assert note in steps and note in howto
    assert "The article sets no number of rounds" in howto
    assert "Never stretch in pain." in text and "sharp pain" not in text


def test_the_start_carries_the_caution_before_a_session_with_the_person_s_usual(
    alice_client, alice
):
    for score in (2, 3, 2, 9, 1):  # usual: the median, 2
        SessionLogFactory(user=alice, pain_before=score)
    text = alice_client.get(url(enrol(alice, FOAM))).content.decode()
    box = re.search(r'<div class="caution before-caution"[^>]*>', text)[0]
    assert 'data-flags="00000111111"' in box  # 5 and up: three above 2, and 7 and up
    assert 'data-watch="pain-before-pick"' in box
    assert "your usual of 2 (the middle of your last 10 scores before a session)" in text
    assert "Never stretch in pain. The flare-day short version" in text
    assert "It is a reminder, not a stop." in text
    assert "When to see someone instead" in text  # the red flags, collapsed


def test_the_summary_has_the_caution_and_the_table_from_the_one_rule(alice_client, alice):
    text = alice_client.get(url(enrol(alice, FOAM))).content.decode()
    assert re.search(r'<div class="caution" role="note" data-sum-caution hidden>', text)
    table = json.loads(re.search(r'id="pain-table"[^>]*>(.*?)</script>', text)[1])
    assert table == player_table()


# Trying a programme without an account -------------------------------------------------


def test_a_signed_out_visitor_can_try_a_programmes_guided_session(client):
    response = client.get(reverse("routines:try", args=[STRETCHES]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kneeling hip flexor stretch" in text and "data-trial" in text
    assert len(plan_of(text)["exercises"]) == 7
    assert "js/player/main.js" in text
    assert "nothing is saved" in text


def test_a_try_saves_nothing_and_invites_the_visitor_to_sign_up(client):
    text = client.get(reverse("routines:try", args=[FOAM])).content.decode()
    assert "data-save-form" not in text and "/sessions/new/" not in text
    assert "data-sum-week" not in text
    assert "Nothing was saved: this was a try" in text
    assert f'href="/accounts/signup/?next=/routines/{FOAM}/"' in text
    assert 'data-action="discard">Try it again' in text
    # Without JavaScript, the checklist and the invitation instead of the log link.
    assert "Sign up to log your sessions" in text


def test_trying_as_a_signed_in_person_offers_to_start_the_routine(alice_client, alice):
    text = alice_client.get(reverse("routines:try", args=[FOAM])).content.decode()
    assert f'<a class="button" href="/routines/{FOAM}/">Start ' in text
    assert "Sign up free" not in text


def test_only_programmes_can_be_tried(client, alice):
    from routines import services

    own = services.create_routine(alice, "Mine", (3, 4))
    assert client.get(reverse("routines:try", args=[own.slug])).status_code == 404
    assert client.get(reverse("routines:try", args=["no-such-routine"])).status_code == 404


def test_the_routine_page_offers_a_signed_out_visitor_a_try(client):
    text = client.get(reverse("routines:detail", args=[STRETCHES])).content.decode()
    assert f'href="/routines/{STRETCHES}/try/"' in text


def test_the_try_query_count_is_fixed(client, django_assert_num_queries):
    # the programme, the library version; then its plan once: routine + next, phases,
    # items + exercises, steps.
    with django_assert_num_queries(6):
        assert client.get(reverse("routines:try", args=[STRETCHES])).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(reverse("routines:try", args=[STRETCHES])).status_code == 200


def test_the_one_minute_starts_routine_rests_between_the_hamstring_stretchs_rounds(
    alice_client, alice
):
    answers = {"where": ["lower-back"], "have": ["nothing"], "minutes": "10"}
    alice_client.post("/start/", answers)
    enrolment = Enrolment.objects.get(user=alice)
    plan = plan_of(alice_client.get(url(enrolment)).content.decode())
    stretch = [e["slug"] for e in plan["exercises"]].index("hamstring-stretch")
    kinds = [s["kind"] for s in plan["steps"] if s["ex"] == stretch]
    side = ["work", "rest", "work", "rest", "work"]
    assert kinds == ["ready", *side, "switch", *side]
    assert {s["seconds"] for s in plan["steps"] if s["kind"] == "rest"} == {10}
