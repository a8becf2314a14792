"""A routine's phases over time and the weekly target each day asks for (progress/targets.py,
as the report uses them): plain Python, no database."""

import datetime as dt
import itertools

import pytest

from progress.targets import FollowedPlan, PhaseSpell, phase_spells, report_blocks, report_weeks

D = dt.date
START = D(2026, 10, 22)
MONDAY, SUNDAY = 0, 6  # the first day of the week (User.WeekStart)
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


def test_the_reports_weeks_follow_the_phases():
    blocks = report_blocks(START, D(2026, 11, 18), MONDAY)
    weeks = report_weeks(fortnight(), {0: 4, 1: 6, 2: 5, 3: 2, 4: 2}, blocks)

    assert [(w.first, w.needed, w.met) for w in weeks] == [
        (D(2026, 10, 22), 4, True),  # Thu – Sun: four Basics days
        (D(2026, 10, 26), 7, False),
        (D(2026, 11, 2), 5, True),  # three Basics days, four Advanced: 33/7 rounded up
        (D(2026, 11, 9), 3, False),
        (D(2026, 11, 16), 2, True),  # Mon – Wed of Advanced: 9/7 rounded up
    ]


@pytest.mark.parametrize(
    ("first", "last", "week_start", "blocks"),
    [
        # From a Thursday to a Wednesday: a short week at each end.
        (
            D(2026, 10, 22),
            D(2026, 11, 4),
            MONDAY,
            [(22, 25), (26, 1), (2, 4)],
        ),
        # From the person's first day of the week: whole weeks only.
        (D(2026, 10, 26), D(2026, 11, 8), MONDAY, [(26, 1), (2, 8)]),
        # Weeks from Sunday.
        (D(2026, 10, 22), D(2026, 11, 4), SUNDAY, [(22, 24), (25, 31), (1, 4)]),
        # One day, and a period inside one week.
        (D(2026, 10, 28), D(2026, 10, 28), MONDAY, [(28, 28)]),
        (D(2026, 10, 27), D(2026, 10, 30), MONDAY, [(27, 30)]),
        # Across a year's end (ISO week 53 of 2026 starts on Monday 28 December).
        (D(2026, 12, 30), D(2027, 1, 5), MONDAY, [(30, 3), (4, 5)]),
    ],
)
def test_a_reports_weeks_are_the_persons_weeks_cut_to_the_period(first, last, week_start, blocks):
    got = report_blocks(first, last, week_start)

    assert [(a.day, b.day) for a, b in got] == blocks
    assert got[0][0] == first and got[-1][1] == last
    assert all(b + dt.timedelta(days=1) == a for (_, b), (a, _) in itertools.pairwise(got))
