"""The five routines the data migration creates, checked against the seeds' rules."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from exercises.models import Exercise
from routines import routine_data
from routines.models import Enrolment, Phase, Routine, RoutineItem
from routines.player import build_plan

pytestmark = pytest.mark.django_db

SLUGS = [
    "foam-roller-legs-hips",
    "legs-hips-back-stretches",
    "lower-back-recovery",
    "nightly-release",
    "hamstrings-back-knee",
]


def phases(slug: str) -> list[Phase]:
    return list(Routine.objects.get(slug=slug).phases.order_by("order"))


def item_slugs(phase: Phase) -> list[str]:
    return [item.exercise.slug for item in phase.items.order_by("order")]


def test_there_are_five_routines_in_order_each_from_its_seed():
    routines = list(Routine.objects.filter(slug__in=SLUGS))
    assert [r.slug for r in routines] == SLUGS
    assert [r.source.key[:3] for r in routines] == ["000", "001", "002", "003", "004"]


def test_foam_roller_basics_unlock_after_fourteen_days_and_seven_logged_early_from_seven():
    basics, advanced = phases("foam-roller-legs-hips")
    rule = (basics.name, basics.advance, basics.min_days, basics.min_sessions)
    assert rule == ("Basics", "auto", 14, 7)
    assert basics.early_after_days == 7
    assert item_slugs(basics) == ["roll-hamstrings-glutes", "roll-calves"]
    assert all(i.dose.sets == 3 and i.dose.hold_seconds == 30 for i in basics.items.all())
    assert (advanced.name, advanced.advance, advanced.may_start_here) == ("Advanced", "final", True)
    assert not basics.may_start_here


def test_foam_roller_advanced_adds_the_small_muscles_at_fifteen_seconds_and_the_leg_raise():
    _, advanced = phases("foam-roller-legs-hips")
    assert item_slugs(advanced) == [
        "roll-hamstrings-glutes",
        "roll-calves",
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
    ]
    items = {i.exercise.slug: i for i in advanced.items.all()}
    for slug in ["roll-hip-flexors", "roll-inner-thigh", "roll-shins", "roll-it-band"]:
        assert (items[slug].sets, items[slug].seconds_min) == (3, 15)
    raise_ = items["side-lying-leg-raise"]
    assert (raise_.reps, raise_.per_side, raise_.seconds_min) == (10, True, None)


def test_weekly_targets_are_daily_basics_then_three_to_four_a_week():
    basics, advanced = phases("foam-roller-legs-hips")
    assert (basics.sessions_per_week_min, basics.sessions_per_week_max) == (7, 7)
    assert (advanced.sessions_per_week_min, advanced.sessions_per_week_max) == (3, 4)


def test_stretches_are_the_seven_holds_at_twenty_to_thirty_seconds_three_times():
    [phase] = phases("legs-hips-back-stretches")
    assert item_slugs(phase) == [
        "kneeling-hip-flexor-stretch",
        "quad-stretch",
        "hamstring-stretch",
        "calf-stretch-wall",
        "seated-figure-4-stretch",
        "pigeon-stretch",
        "childs-pose",
    ]
    *holds, child = phase.items.order_by("order")
    for item in holds:
        assert (item.sets, item.seconds_min, item.seconds_max) == (3, 20, 30)
        assert item.per_side
        assert item.rest_seconds == 10
    assert (child.seconds_min, child.seconds_max, child.per_side) == (20, 30, False)
    assert child.repeat_freely and not child.sets and not child.rest_seconds
    assert child.dose_text == "20–30 s · as many times as you like"


def test_recovery_is_daily_then_proposes_upkeep_after_fourteen_days():
    daily, upkeep = phases("lower-back-recovery")
    assert (daily.name, daily.advance, daily.min_days, daily.sessions_per_week_min) == (
        "Daily",
        "confirm",
        14,
        7,
    )
    assert (upkeep.name, upkeep.sessions_per_week_min, upkeep.sessions_per_week_max) == (
        "Upkeep",
        2,
        3,
    )
    expected = ["roll-adductors", "roll-quads", "roll-piriformis", "psoas-lunge-stretch"]
    assert item_slugs(daily) == [*expected, "frog-stretch"]
    assert item_slugs(upkeep) == item_slugs(daily)
    dynamic = Exercise.objects.filter(slug__in=["psoas-lunge-stretch", "frog-stretch"])
    assert {e.style for e in dynamic} == {"dynamic"}


def test_nightly_release_proposes_the_stretches_after_five_minutes_in_total():
    routine = Routine.objects.get(slug="nightly-release")
    nightly, upkeep = phases("nightly-release")
    assert routine.next_routine.slug == "legs-hips-back-stretches"
    assert (nightly.advance, nightly.min_seconds, nightly.sessions_per_week_min) == (
        "confirm",
        300,
        7,
    )
    assert (upkeep.sessions_per_week_min, upkeep.sessions_per_week_max) == (2, 3)
    [item] = nightly.items.all()
    assert (item.exercise.slug, item.seconds_min, item.at_least) == (
        "ball-release-thigh-hip",
        60,
        True,
    )


def test_hamstring_sequence_rolls_two_minutes_then_a_minute_a_side_then_stretches():
    [phase] = phases("hamstrings-back-knee")
    assert item_slugs(phase) == [
        "roll-hamstrings",
        "lacrosse-ball-hamstring-release",
        "banded-hamstring-stretch",
    ]
    roll, ball, _ = phase.items.order_by("order")
    assert (roll.seconds_min, roll.per_side) == (120, False)
    assert (ball.seconds_min, ball.per_side) == (60, True)


def test_items_copy_the_exercise_dose_unless_the_routine_overrides_it():
    basics, _ = phases("foam-roller-legs-hips")
    for item in basics.items.select_related("exercise"):
        assert item.dose == item.exercise.dose
    [stretches] = phases("legs-hips-back-stretches")
    item = stretches.items.get(exercise__slug="quad-stretch")
    assert item.dose_note == ""  # the page shows the rest beside the dose instead
    assert item.exercise.dose_note.startswith("Rest 10 s between holds")


# Rests between rounds ----------------------------------------------------------------------

# The moves whose instructions say "hold, rest, repeat" (the banded stretch borrows the rule).
REST_BETWEEN_ROUNDS = {
    "kneeling-hip-flexor-stretch",
    "quad-stretch",
    "hamstring-stretch",
    "calf-stretch-wall",
    "seated-figure-4-stretch",
    "pigeon-stretch",
    "banded-hamstring-stretch",
}


def test_exactly_the_moves_that_say_rest_rest_between_their_rounds_by_default():
    resting = Exercise.objects.filter(rest_seconds__isnull=False)
    assert {e.slug for e in resting} == REST_BETWEEN_ROUNDS
    for exercise in resting:
        assert exercise.sets == 3 and exercise.rest_seconds == 10, exercise.slug
        assert exercise.rest_words == "rest 10 s between rounds (our suggestion)"
        steps = " ".join(s.text for s in exercise.steps.all()) + exercise.dose_note
        assert "rest" in steps.lower(), exercise.slug


def test_the_banded_stretch_rests_between_rounds_in_the_hamstring_sequence_and_says_whose():
    [phase] = phases("hamstrings-back-knee")
    item = phase.items.select_related("exercise").get(exercise__slug="banded-hamstring-stretch")
    assert (item.sets, item.rest_seconds, item.rest_suggested) == (3, 10, True)
    assert "rest (10 s, our choice)" in item.dose_note
    rests = [s for s in build_plan([item.plan_item])["steps"] if s["kind"] == "rest"]
    assert [(s["side"], s["seconds"]) for s in rests] == [("right", 10)] * 2 + [("left", 10)] * 2


# Limber's own choices say so ---------------------------------------------------------------

SUGGESTED_TARGETS = {
    ("foam-roller-legs-hips", "Basics"): "every day",
    ("foam-roller-legs-hips", "Advanced"): "3–4 times a week",
    ("legs-hips-back-stretches", "Stretches"): "3–5 times a week",
    ("hamstrings-back-knee", "Sequence"): "3–5 times a week",
}


def test_weekly_targets_the_seeds_do_not_give_are_marked_as_our_suggestion():
    for phase in Phase.objects.select_related("routine"):
        key = (phase.routine.slug, phase.name)
        assert phase.target_suggested == (key in SUGGESTED_TARGETS), key
        if key in SUGGESTED_TARGETS:
            assert phase.frequency_label == f"{SUGGESTED_TARGETS[key]} (our suggestion)"
            assert phase.suggestion.startswith(SUGGESTED_TARGETS[key].split(" times")[0])
        else:
            assert "our suggestion" not in phase.frequency_label, key


@pytest.mark.parametrize(
    ("slug", "phase", "phrases"),
    [
        ("foam-roller-legs-hips", "Basics", ["every day", "14 days", "7 of them logged", "day 7"]),
        ("foam-roller-legs-hips", "Advanced", ["3–4 times a week", "no weekly target"]),
        ("legs-hips-back-stretches", "Stretches", ["3–5 times a week", "10 s of rest"]),
        ("lower-back-recovery", "Daily", ["14 days", "without saying for how long"]),
        ("hamstrings-back-knee", "Sequence", ["3–5 times a week", "no weekly target"]),
    ],
)
def test_each_choice_of_ours_is_named_in_its_phase_suggestion(slug, phase, phrases):
    suggestion = Routine.objects.get(slug=slug).phases.get(name=phase).suggestion
    for phrase in phrases:
        assert phrase in suggestion


def test_phases_whose_rules_all_come_from_the_seeds_suggest_nothing():
    unlabelled = Phase.objects.filter(suggestion="").select_related("routine")
    assert {(p.routine.slug, p.name) for p in unlabelled} == {
        ("lower-back-recovery", "Upkeep"),
        ("nightly-release", "Upkeep"),
    }


def test_a_week_or_two_where_the_seed_says_so_never_two_weeks():
    foam = Routine.objects.get(slug="foam-roller-legs-hips")
    assert foam.description.startswith("A week or two of the basics")
    assert "a week or two" in foam.phases.get(name="Basics").description
    assert "a week or two" in foam.phases.get(name="Basics").suggestion
    for routine in Routine.objects.prefetch_related("phases"):
        texts = [routine.purpose, routine.description]
        texts += [text for p in routine.phases.all() for text in (p.description, p.suggestion)]
        for text in texts:
            assert "two weeks" not in text.lower(), routine.slug


def test_the_seeds_hedges_and_attributions_are_kept():
    purposes = dict(Routine.objects.values_list("slug", "purpose"))
    assert "in the short term" in purposes["nightly-release"]
    assert "potentially" in purposes["hamstrings-back-knee"]
    assert purposes["hamstrings-back-knee"].startswith("The article suggests tight hamstrings")
    assert purposes["foam-roller-legs-hips"].startswith("The article suggests")
    assert "the article links" in purposes["lower-back-recovery"]


def test_the_nightly_release_says_not_to_roll_on_its_own_and_to_add_other_exercises():
    cautions = Routine.objects.get(slug="nightly-release").caution_list
    assert cautions[0].startswith("Don't use rolling on its own: pair it with exercises that")
    assert "other exercises through the day" in cautions[1]


def test_items_copy_the_dose_note_so_it_shows_with_the_dose():
    [phase] = phases("legs-hips-back-stretches")
    figure_4 = phase.items.get(exercise__slug="seated-figure-4-stretch")
    assert figure_4.dose_note == figure_4.exercise.dose_note
    recovery, _ = phases("lower-back-recovery")
    for item in recovery.items.all():
        assert item.dose_note.startswith("Our suggestion:"), item.exercise.slug


# The player follows the data ---------------------------------------------------------------


def plan_of(slug: str, phase_name: str) -> dict:
    phase = Routine.objects.get(slug=slug).phases.get(name=phase_name)
    return build_plan([item.plan_item for item in phase.items.order_by("order")])


def test_the_player_gives_each_figure_4_round_its_position_on_both_sides():
    plan = plan_of("legs-hips-back-stretches", "Stretches")
    ex = next(i for i, e in enumerate(plan["exercises"]) if e["slug"] == "seated-figure-4-stretch")
    labels = [s["label"] for s in plan["steps"] if s["ex"] == ex and s["kind"] == "work"]
    assert [label.split(":")[0] for label in labels] == [
        "Position 1",
        "Position 2",
        "Position 3",
    ] * 2


def test_the_player_lets_child_pose_repeat_as_you_like():
    plan = plan_of("legs-hips-back-stretches", "Stretches")
    child = plan["exercises"][-1]
    assert (child["slug"], child["repeat"], child["dose"]) == (
        "childs-pose",
        True,
        "20–30 s · as many times as you like",
    )
    work = [
        s for s in plan["steps"] if s["ex"] == len(plan["exercises"]) - 1 and s["kind"] == "work"
    ]
    assert len(work) == 1 and work[0]["repeat"] is True
    assert not any(e["repeat"] for e in plan["exercises"][:-1])


def test_the_player_labels_the_lacrosse_release_with_the_knee_lifts_not_roll_slowly():
    plan = plan_of("hamstrings-back-knee", "Sequence")
    labels = {s["label"] for s in plan["steps"] if s["ex"] == 1 and s["kind"] == "work"}
    assert labels == {"Straighten and relax the knee 4–5 times, then move the ball 2–3 inches down"}


def test_the_plan_carries_each_dose_note():
    plan = plan_of("lower-back-recovery", "Daily")
    assert all(e["note"].startswith("Our suggestion:") for e in plan["exercises"])


# On the pages ------------------------------------------------------------------------------


def test_routine_pages_name_their_source_their_suggestions_and_dose_notes(client):
    page = client.get(reverse("routines:detail", args=["lower-back-recovery"])).content.decode()
    assert "From: <cite>5 Recovery Exercise To Release Lower Back Tension</cite>" in page
    assert "(Kota Shimada)" in page
    assert "<strong>Our suggestion:</strong> 14 days of the daily set" in page
    assert page.count('class="dose-note muted small">Our suggestion:') == 10  # 5 items × 2 phases
    assert "Never stretch in pain." in page
    assert "sharp pain" not in page


def test_the_nightly_routine_page_shows_its_cautions(client):
    page = client.get(reverse("routines:detail", args=["nightly-release"])).content.decode()
    assert "Don&#x27;t use rolling on its own" in page
    assert "other exercises through the day" in page


def test_today_shows_our_suggestion_the_cautions_and_the_dose_notes(alice_client, alice):
    day = dt.date(2026, 3, 10)
    for slug in ["legs-hips-back-stretches", "nightly-release", "lower-back-recovery"]:
        routine = Routine.objects.get(slug=slug)
        Enrolment.objects.create(
            user=alice,
            routine=routine,
            phase=routine.phases.get(order=1),
            started_on=day,
            phase_started_on=day,
        )
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False):
        page = alice_client.get(reverse("today")).content.decode()
    assert "<strong>Our suggestion:</strong> 3–5 times a week, with 10 s of rest" in page
    assert "<strong>Our suggestion:</strong> 14 days of the daily set" in page
    assert "Don&#x27;t use rolling on its own" in page
    assert "other exercises through the day" in page
    assert "Our suggestion: the article gives no time" in page
    assert "20–30 s · as many times as you like" in page


def test_the_routine_data_migration_is_idempotent():
    from django.apps import apps

    def snapshot():
        return [
            (p.routine.slug, p.name, p.suggestion, [i.dose for i in p.items.all()])
            for p in Phase.objects.select_related("routine").prefetch_related("items")
        ]

    before = snapshot()
    routine_data.load_routines(apps)
    assert snapshot() == before


# Our own readings and what the seeds don't say ---------------------------------------------


def enrol_on(slug: str, user, days_ago: int = 0) -> Enrolment:
    routine = Routine.objects.get(slug=slug)
    day = dt.date(2026, 3, 10) - dt.timedelta(days=days_ago)
    return Enrolment.objects.create(
        user=user,
        routine=routine,
        phase=routine.phases.get(order=1),
        started_on=day,
        phase_started_on=day,
    )


def test_the_stretches_phase_counts_six_stretches_at_three_rounds_then_child_pose():
    [phase] = phases("legs-hips-back-stretches")
    assert phase.description.startswith("Six stretches, three rounds each")
    assert "seven" not in phase.description.lower()
    rounds = [item.sets for item in phase.items.order_by("order")]
    assert rounds == [3] * 6 + [None]


def test_the_nightly_running_total_and_next_routine_are_labelled_our_suggestion(client):
    nightly = Routine.objects.get(slug="nightly-release").phases.get(name="Nightly")
    assert "added up across nights" in nightly.suggestion
    assert "legs, hips and lower-back stretches" in nightly.suggestion
    assert "says only to progress to the next stretch" in nightly.suggestion
    page = client.get(reverse("routines:detail", args=["nightly-release"])).content.decode()
    assert "<strong>Our suggestion:</strong> the 5 minutes are added up across nights" in page
    assert "The article says to move on to the next stretch" in page
    assert "Once you have rolled for five minutes in total, move on" not in page
    tips = Exercise.objects.get(slug="ball-release-thigh-hip").tips
    assert "Our suggestion: count those 5 minutes across nights." in tips


def test_the_offer_of_the_next_routine_is_our_suggestion(alice_client, alice):
    enrolment = enrol_on("nightly-release", alice, days_ago=10)
    enrolment.phase = enrolment.routine.phases.get(name="Upkeep")
    enrolment.save()
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False):
        detail = alice_client.get(reverse("routines:detail", args=["nightly-release"]))
        today = alice_client.get(reverse("today"))
    assert "Our suggestion: add legs, hips and lower-back stretches" in detail.content.decode()
    assert "Next step (our suggestion):" in today.content.decode()


def test_routines_that_roll_without_strengthening_warn_against_rolling_alone(client):
    for slug in ["hamstrings-back-knee", "lower-back-recovery", "nightly-release"]:
        cautions = Routine.objects.get(slug=slug).caution_list
        assert cautions[0].startswith(routine_data.ROLL_NOT_ALONE), slug
    hamstrings = Routine.objects.get(slug="hamstrings-back-knee").caution_list[0]
    assert "myofascial-release article" in hamstrings
    page = client.get(reverse("routines:detail", args=["hamstrings-back-knee"])).content.decode()
    assert "Don&#x27;t use rolling on its own" in page


# The guided session and the log form ---------------------------------------------------------


def session_page(client, enrolment: Enrolment) -> str:
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False):
        return client.get(reverse("session", args=[enrolment.pk])).content.decode()


def test_the_session_shows_the_routines_cautions_and_the_foot_falling_asleep(alice_client, alice):
    page = session_page(alice_client, enrol_on("hamstrings-back-knee", alice))
    safety = page.split('aria-label="Safety"')[1].split("</aside>")[0]
    assert "Don&#x27;t use rolling on its own" in safety
    assert "myofascial-release article" in safety
    assert "a foot falling asleep" in safety
    nightly = session_page(alice_client, enrol_on("nightly-release", alice))
    assert "other exercises through the day" in nightly.split('aria-label="Safety"')[1]


def test_the_session_intro_marks_a_weekly_target_of_ours(alice_client, alice):
    ours = session_page(alice_client, enrol_on("legs-hips-back-stretches", alice))
    intro = ours.split('class="lead"')[1].split("</p>")[0]
    assert "0 of 3–5 this week (weekly target: our suggestion)" in intro
    nightly = session_page(alice_client, enrol_on("nightly-release", alice))
    assert "our suggestion" not in nightly.split('class="lead"')[1].split("</p>")[0]


def test_the_log_form_shows_the_cautions_of_the_routine_it_logs(alice_client, alice):
    enrolment = enrol_on("hamstrings-back-knee", alice)
    page = alice_client.get(reverse("progress:new"), {"enrolment": enrolment.pk})
    assert "Don&#x27;t use rolling on its own" in page.content.decode()
    free = alice_client.get(reverse("progress:new")).content.decode()
    assert "routine-cautions" not in free


# The player's words ------------------------------------------------------------------------


def test_each_move_shows_the_word_for_what_the_person_does():
    words = {}
    for slug, phase in [
        ("hamstrings-back-knee", "Sequence"),
        ("nightly-release", "Nightly"),
        ("lower-back-recovery", "Daily"),
    ]:
        plan = plan_of(slug, phase)
        for step in plan["steps"]:
            if step["kind"] == "work":
                words[plan["exercises"][step["ex"]]["slug"]] = step["heading"]
    assert words["lacrosse-ball-hamstring-release"] == "Knee lifts"
    assert words["ball-release-thigh-hip"] == "Roll and pause"
    assert words["roll-hamstrings"] == "Roll"
    assert words["banded-hamstring-stretch"] == "Hold"
    assert words["psoas-lunge-stretch"] == "Rock"


def test_the_voice_puts_the_hamstring_stretch_on_the_floor_and_the_ball_on_a_high_seat():
    stretches = plan_of("legs-hips-back-stretches", "Stretches")
    ready = [s["say"] for s in stretches["steps"] if s["kind"] == "ready"]
    assert ready[2] == "Get ready: Hamstring stretch, 30 seconds, each side. On the floor."
    hamstrings = plan_of("hamstrings-back-knee", "Sequence")
    ready = [s["say"] for s in hamstrings["steps"] if s["kind"] == "ready"]
    assert ready[1].endswith("On a high seat, feet off the floor.")


def test_the_home_page_hedges_what_loosening_may_do(client):
    page = client.get("/").content.decode()
    assert "<h1>Loosen tight legs and hips, and it may ease your back and knees</h1>" in page


def readme_choices() -> str:
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    return readme.split("### Limber's own choices")[1].split("\n## ")[0].replace("\n  ", " ")


def test_the_readmes_list_of_our_choices_matches_the_data():
    from routines import custom

    choices = readme_choices()
    for exercise in Exercise.objects.filter(dose_suggested=True):
        assert f"*{exercise.name}*" in choices, exercise.slug
    labelled = Phase.objects.exclude(suggestion="", target_suggested=False)
    for phase in labelled.select_related("routine"):
        assert f"*{phase.routine.name}*" in choices, (phase.routine.slug, phase.name)
    for phase in Phase.objects.filter(target_suggested=True):
        assert phase.frequency_text in choices, (phase.routine.slug, phase.name)
    low, high = custom.HOLD_SECONDS
    assert f"holds of {low}–{high} s, {custom.ROUNDS[0]}–{custom.ROUNDS[1]} rounds" in choices
    assert f"{custom.MAX_MOVES} moves and {custom.MAX_SECONDS // 60} minutes" in choices
    rest = Exercise.objects.filter(rest_seconds__isnull=False).values_list("rest_seconds")
    assert {seconds for (seconds,) in rest} == {10}
    assert "**Rest between rounds**: 10 s wherever a move says" in choices


def test_the_routine_and_exercise_pages_call_the_rest_between_rounds_our_suggestion(client):
    routine = client.get(reverse("routines:detail", args=["hamstrings-back-knee"]))
    assert "rest 10 s between rounds (our suggestion)" in routine.content.decode()
    exercise = client.get(reverse("exercises:detail", args=["banded-hamstring-stretch"]))
    assert "<dd>10 s between rounds (our suggestion)</dd>" in exercise.content.decode()


def test_the_rest_migrations_can_run_again_and_change_nothing():
    from importlib import import_module

    from django.apps import apps

    def rests() -> list[tuple]:
        items = RoutineItem.objects.order_by("phase_id", "order")
        return list(items.values_list("phase_id", "order", "exercise__slug", "rest_seconds"))

    before = rests()
    import_module("exercises.migrations.0010_rest_between_rounds").update_library(apps, None)
    import_module("routines.migrations.0010_rest_between_rounds").update_routines(apps, None)
    assert rests() == before
    assert ("banded-hamstring-stretch", 10) in [(slug, rest) for *_, slug, rest in before]
