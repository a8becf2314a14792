"""The one-minute start (/start/): three questions, one suggestion, followed in one tap."""

import pytest
from django.utils import timezone

from reminders.models import ReminderSchedule
from routines.models import Enrolment, Routine
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

LOWER_BACK_NOTHING_10 = {"where": ["lower-back"], "have": ["nothing"], "minutes": "10"}


def test_the_start_asks_three_questions_in_fieldsets_and_can_be_skipped(
    alice_client, django_assert_num_queries
):
    with django_assert_num_queries(2):  # session, user
        response = alice_client.get("/start/")
    html = response.content.decode()
    assert response.status_code == 200
    for legend in ("Where does it bother you?", "What do you have?", "How long do you have?"):
        assert f"<legend>{legend}</legend>" in html
    assert 'value="10" id="id_minutes_1" checked' in html or "checked>" in html
    assert 'href="/today/">Skip for now</a>' in html
    assert "Our suggestion" not in html


def test_no_place_ticked_asks_for_one(alice_client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = alice_client.get("/start/", {"have": "nothing", "minutes": "10"})
    assert response.status_code == 400
    assert "Tick at least one place, or skip this for now." in response.content.decode()


def test_lower_back_with_nothing_suggests_a_routine_needing_no_equipment(
    alice_client, django_assert_num_queries
):
    # session, user, the library token, and the library itself (cached after this).
    with django_assert_num_queries(10):
        response = alice_client.get("/start/", LOWER_BACK_NOTHING_10)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="tag" id="suggestion-label">Our suggestion</p>' in html
    assert "Lower back in 10 minutes" in html
    assert "need no equipment" in html
    assert "Child&#x27;s pose" in html
    assert "Start it on Today" in html
    with django_assert_num_queries(3):  # session, user, the library token
        alice_client.get("/start/", LOWER_BACK_NOTHING_10)


def test_starting_a_built_suggestion_makes_an_own_routine_on_today_then_offers_a_reminder(
    alice_client, alice
):
    response = alice_client.post("/start/", LOWER_BACK_NOTHING_10)
    enrolment = Enrolment.objects.get(user=alice)
    # A first routine: the reminder, then the activities to get back to, then Today.
    then = "%2Factivities%2F%3Ffirst%3D1%26next%3D%252Ftoday%252F"
    assert response.url == f"/reminders/{enrolment.pk}/?next={then}&on=start"
    reminder = alice_client.get(response.url).content.decode()
    assert 'value="/activities/?first=1&amp;next=%2Ftoday%2F"' in reminder
    activities = alice_client.get("/activities/?first=1&next=%2Ftoday%2F").content.decode()
    assert 'href="/today/">Skip for now</a>' in activities


def test_a_second_routine_from_the_start_goes_from_the_reminder_to_today(alice_client, alice):
    EnrolmentFactory(user=alice)
    response = alice_client.post("/start/", LOWER_BACK_NOTHING_10)
    enrolment = Enrolment.objects.filter(user=alice).latest("pk")
    assert response.url == f"/reminders/{enrolment.pk}/?next=%2Ftoday%2F&on=start"
    routine = enrolment.routine
    assert routine.owner == alice and routine.name == "Lower back in 10 minutes"
    assert routine.purpose.startswith("Our suggestion from your one-minute start.")
    assert routine.equipment == []
    phase = routine.phases.get()
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (3, 5)
    slugs = list(phase.items.order_by("order").values_list("exercise__slug", flat=True))
    assert slugs[-1] == "childs-pose" and len(slugs) >= 2
    assert enrolment.started_on == timezone.localdate(timezone=alice.zone)
    today = alice_client.get("/today/").content.decode()
    assert "Lower back in 10 minutes" in today
    assert not ReminderSchedule.objects.exists()


def test_starting_a_programme_suggestion_follows_the_programme(alice_client, alice):
    answers = {"where": ["lower-back"], "have": ["foam-roller"], "minutes": "10"}
    page = alice_client.get("/start/", answers).content.decode()
    assert "Lower-back recovery set" in page
    assert 'href="/routines/lower-back-recovery/">About this programme</a>' in page
    alice_client.post("/start/", answers)
    enrolment = Enrolment.objects.get(user=alice)
    assert enrolment.routine.slug == "lower-back-recovery"
    assert enrolment.phase.order == 1


def test_a_programme_already_followed_is_not_started_twice(alice_client, alice):
    routine = Routine.objects.get(slug="lower-back-recovery")
    EnrolmentFactory(user=alice, routine=routine, phase=routine.phases.get(order=1))
    answers = {"where": ["lower-back"], "have": ["foam-roller"], "minutes": "10"}
    response = alice_client.post("/start/", answers)
    assert response.url == "/today/"
    assert Enrolment.objects.filter(user=alice).count() == 1


def test_a_start_with_errors_starts_nothing(alice_client, alice):
    response = alice_client.post("/start/", {"where": ["nowhere"], "minutes": "7"})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_the_start_is_for_signed_in_people(client):
    assert client.get("/start/").url == "/accounts/login/?next=/start/"


def test_today_offers_the_start_only_while_nothing_is_followed(alice_client, alice):
    assert 'href="/start/"' in alice_client.get("/today/").content.decode()
    alice_client.post("/start/", LOWER_BACK_NOTHING_10)
    assert 'href="/start/"' not in alice_client.get("/today/").content.decode()


@pytest.mark.parametrize("minutes", ["10", "20"])
def test_starting_the_same_suggestion_twice_follows_it_once(alice_client, alice, minutes):
    # A double press of "Start it on Today" (or the same answers again): one routine, one
    # enrolment, and the second press says it's already on Today.
    answers = {"where": ["lower-back"], "have": ["nothing"], "minutes": minutes}
    assert alice_client.post("/start/", answers).status_code == 302
    again = alice_client.post("/start/", answers, follow=True)
    assert Enrolment.objects.filter(user=alice).count() == 1
    assert Routine.objects.filter(owner=alice).count() <= 1
    assert "already follow" in again.content.decode()


def test_the_suggestion_words_the_pain_rule_as_the_articles_do(alice_client):
    answers = {"where": ["lower-back"], "have": ["nothing"], "minutes": "10"}
    html = alice_client.get("/start/", answers).content.decode()
    assert "never to stretch in pain" in html and "into pain" not in html
