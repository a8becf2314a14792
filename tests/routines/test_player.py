"""The guided player's plan: items unrolled into steps, without a database."""

from exercises.dose import Dose
from routines.player import GET_READY_SECONDS, SWITCH_SECONDS, PlanItem, build_plan

STRETCH = PlanItem(
    "quad-stretch",
    "Quad stretch",
    "/exercises/quad-stretch/",
    Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True, rest_seconds=10),
)
RAISE = PlanItem(
    "side-lying-leg-raise",
    "Side-lying leg raise",
    "/exercises/side-lying-leg-raise/",
    Dose(reps=10, per_side=True),
    style="reps",
    kind="strengthen",
)
ROLL = PlanItem("roll-calves", "Calves", "/x/", Dose(sets=3, seconds_min=30), "dynamic", "roll")


def kinds(plan: dict) -> list[str]:
    return [step["kind"] for step in plan["steps"]]


def test_a_per_side_stretch_does_all_rounds_on_one_side_with_rests_then_switches():
    plan = build_plan([STRETCH])
    assert kinds(plan) == [
        "ready",
        "work",
        "rest",
        "work",
        "rest",
        "work",
        "switch",
        "work",
        "rest",
        "work",
        "rest",
        "work",
    ]
    switch = plan["steps"][6]
    assert switch["say"] == "Switch to the left side."
    assert switch["seconds"] == SWITCH_SECONDS
    work = [s for s in plan["steps"] if s["kind"] == "work"]
    assert {s["seconds"] for s in work} == {30}  # the top of the range: the full dose
    assert work[0]["detail"] == "Round 1 of 3 · right side"
    assert work[0]["label"] == "Hold"


def test_the_session_starts_with_a_get_ready_countdown():
    first = build_plan([STRETCH, ROLL])["steps"][0]
    assert (first["kind"], first["seconds"]) == ("ready", GET_READY_SECONDS)
    assert first["say"].startswith("Get ready: Quad stretch")


def test_later_exercises_are_introduced_as_next_up():
    plan = build_plan([ROLL, STRETCH])
    readies = [s for s in plan["steps"] if s["kind"] == "ready"]
    assert readies[1]["say"].startswith("Next up: Quad stretch")


def test_rounds_without_a_rest_follow_each_other():
    plan = build_plan([ROLL])
    assert kinds(plan) == ["ready", "work", "work", "work"]
    assert plan["steps"][1]["label"] == "Roll slowly"


def test_a_rep_move_gets_a_counter_per_side_instead_of_a_clock():
    plan = build_plan([RAISE])
    assert kinds(plan) == ["ready", "reps", "switch", "reps"]
    reps = plan["steps"][1]
    assert reps["reps"] == 10
    assert "seconds" not in reps
    assert plan["exercises"][0]["unit"] == "reps"


def test_the_plan_lists_the_exercises_in_order_with_their_doses():
    plan = build_plan([ROLL, RAISE])
    assert [(e["slug"], e["dose"]) for e in plan["exercises"]] == [
        ("roll-calves", "3 × 30 s"),
        ("side-lying-leg-raise", "10 reps · each side"),
    ]


def test_round_labels_name_each_round_and_the_last_serves_later_rounds():
    item = PlanItem("x", "X", "/x/", Dose(sets=3, seconds_min=20), labels=("First", "Then"))
    work = [s for s in build_plan([item])["steps"] if s["kind"] == "work"]
    assert [s["label"] for s in work] == ["First", "Then", "Then"]
    assert work[0]["say"] == "Round 1 of 3. First."


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
