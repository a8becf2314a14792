"""The clinician's flags (progress.clinic): plain values, no database."""

import datetime as dt

import pytest

from progress import clinic
from progress.clinic import Flag, PersonRow
from progress.targets import FollowedPlan
from routines.progression import PainFact

TODAY = dt.date(2026, 12, 3)  # a Thursday


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def kinds(flags) -> list[str]:
    return [f.kind for f in flags]


# Pain: the pain hold's rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ([], []),
        ([PainFact(ago(0), 7, 5)], ["high"]),
        ([PainFact(ago(6), 8, 6)], ["high"]),  # the seventh day back still counts
        ([PainFact(ago(7), 8, 6)], []),  # the eighth does not
        ([PainFact(ago(0), 6, 6)], []),  # under 7
        ([PainFact(ago(1), 2, 5), PainFact(ago(2), 3, 5), PainFact(ago(3), 4, 4)], ["rose"]),
        ([PainFact(ago(1), 2, 5), PainFact(ago(2), 3, 3), PainFact(ago(3), 4, 4)], []),
        # a next-morning "worse" counts like a rise
        ([PainFact(ago(1), 3, 3, "worse"), PainFact(ago(2), 3, 6)], ["rose"]),
        # both rules at once: both flags
        ([PainFact(ago(1), 7, 9), PainFact(ago(2), 3, 6)], ["rose", "high"]),
    ],
)
def test_pain_flags_follow_the_pain_hold(facts, expected):
    assert kinds(clinic.pain_flags(facts, TODAY)) == expected


def test_a_high_pain_flag_says_the_day_calmly_and_is_our_rule():
    (flag,) = clinic.pain_flags([PainFact(ago(0), 8, 6), PainFact(ago(2), 9, 7)], TODAY)
    assert flag.text == "Pain before 7 or more on 3 Dec"
    assert flag.day == TODAY and flag.ours and flag.key == "high"


def test_a_rise_names_the_latest_rising_session():
    facts = [PainFact(ago(1), 3, 3), PainFact(ago(2), 2, 5), PainFact(ago(4), 3, 5)]
    (flag,) = clinic.pain_flags(facts, TODAY)
    assert flag.text == "Pain rose after 2 of the last 3 sessions with scores, latest on 1 Dec"


def test_a_day_in_another_year_carries_its_year():
    new_year = dt.date(2027, 1, 2)
    (flag,) = clinic.pain_flags([PainFact(dt.date(2026, 12, 30), 8, 6)], new_year)
    assert flag.text == "Pain before 7 or more on 30 Dec 2026"


# No session for 7 days ---------------------------------------------------------------------


def plan(started: int, pauses=(), paused_now=False, key=1, name="Morning") -> FollowedPlan:
    return FollowedPlan(key, name, 7, 7, ago(started), tuple(pauses), paused_now)


@pytest.mark.parametrize(
    ("started", "last", "flagged"),
    [
        (7, None, True),  # started a week ago, nothing since
        (6, None, False),  # not a week yet
        (30, 7, True),  # the last session a week ago
        (30, 6, False),  # six days ago: not yet
        (30, 0, False),
    ],
)
def test_a_quiet_routine_is_flagged_after_seven_days(started, last, flagged):
    last_day = None if last is None else ago(last)
    flag = clinic.quiet_flag([plan(started)], {1: last_day}, TODAY)
    assert (flag is not None) == flagged


def test_a_paused_routine_is_not_flagged():
    paused = plan(30, pauses=[(ago(10), None)], paused_now=True)
    assert clinic.quiet_flag([paused], {1: ago(20)}, TODAY) is None


def test_a_routine_resumed_this_week_is_not_flagged_yet():
    resumed = plan(30, pauses=[(ago(20), ago(3))])
    assert clinic.quiet_flag([resumed], {1: ago(21)}, TODAY) is None


def test_one_quiet_flag_names_each_quiet_routine():
    plans = [plan(30, key=1, name="Morning"), plan(9, key=2, name="Nightly"), plan(30, key=3)]
    flag = clinic.quiet_flag(plans, {1: ago(10), 2: None, 3: ago(1)}, TODAY)
    assert flag.text == (
        "No session for 7 days or more. Morning: the last on 23 Nov; "
        "Nightly: none since it started on 24 Nov"
    )
    assert flag.ours and flag.key == "quiet"


# The check-in ------------------------------------------------------------------------------


def test_a_check_in_answer_of_pain_is_the_persons_words_not_our_rule():
    flag = clinic.check_in_flag(["Morning", "Nightly"], ago(10), TODAY)
    assert flag.text == (
        "Check-in for the week of 23 Nov: pain or a flare got in the way (Morning, Nightly)"
    )
    assert not flag.ours
    assert flag.key == "check-in:2026-11-23"  # a later week's answer is a new flag
    assert clinic.check_in_flag([], ago(10), TODAY) is None


# Ordering, filters and what is new ---------------------------------------------------------

HIGH = Flag("high", "Pain before 7 or more on 3 Dec", TODAY)
QUIET = Flag("quiet", "No session for 7 days or more.", TODAY)


def test_flagged_people_come_first_then_by_name_whatever_its_case():
    rows = [
        PersonRow(None, "zoe"),
        PersonRow(None, "Yann", [QUIET]),
        PersonRow(None, "adam"),
        PersonRow(None, "Bea", [HIGH]),
    ]
    assert [r.name for r in clinic.ordered(rows)] == ["Bea", "Yann", "adam", "zoe"]


def test_the_filter_counts_people_per_flag():
    rows = [
        PersonRow(None, "A", [HIGH, QUIET]),
        PersonRow(None, "B", [QUIET]),
        PersonRow(None, "C"),
    ]
    counts = {kind: count for kind, _, count in clinic.flag_counts(rows)}
    assert counts == {"high": 1, "rose": 0, "quiet": 2, "check-in": 0}
    assert [r.name for r in clinic.with_flag(rows, "quiet")] == ["A", "B"]


def test_only_flags_the_last_email_did_not_name_are_new():
    assert clinic.keys_text([QUIET, HIGH]) == "high,quiet"
    assert clinic.new_flags([HIGH, QUIET], "quiet") == [HIGH]
    assert clinic.new_flags([HIGH, QUIET], "high,quiet") == []
    assert clinic.new_flags([HIGH], "") == [HIGH]
