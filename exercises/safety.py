"""The safety note a set of moves needs, from the kinds of move it holds (a pure rule).

A stretch-only routine has no ball to move off a tingling spot and nothing to roll: its note
says only what fits. The wording is the source articles' ("never stretch in pain", "move the ball
off the spot", "drink water after rolling"); the general-guidance line closes every note.
"""

from collections.abc import Iterable

GENERAL = "This is general guidance, not medical advice."


def _tools(kinds: set[str]) -> str:
    if {"roll", "ball"} <= kinds:
        return "the ball or roller"
    return "the ball" if "ball" in kinds else "the roller"


def safety_lines(kinds: Iterable[str]) -> list[str]:
    """The note's sentences for moves of these kinds (Exercise.Kind values), in order."""
    kinds = set(kinds)
    lines = []
    if "stretch" in kinds:
        lines.append("Never stretch in pain.")
    if "strengthen" in kinds:
        lines.append("Move within what feels comfortable, and ease off if a move hurts.")
    if kinds & {"roll", "ball"}:
        lines.append(
            "Tingling, pins and needles or a foot falling asleep means move "
            f"{_tools(kinds)} off that spot."
        )
    if "roll" in kinds:
        lines.append("Drink some water after rolling.")
    return [*lines, GENERAL]
