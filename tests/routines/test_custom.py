"""The rules for a person's own routine, without a database."""

import pytest

from exercises.dose import Dose
from routines import custom

STRETCH = Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True)
RAISES = Dose(reps=10, per_side=True)
NIGHTLY = Dose(seconds_min=60, at_least=True)


def test_a_dose_within_bounds_has_no_problems():
    assert custom.dose_problems(STRETCH) == {}
    assert custom.dose_problems(RAISES) == {}


@pytest.mark.parametrize(
    ("dose", "field", "message"),
    [
        (Dose(sets=3, seconds_min=4), "seconds", "Choose a time from 5 to 120 s."),
        (Dose(sets=3, seconds_min=121), "seconds", "Choose a time from 5 to 120 s."),
        (Dose(sets=0, seconds_min=30), "sets", "Choose 1 to 10 rounds."),
        (Dose(sets=11, seconds_min=30), "sets", "Choose 1 to 10 rounds."),
        (Dose(sets=1, reps=51), "reps", "Choose 1 to 50 reps."),
        (Dose(sets=1, reps=-1), "reps", "Choose 1 to 50 reps."),
        (Dose(sets=2, seconds_min=30, rest_seconds=121), "rest_seconds", "Rest at most 120 s"),
    ],
)
def test_a_dose_outside_the_bounds_names_the_field_and_the_limits(dose, field, message):
    problems = custom.dose_problems(dose)
    assert list(problems) == [field]
    assert problems[field].startswith(message)


def test_the_bounds_themselves_are_allowed():
    assert custom.dose_problems(Dose(sets=10, seconds_min=5)) == {}
    assert custom.dose_problems(Dose(sets=1, seconds_min=120, rest_seconds=120)) == {}
    assert custom.dose_problems(Dose(sets=1, reps=50)) == {}


def test_a_dose_with_neither_time_nor_reps_is_refused():
    assert custom.dose_problems(Dose(sets=2)) == {"seconds": "Give a time or a number of reps."}


def test_the_articles_dose_gets_no_note():
    assert custom.dose_notes(Dose(sets=3, seconds_min=25, per_side=True), STRETCH) == []
    assert custom.dose_notes(STRETCH, STRETCH) == []


def test_a_hold_outside_the_articles_range_gets_a_calm_note():
    notes = custom.dose_notes(Dose(sets=3, seconds_min=60, per_side=True), STRETCH)
    assert notes == ["The article suggests 20–30 s."]


def test_fewer_rounds_reps_or_one_side_only_get_notes():
    assert custom.dose_notes(Dose(sets=1, seconds_min=30, per_side=True), STRETCH) == [
        "The article suggests 3 rounds."
    ]
    assert custom.dose_notes(Dose(reps=20, per_side=False), RAISES) == [
        "The article suggests 10 reps.",
        "The article works each side in turn.",
    ]


def test_a_dose_of_ours_is_called_our_suggestion_not_the_articles():
    rock = Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True)
    notes = custom.dose_notes(Dose(sets=1, seconds_min=60), rock, ours=True)
    assert notes == [
        "Our suggestion: 20–30 s.",
        "Our suggestion: 3 rounds.",
        "Our suggestion: each side in turn.",
    ]
    assert not any("article" in note for note in notes)


def test_an_at_least_dose_is_fine_above_its_minimum_but_not_below():
    assert custom.dose_notes(Dose(seconds_min=90), NIGHTLY) == []
    assert custom.dose_notes(Dose(seconds_min=30), NIGHTLY) == [
        "The article suggests at least 1 min."
    ]


def test_the_ball_release_before_a_hamstring_roll_warns():
    slugs = ["lacrosse-ball-hamstring-release", "roll-hamstrings", "banded-hamstring-stretch"]
    warnings = custom.order_warnings(slugs)
    assert list(warnings) == [0]
    assert "after rolling the hamstrings" in warnings[0]


def test_the_ball_release_after_either_hamstring_roll_is_fine():
    assert custom.order_warnings(["roll-hamstrings", "lacrosse-ball-hamstring-release"]) == {}
    assert (
        custom.order_warnings(["roll-hamstrings-glutes", "lacrosse-ball-hamstring-release"]) == {}
    )
    assert "after rolling" in custom.order_warnings(["lacrosse-ball-hamstring-release"])[0]


def test_a_routine_of_forty_moves_is_allowed_but_not_forty_one():
    short = Dose(sets=1, seconds_min=30)
    assert custom.routine_problem([short] * 40) == ""
    assert custom.routine_problem([short] * 41) == "A routine holds at most 40 moves."


def test_a_routine_longer_than_ninety_minutes_is_refused():
    long = Dose(sets=10, seconds_min=120, per_side=True, rest_seconds=60)  # 58 min
    assert custom.routine_problem([long]) == ""
    assert custom.routine_problem([long, long]) == (
        "That makes the routine longer than 90 minutes."
    )


def test_weekly_targets_read_both_ways():
    assert custom.weekly_target("7-7") == (7, 7)
    assert custom.weekly_target("2-3") == (2, 3)
    assert custom.weekly_target("9-9") is None
    assert custom.weekly_value(3, 5) == "3-5"
    assert custom.weekly_value(4, 4) == "3-4"  # the closest offered


# The flare day ------------------------------------------------------------------------

KINDS = {
    "roll-hamstrings": ("roll", "basic"),
    "roll-calves": ("roll", "basic"),
    "lacrosse-ball-hamstring-release": ("ball", "advanced"),
    "banded-hamstring-stretch": ("stretch", "basic"),
    "quad-stretch": ("stretch", "basic"),
    "pigeon-stretch": ("stretch", "advanced"),
    "childs-pose": ("stretch", "basic"),
    "side-lying-leg-raise": ("strengthen", "advanced"),
    "ball-release-thigh-hip": ("ball", "basic"),
}
HAMSTRINGS = ["roll-hamstrings", "lacrosse-ball-hamstring-release", "banded-hamstring-stretch"]


def moves(*slugs: str) -> list[custom.FlareMove]:
    return [custom.FlareMove(slug, *KINDS[slug], name=slug) for slug in slugs]


@pytest.mark.parametrize(
    ("slugs", "gentle"),
    [
        # The hamstring guide: the roll and the banded stretch, not the ball release.
        (HAMSTRINGS, [0, 2]),
        (["quad-stretch", "pigeon-stretch", "childs-pose"], [0, 2]),  # child's pose first
        (["side-lying-leg-raise", "ball-release-thigh-hip", "quad-stretch"], [1, 2]),
        (["roll-calves"], [0]),
        ([], []),
    ],
)
def test_the_flare_day_offers_the_gentlest_moves_by_default(slugs, gentle):
    assert custom.gentlest(moves(*slugs)) == gentle
    choice = custom.flare_choice(moves(*slugs))
    assert (list(choice.positions), list(choice.gentle)) == (gentle, gentle)


@pytest.mark.parametrize(
    ("slugs", "chosen", "kept", "added"),
    [
        # Ticking the ball release and the banded stretch brings the roll back.
        (HAMSTRINGS, [1, 2], [0, 1, 2], [0]),
        (HAMSTRINGS, [2], [0, 2], [0]),
        (HAMSTRINGS, [0, 1], [0, 1], []),
        (["roll-calves", "quad-stretch", "childs-pose"], [2, 0], [0, 2], []),
        (["roll-calves", "quad-stretch", "childs-pose"], [7, -1], [0, 2], []),  # none exist
        (["roll-calves", "quad-stretch", "childs-pose", "roll-hamstrings"], [0, 1, 2], [0, 1], []),
    ],
)
def test_chosen_moves_keep_the_order_rules_adding_the_roll_back(slugs, chosen, kept, added):
    choice = custom.flare_choice(moves(*slugs), chosen)
    assert (list(choice.positions), list(choice.added), choice.refused) == (kept, added, ())


def test_a_move_whose_roll_the_routine_lacks_is_left_out_with_a_clear_message():
    slugs = ["quad-stretch", "lacrosse-ball-hamstring-release", "roll-hamstrings"]
    choice = custom.flare_choice(moves(*slugs), [1])
    assert choice.positions == (0, 2)  # nothing chosen is left: the gentlest instead
    assert choice.refused == (
        "lacrosse-ball-hamstring-release is left out: The article says to do the ball release "
        "only after rolling the hamstrings: put a hamstring roll before it.",
    )
    assert custom.flare_plan(["a", "b", "c"], choice.positions) == ["a", "c"]


def test_the_banded_stretch_after_a_roll_is_in_order_and_alone_it_is_not():
    assert custom.order_warnings(["roll-hamstrings", "banded-hamstring-stretch"]) == {}
    assert "put a hamstring roll before" in custom.order_warnings(["banded-hamstring-stretch"])[0]


def test_a_rest_left_empty_gets_our_suggested_rest_as_a_calm_note():
    suggested = Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True, rest_seconds=10)
    empty = Dose(sets=3, seconds_min=30, per_side=True)
    assert custom.dose_notes(empty, suggested) == ["Our suggestion: rest 10 s between rounds."]
    assert (
        custom.dose_notes(Dose(sets=3, seconds_min=30, per_side=True, rest_seconds=5), suggested)
        == []
    )
    one_round = Dose(sets=1, seconds_min=30, per_side=True)
    assert custom.dose_notes(one_round, suggested) == ["The article suggests 3 rounds."]
