"""Per-routine streaks with pauses, the pain trend over weekly values, time per body area
and the days' notes (progress/targets.py, trend.py, days.py): plain Python, no database."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.charts import trend_chart
from progress.days import AreaTime, area_times
from progress.targets import (
    FollowedPlan,
    RoutineWeek,
    day_note,
    needed_days,
    routine_weeks,
    streak,
    weeks_on_target,
)
from progress.trend import PainSpan, PainSums, pain_months, pain_trend, pain_weeks, with_scores

D = dt.date
MONDAY = D(2026, 10, 19)  # four weeks before the week of 16 November 2026


def plan(key=1, minimum=7, maximum=7, started=MONDAY, pauses=()) -> FollowedPlan:
    return FollowedPlan(key, f"Routine {key}", minimum, maximum, started, tuple(pauses))


def scores(*before: int) -> PainSums:
    return PainSums(sum(before), len(before), 0, 0)


# Streaks per routine --------------------------------------------------------------------


def test_two_daily_routines_each_keep_their_own_target_and_streak():
    morning, night = plan(1), plan(2)
    full = {i: 7 for i in range(4)}
    weeks_1 = routine_weeks(morning, full, MONDAY, 5)
    weeks_2 = routine_weeks(night, full, MONDAY, 5)
    assert [w.needed for w in weeks_1] == [7, 7, 7, 7, 7]  # never 14: targets are not summed
    assert streak([w.met for w in weeks_1]) == 4
    flags = weeks_on_target([weeks_1, weeks_2], [14, 14, 14, 14, 2])
    assert flags == (True, True, True, True, False)
    assert streak(flags) == 4


def test_a_week_paused_throughout_neither_breaks_nor_grows_the_streak():
    paused = plan(pauses=[(MONDAY + dt.timedelta(weeks=2), MONDAY + dt.timedelta(weeks=2, days=6))])
    weeks = routine_weeks(paused, {0: 7, 1: 7, 3: 7}, MONDAY, 5)
    assert [w.met for w in weeks] == [True, True, None, True, False]
    assert streak([w.met for w in weeks]) == 3


def test_a_routine_paused_part_of_a_week_asks_for_its_share_rounded_up():
    wednesday = MONDAY + dt.timedelta(days=2)
    partly = plan(pauses=[(wednesday, None)])  # still paused
    assert partly.days_followed(MONDAY) == 2
    assert routine_weeks(partly, {0: 2}, MONDAY, 2)[0].met is True
    assert needed_days(3, 2) == 1
    assert needed_days(7, 0) == 0


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(-10, 20),
    pauses=st.lists(
        st.tuples(st.integers(-10, 20), st.one_of(st.none(), st.integers(0, 12))), max_size=3
    ),
)
def test_days_followed_counts_what_followed_on_says_day_by_day(start, pauses):
    """The quick count (whole weeks without a pause) agrees with asking each day."""
    spells = [
        (MONDAY + dt.timedelta(days=a), None if n is None else MONDAY + dt.timedelta(days=a + n))
        for a, n in pauses
    ]
    routine = plan(started=MONDAY + dt.timedelta(days=start), pauses=spells)
    for week in range(-2, 4):
        first = MONDAY + dt.timedelta(weeks=week)
        by_day = sum(routine.followed_on(first + dt.timedelta(days=i)) for i in range(7))
        assert routine.days_followed(first) == by_day
        short = sum(routine.followed_on(first + dt.timedelta(days=i)) for i in range(3))
        assert routine.days_followed(first, first + dt.timedelta(days=2)) == short


def test_starting_a_second_routine_keeps_the_headline_streak():
    """This week was on target with one routine; a second started on Thursday, not yet
    done, must not take this week (or any week) away from the streak."""
    morning = plan(1)
    weeks_1 = routine_weeks(morning, {i: 7 for i in range(4)}, MONDAY, 4)
    alone = weeks_on_target([weeks_1], [7] * 4)
    assert streak(alone) == 4
    night = plan(2, minimum=3, maximum=3, started=MONDAY + dt.timedelta(weeks=3, days=3))
    weeks_2 = routine_weeks(night, {}, MONDAY, 4)
    assert weeks_2[-1].needed == 2 and weeks_2[-1].met is None  # its first week adds, never takes
    assert streak(weeks_on_target([weeks_1, weeks_2], [7] * 4)) == 4


def test_a_routines_first_week_counts_once_on_target_and_its_next_weeks_as_usual():
    thursday = MONDAY + dt.timedelta(days=3)
    night = plan(minimum=3, maximum=3, started=thursday)
    assert [w.met for w in routine_weeks(night, {0: 2, 1: 2}, MONDAY, 3)] == [True, False, False]
    assert [w.met for w in routine_weeks(night, {0: 1, 1: 3}, MONDAY, 3)] == [None, True, False]


def test_why_a_week_asks_for_less_says_started_or_paused():
    thursday = MONDAY + dt.timedelta(days=3)
    assert plan(started=thursday).short_week_reason(MONDAY) == "started on Thursday"
    paused = plan(pauses=[(thursday, thursday + dt.timedelta(days=1))])
    assert paused.short_week_reason(MONDAY) == "paused some days"
    both = plan(started=MONDAY + dt.timedelta(days=1), pauses=[(thursday, None)])
    assert both.short_week_reason(MONDAY) == "started on Tuesday, paused some days"
    assert plan().short_week_reason(MONDAY) == ""


def test_weeks_before_a_routine_started_ask_nothing_of_it():
    late = plan(started=MONDAY + dt.timedelta(weeks=1, days=3))  # a Thursday
    weeks = routine_weeks(late, {1: 4}, MONDAY, 2)
    assert [(w.needed, w.started) for w in weeks] == [(0, False), (4, True)]


def test_with_every_routine_paused_a_week_is_passed_over_and_before_any_one_session_counts():
    early = RoutineWeek(MONDAY, 0, 0, started=False)
    paused = RoutineWeek(MONDAY, 0, 0, started=True)
    assert weeks_on_target([[early]], [1]) == (True,)
    assert weeks_on_target([[early]], [0]) == (False,)
    assert weeks_on_target([[paused]], [0]) == (None,)
    assert weeks_on_target([], [1, 0]) == (True, False)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((True, None, True, False), 2),  # the paused week is passed over
        ((True, False, None, None), 0),
        ((None, None, True), 1),
        ((True, True, None), 2),  # paused this week: last week's streak stands
    ],
)
def test_streaks_pass_over_paused_weeks(flags, expected):
    assert streak(flags) == expected


# The days' notes ------------------------------------------------------------------------


def test_a_missed_day_is_a_dash_and_rest_only_when_the_schedule_allows_it():
    today = MONDAY + dt.timedelta(days=4)
    daily, twice = plan(1), plan(2, minimum=2, maximum=3)
    assert day_note(MONDAY, today, [daily], {}) == "—"
    assert day_note(MONDAY + dt.timedelta(days=2), today, [twice], {2: 2}) == "Rest"
    assert day_note(MONDAY + dt.timedelta(days=2), today, [twice], {2: 1}) == "—"
    assert day_note(MONDAY + dt.timedelta(days=2), today, [daily, twice], {1: 2, 2: 2}) == "—"
    assert day_note(MONDAY + dt.timedelta(days=5), today, [daily], {}) == "To come"
    assert day_note(MONDAY, today, [], {}) == "—"
    paused = plan(pauses=[(MONDAY, None)])
    assert day_note(MONDAY + dt.timedelta(days=1), today, [paused], {}) == "Paused"


# Pain: weekly averages and the one trend over them -----------------------------------------


def test_weekly_pain_averages_to_one_decimal_and_leaves_empty_weeks_empty():
    weeks = pain_weeks({0: PainSums(13, 2, 5, 2), 2: PainSums(4, 1, 2, 1)}, MONDAY, 3)
    assert [(w.before, w.after) for w in weeks] == [(6.5, 2.5), (None, None), (4.0, 2.0)]
    assert [w.label for w in weeks] == ["19 Oct", "26 Oct", "2 Nov"]
    assert PainSums(1, 1, 0, 0) + PainSums(2, 1, 4, 2) == PainSums(3, 2, 4, 2)


def spans(*before: float | None, first: dt.date = MONDAY) -> list[PainSpan]:
    """Weeks from `first`, each with three scores averaging `before` (or none)."""
    return [
        PainSpan(
            first + dt.timedelta(weeks=i),
            "",
            PainSums(round(b * 3), 3, 0, 0) if b is not None else PainSums(),
        )
        for i, b in enumerate(before)
    ]


TODAY = D(2026, 11, 18)


@pytest.mark.parametrize(
    ("weeks", "verdict", "sentence"),
    [
        ([7, 6, 4, 3], "better", "6.5 → 3.5 since the week of 19 Oct (−3.0)."),
        ([3, 3, 5, 5], "worse", "3.0 → 5.0 since the week of 19 Oct (+2.0)."),
        ([5, 5, 5, 4], "steady", "5.0 → 4.5 since the week of 19 Oct (−0.5)."),
        # Weekly values, not sessions: 6.1 and 5.3 against 4.3 and 3.7 (the four weeks).
        ([6.0, 5.3, 4.3, 3.7], "steady", "5.7 → 4.0 since the week of 19 Oct (−1.7)."),
        ([7, None, 6, None, 4, 4], "better", "6.5 → 4.0 since the week of 19 Oct (−2.5)."),
        ([7, 7, 5, 5], "better", "7.0 → 5.0 since the week of 19 Oct (−2.0)."),
    ],
)
def test_one_trend_over_weekly_values_first_two_weeks_against_the_latest_two(
    weeks, verdict, sentence
):
    trend = pain_trend(spans(*weeks), TODAY)
    assert trend.verdict == verdict
    assert trend.sentence == f"Your pain scores before sessions: {sentence}"


def test_no_trend_without_four_weeks_of_scores_and_the_sentence_says_how_many():
    trend = pain_trend(spans(7, None, None, 3, 5), TODAY)
    assert trend.verdict == "too-few"
    assert trend.sentence == (
        "To compare, we need pain scores before sessions in at least 4 weeks (so far 3)."
    )
    assert pain_trend([], TODAY).verdict == "too-few"


def test_a_start_in_another_year_names_the_year():
    trend = pain_trend(spans(7, 7, 4, 4, first=D(2016, 9, 5)), TODAY)
    assert "since the week of 5 Sep 2016" in trend.sentence


def test_all_time_is_month_by_month_from_the_first_score():
    months = pain_months({D(2026, 9, 1): scores(6), D(2026, 11, 1): scores(3)}, D(2026, 11, 18))
    assert [m.label for m in months] == ["Sep 2026", "Oct 2026", "Nov 2026"]
    assert [m.before for m in months] == [6.0, None, 3.0]
    assert pain_months({}, D(2026, 11, 18)) == ()


def test_trend_chart_breaks_its_line_at_weeks_without_scores():
    weeks = spans(8, 6, None, 4, 2)
    chart = trend_chart(weeks)
    assert [p.value for p in chart.before] == [8.0, 6.0, 4.0, 2.0]
    assert len(chart.before_lines) == 2
    assert chart.before[0].y == pytest.approx(chart.bottom - (chart.bottom - chart.top) * 0.8)
    assert chart.before[0].x < chart.before[1].x
    assert not trend_chart(spans(None)).has_points


def test_the_trend_spans_the_weeks_from_the_first_score_on():
    weeks = spans(None, None, 6, None, 4, None)
    assert [w.before for w in with_scores(weeks)] == [6.0, None, 4.0, None]
    assert with_scores(spans(None, None)) == ()
    after_only = [PainSpan(MONDAY, "", PainSums(0, 0, 3, 1)), *spans(5)]
    assert len(with_scores([*spans(None), *after_only])) == 2
    assert len(trend_chart(with_scores(weeks)).x_ticks) == 4


# Time per body area ----------------------------------------------------------------------


def test_time_per_area_adds_rows_up_most_time_first():
    rows = [("Calves", 3, 1, 120), ("Hamstrings", 1, 1, 600), ("Calves", 3, 1, 240)]
    rows += [("Hips", 2, 2, 0)]
    assert area_times(rows) == [
        AreaTime("Hamstrings", 1, 600),
        AreaTime("Calves", 2, 360),
        AreaTime("Hips", 2, 0),
    ]
    assert [a.time_text for a in area_times(rows)] == ["10 min", "6 min", "no time logged"]
    assert AreaTime("Shins", 1, 20).time_text == "under 1 min"
