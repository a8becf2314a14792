"""The progression rules, without a database."""

import datetime as dt

import pytest

from routines.progression import (
    AUTO,
    CONFIRM,
    PAUSED,
    Activity,
    EnrolmentState,
    PainFact,
    PainHold,
    PhaseRule,
    SessionFact,
    days_in_phase,
    describe_frequency,
    due_today,
    morning_question,
    pain_hold,
    progress,
    tally,
    unlock_day,
)

D = dt.date
BASICS = PhaseRule(1, "Basics", 7, 7, AUTO, min_days=14, early_after_days=7)
ADVANCED = PhaseRule(2, "Advanced", 3, 3)
FOAM = [BASICS, ADVANCED]
NIGHTLY = PhaseRule(1, "Nightly", 7, 7, CONFIRM, min_seconds=300)
UPKEEP = PhaseRule(2, "Upkeep", 2, 3)
RELEASE = [NIGHTLY, UPKEEP]
DAILY = PhaseRule(1, "Daily", 7, 7, CONFIRM, min_days=14)
RECOVERY = [DAILY, UPKEEP]


def state(start: dt.date, **kwargs) -> EnrolmentState:
    return EnrolmentState(
        started_on=start,
        phase_order=kwargs.pop("phase_order", 1),
        phase_started_on=kwargs.pop("phase_started_on", start),
        **kwargs,
    )


def daily_sessions(first: dt.date, count: int, seconds: int = 90) -> list[SessionFact]:
    return [SessionFact(first + dt.timedelta(days=i), seconds) for i in range(count)]


# Days in phase -----------------------------------------------------------------


def test_the_day_a_phase_starts_is_day_zero():
    assert days_in_phase(state(D(2026, 1, 1)), D(2026, 1, 1)) == 0
    assert days_in_phase(state(D(2026, 1, 1)), D(2026, 1, 15)) == 14


def test_days_paused_do_not_count_while_paused():
    paused = state(D(2026, 1, 1), status=PAUSED, paused_on=D(2026, 1, 6))
    assert days_in_phase(paused, D(2026, 3, 1)) == 5


def test_finished_pauses_are_taken_off_the_count():
    resumed = state(D(2026, 1, 1), paused_days=10)
    assert days_in_phase(resumed, D(2026, 1, 21)) == 10


# Foam roller: auto advance after 14 days, early from day 7 ----------------------------


def test_advanced_unlocks_in_three_days_after_eleven_days():
    result = progress(FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 12))
    assert result.phase == BASICS
    assert not result.unlocked
    assert result.explanation == "Advanced unlocks in 3 days — 11 of 14 days done."


def test_advanced_phase_unlocks_after_fourteen_days_and_starts_that_day():
    result = progress(FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 20))
    assert result.phase == ADVANCED
    assert result.phase_started_on == D(2026, 1, 15)
    assert result.next_phase is None
    assert result.explanation == "Keep it up 3 times a week."


def test_moving_on_early_is_refused_before_day_seven():
    result = progress(FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 7))
    assert result.days_in_phase == 6
    assert not result.may_move_early


def test_moving_on_early_is_allowed_from_day_seven_with_a_warning():
    result = progress(FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 8))
    assert result.may_move_early
    assert "Advanced" in result.early_warning
    assert "pain" in result.early_warning
    # The foam-roller article says only that these moves focus on the little muscles.
    assert "article says the new moves focus on the little muscles" in result.early_warning
    assert "sensitive" not in result.early_warning


def test_a_paused_routine_does_not_unlock_while_paused():
    paused = state(D(2026, 1, 1), status=PAUSED, paused_on=D(2026, 1, 10))
    result = progress(FOAM, paused, Activity(), D(2026, 3, 1))
    assert result.phase == BASICS
    assert result.days_in_phase == 9
    assert not result.may_move_early  # resume first
    assert "5 days" in result.explanation


def test_a_resumed_routine_unlocks_later_by_the_days_it_was_paused():
    resumed = state(D(2026, 1, 1), paused_days=20)
    assert progress(FOAM, resumed, Activity(), D(2026, 2, 3)).phase == BASICS
    result = progress(FOAM, resumed, Activity(), D(2026, 2, 4))
    assert result.phase == ADVANCED
    assert result.phase_started_on == D(2026, 2, 4)


def test_a_gap_of_several_weeks_still_counts_calendar_days():
    sessions = [SessionFact(D(2026, 1, 1), 180)]
    activity = tally(sessions, D(2026, 1, 1), D(2026, 2, 12))
    result = progress(FOAM, state(D(2026, 1, 1)), activity, D(2026, 2, 12))
    assert result.phase == ADVANCED


# Foam roller as shipped: 14 days AND 7 days with a session, early from day 7 -----------

LOGGED_BASICS = PhaseRule(1, "Basics", 7, 7, AUTO, min_days=14, min_sessions=7, early_after_days=7)
LOGGED_FOAM = [LOGGED_BASICS, ADVANCED]


def test_fourteen_days_without_a_session_do_not_unlock_advanced():
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 2, 20))
    assert result.phase == LOGGED_BASICS
    assert not result.unlocked
    assert result.explanation == (
        "Advanced unlocks after 7 more days with a session — "
        "14 of 14 days, 0 of 7 days with a session so far."
    )


def test_fourteen_days_with_six_logged_days_still_wait_for_the_seventh():
    activity = tally(daily_sessions(D(2026, 1, 1), 6), D(2026, 1, 1), D(2026, 1, 20))
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), activity, D(2026, 1, 20))
    assert result.phase == LOGGED_BASICS
    assert "1 more day with a session" in result.explanation


def test_seven_logged_days_before_day_fourteen_unlock_on_day_fourteen():
    activity = tally(daily_sessions(D(2026, 1, 1), 7), D(2026, 1, 1), D(2026, 1, 20))
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), activity, D(2026, 1, 20))
    assert result.phase == ADVANCED
    assert result.phase_started_on == D(2026, 1, 15)


def test_the_seventh_logged_day_after_day_fourteen_unlocks_that_day():
    sessions = [*daily_sessions(D(2026, 1, 1), 6), SessionFact(D(2026, 1, 25), 90)]
    activity = tally(sessions, D(2026, 1, 1), D(2026, 1, 25))
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), activity, D(2026, 1, 25))
    assert result.phase == ADVANCED
    assert result.phase_started_on == D(2026, 1, 25)


def test_seven_logged_days_alone_wait_for_the_fourteen_days():
    activity = tally(daily_sessions(D(2026, 1, 1), 10), D(2026, 1, 1), D(2026, 1, 11))
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), activity, D(2026, 1, 11))
    assert result.phase == LOGGED_BASICS
    assert result.explanation == (
        "Advanced unlocks after 4 more days — 10 of 14 days, 7 of 7 days with a session so far."
    )


def test_both_still_missing_are_both_named():
    activity = tally(daily_sessions(D(2026, 1, 1), 4), D(2026, 1, 1), D(2026, 1, 12))
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), activity, D(2026, 1, 12))
    assert result.explanation == (
        "Advanced unlocks after 3 more days and 3 more days with a session — "
        "11 of 14 days, 4 of 7 days with a session so far."
    )


def test_moving_on_early_from_day_seven_does_not_need_the_sessions():
    result = progress(LOGGED_FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 8))
    assert result.may_move_early
    assert not progress(LOGGED_FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 7)).may_move_early


def test_unlock_day_is_the_day_count_for_a_days_only_rule_and_skips_paused_days():
    resumed = state(D(2026, 1, 1), paused_days=3)
    late = Activity(days_logged_in_phase=9, last_logged_on=D(2026, 3, 1))
    assert unlock_day(BASICS, resumed, late) == D(2026, 1, 18)
    assert unlock_day(LOGGED_BASICS, resumed, late) == D(2026, 3, 1)
    assert unlock_day(LOGGED_BASICS, resumed, Activity()) == D(2026, 1, 18)


def test_tally_reports_the_last_day_logged_in_the_phase():
    sessions = [
        SessionFact(D(2025, 12, 30)),
        SessionFact(D(2026, 1, 3)),
        SessionFact(D(2026, 1, 2)),
    ]
    assert tally(sessions, D(2026, 1, 1), D(2026, 1, 5)).last_logged_on == D(2026, 1, 3)
    assert tally(sessions[:1], D(2026, 1, 1), D(2026, 1, 5)).last_logged_on is None


# Lower-back recovery: daily, then a proposed switch ---------------------------------------


def test_recovery_proposes_upkeep_after_fourteen_days_and_waits_for_confirmation():
    before = progress(RECOVERY, state(D(2026, 1, 1)), Activity(), D(2026, 1, 14))
    assert not before.propose
    assert before.explanation == "Upkeep can start in 1 day — 13 of 14 days done."
    after = progress(RECOVERY, state(D(2026, 1, 1)), Activity(), D(2026, 2, 14))
    assert after.phase == DAILY
    assert after.propose
    assert after.explanation.startswith("Ready for Upkeep")


# Nightly release: five minutes in total ---------------------------------------------


def test_five_minute_threshold_is_not_met_at_four_minutes_fifty_nine():
    sessions = [*daily_sessions(D(2026, 1, 1), 4, 60), SessionFact(D(2026, 1, 5), 59)]
    activity = tally(sessions, D(2026, 1, 1), D(2026, 1, 5))
    result = progress(RELEASE, state(D(2026, 1, 1)), activity, D(2026, 1, 5))
    assert activity.seconds_in_phase == 299
    assert not result.propose
    assert result.explanation == "4 min 59 s of 5 min done so far."


def test_five_minutes_of_rolling_proposes_the_next_step():
    sessions = daily_sessions(D(2026, 1, 1), 5, 60)
    activity = tally(sessions, D(2026, 1, 1), D(2026, 1, 5))
    result = progress(RELEASE, state(D(2026, 1, 1)), activity, D(2026, 1, 5))
    assert result.propose
    assert result.phase == NIGHTLY


def test_several_sessions_a_day_sum_their_seconds_but_count_one_day():
    sessions = [SessionFact(D(2026, 1, 1), 100)] * 3 + [SessionFact(D(2026, 1, 2), 40)]
    activity = tally(sessions, D(2026, 1, 1), D(2026, 1, 2))
    assert activity.seconds_in_phase == 340
    assert activity.days_logged_in_phase == 2
    assert activity.days_this_week == 2
    assert progress(RELEASE, state(D(2026, 1, 1)), activity, D(2026, 1, 2)).propose


def test_sessions_before_the_phase_started_do_not_count_towards_it():
    sessions = daily_sessions(D(2026, 1, 1), 10, 60)
    activity = tally(sessions, D(2026, 1, 8), D(2026, 1, 10))
    assert activity.seconds_in_phase == 180
    assert activity.days_logged_in_phase == 3


def test_minimum_sessions_count_days_not_sessions():
    rule = PhaseRule(1, "Start", 7, 7, CONFIRM, min_sessions=3)
    same_day = [SessionFact(D(2026, 1, 1), 60)] * 5
    activity = tally(same_day, D(2026, 1, 1), D(2026, 1, 1))
    result = progress([rule, UPKEEP], state(D(2026, 1, 1)), activity, D(2026, 1, 1))
    assert not result.propose
    assert result.explanation == "1 of 3 days with a session."


# Due today -------------------------------------------------------------------------


def test_a_daily_routine_is_due_unless_done_today():
    due = due_today(BASICS, Activity(days_this_week=5))
    assert due.due
    assert due.reason == "Every day — 5 of 7 this week so far, not yet today."  # Today's line
    done = due_today(BASICS, Activity(days_this_week=5, done_today=True))
    assert not done.due
    assert done.reason.startswith("Done for today")


def test_two_to_three_a_week_is_due_until_the_minimum_is_reached():
    result = due_today(UPKEEP, Activity(days_this_week=1))
    assert result.due
    assert result.weekly_text == "1 of 2–3 this week"


def test_three_a_week_done_is_a_rest_day():
    result = due_today(ADVANCED, Activity(days_this_week=3))
    assert not result.due
    assert result.reason.startswith("3 of 3 this week — rest day")


def test_a_weekly_routine_already_done_today_is_not_due_again():
    assert not due_today(UPKEEP, Activity(days_this_week=1, done_today=True)).due


def test_the_week_follows_the_persons_week_start():
    # 2026-01-04 is a Sunday. Monday weeks: Sunday belongs to the week before.
    sessions = [SessionFact(D(2026, 1, 3)), SessionFact(D(2026, 1, 4))]
    assert tally(sessions, D(2026, 1, 1), D(2026, 1, 4), week_start=0).days_this_week == 2
    assert tally(sessions, D(2026, 1, 1), D(2026, 1, 4), week_start=6).days_this_week == 1


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(7, 7, "every day"), (3, 3, "3 times a week"), (2, 3, "2–3 times a week")],
)
def test_frequency_in_words(low, high, text):
    assert describe_frequency(low, high) == text


# Words that match what happened ----------------------------------------------------------


def test_todays_logged_session_counts_towards_the_days_done():
    logged = Activity(days_logged_in_phase=1, done_today=True)
    first_day = progress(FOAM, state(D(2026, 1, 1)), logged, D(2026, 1, 1))
    assert first_day.explanation == "Advanced unlocks after 13 more days — 1 of 14 days done."
    not_yet = progress(FOAM, state(D(2026, 1, 1)), Activity(), D(2026, 1, 1))
    assert not_yet.explanation == "Advanced unlocks in 14 days — 0 of 14 days done."
    last_day = progress(FOAM, state(D(2026, 1, 1)), logged, D(2026, 1, 14))
    assert last_day.explanation == "Advanced unlocks tomorrow — 14 of 14 days done."


def test_nothing_rolled_yet_reads_as_words_not_zero_seconds():
    result = progress(RELEASE, state(D(2026, 1, 1)), Activity(), D(2026, 1, 1))
    assert result.explanation == "Nothing rolled yet — 5 min in total unlocks the next step."


# Pain that is not settling holds the next phase back (our rule) -----------------------

TODAY = D(2026, 1, 20)


def facts(*pairs: tuple[int | None, int | None], days_ago: int = 10) -> list[PainFact]:
    """Sessions newest first, one a day from `days_ago` days ago backwards."""
    return [
        PainFact(TODAY - dt.timedelta(days=days_ago + i), before, after)
        for i, (before, after) in enumerate(pairs)
    ]


@pytest.mark.parametrize(
    ("pain", "hold"),
    [
        (facts((2, 4), (3, 5), (3, 3)), PainHold("rose")),  # 2 of the last 3 rose by 2
        (facts((2, 4), (3, 3), (3, 5)), PainHold("rose")),
        (facts((2, 4), (3, 4), (3, 3), (3, 6)), None),  # the fourth is older than the last 3
        (facts((2, 4), (None, 9), (3, 3), (4, 6)), PainHold("rose")),  # unscored pairs skip
        (facts((5, 3), (5, 3), (5, 3)), None),
        (facts((7, 5), days_ago=6), PainHold("high", D(2026, 1, 14))),  # 7 before, 6 days ago
        (facts((7, 5), days_ago=7), None),  # a week ago: settled
        (facts((4, 3), (8, 5), days_ago=0), PainHold("high", TODAY - dt.timedelta(days=1))),
        ([], None),
    ],
)
def test_pain_holds_when_it_rose_twice_in_three_or_was_seven_before_this_week(pain, hold):
    assert pain_hold(pain, TODAY) == hold


def test_a_rise_twice_holds_the_basics_back_and_today_says_why_and_what_releases_it():
    rose = facts((2, 4), (3, 5), (3, 3))
    result = progress(FOAM, state(D(2026, 1, 1)), Activity(), TODAY, rose)
    assert result.phase == BASICS and not result.unlocked and not result.may_move_early
    assert result.waiting == (
        "Advanced waits while your pain settles: it rose by 2 points or more after 2 of your "
        "last 3 sessions with both scores, and goes ahead once fewer of them do "
        "(our rule, not the articles')."
    )
    assert result.waiting_short == "Advanced waits while your pain settles."  # Today's card
    settled = facts((3, 3), (2, 4), (3, 5))
    assert progress(FOAM, state(D(2026, 1, 1)), Activity(), TODAY, settled[:1]).phase == ADVANCED


def test_high_pain_before_holds_a_proposal_until_a_week_has_passed():
    high = facts((8, 6), days_ago=2)
    result = progress(RECOVERY, state(D(2026, 1, 1)), Activity(), TODAY, high)
    assert not result.propose
    assert result.waiting == (
        "Upkeep waits while your pain settles: it was 7 or more before a session on 18 Jan, "
        "and goes ahead from 25 Jan if it stays under 7 (our rule, not the articles')."
    )
    later = progress(RECOVERY, state(D(2026, 1, 1)), Activity(), D(2026, 1, 25), high)
    assert later.propose and later.waiting == ""


def test_a_final_phase_has_nothing_to_wait_for():
    result = progress([UPKEEP], state(D(2026, 1, 1)), Activity(), TODAY, facts((2, 8), (2, 8)))
    assert result.waiting == ""


def test_a_worse_next_morning_counts_like_a_rise():
    worse = [
        PainFact(TODAY - dt.timedelta(days=1), morning="worse"),
        PainFact(TODAY - dt.timedelta(days=2), 3, 3, morning="same"),
        PainFact(TODAY - dt.timedelta(days=3), 2, 5),
    ]
    assert pain_hold(worse, TODAY) == PainHold("worse")
    assert PainHold("worse").sentence("Advanced") == (
        "Advanced waits while your pain settles: it rose after, or was worse the next "
        "morning, for 2 of your last 3 sessions you told us about, and goes ahead once fewer "
        "of them do (our rule, not the articles')."
    )
    skipped = [PainFact(TODAY, morning="skipped"), *worse[1:]]  # a skip says nothing
    assert pain_hold(skipped, TODAY) is None


@pytest.mark.parametrize(
    ("facts_", "asked"),
    [
        ([PainFact(TODAY - dt.timedelta(days=1), key=7)], 7),
        ([PainFact(TODAY, key=8), PainFact(TODAY - dt.timedelta(days=1), key=7)], 7),
        ([PainFact(TODAY - dt.timedelta(days=1), morning="skipped", key=7)], None),  # once
        ([PainFact(TODAY - dt.timedelta(days=2), key=6)], None),  # not the day after
        ([], None),
    ],
)
def test_the_next_morning_question_is_asked_once_the_day_after(facts_, asked):
    question = morning_question(facts_, TODAY)
    assert (question.key if question else None) == asked
