"""exercises.dose: plain Python, no database."""

import pytest

from exercises.dose import (
    Dose,
    describe_dose,
    describe_minutes,
    format_range,
    format_seconds,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (15, "15 s"), (59, "59 s"), (60, "1 min"), (90, "1 min 30 s"), (120, "2 min")],
)
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (20, 30, "20–30 s"),
        (30, None, "30 s"),
        (30, 30, "30 s"),
        (45, 90, "45 s–1 min 30 s"),
        (60, 120, "1 min–2 min"),
    ],
)
def test_format_range(low, high, text):
    assert format_range(low, high) == text


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(sets=3, seconds_min=30), "3 × 30 s"),
        (Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True), "3 × 20–30 s · each side"),
        (Dose(sets=1, seconds_min=120), "2 min"),
        (Dose(sets=1, seconds_min=60, per_side=True), "1 min · each side"),
        (Dose(seconds_min=60, at_least=True), "at least 1 min"),
        (Dose(reps=10, per_side=True), "10 reps · each side"),
        (Dose(sets=2, reps=10), "2 × 10 reps"),
        (Dose(seconds_min=20, seconds_max=30), "20–30 s"),
        (Dose(), ""),
    ],
)
def test_describe_dose(dose, text):
    assert describe_dose(dose) == text


def test_estimated_seconds_uses_the_top_of_the_range_for_both_sides():
    dose = Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True)

    assert dose.estimated_seconds() == 3 * 30 * 2


def test_estimated_seconds_counts_rests_between_rounds_only():
    dose = Dose(sets=3, seconds_min=30, rest_seconds=10)

    assert dose.estimated_seconds() == 3 * 30 + 2 * 10


def test_the_time_a_dose_logs_as_done_leaves_its_rests_out():
    dose = Dose(sets=3, seconds_min=20, seconds_max=30, per_side=True, rest_seconds=10)

    assert dose.work_seconds() == 3 * 30 * 2
    assert dose.estimated_seconds() == 3 * 30 * 2 + 2 * 10 * 2


def test_estimated_seconds_for_reps_allows_a_few_seconds_each():
    from exercises.dose import SECONDS_PER_REP

    assert Dose(reps=10, per_side=True).estimated_seconds() == 10 * SECONDS_PER_REP * 2


def test_estimated_seconds_of_a_single_timed_block():
    assert Dose(sets=1, seconds_min=120).estimated_seconds() == 120
    assert Dose(seconds_min=60, at_least=True).estimated_seconds() == 60


def test_hold_seconds_is_the_full_dose():
    assert Dose(seconds_min=20, seconds_max=30).hold_seconds == 30
    assert Dose(seconds_min=45).hold_seconds == 45
    assert Dose(reps=10).hold_seconds is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "about 1 min"), (60, "about 1 min"), (61, "about 2 min"), (540, "about 9 min")],
)
def test_describe_minutes_rounds_up(seconds, text):
    assert describe_minutes(seconds) == text
