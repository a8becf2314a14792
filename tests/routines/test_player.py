"""The guided session's plan: items unrolled into steps, without a database."""

from dataclasses import replace

import pytest

from exercises.dose import Dose
from routines.player import (
    GET_READY_SECONDS,
    POSITION_CHANGE_EXTRA,
    SWITCH_SECONDS,
    PlanItem,
    build_plan,
    spoken_seconds,
)

STRETCH = PlanItem(
    "quad-stretch",
    "Quad stretch",
    "/exercises/quad-stretch/",
    Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True, rest_seconds=10),
    position="standing",
    position_text="Standing",
)
RAISE = PlanItem(
    "side-lying-leg-raise",
    "Side-lying leg raise",
    "/exercises/side-lying-leg-raise/",
    Dose(reps=10, per_side=True),
    style="reps",
    kind="strengthen",
    position="floor",
)
ROLL = PlanItem(
    "roll-calves", "Calves", "/x/", Dose(sets=3, seconds_min=30), "dynamic", "roll", "floor"
)
ROCK = PlanItem("frog-stretch", "Frog stretch", "/f/", Dose(seconds_min=60), "dynamic", "stretch")


def kinds(plan: dict) -> list[str]:
    return [step["kind"] for step in plan["steps"]]


def readies(plan: dict) -> list[int]:
    return [step["seconds"] for step in plan["steps"] if step["kind"] == "ready"]


def test_a_per_side_stretch_does_all_rounds_on_one_side_with_rests_then_switches():
    plan = build_plan([STRETCH])
    assert kinds(plan) == [
        "ready",
        *["work", "rest", "work", "rest", "work"],
        "switch",
        *["work", "rest", "work", "rest", "work"],
    ]
    assert [s["side"] for s in plan["steps"] if s["kind"] == "work"] == ["right"] * 3 + ["left"] * 3
    switch = plan["steps"][6]
    assert switch["say"] == "Switch to the left side."
    assert (switch["seconds"], switch["heading"]) == (SWITCH_SECONDS, "Switch sides")
    work = [s for s in plan["steps"] if s["kind"] == "work"]
    assert {s["seconds"] for s in work} == {30}  # the top of the range: the full dose
    assert work[0]["detail"] == "Round 1 of 3"
    assert work[0]["heading"] == "Hold"


def test_each_move_is_announced_with_its_side_name_and_dose():
    plan = build_plan([STRETCH])
    work = [s for s in plan["steps"] if s["kind"] == "work"]
    assert work[0]["say"] == "Right side. Quad stretch, 30 seconds."
    assert work[-1]["say"] == "Left side. Quad stretch, 30 seconds."
    assert plan["steps"][0]["say"] == "Get ready: Quad stretch, 30 seconds, each side. Standing."
    rest = plan["steps"][2]
    assert (rest["heading"], rest["say"]) == ("Rest", "Rest, 10 seconds.")
    assert rest["detail"] == "Round 2 of 3 next"


@pytest.mark.parametrize(
    ("item", "word"), [(STRETCH, "Hold"), (ROLL, "Roll"), (ROCK, "Rock"), (RAISE, "Reps")]
)
def test_the_phase_word_follows_the_kind_of_move(item, word):
    plan = build_plan([item])
    assert plan["steps"][0]["heading"] == "Get ready"
    assert plan["steps"][1]["heading"] == word


def test_the_first_get_ready_allows_time_to_get_into_position():
    assert readies(build_plan([ROLL])) == [GET_READY_SECONDS + POSITION_CHANGE_EXTRA]


def test_the_get_ready_is_longer_only_when_the_position_changes():
    floor_again = PlanItem("roll-quads", "Quads", "/q/", Dose(seconds_min=30), position="floor")
    plan = build_plan([ROLL, floor_again, STRETCH, ROCK])
    # floor -> floor: the usual; floor -> standing: longer; standing -> unknown: the usual.
    first = GET_READY_SECONDS + POSITION_CHANGE_EXTRA
    assert readies(plan) == [first, 5, 12, 5]
    assert [s["moved"] for s in plan["steps"] if s["kind"] == "ready"] == [
        False,
        False,
        True,
        False,
    ]


def test_a_persons_own_get_ready_length_is_used():
    plan = build_plan([ROLL, STRETCH, STRETCH], get_ready=10)
    assert readies(plan) == [17, 17, 10]


def test_rounds_without_a_rest_follow_each_other():
    plan = build_plan([ROLL])
    assert kinds(plan) == ["ready", "work", "work", "work"]
    assert plan["steps"][1]["side"] == ""


def test_a_rep_move_gets_a_counter_per_side_instead_of_a_clock():
    plan = build_plan([RAISE])
    assert kinds(plan) == ["ready", "reps", "switch", "reps"]
    reps = plan["steps"][1]
    assert (reps["reps"], reps["side"]) == (10, "right")
    assert reps["say"] == "Right side. Side-lying leg raise, 10 reps. Tap for each one."
    assert reps["seconds"] == 40  # an estimate for the progress bar, 4 s a rep
    assert plan["exercises"][0]["unit"] == "reps"


def test_steps_know_where_they_start_and_the_plan_its_whole_length():
    plan = build_plan([ROLL, RAISE])
    starts = [s["start"] for s in plan["steps"]]
    lengths = [s["seconds"] for s in plan["steps"]]
    assert starts == [sum(lengths[:i]) for i in range(len(lengths))]
    assert plan["total_seconds"] == sum(lengths) == 12 + 90 + 5 + 40 + 5 + 40


def test_each_exercise_names_the_next_move_and_its_dose():
    plan = build_plan([ROLL, STRETCH])
    assert [e["next"] for e in plan["exercises"]] == ["Quad stretch, 3 × 20–30 s · each side", ""]


def test_the_plan_lists_the_exercises_in_order_with_their_doses():
    plan = build_plan([ROLL, RAISE])
    assert [(e["slug"], e["dose"], e["per_side"]) for e in plan["exercises"]] == [
        ("roll-calves", "3 × 30 s", False),
        ("side-lying-leg-raise", "10 reps · each side", True),
    ]


def test_round_labels_name_each_round_and_the_last_serves_later_rounds():
    item = PlanItem("x", "X", "/x/", Dose(sets=3, seconds_min=20), labels=("First", "Then"))
    work = [s for s in build_plan([item])["steps"] if s["kind"] == "work"]
    assert [s["label"] for s in work] == ["First", "Then", "Then"]
    assert work[0]["say"] == "X, 20 seconds. First."


def test_a_dose_repeated_freely_marks_its_exercise_and_work_steps_for_repeats():
    item = PlanItem("childs-pose", "Child's pose", "/x/", Dose(seconds_min=20, repeat_freely=True))
    plan = build_plan([item, ROLL])
    assert [e["repeat"] for e in plan["exercises"]] == [True, False]
    assert [s.get("repeat") for s in plan["steps"] if s["kind"] == "work"] == [
        True,
        None,
        None,
        None,
    ]


def test_the_plan_carries_the_dose_note():
    item = PlanItem("x", "X", "/x/", Dose(seconds_min=20), note="Our suggestion: 20 s.")
    assert build_plan([item])["exercises"][0]["note"] == "Our suggestion: 20 s."


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (150, "2 minutes 30 seconds")],
)
def test_times_are_spoken_in_words(seconds, words):
    assert spoken_seconds(seconds) == words


def test_the_moves_time_leaves_out_the_get_ready_and_the_side_switches():
    plan = build_plan([ROLL, STRETCH, RAISE])
    assert plan["moves_seconds"] == sum(
        item.dose.estimated_seconds() for item in (ROLL, STRETCH, RAISE)
    )
    extras = sum(s["seconds"] for s in plan["steps"] if s["kind"] in ("ready", "switch"))
    assert plan["total_seconds"] - plan["moves_seconds"] == extras > 0


BANDED = PlanItem(
    "banded-hamstring-stretch",
    "Banded hamstring stretch",
    "/b/",
    Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True, rest_seconds=10),
    position="floor",
    rest_suggested=True,
)


def test_a_rest_comes_between_rounds_never_after_a_sides_last_round():
    steps = build_plan([BANDED, ROLL])["steps"]
    rests = [(i, s) for i, s in enumerate(steps) if s["kind"] == "rest"]
    assert len(rests) == 4  # two a side, for three rounds a side
    for i, rest in rests:
        before, after = steps[i - 1], steps[i + 1]
        assert before["kind"] == after["kind"] == "work"
        assert before["side"] == rest["side"] == after["side"]
        assert rest["seconds"] == 10
    assert [r["detail"] for _, r in rests] == ["Round 2 of 3 next", "Round 3 of 3 next"] * 2
    assert [s["kind"] for s in steps].count("switch") == 1


def test_rests_count_towards_the_moves_time_and_the_whole_length():
    plan = build_plan([BANDED])
    assert plan["moves_seconds"] == 6 * 30 + 4 * 10 == BANDED.dose.estimated_seconds()
    extras = GET_READY_SECONDS + POSITION_CHANGE_EXTRA + SWITCH_SECONDS
    assert plan["total_seconds"] == plan["moves_seconds"] + extras


def test_rounds_of_reps_rest_between_them_too():
    item = PlanItem("x", "X", "/x/", Dose(sets=2, reps=10, rest_seconds=15), style="reps")
    assert kinds(build_plan([item])) == ["ready", "reps", "rest", "reps"]


@pytest.mark.parametrize(
    ("item", "text"),
    [
        (BANDED, "rest 10 s between rounds (our suggestion)"),
        (replace(BANDED, rest_suggested=False), "rest 10 s between rounds"),
        (replace(BANDED, dose=Dose(sets=1, seconds_min=30, rest_seconds=10)), ""),
        (ROLL, ""),
    ],
)
def test_the_rest_is_shown_with_the_dose_and_called_ours_when_it_is(item, text):
    assert item.rest_text == text
