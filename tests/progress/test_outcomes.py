"""The outcome rules (progress/outcomes.py), table-tested without a database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from progress import outcomes
from progress.outcomes import ActivityChange, WeekLine

D = dt.date
LONDON = ZoneInfo("Europe/London")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
MONDAY, SUNDAY = 0, 6


@pytest.mark.parametrize(
    ("scores", "average"),
    [
        ([], None),
        ([4], 4.0),
        ([3, 6], 4.5),
        ([0, 10, 5], 5.0),
        ([1, 2, 3, 4, 5], 3.0),
        ([10, 10, 10, 10, 10], 10.0),
    ],
)
def test_psfs_average_is_the_mean_of_the_ratings(scores, average):
    assert outcomes.psfs_average(scores) == average


@pytest.mark.parametrize(
    ("change", "threshold", "meaningful"),
    [
        (2, outcomes.AVERAGE_CHANGE, True),
        (1.9, outcomes.AVERAGE_CHANGE, False),
        (-2, outcomes.AVERAGE_CHANGE, True),  # a drop of 2 is as real as a rise
        (6.9 - 4.9, outcomes.AVERAGE_CHANGE, True),  # floating point's 1.9999…
        (0, outcomes.AVERAGE_CHANGE, False),
        (3, outcomes.SINGLE_CHANGE, True),
        (2, outcomes.SINGLE_CHANGE, False),
        (-3, outcomes.SINGLE_CHANGE, True),
    ],
)
def test_a_change_is_meaningful_from_the_named_threshold(change, threshold, meaningful):
    assert outcomes.is_meaningful(change, threshold) is meaningful


def test_the_thresholds_are_the_published_ones():
    assert (outcomes.AVERAGE_CHANGE, outcomes.SINGLE_CHANGE) == (2, 3)
    assert "Physiotherapy Canada" in outcomes.CITATION and "1995" in outcomes.CITATION


@pytest.mark.parametrize(
    ("ratings", "text", "meaningful"),
    [
        ([(D(2026, 11, 2), 3), (D(2026, 11, 16), 6)], "Putting on socks: 3 → 6 since 2 Nov", True),
        ([(D(2026, 11, 16), 5), (D(2026, 11, 2), 3)], "Putting on socks: 3 → 5 since 2 Nov", False),
        ([(D(2026, 11, 2), 4)], "Putting on socks: 4 on 2 Nov", False),
        ([(D(2026, 11, 2), 7), (D(2026, 11, 30), 4)], "Putting on socks: 7 → 4 since 2 Nov", True),
    ],
)
def test_an_activitys_change_is_first_to_latest(ratings, text, meaningful):
    change = outcomes.activity_change("Putting on socks", ratings)
    assert (change.text, change.meaningful) == (text, meaningful)


def test_an_unrated_activity_has_no_change():
    assert outcomes.activity_change("Walking", []) is None


START, TWO_WEEKS_ON = D(2026, 11, 2), D(2026, 11, 16)


def _change(first, last, on=TWO_WEEKS_ON):
    return ActivityChange("x", first, START, last, on)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([], None),
        # Rated once only: nothing to compare yet.
        ([_change(3, 3, on=D(2026, 11, 2))], None),
        ([_change(3, 6), _change(4, 5)], (3.5, 5.5, True)),
        ([_change(3, 4), _change(4, 5)], (3.5, 4.5, False)),
        # An activity rated once is left out of both averages.
        ([_change(2, 6), _change(8, 8, on=D(2026, 11, 2))], (2.0, 6.0, True)),
    ],
)
def test_the_average_change_compares_the_same_activities(changes, expected):
    result = outcomes.average_change(changes)
    if expected is None:
        assert result is None
    else:
        assert (result.first, result.last, result.meaningful) == expected
        assert result.text.startswith("Average: ")


@pytest.mark.parametrize(
    ("today", "active", "last_rated", "not_now_until", "due"),
    [
        (D(2026, 11, 30), 2, D(2026, 11, 16), None, True),  # 14 days on
        (D(2026, 11, 29), 2, D(2026, 11, 16), None, False),  # 13 days
        (D(2027, 3, 1), 2, D(2026, 11, 16), None, True),  # long after: still once
        (D(2026, 11, 30), 0, D(2026, 11, 16), None, False),  # all retired
        (D(2026, 11, 30), 2, None, None, False),  # never rated
        (D(2026, 11, 30), 2, D(2026, 11, 30), None, False),  # rated today
        (D(2026, 11, 30), 2, D(2026, 11, 16), D(2026, 12, 3), False),  # "Not now" today
        (D(2026, 12, 2), 2, D(2026, 11, 16), D(2026, 12, 3), False),
        (D(2026, 12, 3), 2, D(2026, 11, 16), D(2026, 12, 3), True),  # asked again
        (D(2026, 12, 3), 2, D(2026, 11, 16), D(2026, 11, 1), True),  # an old "Not now"
    ],
)
def test_a_rerating_is_due_every_14_days_unless_put_off(
    today, active, last_rated, not_now_until, due
):
    assert outcomes.rerating_due(today, active, last_rated, not_now_until) is due


@pytest.mark.parametrize("today", [D(2026, 11, 30), D(2026, 12, 31), D(2028, 2, 29)])
def test_not_now_never_asks_again_the_same_day(today):
    until = outcomes.not_now_until(today)
    assert until > today
    assert not outcomes.rerating_due(today, 1, today - dt.timedelta(days=30), until)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "zone", "week_start", "followed_since", "done", "expected"),
    [
        # Monday morning in London: last week (Mon 23 – Sun 29 Nov) is asked about.
        (utc(2026, 11, 30, 9), LONDON, MONDAY, D(2026, 11, 1), [], D(2026, 11, 23)),
        # Sunday 23:50 in London is still last week's week: the week before it.
        (utc(2026, 11, 29, 23, 50), LONDON, MONDAY, D(2026, 11, 1), [], D(2026, 11, 16)),
        # Weeks that start on Sunday: on Sunday 29 Nov, last week began Sunday 22 Nov.
        (utc(2026, 11, 29, 12), LONDON, SUNDAY, D(2026, 11, 1), [], D(2026, 11, 22)),
        (utc(2026, 11, 28, 12), LONDON, SUNDAY, D(2026, 11, 1), [], D(2026, 11, 15)),
        # The same instant (Sunday 11:30 UTC) is Monday 00:30 in Auckland: a new week there,
        # still Sunday in Los Angeles.
        (utc(2026, 11, 29, 11, 30), AUCKLAND, MONDAY, D(2026, 11, 1), [], D(2026, 11, 23)),
        (utc(2026, 11, 29, 11, 30), LOS_ANGELES, MONDAY, D(2026, 11, 1), [], D(2026, 11, 16)),
        # Answered (or put away) already: not asked again.
        (utc(2026, 11, 30, 9), LONDON, MONDAY, D(2026, 11, 1), [D(2026, 11, 23)], None),
        # Skipped three check-ins: only last week is asked about, never the older ones.
        (
            utc(2026, 11, 30, 9),
            LONDON,
            MONDAY,
            D(2026, 10, 1),
            [D(2026, 10, 26)],
            D(2026, 11, 23),
        ),
        # No routine followed, or one started this week: nothing to ask.
        (utc(2026, 11, 30, 9), LONDON, MONDAY, None, [], None),
        (utc(2026, 11, 30, 9), LONDON, MONDAY, D(2026, 11, 30), [], None),
        # Started on last week's Sunday: that one day counts.
        (utc(2026, 11, 30, 9), LONDON, MONDAY, D(2026, 11, 29), [], D(2026, 11, 23)),
        # ISO week 53 of 2026: New Year's Day 2027 asks about 21–27 Dec.
        (utc(2027, 1, 1, 12), LONDON, MONDAY, D(2026, 11, 1), [], D(2026, 12, 21)),
    ],
)
def test_a_check_in_is_due_for_last_week_only(
    now, zone, week_start, followed_since, done, expected
):
    assert outcomes.check_in_week(now, zone, week_start, followed_since, done) == expected


@pytest.mark.parametrize(
    ("line", "text", "on_target"),
    [
        (WeekLine(1, "Morning routine", 3, 3), "3 of 3 days of Morning routine — on target.", True),
        (WeekLine(1, "Morning routine", 1, 3), "1 of 3 days of Morning routine.", False),
        (
            WeekLine(1, "Morning routine", 5, 3),
            "5 days of Morning routine, for a target of 3 — on target.",
            True,
        ),
        (WeekLine(1, "Nightly release", 0, 1), "0 of 1 day of Nightly release.", False),
    ],
)
def test_a_week_line_credits_specifically_and_never_scolds(line, text, on_target):
    assert (line.text, line.on_target) == (text, on_target)


@pytest.mark.parametrize(
    ("lines", "answered", "closed", "open_"),
    [
        ([], set(), False, False),
        ([WeekLine(1, "A", 3, 3)], set(), False, True),  # all on target: until closed
        ([WeekLine(1, "A", 3, 3)], set(), True, False),
        ([WeekLine(1, "A", 1, 3), WeekLine(2, "B", 2, 2)], set(), False, True),
        ([WeekLine(1, "A", 1, 3), WeekLine(2, "B", 2, 2)], {1}, False, False),
        ([WeekLine(1, "A", 1, 3), WeekLine(2, "B", 0, 2)], {1}, False, True),
        ([WeekLine(1, "A", 1, 3)], set(), True, False),  # put away unanswered
    ],
)
def test_the_check_in_stays_until_answered_or_put_away(lines, answered, closed, open_):
    assert outcomes.still_open(lines, answered, closed) is open_


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        ([], ""),
        ([WeekLine(1, "Paused one", 0, 0)], ""),
        (
            [WeekLine(1, "Morning routine", 3, 3), WeekLine(2, "Nightly release", 1, 2)],
            "Last week: 3 of 3 days of Morning routine — on target. "
            "1 of 2 days of Nightly release.",
        ),
    ],
)
def test_the_emails_check_in_line_sums_up_last_week(lines, text):
    assert outcomes.check_in_line(lines) == text


def test_every_answer_has_one_suggestion():
    assert {value for value, _ in outcomes.ANSWERS} | {outcomes.Answer.CLOSED} == set(
        outcomes.SUGGESTIONS
    )
