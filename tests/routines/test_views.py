"""Routine list, routine page, enrolment actions and the Today page."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import bump_data_version
from exercises.models import Exercise
from progress.models import SessionLog
from routines.models import Enrolment, Routine, RoutineItem
from tests.factories import SessionLogFactory, UserFactory
from tests.helpers import FOAM, LONDON, NOON, STRETCHES, enrol

pytestmark = pytest.mark.django_db

NIGHTLY = "nightly-release"
RECOVERY = "lower-back-recovery"


def log(enrolment: Enrolment, day: dt.date, seconds: int = 90):
    started = dt.datetime.combine(day, dt.time(8), tzinfo=enrolment.user.zone)
    return SessionLogFactory(
        user=enrolment.user,
        enrolment=enrolment,
        routine=enrolment.routine,
        phase=enrolment.phase,
        started_at=started,
        local_date=day,
        total_seconds=seconds,
    )


def action(name: str, enrolment: Enrolment) -> str:
    return reverse(f"routines:{name}", args=[enrolment.pk])


@pytest.fixture
def at_noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


# The list ---------------------------------------------------------------------


def test_list_shows_each_routine_with_time_equipment_and_frequency(client):
    response = client.get(reverse("routines:list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('class="card routine-card"') == 5
    assert "About 3 min, then about 10 min (Advanced)" in text
    assert "Every day (our suggestion), then 3–4 times a week (our suggestion)" in text
    assert "Every day, then 2–3 times a week" in text  # the recovery set's, from its article
    assert "Foam roller, Massage or lacrosse ball, Band or towel" in text


def test_list_marks_the_routines_you_follow(alice_client, alice):
    enrol(alice, NIGHTLY)
    text = alice_client.get(reverse("routines:list")).content.decode()
    assert text.count("You follow this") == 1


@pytest.mark.parametrize("logged_in", [False, True])
def test_list_query_count_is_fixed(client, alice, django_assert_num_queries, logged_in):
    if logged_in:
        client.force_login(alice)
        enrol(alice, FOAM)
        enrol(alice, NIGHTLY)
    # Cold: the library token; routines, phases, items+exercises, equipment (+ session,
    # user, enrolments). Warm: the token (+ session, user), whoever looks.
    with django_assert_num_queries(8 if logged_in else 5):
        assert client.get(reverse("routines:list")).status_code == 200
    with django_assert_num_queries(3 if logged_in else 1):
        assert client.get(reverse("routines:list")).status_code == 200


def test_the_routine_list_shows_a_change_at_once(alice_client, alice):
    before = alice_client.get(reverse("routines:list")).content.decode()
    assert "You follow this" not in before
    enrol(alice, FOAM)
    assert "You follow this" in alice_client.get(reverse("routines:list")).content.decode()
    routine = Routine.objects.get(slug=FOAM)
    routine.name = "Renamed roller"
    routine.save()  # a programme edit moves the library version on
    assert "Renamed roller" in alice_client.get(reverse("routines:list")).content.decode()
    assert "Renamed roller" in Client().get(reverse("routines:list")).content.decode()


# The routine page -----------------------------------------------------------------


def test_a_visitor_sees_the_preview_and_a_prompt_to_sign_up(client, django_assert_num_queries):
    # Cold: the library token, routine, phases, items+exercises, equipment; warm: the token.
    with django_assert_num_queries(5):
        response = client.get(reverse("routines:detail", args=[FOAM]))
    with django_assert_num_queries(1):
        warm = client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Phase 2: Advanced" in warm
    text = response.content.decode()
    assert "Phase 2: Advanced" in text
    assert "Foam roll: IT band" in text
    assert "The next phase unlocks by itself after 14 days" in text
    assert reverse("accounts:signup") in text
    assert reverse("routines:enrol", args=[FOAM]) not in text


def test_unknown_routine_is_404(client):
    assert client.get(reverse("routines:detail", args=["nope"])).status_code == 404


def test_a_signed_in_person_can_choose_to_start_with_the_whole_routine(alice_client):
    text = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Start this routine" in text
    assert "The whole routine (Advanced)" in text
    other = alice_client.get(reverse("routines:detail", args=[STRETCHES])).content.decode()
    assert "The whole routine" not in other


@pytest.mark.parametrize("with_sessions", [0, 30])
def test_routine_page_query_count_is_fixed_when_enrolled(
    alice_client, alice, django_assert_num_queries, at_noon, with_sessions
):
    enrolment = enrol(alice, NIGHTLY, days_ago=40)
    for i in range(with_sessions):
        log(enrolment, NOON.date() - dt.timedelta(days=i), seconds=5)
    # Cold: session, user, library token, routine, phases, items, equipment, enrolment,
    # the latest pain scores, next-routine check. Warm: session, user, token.
    with django_assert_num_queries(10):
        response = alice_client.get(reverse("routines:detail", args=[NIGHTLY]))
    assert "Your progress" in response.content.decode()
    with django_assert_num_queries(3):
        assert (
            "Your progress"
            in alice_client.get(reverse("routines:detail", args=[NIGHTLY])).content.decode()
        )


def test_the_routine_page_shows_a_pause_and_a_new_session_at_once(alice_client, alice, at_noon):
    enrolment = enrol(alice, NIGHTLY, days_ago=3)
    url = reverse("routines:detail", args=[NIGHTLY])
    html = alice_client.get(url).content.decode()
    assert "You've followed this routine since 7 March 2026." in html
    assert "Current phase: <strong>" in html and "Paused" not in html
    alice_client.post(reverse("routines:pause", args=[enrolment.pk]))
    assert '<span class="tag paused">Paused</span>' in alice_client.get(url).content.decode()
    before = alice_client.get(url).content.decode()
    log(enrolment, NOON.date())
    assert alice_client.get(url).content.decode() != before


# Starting, pausing, stopping ------------------------------------------------------------


def test_start_enrols_in_the_first_phase(alice_client, alice, at_noon):
    response = alice_client.post(reverse("routines:enrol", args=[FOAM]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=alice)
    assert (enrolment.phase.name, enrolment.started_on) == ("Basics", NOON.date())
    assert enrolment.status == "active"


def test_starting_with_the_whole_routine_begins_in_advanced(alice_client, alice):
    advanced = Routine.objects.get(slug=FOAM).phases.get(order=2)
    alice_client.post(reverse("routines:enrol", args=[FOAM]), {"start_phase": advanced.pk})
    assert Enrolment.objects.get(user=alice).phase == advanced


def test_a_phase_not_offered_at_the_start_is_refused(alice_client, alice):
    upkeep = Routine.objects.get(slug=RECOVERY).phases.get(order=2)
    response = alice_client.post(
        reverse("routines:enrol", args=[RECOVERY]), {"start_phase": upkeep.pk}
    )
    assert response.status_code == 400
    assert not Enrolment.objects.filter(user=alice).exists()


def test_starting_twice_never_creates_a_duplicate(alice_client, alice):
    alice_client.post(reverse("routines:enrol", args=[FOAM]))
    response = alice_client.post(reverse("routines:enrol", args=[FOAM]), follow=True)
    assert Enrolment.objects.filter(user=alice).count() == 1
    assert "You already follow" in response.content.decode()
    assert "Your progress" in response.content.decode()


def test_a_stopped_routine_can_be_started_again(alice_client, alice):
    enrol(alice, FOAM, status="ended")
    alice_client.post(reverse("routines:enrol", args=[FOAM]))
    assert Enrolment.objects.filter(user=alice).count() == 2


def test_pause_then_resume_leaves_the_paused_days_out(alice_client, alice):
    enrolment = enrol(alice, FOAM)
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        alice_client.post(action("pause", enrolment))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_on) == ("paused", NOON.date() + dt.timedelta(2))
    with time_machine.travel(NOON + dt.timedelta(days=12), tick=False):
        alice_client.post(action("resume", enrolment))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_on, enrolment.paused_days) == ("active", None, 10)


def test_pausing_with_htmx_returns_the_updated_panel(alice_client, alice):
    enrolment = enrol(alice, FOAM)
    response = alice_client.post(action("pause", enrolment), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<section id="enrolment"')
    assert "is paused" in text and "Resume" in text
    assert "HX-Request" in response["Vary"]


def test_pause_from_today_goes_back_to_today(alice_client, alice):
    enrolment = enrol(alice, FOAM)
    response = alice_client.post(action("pause", enrolment), {"next": reverse("today")})
    assert response["Location"] == reverse("today")
    evil = alice_client.post(action("resume", enrolment), {"next": "https://evil.example/"})
    assert evil["Location"] == reverse("routines:detail", args=[FOAM])


def test_pausing_and_resuming_records_the_pause_for_the_streaks(alice_client, alice):
    from routines.models import EnrolmentPause

    enrolment = enrol(alice, FOAM)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=LONDON), tick=False):
        alice_client.post(action("pause", enrolment))
    assert EnrolmentPause.objects.get(enrolment=enrolment).last_day is None
    with time_machine.travel(dt.datetime(2026, 3, 17, 9, tzinfo=LONDON), tick=False):
        alice_client.post(action("resume", enrolment))
    pause = EnrolmentPause.objects.get(enrolment=enrolment)
    assert (pause.first_day, pause.last_day) == (dt.date(2026, 3, 10), dt.date(2026, 3, 16))
    alice_client.post(action("pause", enrolment))
    alice_client.post(action("resume", enrolment))  # the same day: no pause at all
    assert EnrolmentPause.objects.filter(enrolment=enrolment).count() == 1


def test_stop_asks_for_confirmation_first(alice_client, alice):
    enrolment = enrol(alice, FOAM)
    response = alice_client.get(action("stop", enrolment))
    assert "Stop the routine" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    alice_client.post(action("stop", enrolment))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on is not None) == ("ended", True)


# Moving on ---------------------------------------------------------------------------------


def test_moving_on_early_is_refused_before_day_seven(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=6)
    alice_client.post(action("advance", enrolment))
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Basics"


def test_moving_on_early_is_allowed_from_day_seven(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=7)
    page = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Move on early?" in page and "focus on the little muscles" in page
    alice_client.post(action("advance", enrolment))
    enrolment.refresh_from_db()
    assert (enrolment.phase.name, enrolment.phase_started_on) == ("Advanced", NOON.date())


def test_basics_stay_after_fourteen_days_without_seven_logged_days(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=20)
    for days_ago in range(20, 14, -1):
        log(enrolment, NOON.date() - dt.timedelta(days=days_ago))
    text = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Current phase: <strong>Basics</strong>" in text
    assert "Advanced unlocks after 1 more day with a session" in text
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Basics"


def test_basics_become_advanced_by_themselves_after_fourteen_days(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=20)
    for days_ago in range(20, 13, -1):
        log(enrolment, NOON.date() - dt.timedelta(days=days_ago))
    text = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Current phase: <strong>Advanced</strong>" in text
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Advanced"
    assert enrolment.phase_started_on == NOON.date() - dt.timedelta(days=6)


def test_basics_wait_on_today_while_pain_rose_after_two_of_the_last_three_sessions(
    alice_client, alice, at_noon
):
    enrolment = enrol(alice, FOAM, days_ago=20)
    for days_ago in range(20, 13, -1):
        session = log(enrolment, NOON.date() - dt.timedelta(days=days_ago))
    for days_ago, (before, after) in ((2, (2, 5)), (1, (3, 3)), (0, (3, 6))):
        session = log(enrolment, NOON.date() - dt.timedelta(days=days_ago))
        SessionLog.objects.filter(pk=session.pk).update(pain_before=before, pain_after=after)
    text = alice_client.get(reverse("today")).content.decode()
    # On the card, short and before Start; why, in full, in the fold below it.
    card = text.split('<section class="card today-routine"')[1]
    assert '<p class="notice pain-wait">Advanced waits while your pain settles.</p>' in card
    assert card.index("pain-wait") < card.index("Start guided session")
    assert (
        '<p class="muted small pain-wait-why">Advanced waits while your pain settles: it rose by'
        " 2 points or more after 2 of your last 3 sessions with both scores, and goes ahead once "
        "fewer of them do (our rule, not the articles&#x27;).</p>"
    ) in card.split('<details class="today-more">')[1]
    assert "14 of 14 days, 7 of 7 days with a session so far." in text
    assert "unlocks after —" not in text
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Basics"
    # Moving on early is refused while it waits.
    alice_client.post(reverse("routines:advance", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.phase.name == "Basics"


def test_recovery_switch_is_proposed_after_fourteen_days_and_applied_on_confirmation(
    alice_client, alice, at_noon
):
    early = enrol(alice, RECOVERY, days_ago=13)
    alice_client.post(action("advance", early))
    early.refresh_from_db()
    assert early.phase.name == "Daily"
    Enrolment.objects.filter(pk=early.pk).update(phase_started_on=NOON.date() - dt.timedelta(14))
    page = alice_client.get(reverse("routines:detail", args=[RECOVERY])).content.decode()
    assert "Ready for Upkeep" in page
    early.refresh_from_db()
    assert early.phase.name == "Daily"  # a proposal waits for the person
    alice_client.post(action("advance", early))
    early.refresh_from_db()
    assert early.phase.name == "Upkeep"


def test_nightly_release_offers_the_stretches_after_five_minutes(alice_client, alice, at_noon):
    enrolment = enrol(alice, NIGHTLY, days_ago=5)
    for i in range(4):
        log(enrolment, NOON.date() - dt.timedelta(days=i), seconds=70)
    page = alice_client.get(reverse("routines:detail", args=[NIGHTLY])).content.decode()
    assert "4 min 40 s of 5 min done so far" in page
    assert "Start Legs, hips and lower-back stretches" not in page
    log(enrolment, NOON.date() - dt.timedelta(days=4), seconds=20)
    page = alice_client.get(reverse("routines:detail", args=[NIGHTLY])).content.decode()
    assert "Switch to Upkeep" in page
    assert "Start Legs, hips and lower-back stretches" in page


# Access control ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pause", "resume", "advance", "stop"])
def test_another_persons_enrolment_is_404(alice_client, bob, name):
    enrolment = enrol(bob, FOAM, days_ago=10)
    assert alice_client.post(action(name, enrolment)).status_code == 404
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.phase.name) == ("active", "Basics")


def test_another_persons_stop_page_is_404(alice_client, bob):
    assert alice_client.get(action("stop", enrol(bob, FOAM))).status_code == 404


def test_a_stopped_enrolment_cannot_be_resumed(alice_client, alice):
    enrolment = enrol(alice, FOAM, status="ended")
    assert alice_client.post(action("resume", enrolment)).status_code == 404


@pytest.mark.parametrize("name", ["pause", "resume", "advance", "stop"])
def test_writes_need_a_login(client, alice, name):
    response = client.post(action(name, enrol(alice, FOAM)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["pause", "resume", "advance"])
def test_writes_refuse_get(alice_client, alice, name):
    assert alice_client.get(action(name, enrol(alice, FOAM))).status_code == 405


@pytest.mark.parametrize("name", ["enrol", "pause", "resume", "advance", "stop"])
def test_csrf_is_enforced_on_every_write(alice, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    if name == "enrol":
        url = reverse("routines:enrol", args=[FOAM])
    else:
        url = action(name, enrol(alice, FOAM, days_ago=8))
    assert client.post(url).status_code == 403


# Today ----------------------------------------------------------------------------------


def test_today_without_routines_points_to_the_list(alice_client):
    response = alice_client.get(reverse("today"))
    assert "You're not following a routine yet" in response.content.decode()
    assert reverse("routines:list") in response.content.decode()


def test_today_has_the_red_flags_collapsed(alice_client, alice):
    enrol(alice, FOAM)
    text = alice_client.get(reverse("today")).content.decode()
    panel = text[text.index('<details class="red-flags-panel">') :]
    assert panel.index("<summary>When to see someone instead</summary>") < panel.index("</details>")
    assert "See a doctor or physiotherapist promptly" in panel
    assert "NHS back-pain page" in panel


def test_today_signed_out_says_what_it_is_before_asking_to_sign_in(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the programmes to try
        response = client.get(reverse("today"))
    assert response.status_code == 200
    html = response.content.decode()
    sign_in = html.index('href="/accounts/login/?next=/today/"')
    assert html.index("whether it's due today") < sign_in
    assert 'href="/accounts/signup/"' in html
    assert f'href="/routines/{STRETCHES}/try/"' in html


def test_today_lists_due_routines_with_exercises_and_the_plan(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=3)
    response = alice_client.get(reverse("today"))
    text = response.content.decode()
    assert "Due today" in text and "0 of 7 this week" in text
    assert "Foam roll: hamstrings and glutes" in text and "Foam roll: calves" in text
    assert f'href="/sessions/new/?enrolment={enrolment.pk}"' in text
    assert f'href="/today/{enrolment.pk}/session/"' in text
    assert "js/player" not in text  # the player has a page of its own


def test_today_card_leads_with_the_day_and_start_and_folds_the_rest(alice_client, alice, at_noon):
    enrol(alice, STRETCHES, days_ago=3)
    text = alice_client.get(reverse("today")).content.decode()
    card = text.split('<section class="card today-routine"')[1].split("</section>")[0]
    head, fold = card.split('<details class="today-more">')
    # This week's count against the target once, and in the line above Start.
    assert head.count("3–5") == 1 and "0 of 3–5 this week so far" in head
    assert head.index("Due today") < head.index("Start guided session")
    assert "<summary>7 moves, progress and more" in fold
    for folded in ("Exercises", "Log this session", "Reminder emails", "Flare day?", "Pause"):
        assert folded in fold and folded not in head
    assert "<strong>Our suggestion:</strong> 3–5 times a week" in fold
    assert "Keep it up" not in card  # the last phase: the line above says it


def test_today_says_done_after_a_session_today(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=3)
    log(enrolment, NOON.date())
    log(enrolment, NOON.date())
    text = alice_client.get(reverse("today")).content.decode()
    assert "Done for today — 1 of 7 this week." in text
    assert '<span class="tag done">Done today</span>' in text
    assert "Not due" not in text
    assert (
        "Advanced unlocks after 10 more days and 6 more days with a session — 4 of 14 days, "
        "1 of 7 days with a session so far."
    ) in text


def test_today_lists_paused_routines_separately_with_resume(alice_client, alice, at_noon):
    enrolment = enrol(alice, RECOVERY, status="paused", paused_on=NOON.date())
    text = alice_client.get(reverse("today")).content.decode()
    assert 'id="paused-heading"' in text
    assert action("resume", enrolment) in text
    assert f"/today/{enrolment.pk}/session/" not in text


@pytest.mark.parametrize(
    ("zone", "now", "expected_day", "done"),
    [
        # 23:30 on 10 March in London: a session logged that local day counts as today.
        (
            "Europe/London",
            dt.datetime(2026, 3, 10, 23, 30, tzinfo=LONDON),
            "Tuesday 10 March",
            True,
        ),
        # 00:30 on 11 March in Tokyo: the 10 March session was yesterday.
        (
            "Asia/Tokyo",
            dt.datetime(2026, 3, 11, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo")),
            "Wednesday 11 March",
            False,
        ),
    ],
)
def test_today_follows_the_persons_time_zone_around_midnight(client, zone, now, expected_day, done):
    person = UserFactory(time_zone=zone)
    enrolment = enrol(person, FOAM, days_ago=3)
    log(enrolment, dt.date(2026, 3, 10))
    client.force_login(person)
    with time_machine.travel(now, tick=False):
        text = client.get(reverse("today")).content.decode()
    assert expected_day in text
    assert ("Done for today" in text) is done
    assert ("Due today" in text) is not done


@pytest.mark.parametrize("size", ["small", "large"])
def test_today_query_count_is_fixed(alice_client, alice, django_assert_num_queries, at_noon, size):
    slugs = [FOAM] if size == "small" else [FOAM, NIGHTLY, RECOVERY, STRETCHES]
    for slug in slugs:
        enrolment = enrol(alice, slug, days_ago=5)
        for i in range(0 if size == "small" else 40):
            log(enrolment, NOON.date() - dt.timedelta(days=i % 6), seconds=3)
    # Cold: session, user, library version (the page's key, read once), enrolments (with
    # activity), then the routines shared by everyone: routines + next routine, phases,
    # items + exercises, the exercises' steps (for the session's how-to); the latest pain
    # scores (progression.pain_hold), once for all her routines; the age of her PSFS
    # ratings, her routines' pauses and last week's check-in answers (progress.activity).
    with django_assert_num_queries(12):
        assert alice_client.get(reverse("today")).status_code == 200
    # Warm: the page's content comes from the cache.
    with django_assert_num_queries(3):  # session, user, library version
        assert alice_client.get(reverse("today")).status_code == 200
    # After a change to her data: her content is rebuilt, the routines come from the cache.
    bump_data_version(alice.pk)
    with django_assert_num_queries(8):
        assert alice_client.get(reverse("today")).status_code == 200


def test_today_moves_an_auto_phase_on_with_the_cached_routine(alice_client, alice, at_noon):
    enrolment = enrol(alice, FOAM, days_ago=20)
    for days_ago in range(20, 13, -1):
        log(enrolment, NOON.date() - dt.timedelta(days=days_ago))
    for _ in range(2):
        text = alice_client.get(reverse("today")).content.decode()
        assert "<strong>Advanced</strong>" in text
        assert "Foam roll: hip flexors" in text
    enrolment.refresh_from_db()
    unlocked_on = NOON.date() - dt.timedelta(days=6)
    assert (enrolment.phase.name, enrolment.phase_started_on) == ("Advanced", unlocked_on)


def plan_on_today(client, enrolment: Enrolment) -> dict:
    """The guided session's plan, as the session page linked from Today embeds it."""
    text = client.get(reverse("session", args=[enrolment.pk])).content.decode()
    return json.loads(text.split('id="session-plan" type="application/json">')[1].split("<")[0])


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_today_shows_an_edited_dose_at_once(alice_client, alice, at_noon, warm):
    enrolment = enrol(alice, FOAM, days_ago=3)
    if warm:
        assert "3 × 30 s" in alice_client.get(reverse("today")).content.decode()
    item = RoutineItem.objects.get(phase=enrolment.phase, exercise__slug="roll-calves")
    item.sets, item.seconds_min = 2, 45
    item.save()

    text = alice_client.get(reverse("today")).content.decode()
    assert '<span class="dose">3 × 30 s</span>' in text  # the other exercise
    assert '<span class="dose">2 × 45 s</span>' in text
    work = [
        s["seconds"] for s in plan_on_today(alice_client, enrolment)["steps"] if s["kind"] == "work"
    ]
    assert work == [30, 30, 30, 45, 45]


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_today_shows_an_edited_exercise_name_at_once(alice_client, alice, at_noon, warm):
    enrolment = enrol(alice, FOAM, days_ago=3)
    if warm:
        assert "Foam roll: calves" in alice_client.get(reverse("today")).content.decode()
    exercise = Exercise.objects.get(slug="roll-calves")
    exercise.name = "Calf roll"
    exercise.save()

    text = alice_client.get(reverse("today")).content.decode()
    assert "Foam roll: calves" not in text
    assert '<a href="/exercises/roll-calves/">Calf roll</a>' in text
    names = [e["name"] for e in plan_on_today(alice_client, enrolment)["exercises"]]
    assert names == ["Foam roll: hamstrings and glutes", "Calf roll"]


def test_today_shares_the_cached_routine_but_not_the_person(client, alice, bob, at_noon):
    mine, theirs = enrol(alice, FOAM, days_ago=3), enrol(bob, FOAM, days_ago=3)
    log(mine, NOON.date())
    client.force_login(alice)
    client.get(reverse("today"))

    client.force_login(bob)
    text = client.get(reverse("today")).content.decode()
    assert "Due today" in text and "Done for today" not in text
    assert f"/today/{theirs.pk}/session/" in text and action("pause", theirs) in text
    assert f"/today/{mine.pk}/session/" not in text and action("pause", mine) not in text
