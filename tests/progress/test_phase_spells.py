"""A routine's phases over time and the weekly target each day asks for (progress/targets.py,
as the report uses them): plain Python, no database."""

import datetime as dt

import pytest

from progress.targets import FollowedPlan, PhaseSpell, phase_spells, report_weeks

D = dt.date
START = D(2026, 10, 22)
BASICS, ADVANCED, UPKEEP = 1, 2, 3


@pytest.mark.parametrize(
    ("changes", "current", "since", "spells"),
    [
        # Never moved on: one spell from the start.
        ([(START, BASICS)], BASICS, START, [PhaseSpell(BASICS, START)]),
        # Moved on after 14 days.
        (
            [(START, BASICS), (D(2026, 11, 5), ADVANCED)],
            ADVANCED,
            D(2026, 11, 5),
            [PhaseSpell(BASICS, START, D(2026, 11, 4)), PhaseSpell(ADVANCED, D(2026, 11, 5))],
        ),
        # Started straight at Advanced (for the experienced).
        ([(START, ADVANCED)], ADVANCED, START, [PhaseSpell(ADVANCED, START)]),
        # Nothing recorded (written in bulk): the current phase from the start.
        ([], ADVANCED, D(2026, 11, 5), [PhaseSpell(ADVANCED, START)]),
        # The current phase holds from its day, whatever was recorded on or after it.
        (
            [(START, BASICS), (D(2026, 11, 5), UPKEEP), (D(2026, 11, 9), UPKEEP)],
            ADVANCED,
            D(2026, 11, 5),
            [PhaseSpell(BASICS, START, D(2026, 11, 4)), PhaseSpell(ADVANCED, D(2026, 11, 5))],
        ),
        # The oldest change recorded after the start: its phase runs from the start.
        (
            [(D(2026, 10, 25), BASICS)],
            ADVANCED,
            D(2026, 11, 5),
            [PhaseSpell(BASICS, START, D(2026, 11, 4)), PhaseSpell(ADVANCED, D(2026, 11, 5))],
        ),
        # Three phases, given in any order; the same phase twice in a row is one spell.
        (
            [(D(2026, 11, 1), ADVANCED), (START, BASICS), (D(2026, 11, 3), ADVANCED)],
            UPKEEP,
            D(2026, 11, 20),
            [
                PhaseSpell(BASICS, START, D(2026, 10, 31)),
                PhaseSpell(ADVANCED, D(2026, 11, 1), D(2026, 11, 19)),
                PhaseSpell(UPKEEP, D(2026, 11, 20)),
            ],
        ),
    ],
)
def test_phase_spells_from_the_recorded_changes_and_the_current_phase(
    changes, current, since, spells
):
    assert phase_spells(START, changes, current, since) == tuple(spells)


@pytest.mark.parametrize(
    ("first", "last", "overlaps"),
    [
        (D(2026, 10, 1), D(2026, 10, 21), False),
        (D(2026, 10, 1), D(2026, 10, 22), True),
        (D(2026, 11, 4), D(2026, 11, 30), True),
        (D(2026, 11, 5), D(2026, 11, 30), False),
    ],
)
def test_a_spell_overlaps_a_period_sharing_a_day_with_it(first, last, overlaps):
    assert PhaseSpell(BASICS, START, D(2026, 11, 4)).overlaps(first, last) is overlaps


def fortnight(pauses=()) -> FollowedPlan:
    """Basics (every day) from 22 Oct, Advanced (3 a week) from 5 Nov."""
    return FollowedPlan(
        1, "Foam", 3, 4, START, tuple(pauses), targets=((START, 7), (D(2026, 11, 5), 3))
    )


@pytest.mark.parametrize(
    ("first", "last", "needed"),
    [
        (D(2026, 10, 22), D(2026, 10, 28), 7),  # a Basics week
        (D(2026, 11, 5), D(2026, 11, 11), 3),  # an Advanced week
        (D(2026, 11, 2), D(2026, 11, 8), 5),  # 3 Basics days + 4 Advanced: 3 + 12/7
        (D(2026, 10, 15), D(2026, 10, 21), 0),  # before the start
        (D(2026, 10, 19), D(2026, 10, 25), 4),  # started on the Thursday
        (D(2026, 11, 12), D(2026, 11, 13), 1),  # a short last block: 6/7
    ],
)
def test_each_day_asks_for_the_target_of_its_own_phase(first, last, needed):
    assert fortnight().needed_in(first, last) == needed


def test_days_paused_ask_nothing_in_any_phase():
    paused = fortnight(pauses=[(D(2026, 11, 2), D(2026, 11, 4))])  # the last Basics days

    assert paused.needed_in(D(2026, 11, 2), D(2026, 11, 8)) == 2  # 12/7 rounded up


def test_without_targets_a_plan_asks_for_its_minimum_as_before():
    plain = FollowedPlan(1, "Foam", 3, 4, START)

    assert plain.needed_in(D(2026, 10, 22), D(2026, 10, 28)) == 3
    assert plain.needed_in(D(2026, 10, 19), D(2026, 10, 25)) == 2  # 3 × 4/7


def test_the_reports_blocks_follow_the_phases():
    weeks = report_weeks(fortnight(), {0: 7, 1: 6, 2: 3, 3: 2}, START, D(2026, 11, 18))

    assert [(w.first, w.needed, w.met) for w in weeks] == [
        (D(2026, 10, 22), 7, True),
        (D(2026, 10, 29), 7, False),
        (D(2026, 11, 5), 3, True),
        (D(2026, 11, 12), 3, False),
    ]
