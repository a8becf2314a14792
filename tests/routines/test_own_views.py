"""A person's own routine: build, copy, edit, run, delete; anyone else's is a 404."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Exercise
from progress.models import SessionLog
from routines import services
from routines.models import Enrolment, Phase, Routine, RoutineItem
from tests.factories import SessionLogFactory, UserFactory
from tests.helpers import log_data

pytestmark = pytest.mark.django_db

STRETCHES = "legs-hips-back-stretches"
FOAM = "foam-roller-legs-hips"
NOW = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)  # a Wednesday afternoon in London


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def build(user, name: str = "Calf care", slugs=("roll-calves", "calf-stretch-wall")) -> Routine:
    routine = services.create_routine(user, name, (3, 4))
    phase = routine.phases.get()
    for slug in slugs:
        services.add_move(phase, Exercise.objects.get(slug=slug))
    return routine


def moves(routine: Routine) -> list[str]:
    return list(
        RoutineItem.objects.filter(phase__routine=routine)
        .order_by("order")
        .values_list("exercise__slug", flat=True)
    )


def url(name: str, routine: Routine, *args) -> str:
    return reverse(f"routines:{name}", args=[routine.slug, *args])


# Creating -----------------------------------------------------------------------


def test_a_new_routine_has_a_name_a_weekly_target_and_an_owner(alice_client, alice):
    response = alice_client.post(reverse("routines:new"), {"name": " Calf  care ", "weekly": "3-5"})
    routine = Routine.objects.get(owner=alice)
    assert response.status_code == 302
    assert response.url == url("edit", routine)
    assert routine.name == "Calf care"
    assert routine.slug.startswith("calf-care-")
    phase = routine.phases.get()
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (3, 5)
    assert phase.advance == Phase.Advance.FINAL


def test_a_new_routine_without_a_name_says_so_and_saves_nothing(alice_client):
    response = alice_client.post(reverse("routines:new"), {"name": "  ", "weekly": "7-7"})
    assert response.status_code == 400
    assert "Give your routine a name." in response.content.decode()
    assert not Routine.objects.filter(owner__isnull=False).exists()


def test_an_unknown_weekly_target_is_refused(alice_client):
    response = alice_client.post(reverse("routines:new"), {"name": "Mine", "weekly": "9-9"})
    assert response.status_code == 400
    assert not Routine.objects.filter(owner__isnull=False).exists()


def test_moves_are_added_from_the_editor_with_the_librarys_dose(alice_client, alice):
    routine = build(alice, slugs=())
    alice_client.post(url("add_move", routine), {"exercise": "roll-calves"})
    alice_client.post(url("add_move", routine), {"exercise": "quad-stretch"})
    assert moves(routine) == ["roll-calves", "quad-stretch"]
    stretch = RoutineItem.objects.get(phase__routine=routine, exercise__slug="quad-stretch")
    assert stretch.dose == Exercise.objects.get(slug="quad-stretch").dose


def test_an_unknown_exercise_is_not_added(alice_client, alice):
    routine = build(alice, slugs=())
    response = alice_client.post(url("add_move", routine), {"exercise": "nope"}, follow=True)
    assert "Choose an exercise to add." in response.content.decode()
    assert moves(routine) == []


def test_the_exercise_page_offers_to_add_it_to_my_routine(client):
    text = client.get(reverse("exercises:detail", args=["roll-calves"])).content.decode()
    assert reverse("routines:add", args=["roll-calves"]) in text


def test_add_from_an_exercise_page_to_an_existing_routine(alice_client, alice):
    routine = build(alice)
    page = alice_client.get(reverse("routines:add", args=["quad-stretch"]))
    assert "Calf care" in page.content.decode()
    response = alice_client.post(
        reverse("routines:add", args=["quad-stretch"]), {"routine": routine.slug}
    )
    assert response.status_code == 302
    assert moves(routine) == ["roll-calves", "calf-stretch-wall", "quad-stretch"]


def test_add_from_an_exercise_page_to_a_new_routine(alice_client, alice):
    response = alice_client.post(
        reverse("routines:add", args=["quad-stretch"]), {"routine": "new", "name": "Desk break"}
    )
    routine = Routine.objects.get(owner=alice)
    assert response.url.startswith(url("edit", routine))
    assert routine.name == "Desk break"
    assert moves(routine) == ["quad-stretch"]


def test_a_new_routine_from_an_exercise_page_needs_a_name(alice_client, alice):
    response = alice_client.post(reverse("routines:add", args=["quad-stretch"]), {"routine": "new"})
    assert response.status_code == 400
    assert "Give the new routine a name." in response.content.decode()
    assert not Routine.objects.filter(owner=alice).exists()


def test_adding_needs_a_login(client):
    response = client.get(reverse("routines:add", args=["quad-stretch"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_forty_first_move_is_refused(alice_client, alice):
    routine = build(alice, slugs=())
    phase = routine.phases.get()
    short = Exercise.objects.get(slug="roll-shins")  # 3 × 15 s each side: 1.5 min
    RoutineItem.objects.bulk_create(
        RoutineItem(phase=phase, order=n, exercise=short, sets=1, seconds_min=15)
        for n in range(1, 41)
    )
    response = alice_client.post(url("add_move", routine), {"exercise": "roll-calves"}, follow=True)
    assert "A routine holds at most 40 moves." in response.content.decode()
    assert len(moves(routine)) == 40


# Editing ------------------------------------------------------------------------


def test_up_and_down_reorder_the_moves(alice_client, alice):
    routine = build(alice, slugs=("roll-calves", "calf-stretch-wall", "quad-stretch"))
    last = RoutineItem.objects.get(phase__routine=routine, exercise__slug="quad-stretch")
    response = alice_client.post(url("reorder", routine, last.pk), {"direction": "up"})
    assert response.status_code == 302
    assert response.url.endswith(f"#move-{last.pk}")
    assert moves(routine) == ["roll-calves", "quad-stretch", "calf-stretch-wall"]
    alice_client.post(url("reorder", routine, last.pk), {"direction": "up"})
    assert moves(routine) == ["quad-stretch", "roll-calves", "calf-stretch-wall"]
    alice_client.post(url("reorder", routine, last.pk), {"direction": "up"})  # already first
    assert moves(routine) == ["quad-stretch", "roll-calves", "calf-stretch-wall"]
    alice_client.post(url("reorder", routine, last.pk), {"direction": "down"})
    assert moves(routine) == ["roll-calves", "quad-stretch", "calf-stretch-wall"]


def test_up_with_htmx_answers_the_list_in_its_new_order_in_place(alice_client, alice):
    routine = build(alice, slugs=("roll-calves", "calf-stretch-wall", "quad-stretch"))
    last = RoutineItem.objects.get(phase__routine=routine, exercise__slug="quad-stretch")
    response = alice_client.post(
        url("reorder", routine, last.pk), {"direction": "up"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<ol class="move-list" id="moves">')
    assert "<h1" not in html
    order = [html.index(name) for name in ("Foam roll: calves", "Quad stretch", "Calf stretch")]
    assert order == sorted(order)
    assert moves(routine) == ["roll-calves", "quad-stretch", "calf-stretch-wall"]
    # Its Up button takes the focus (keeping it in view); at the top, its Down button does.
    assert re.search(rf'id="up-{last.pk}"[^>]*autofocus', html)
    assert html.count("autofocus") == 1
    html = alice_client.post(
        url("reorder", routine, last.pk), {"direction": "up"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert re.search(rf'id="down-{last.pk}"[^>]*autofocus', html)
    assert html.count("autofocus") == 1


def test_the_editors_up_and_down_swap_the_list_with_htmx_and_still_post_without_it(
    alice_client, alice
):
    routine = build(alice)
    html = alice_client.get(url("edit", routine)).content.decode()
    assert 'data-hx-target="#moves"' in html
    item = RoutineItem.objects.filter(phase__routine=routine).first()
    assert f'<form method="post" action="{url("reorder", routine, item.pk)}"' in html


def test_remove_takes_a_move_out(alice_client, alice):
    routine = build(alice)
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="roll-calves")
    alice_client.post(url("remove", routine, item.pk))
    assert moves(routine) == ["calf-stretch-wall"]


def test_the_editor_of_ones_own_routine_is_under_routines_in_the_navigation(alice_client, alice):
    text = alice_client.get(url("edit", build(alice))).text
    assert 'href="/routines/" aria-current="page">Routines</a>' in text


def test_the_editor_saves_name_and_weekly_target(alice_client, alice):
    routine = build(alice)
    alice_client.post(url("edit", routine), {"name": "Calves, daily", "weekly": "7-7"})
    routine.refresh_from_db()
    phase = routine.phases.get()
    assert routine.name == "Calves, daily"
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (7, 7)


def test_a_dose_change_within_bounds_is_saved_with_a_calm_note(alice_client, alice):
    routine = build(alice)
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    data = {"sets": "2", "seconds": "45", "per_side": "on", "rest_seconds": "15"}
    response = alice_client.post(url("dose", routine, item.pk), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.sets, item.seconds_min, item.seconds_max, item.rest_seconds) == (2, 45, None, 15)
    assert item.per_side
    text = alice_client.get(url("edit", routine)).content.decode()
    assert "The article suggests 20–30 s." in text
    assert "The article suggests 3 rounds." in text


def test_a_move_that_says_rest_comes_with_our_rest_and_the_dose_editor_shows_it(
    alice_client, alice
):
    routine = build(alice, slugs=("banded-hamstring-stretch",))
    item = RoutineItem.objects.get(phase__routine=routine)
    assert item.rest_seconds == 10
    page = alice_client.get(url("dose", routine, item.pk)).content.decode()
    assert 'name="rest_seconds" value="10"' in page
    assert "Our suggestion for this move: 10 s. Empty for no rest." in page
    assert "; rest 10 s between rounds (our suggestion)." in page
    editor = alice_client.get(url("edit", routine)).content.decode()
    assert "rest 10 s between rounds (our suggestion)" in editor


def test_a_rest_the_person_chose_or_cleared_is_theirs_and_ours_is_offered_calmly(
    alice_client, alice
):
    routine = build(alice, slugs=("banded-hamstring-stretch",))
    item = RoutineItem.objects.get(phase__routine=routine)
    data = {"sets": "3", "seconds": "30", "per_side": "on", "rest_seconds": "20"}
    alice_client.post(url("dose", routine, item.pk), data)
    editor = alice_client.get(url("edit", routine)).content.decode()
    assert "rest 20 s between rounds</span>" in editor  # not called ours
    alice_client.post(url("dose", routine, item.pk), {**data, "rest_seconds": ""})
    page = alice_client.get(url("dose", routine, item.pk)).content.decode()
    assert "Our suggestion: rest 10 s between rounds." in page


def test_an_unchanged_time_keeps_the_articles_range(alice_client, alice):
    routine = build(alice)
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    data = {"sets": "2", "seconds": "30", "per_side": "on", "rest_seconds": ""}
    alice_client.post(url("dose", routine, item.pk), data)
    item.refresh_from_db()
    assert (item.sets, item.seconds_min, item.seconds_max) == (2, 20, 30)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seconds", "300", "Choose a time from 5 to 120 s."),
        ("seconds", "2", "Choose a time from 5 to 120 s."),
        ("sets", "12", "Choose 1 to 10 rounds."),
        ("rest_seconds", "500", "Rest at most 120 s between rounds."),
        ("sets", "lots", "Enter a whole number."),
    ],
)
def test_a_dose_out_of_bounds_says_why_beside_the_field_and_saves_nothing(
    alice_client, alice, field, value, message
):
    routine = build(alice)
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    before = item.dose
    data = {"sets": "3", "seconds": "30", "per_side": "on", "rest_seconds": "", field: value}
    response = alice_client.post(url("dose", routine, item.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert f'id="id_{field}_error"' in response.content.decode()
    item.refresh_from_db()
    assert item.dose == before


def test_reps_are_bounded_for_a_rep_based_move(alice_client, alice):
    routine = build(alice, slugs=("side-lying-leg-raise",))
    item = RoutineItem.objects.get(phase__routine=routine)
    page = alice_client.get(url("dose", routine, item.pk))
    assert "seconds" not in page.context["form"].fields
    response = alice_client.post(url("dose", routine, item.pk), {"sets": "1", "reps": "80"})
    assert response.context["form"].errors["reps"] == ["Choose 1 to 50 reps."]
    item.refresh_from_db()
    assert item.reps == 10


def test_a_dose_that_makes_the_routine_longer_than_90_minutes_is_refused(alice_client, alice):
    routine = build(alice, slugs=("calf-stretch-wall", "quad-stretch"))
    first, second = RoutineItem.objects.filter(phase__routine=routine).order_by("order")
    big = {"sets": "10", "seconds": "120", "per_side": "on", "rest_seconds": "60"}  # 58 min
    assert alice_client.post(url("dose", routine, first.pk), big).status_code == 302
    response = alice_client.post(url("dose", routine, second.pk), big)
    assert response.status_code == 400
    assert "longer than 90 minutes" in response.content.decode()
    second.refresh_from_db()
    assert second.sets == 3


def test_the_ball_release_before_the_hamstring_roll_warns_on_the_editor(alice_client, alice):
    routine = build(alice, slugs=("lacrosse-ball-hamstring-release", "roll-hamstrings"))
    text = alice_client.get(url("edit", routine)).content.decode()
    assert "only after rolling the hamstrings" in text
    ball = RoutineItem.objects.get(phase__routine=routine, order=1)
    alice_client.post(url("reorder", routine, ball.pk), {"direction": "down"})
    assert (
        "only after rolling the hamstrings"
        not in alice_client.get(url("edit", routine)).content.decode()
    )


# Copying a programme ------------------------------------------------------------


def test_copy_a_programme_and_change_the_copy_leaves_the_original_alone(alice_client, alice):
    original = Routine.objects.get(slug=STRETCHES)
    before = moves(original)
    before_doses = [item.dose for item in RoutineItem.objects.filter(phase__routine=original)]
    response = alice_client.post(reverse("routines:copy", args=[STRETCHES]))
    copy = Routine.objects.get(owner=alice)
    assert response.url == url("edit", copy)
    assert copy.copied_from == original
    assert copy.name == "My Legs, hips and lower-back stretches"
    assert moves(copy) == before
    assert [i.dose for i in RoutineItem.objects.filter(phase__routine=copy)] == before_doses
    phase = copy.phases.get()
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (3, 5)

    first, second = RoutineItem.objects.filter(phase__routine=copy).order_by("order")[:2]
    alice_client.post(url("remove", copy, first.pk))
    alice_client.post(url("dose", copy, second.pk), {"sets": "2", "seconds": "25"})
    alice_client.post(url("edit", copy), {"name": "Evening stretches", "weekly": "7-7"})
    assert moves(copy) == before[1:]

    original.refresh_from_db()
    assert original.name == "Legs, hips and lower-back stretches"
    assert original.owner is None
    assert moves(original) == before
    assert [
        item.dose for item in RoutineItem.objects.filter(phase__routine=original)
    ] == before_doses
    assert original.phases.get().sessions_per_week_min == 3


def test_copy_a_later_phase_of_a_programme(alice_client, alice):
    alice_client.post(reverse("routines:copy", args=[FOAM]), {"phase": "2"})
    copy = Routine.objects.get(owner=alice)
    assert copy.name == "My Foam roller for legs and hips (Advanced)"
    advanced = RoutineItem.objects.filter(phase__routine__slug=FOAM, phase__order=2)
    assert moves(copy) == list(advanced.order_by("order").values_list("exercise__slug", flat=True))
    assert len(moves(copy)) == 7
    phase = copy.phases.get()
    assert (phase.sessions_per_week_min, phase.sessions_per_week_max) == (3, 4)


def test_the_programme_page_offers_a_copy_per_phase(alice_client):
    text = alice_client.get(reverse("routines:detail", args=[FOAM])).content.decode()
    assert "Make a copy of Basics to change" in text
    assert "Make a copy of Advanced to change" in text
    text = alice_client.get(reverse("routines:detail", args=[STRETCHES])).content.decode()
    assert "Make a copy to change" in text


def test_my_own_routine_page_offers_no_copy_to_change(alice_client, alice):
    routine = build(alice)
    text = alice_client.get(url("detail", routine)).content.decode()
    assert "Make a copy" not in text
    assert "Edit the routine" in text


def test_the_editor_offers_to_put_a_built_routine_on_today_until_it_is_followed(
    frozen_now, alice_client, alice
):
    routine = build(alice)
    html = alice_client.get(url("edit", routine)).content.decode()
    assert f'action="{url("enrol", routine)}"' in html
    assert "Put Calf care on Today" in html
    response = alice_client.post(url("enrol", routine), follow=True)
    assert "on your Today page." in response.content.decode()
    assert Enrolment.objects.filter(user=alice, routine=routine).exists()
    assert "on Today</button>" not in alice_client.get(url("edit", routine)).content.decode()


def test_an_empty_routine_is_not_offered_for_today_yet(alice_client, alice):
    routine = build(alice, slugs=())
    assert "on Today</button>" not in alice_client.get(url("edit", routine)).content.decode()


def test_a_stretch_only_routines_safety_note_mentions_no_ball_or_rolling(alice_client, alice):
    routine = build(alice, "Stretches", slugs=("calf-stretch-wall", "quad-stretch"))
    text = alice_client.get(url("detail", routine)).content.decode()
    note = text[text.index('aria-label="Safety"') :]
    assert "Never stretch in pain." in note
    assert "ball" not in note and "roll" not in note


def test_a_rolling_routines_safety_note_says_to_move_the_roller_and_drink_water(
    alice_client, alice
):
    routine = build(alice, "Rolls", slugs=("roll-calves",))
    text = alice_client.get(url("detail", routine)).content.decode()
    note = text[text.index('aria-label="Safety"') :]
    assert "move the roller off that spot" in note
    assert "Drink some water after rolling." in note


# Running it like any routine ------------------------------------------------------


def test_enrol_and_log_a_session_of_my_own_routine(frozen_now, alice_client, alice):
    routine = build(alice)
    alice_client.post(reverse("routines:enrol", args=[routine.slug]))
    enrolment = Enrolment.objects.get(user=alice, routine=routine)

    today = alice_client.get(reverse("today")).content.decode()
    assert "Calf care" in today
    assert "Foam roll: calves" in today

    form = alice_client.get(reverse("progress:new"), {"enrolment": enrolment.pk})
    rows = form.context["formset"].initial
    assert [row["exercise"] for row in rows] == ["roll-calves", "calf-stretch-wall"]
    data = log_data(
        rows=[
            {"exercise": "roll-calves", "seconds": "90"},
            {"exercise": "calf-stretch-wall", "seconds": "180", "side": "both"},
        ],
        enrolment=str(enrolment.pk),
    )
    response = alice_client.post(reverse("progress:new"), data)
    assert response.status_code == 302
    session = SessionLog.objects.get(user=alice)
    assert (session.routine, session.enrolment) == (routine, enrolment)
    assert session.total_seconds == 270

    today = alice_client.get(reverse("today")).content.decode()
    assert "Done for today — 1 of 3–4 this week." in today
    history = alice_client.get(reverse("progress:history")).content.decode()
    assert "Calf care" in history


def test_my_routine_is_listed_for_me_but_nobody_else(alice_client, alice, bob):
    build(alice)
    assert "Calf care" in alice_client.get(reverse("routines:list")).content.decode()
    bob_client = Client()
    bob_client.force_login(bob)
    assert "Calf care" not in bob_client.get(reverse("routines:list")).content.decode()
    assert "Calf care" not in Client().get(reverse("routines:list")).content.decode()


def test_my_routine_never_appears_on_the_shared_exercise_page(alice_client, alice):
    build(alice)
    text = alice_client.get(reverse("exercises:detail", args=["roll-calves"])).content.decode()
    assert "Calf care" not in text
    assert "Foam roller for legs and hips" in text


GETS = ["detail", "edit", "delete"]
POSTS = ["enrol", "copy", "edit", "delete", "add_move"]


@pytest.mark.parametrize("name", GETS)
def test_another_persons_routine_pages_are_404(alice_client, bob, name):
    theirs = build(bob)
    assert alice_client.get(url(name, theirs)).status_code == 404


@pytest.mark.parametrize("name", POSTS)
def test_another_persons_routine_cannot_be_changed_or_followed(alice_client, alice, bob, name):
    theirs = build(bob)
    data = {"name": "Mine now", "weekly": "7-7", "exercise": "quad-stretch"}
    assert alice_client.post(url(name, theirs), data).status_code == 404
    assert moves(theirs) == ["roll-calves", "calf-stretch-wall"]
    assert Routine.objects.get(pk=theirs.pk).name == "Calf care"
    assert not Enrolment.objects.filter(user=alice).exists()
    assert not Routine.objects.filter(owner=alice).exists()


@pytest.mark.parametrize("name", ["dose", "reorder", "remove"])
def test_another_persons_moves_are_404(alice_client, alice, bob, name):
    theirs = build(bob)
    item = RoutineItem.objects.filter(phase__routine=theirs).first()
    assert alice_client.post(url(name, theirs, item.pk), {"direction": "down"}).status_code == 404
    # Nor through my own routine's address.
    mine = build(alice, "Mine")
    assert alice_client.post(url(name, mine, item.pk), {"direction": "down"}).status_code == 404
    assert moves(theirs) == ["roll-calves", "calf-stretch-wall"]


def test_another_persons_routine_cannot_be_a_target_from_an_exercise_page(alice_client, bob):
    theirs = build(bob)
    response = alice_client.post(
        reverse("routines:add", args=["quad-stretch"]), {"routine": theirs.slug}
    )
    assert response.status_code == 400
    assert moves(theirs) == ["roll-calves", "calf-stretch-wall"]


def test_a_programme_cannot_be_edited_or_deleted(alice_client):
    programme = Routine.objects.get(slug=STRETCHES)
    assert alice_client.get(url("edit", programme)).status_code == 404
    assert alice_client.post(url("delete", programme)).status_code == 404


# Deleting ---------------------------------------------------------------------------


def test_deleting_a_routine_keeps_its_sessions_under_its_name(frozen_now, alice_client, alice):
    routine = build(alice)
    enrolment = Enrolment.objects.create(
        user=alice,
        routine=routine,
        phase=routine.phases.get(),
        started_on=NOW.date(),
        phase_started_on=NOW.date(),
    )
    session = SessionLogFactory(
        user=alice, enrolment=enrolment, routine=routine, notes="Calves easier today"
    )
    confirm = alice_client.get(url("delete", routine))
    assert "The 1 session you logged with it stay in your history" in confirm.content.decode()

    response = alice_client.post(url("delete", routine))
    assert response.url == reverse("routines:list")
    assert not Routine.objects.filter(pk=routine.pk).exists()
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    session.refresh_from_db()
    assert (session.routine, session.enrolment) == (None, None)
    assert session.routine_name == "Calf care"
    assert session.title == "Calf care"
    history = alice_client.get(reverse("progress:history")).content.decode()
    assert "Calf care" in history
    page = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Calf care" in page and "A free session" not in page
    day = session.local_date.isoformat()
    report = alice_client.get(reverse("progress:report"), {"start": day, "end": day, "notes": "on"})
    assert "· Calf care</dt><dd>Calves easier today" in report.content.decode()


def test_deleting_a_person_takes_their_routines_and_enrolments(alice):
    routine = build(alice)
    Enrolment.objects.create(
        user=alice,
        routine=routine,
        phase=routine.phases.get(),
        started_on=NOW.date(),
        phase_started_on=NOW.date(),
    )
    alice.delete()
    assert not Routine.objects.filter(pk=routine.pk).exists()


def test_a_programme_someone_follows_cannot_be_deleted_on_its_own(alice):
    from django.db.models import RestrictedError

    programme = Routine.objects.get(slug=STRETCHES)
    Enrolment.objects.create(
        user=alice,
        routine=programme,
        phase=programme.phases.get(),
        started_on=NOW.date(),
        phase_started_on=NOW.date(),
    )
    with pytest.raises(RestrictedError):
        programme.delete()


# Query counts ---------------------------------------------------------------------


@pytest.fixture
def forty_moves(alice):
    routine = build(alice, "Forty", slugs=())
    phase = routine.phases.get()
    exercises = list(Exercise.objects.order_by("pk"))
    RoutineItem.objects.bulk_create(
        RoutineItem(
            phase=phase, order=n, exercise=exercises[n % len(exercises)], sets=1, seconds_min=20
        )
        for n in range(1, 41)
    )
    return routine


@pytest.mark.parametrize("size", ["two", "forty"])
def test_own_routine_pages_run_a_fixed_number_of_queries(
    frozen_now, alice_client, alice, forty_moves, django_assert_num_queries, size
):
    routine = build(alice) if size == "two" else forty_moves
    item = RoutineItem.objects.filter(phase__routine=routine).first()
    # session, user, the routine, its phase, its moves (with their exercises), whether it is
    # followed, and the exercises to add from (not asked for once a routine holds 40 moves).
    with django_assert_num_queries(7 if size == "two" else 6):
        assert alice_client.get(url("edit", routine)).status_code == 200
    with django_assert_num_queries(5):
        assert alice_client.get(url("dose", routine, item.pk)).status_code == 200
    # Cold: the library token; with_plan(): routine, phases, items, equipment; then the
    # enrolment. Warm: session, user, token.
    with django_assert_num_queries(8):
        assert alice_client.get(url("detail", routine)).status_code == 200
    with django_assert_num_queries(3):
        assert alice_client.get(url("detail", routine)).status_code == 200
    # Cold: the library token, then the list as in routine_list's build; warm: the token.
    with django_assert_num_queries(8):
        assert alice_client.get(reverse("routines:list")).status_code == 200
    with django_assert_num_queries(3):
        assert alice_client.get(reverse("routines:list")).status_code == 200
    with django_assert_num_queries(7):
        assert alice_client.get(reverse("routines:add", args=["quad-stretch"])).status_code == 200


# Flare day ---------------------------------------------------------------------------


def test_a_flare_day_short_version_plays_two_moves_and_logs_as_the_routine(
    frozen_now, alice_client, alice
):
    routine = build(alice, slugs=("roll-calves", "calf-stretch-wall", "quad-stretch"))
    alice_client.post(reverse("routines:enrol", args=[routine.slug]))
    enrolment = Enrolment.objects.get(user=alice)
    full = alice_client.get(reverse("today"))
    offer = full.content.decode()
    assert "Flare day? A short, gentle version" in offer
    assert "<strong>Our suggestion</strong>, not the articles': on a flare day" in offer
    # The gentlest two are ticked and named: the roll, then the first stretch.
    assert re.findall(r'value="(\d)" checked> [^<]+ <span class="tag">gentle</span>', offer) == [
        "0",
        "1",
    ]

    short = alice_client.get(reverse("today"), {"short": enrolment.pk})
    text = short.content.decode()
    assert "a flare-day version, 2 of 3 moves." in text
    # The caution comes above the version, with the red flags.
    assert text.index("Never stretch in pain: stop any move") < text.index("a flare-day version")
    assert "When to see someone instead" in text
    plan = short.context["content"]
    assert "Quad stretch" not in plan.split("a flare-day version")[1].split("</ol>")[0]
    assert "flare_day=1&amp;item=roll-calves%3A" in text
    assert "item=calf-stretch-wall%3A" in text

    chosen = alice_client.get(reverse("today"), {"short": enrolment.pk, "move": ["2", "0"]})
    checklist = chosen.content.decode().split("a flare-day version")[1].split("</ol>")[0]
    assert "Foam roll: calves" in checklist
    assert "Quad stretch" in checklist
    assert "Calf stretch" not in checklist

    form = alice_client.get(
        reverse("progress:new"),
        {"enrolment": enrolment.pk, "item": ["roll-calves:90:done", "quad-stretch:180:done"]},
    )
    assert [row["exercise"] for row in form.context["formset"].initial] == [
        "roll-calves",
        "quad-stretch",
    ]
    data = log_data(
        rows=[{"exercise": "roll-calves", "seconds": "90"}],
        enrolment=str(enrolment.pk),
        flare_day="on",
    )
    alice_client.post(reverse("progress:new"), data)
    assert SessionLog.objects.get(user=alice).routine == routine
    assert SessionLog.objects.get(user=alice).flare_day
    assert "Done for today" in alice_client.get(reverse("today")).content.decode()


def test_a_flare_day_request_for_someone_elses_enrolment_changes_nothing(
    frozen_now, alice_client, alice
):
    routine = build(alice, slugs=("roll-calves", "calf-stretch-wall", "quad-stretch"))
    alice_client.post(reverse("routines:enrol", args=[routine.slug]))
    other = UserFactory()
    theirs = build(other, "Theirs")
    Enrolment.objects.create(
        user=other,
        routine=theirs,
        phase=theirs.phases.get(),
        started_on=NOW.date(),
        phase_started_on=NOW.date(),
    )
    enrolment = Enrolment.objects.get(user=other)
    text = alice_client.get(reverse("today"), {"short": enrolment.pk}).content.decode()
    assert "Flare-day version" not in text
    assert "Theirs" not in text


def test_today_shows_an_edit_of_my_routine_at_once(frozen_now, alice_client, alice):
    routine = build(alice)
    alice_client.post(reverse("routines:enrol", args=[routine.slug]))
    assert "3 × 30 s" in alice_client.get(reverse("today")).content.decode()  # now cached
    item = RoutineItem.objects.get(phase__routine=routine, exercise__slug="roll-calves")
    alice_client.post(url("dose", routine, item.pk), {"sets": "2", "seconds": "40"})
    stretch = RoutineItem.objects.get(phase__routine=routine, exercise__slug="calf-stretch-wall")
    alice_client.post(url("reorder", routine, stretch.pk), {"direction": "up"})
    text = alice_client.get(reverse("today")).content.decode()
    assert "2 × 40 s" in text
    assert text.index('href="/exercises/calf-stretch-wall/"') < text.index(
        'href="/exercises/roll-calves/"'
    )


def test_the_flare_day_page_runs_a_fixed_number_of_queries(
    frozen_now, alice_client, alice, forty_moves, django_assert_num_queries
):
    alice_client.post(reverse("routines:enrol", args=[forty_moves.slug]))
    enrolment = Enrolment.objects.get(user=alice)
    # session, user, library token, enrolments with activity, routine plans (4: routine,
    # phases, items, their how-to steps), the latest pain scores, the phase's moves for the
    # short version; the age of the PSFS ratings and the routines' pauses (no check-in: the
    # routine started this week).
    with django_assert_num_queries(12):
        response = alice_client.get(reverse("today"), {"short": enrolment.pk, "move": ["5", "39"]})
    html = response.content.decode()
    assert "a flare-day version, 2 of 40 moves." in html
    session_url = reverse("session", args=[enrolment.pk])
    assert f'href="{session_url}?short={enrolment.pk}&amp;move=5&amp;move=39"' in html


def test_the_guided_session_plays_the_flare_day_version(alice_client, alice, forty_moves):
    alice_client.post(reverse("routines:enrol", args=[forty_moves.slug]))
    enrolment = Enrolment.objects.get(user=alice)
    url = reverse("session", args=[enrolment.pk])
    short = alice_client.get(url, {"short": enrolment.pk, "move": ["5", "39"]})
    whole = alice_client.get(url)
    assert len(short.context["plan"]["exercises"]) == 2
    assert len(whole.context["plan"]["exercises"]) == 40
    assert "a flare-day version, 2 of 40 moves." in short.content.decode()
    assert '<input type="hidden" name="flare_day" value="on">' in short.content.decode()
    assert "data-flare" in short.content.decode()
    assert 'name="flare_day"' not in whole.content.decode()
    # Another enrolment's id in ?short= plays the whole routine.
    other = alice_client.get(url, {"short": enrolment.pk + 1000, "move": ["5"]})
    assert len(other.context["plan"]["exercises"]) == 40


def test_editing_my_routine_keeps_everyones_library_cache_and_moves_only_my_version(
    alice_client, alice
):
    from accounts.models import User
    from exercises.models import LibraryVersion

    routine = build(alice)
    token = LibraryVersion.current()
    version = User.objects.get(pk=alice.pk).data_version
    item = routine.phases.get().items.order_by("order").last()
    response = alice_client.post(url("reorder", routine, item.pk), {"direction": "up"})
    assert response.status_code == 302
    assert alice_client.post(url("remove", routine, item.pk)).status_code == 302
    assert moves(routine) == ["roll-calves"]
    assert LibraryVersion.current() == token
    assert User.objects.get(pk=alice.pk).data_version > version


def test_editing_a_programme_moves_the_library_version_on(db):
    from exercises.models import LibraryVersion

    token = LibraryVersion.current()
    item = RoutineItem.objects.filter(phase__routine__owner=None).first()
    item.save()
    assert LibraryVersion.current() != token


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_programme_phase_moves_the_library_version_on(db, how):
    """The delete begins at the phase (the admin's inline), not at its routine: its own
    signal must move the version on, or cached programme pages keep the phase."""
    from exercises.models import LibraryVersion

    programme = Routine.objects.get(slug=FOAM)
    phase = programme.phases.order_by("order").last()
    token = LibraryVersion.current()
    if how == "instance":
        phase.delete()
    else:
        Phase.objects.filter(pk=phase.pk).delete()
    assert LibraryVersion.current() != token


def test_deleting_a_person_with_a_routine_bumps_nothing_of_theirs(alice):
    """Their routine, phase, moves and enrolment go with them: no version to move on."""
    from accounts.models import User

    routine = build(alice, slugs=("roll-calves", "calf-stretch-wall", "roll-hamstrings-glutes"))
    Enrolment.objects.create(
        user=alice,
        routine=routine,
        phase=routine.phases.get(),
        started_on=NOW.date(),
        phase_started_on=NOW.date(),
    )
    with CaptureQueriesContext(connection) as queries:
        alice.delete()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('UPDATE "accounts_user"')
    ]


@pytest.mark.parametrize("move", ["%C2%B2", "²", "-1", "9" * 5000])
def test_a_flare_day_link_with_a_strange_move_is_never_a_500(
    alice_client, alice, forty_moves, move
):
    alice_client.post(reverse("routines:enrol", args=[forty_moves.slug]))
    enrolment = Enrolment.objects.get(user=alice)
    for url in (reverse("session", args=[enrolment.pk]), reverse("today")):
        response = alice_client.get(url, {"short": enrolment.pk, "move": [move, "1"]})
        assert response.status_code == 200
    short = alice_client.get(reverse("today"), {"short": "²", "move": "1"})
    assert short.status_code == 200


# Whose dose it is --------------------------------------------------------------------


def test_the_dose_page_credits_the_article_only_with_doses_it_gives(alice_client, alice):
    routine = build(alice, slugs=("roll-quads", "roll-calves"))
    quads, calves = RoutineItem.objects.filter(phase__routine=routine).order_by("order")
    ours = alice_client.get(url("dose", routine, quads.pk)).content.decode()
    assert 'Our suggestion: <span class="dose">3 × 30 s</span> (the article gives no dose)' in ours
    assert "The article gives" not in ours
    article = alice_client.get(url("dose", routine, calves.pk)).content.decode()
    assert 'The article gives <span class="dose">3 × 30 s</span>' in article


def test_the_dose_pages_limits_are_limbers_not_safe_limits(alice_client, alice):
    routine = build(alice)
    item = RoutineItem.objects.filter(phase__routine=routine).first()
    page = alice_client.get(url("dose", routine, item.pk)).content.decode()
    assert "Limber's limits (the articles set none): holds of 5–120 s, 1–10 rounds" in page
    assert "safe limits" not in page.lower()


def test_a_changed_dose_of_ours_gets_a_note_naming_it_ours(alice_client, alice):
    routine = build(alice, slugs=("psoas-lunge-stretch",))
    item = RoutineItem.objects.get(phase__routine=routine)
    alice_client.post(url("dose", routine, item.pk), {"sets": "2", "seconds": "45"})
    text = alice_client.get(url("edit", routine)).content.decode()
    assert "Our suggestion: 20–30 s." in text and "Our suggestion: 3 rounds." in text
    assert "The article suggests" not in text
    assert "its article's, or ours where the article gives none" in text


def test_adding_a_move_says_whose_dose_it_starts_with(alice_client):
    ours = alice_client.get(reverse("routines:add", args=["frog-stretch"])).content.decode()
    assert "with our suggested dose, as the article gives none:" in ours
    article = alice_client.get(reverse("routines:add", args=["quad-stretch"])).content.decode()
    assert "with the article's dose:" in article
    new = alice_client.get(reverse("routines:new")).content.decode()
    assert "or with our suggestion where the article gives none" in new
