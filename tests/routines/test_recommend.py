"""The one-minute start's recommendation (routines.recommend), over the library's real
content read straight from exercises.library_data and routines.routine_data: no database."""

import importlib
import itertools

import pytest

from exercises.dose import DOSE_FIELD_NAMES, Dose
from exercises.library_data import EXERCISES
from routines import custom
from routines.recommend import (
    KIT,
    MAX_MOVES,
    MINUTES,
    PLACES,
    Library,
    Move,
    Programme,
    Wish,
    recommend,
    session_seconds,
)
from routines.routine_data import ROUTINES

POSITIONS = importlib.import_module("exercises.migrations.0005_exercise_positions").POSITIONS
DOSE_KEYS = [name for name in DOSE_FIELD_NAMES if name != "dose_note"]


def _dose(row: dict) -> Dose:
    return Dose(**{key: row[key] for key in DOSE_KEYS if row.get(key) is not None})


def _library() -> Library:
    moves = {
        row["slug"]: Move(
            slug=row["slug"],
            name=row["name"],
            kind=row["kind"],
            level=row["level"],
            dose=_dose(row),
            areas=frozenset(row["areas"]),
            conditions=frozenset(row["conditions"]),
            equipment=frozenset(row["equipment"]) - {"none"},
            position=POSITIONS.get(row["slug"], ""),
            order=order,
        )
        for order, row in enumerate(EXERCISES, start=1)
    }
    programmes = []
    for order, row in enumerate(ROUTINES, start=1):
        plan = []
        for slug, overrides in row["phases"][0]["items"]:
            library = {key: getattr(moves[slug].dose, key) for key in DOSE_KEYS}
            library.update({k: v for k, v in overrides.items() if k in DOSE_KEYS})
            plan.append(Move(**{**moves[slug].__dict__, "dose": Dose(**library)}))
        programmes.append(Programme(row["slug"], row["name"], tuple(plan), order))
    return Library(tuple(moves.values()), tuple(programmes))


LIBRARY = _library()
NO_KIT = frozenset()
ROLLER = KIT["foam-roller"].slugs
BALL = KIT["ball"].slugs
EVERYTHING = frozenset().union(*(kit.slugs for kit in KIT.values()))


def wish(places: str, have: frozenset[str] = NO_KIT, minutes: int = 10) -> Wish:
    return Wish(frozenset(places.split()), have, minutes)


KITS = {
    "nothing": NO_KIT,
    **{key: kit.slugs for key, kit in KIT.items()},
    "roller and ball": ROLLER | BALL,
    "everything": EVERYTHING,
}


@pytest.mark.parametrize(
    ("place", "kit", "minutes"), list(itertools.product(PLACES, KITS, MINUTES)), ids=str
)
def test_every_answer_gets_one_routine_that_fits_what_and_how_long(place, kit, minutes):
    suggestion = recommend(LIBRARY, wish(place, KITS[kit], minutes))
    assert suggestion is not None
    assert suggestion.reason
    assert len(suggestion.moves) >= (1 if suggestion.is_programme else 2)
    assert session_seconds(suggestion.moves) == suggestion.seconds <= minutes * 60
    for move in suggestion.moves:
        assert move.equipment <= KITS[kit], move.slug
    if not suggestion.is_programme:
        assert len(suggestion.moves) <= MAX_MOVES
        assert all(move.level == "basic" for move in suggestion.moves)
        assert custom.order_warnings([move.slug for move in suggestion.moves]) == {}
        assert custom.routine_problem([move.dose for move in suggestion.moves]) == ""
        assert all(not custom.dose_problems(move.dose) for move in suggestion.moves)
        assert len(suggestion.name) <= 100


def test_lower_back_with_nothing_in_ten_minutes_is_a_short_routine_needing_no_kit():
    suggestion = recommend(LIBRARY, wish("lower-back", NO_KIT, 10))
    assert not suggestion.is_programme
    assert [move.slug for move in suggestion.moves] == [
        "hamstring-stretch",
        "psoas-lunge-stretch",
        "frog-stretch",
        "childs-pose",
    ]
    assert suggestion.name == "Lower back in 10 minutes"
    assert suggestion.reason == (
        "Four moves from the library that work your lower back and need no equipment: "
        "about 10 min of your 10."
    )


@pytest.mark.parametrize(
    ("places", "have", "minutes", "programme"),
    [
        ("lower-back", ROLLER, 10, "lower-back-recovery"),
        ("lower-back", ROLLER, 5, "foam-roller-legs-hips"),
        ("knees", BALL, 5, "nightly-release"),
        ("calves", BALL, 5, "nightly-release"),
        ("knees", ROLLER, 20, "lower-back-recovery"),
        ("hamstrings", EVERYTHING, 10, "hamstrings-back-knee"),
        ("lower-back knees", ROLLER, 20, "lower-back-recovery"),
    ],
)
def test_a_programme_wins_when_it_fits_the_kit_the_time_and_every_place(
    places, have, minutes, programme
):
    assert recommend(LIBRARY, wish(places, have, minutes)).programme == programme


def test_a_programme_much_shorter_than_the_time_gives_way_to_a_built_routine():
    # The one-minute nightly release for someone with twenty minutes and a ball.
    suggestion = recommend(LIBRARY, wish("knees", BALL, 20))
    assert not suggestion.is_programme
    assert "ball-release-thigh-hip" in [move.slug for move in suggestion.moves]


def test_the_stretch_programme_is_too_long_for_twenty_minutes():
    suggestion = recommend(LIBRARY, wish("hips", EVERYTHING, 20))
    assert suggestion.programme != "legs-hips-back-stretches"


def test_a_programme_must_work_every_place_chosen():
    # The foam-roller basics fit a roller and five minutes, and work the knees, but not the
    # front, inside or outside of the thighs.
    assert recommend(LIBRARY, wish("knees", ROLLER, 5)).programme == "foam-roller-legs-hips"
    suggestion = recommend(LIBRARY, wish("knees thighs", ROLLER, 5))
    assert not suggestion.is_programme


def test_one_place_with_a_single_matching_move_is_topped_up_to_two():
    suggestion = recommend(LIBRARY, wish("hamstrings", NO_KIT, 10))
    slugs = [move.slug for move in suggestion.moves]
    assert "hamstring-stretch" in slugs and len(slugs) == 2


def test_advanced_moves_are_never_built_into_a_first_routine():
    suggestion = recommend(LIBRARY, wish("hips", NO_KIT, 20))
    assert "pigeon-stretch" not in [move.slug for move in suggestion.moves]


def test_the_kit_the_routine_uses_is_named_in_the_reason():
    have = KIT["band"].slugs | KIT["foam-roller"].slugs
    suggestion = recommend(LIBRARY, wish("hamstrings", have, 20))
    slugs = [move.slug for move in suggestion.moves]
    assert "banded-hamstring-stretch" in slugs
    assert "use the towel or band" in suggestion.reason


def test_the_banded_stretch_waits_for_a_roller_as_the_order_rules_ask():
    # The hamstring guide rolls before the banded stretch (custom.ORDER_RULES): with a band
    # and no roller, the suggestion is a real routine of other stretches.
    suggestion = recommend(LIBRARY, wish("hamstrings", KIT["band"].slugs, 10))
    slugs = [move.slug for move in suggestion.moves]
    assert "banded-hamstring-stretch" not in slugs
    assert "hamstring-stretch" in slugs


def test_no_place_chosen_or_an_empty_library_recommends_nothing():
    assert recommend(LIBRARY, wish("", NO_KIT, 10)) is None
    assert recommend(Library((), ()), wish("knees", NO_KIT, 10)) is None


def test_the_session_estimate_counts_getting_ready_and_switching_sides():
    stretch = Move("s", "S", "stretch", "basic", Dose(sets=1, seconds_min=30, per_side=True))
    # 2 × 30 s, a 5 s switch, a 5 s get-ready and 7 s more before the first move.
    assert session_seconds([stretch]) == 60 + 5 + 5 + 7
