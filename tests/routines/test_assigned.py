"""What a clinician changed on an assigned routine (routines.assigned): no database."""

from routines.assigned import Move, changes, snapshot

ROLL = Move("roll-calves", "Roll the calves", "3 rounds of 30 s")
STRETCH = Move("calf-stretch-wall", "Calf stretch", "3 rounds of 20–30 s each side")
RAISE = Move("side-lying-leg-raise", "Side-lying leg raise", "1 round of 10 reps each side")


def plan(*moves: Move, note: str = "Go gently.", weekly: str = "3 times a week") -> dict:
    return snapshot(note, weekly, moves)


def test_nothing_seen_yet_shows_no_changes():
    assert changes([], plan(ROLL, STRETCH)) == []
    assert changes({}, plan(ROLL)) == []
    assert changes(None, plan(ROLL)) == []


def test_the_same_plan_shows_no_changes():
    assert changes(plan(ROLL, STRETCH), plan(ROLL, STRETCH)) == []


def test_an_added_and_a_removed_move_are_named():
    assert changes(plan(ROLL, STRETCH), plan(ROLL, RAISE)) == [
        "Added Side-lying leg raise.",
        "Removed Calf stretch.",
    ]


def test_several_added_moves_read_as_a_list():
    assert changes(plan(ROLL), plan(ROLL, STRETCH, RAISE)) == [
        "Added Calf stretch and Side-lying leg raise."
    ]


def test_a_new_dose_says_what_it_is_now():
    longer = Move(ROLL.slug, ROLL.name, "3 rounds of 45 s")
    assert changes(plan(ROLL), plan(longer)) == [
        "The dose of Roll the calves is now 3 rounds of 45 s."
    ]


def test_a_new_order_is_said_once():
    assert changes(plan(ROLL, STRETCH, RAISE), plan(RAISE, ROLL, STRETCH)) == [
        "The moves are in a new order."
    ]


def test_a_removed_move_alone_is_not_a_new_order():
    assert changes(plan(ROLL, STRETCH, RAISE), plan(ROLL, RAISE)) == ["Removed Calf stretch."]


def test_a_move_listed_twice_counts_twice():
    assert changes(plan(ROLL), plan(ROLL, STRETCH, ROLL)) == [
        "Added Calf stretch and Roll the calves."
    ]


def test_the_note_and_the_weekly_target_are_said_when_they_change():
    before = plan(ROLL, note="Go gently.", weekly="3 times a week")
    after = plan(ROLL, note="Stop if your knee aches.", weekly="every day")
    assert changes(before, after) == ["How often: now every day.", "The note changed."]


def test_a_damaged_snapshot_is_read_as_far_as_it_goes():
    seen = {"note": "Go gently.", "weekly": "3 times a week", "moves": [["roll-calves"], 7]}
    assert changes(seen, plan(ROLL)) == ["Added Roll the calves."]


def test_the_snapshot_is_plain_json():
    assert plan(ROLL) == {
        "note": "Go gently.",
        "weekly": "3 times a week",
        "moves": [["roll-calves", "Roll the calves", "3 rounds of 30 s"]],
    }
