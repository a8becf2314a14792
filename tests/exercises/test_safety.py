"""The safety note fits the kinds of move: no ball on a stretch-only routine."""

import pytest

from exercises.safety import GENERAL, safety_lines


def test_a_stretch_only_note_mentions_no_ball_no_roller_and_no_water():
    lines = safety_lines(["stretch", "stretch"])
    assert lines == ["Never stretch in pain.", GENERAL]


def test_rolling_says_to_move_the_roller_and_drink_water_but_not_to_stretch_gently():
    text = " ".join(safety_lines(["roll"]))
    assert "move the roller off that spot" in text
    assert "Drink some water after rolling." in text
    assert "stretch" not in text and "ball" not in text


def test_a_ball_release_names_the_ball_and_no_water():
    text = " ".join(safety_lines(["ball", "stretch"]))
    assert "move the ball off that spot" in text
    assert "Never stretch in pain." in text
    assert "water" not in text


@pytest.mark.parametrize("kinds", [{"roll", "ball"}, {"roll", "ball", "stretch", "strengthen"}])
def test_rolling_and_a_ball_name_both(kinds):
    assert "move the ball or roller off that spot" in " ".join(safety_lines(kinds))


def test_strengthening_alone_asks_to_ease_off_and_every_note_ends_with_general_guidance():
    lines = safety_lines(["strengthen"])
    assert "ease off if a move hurts" in lines[0]
    assert lines[-1] == GENERAL
    assert safety_lines([]) == [GENERAL]
