"""The reminder timing rules, without a database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders import rules
from reminders.rules import ReminderRule, due_reminders, local_moment

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC


def _rule(zone: str, at: dt.time, days=rules.EVERY_DAY) -> ReminderRule:
    return ReminderRule(key=1, zone=zone, weekdays=frozenset(days), at=at)


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # London: clocks go forward on 29 March 2026 and back on 25 October 2026.
        ("Europe/London", dt.date(2026, 3, 28), dt.date(2026, 3, 29)),
        ("Europe/London", dt.date(2026, 10, 24), dt.date(2026, 10, 25)),
        # New York: forward on 8 March 2026, back on 1 November 2026.
        ("America/New_York", dt.date(2026, 3, 7), dt.date(2026, 3, 8)),
        ("America/New_York", dt.date(2026, 10, 31), dt.date(2026, 11, 1)),
    ],
)
def test_a_0730_reminder_stays_at_0730_local_across_a_daylight_saving_change(zone, before, after):
    tz = ZoneInfo(zone)
    first = local_moment(before, dt.time(7, 30), tz)
    second = local_moment(after, dt.time(7, 30), tz)
    assert first.astimezone(tz).time() == second.astimezone(tz).time() == dt.time(7, 30)
    # ...which is a different UTC time on either side of the change.
    assert first.utcoffset() != second.utcoffset()
    assert second.astimezone(UTC) - first.astimezone(UTC) != dt.timedelta(days=1)


def test_a_time_skipped_by_the_spring_change_is_sent_at_the_next_valid_minute():
    # 01:00–02:00 doesn't exist in London on 29 March 2026; 01:30 becomes 02:00 BST.
    moment = local_moment(dt.date(2026, 3, 29), dt.time(1, 30), LONDON)
    assert moment.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert moment.astimezone(LONDON).time() == dt.time(2, 0)
    # New York skips 02:00–03:00 on 8 March 2026; 02:15 becomes 03:00 EDT.
    moment = local_moment(dt.date(2026, 3, 8), dt.time(2, 15), NEW_YORK)
    assert moment.astimezone(NEW_YORK).time() == dt.time(3, 0)
    assert moment.astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_a_time_that_happens_twice_in_autumn_is_sent_the_first_time():
    moment = local_moment(dt.date(2026, 10, 25), dt.time(1, 30), LONDON)
    assert moment.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # BST


def test_a_reminder_is_due_from_its_moment_until_thirty_minutes_later():
    rule = _rule("Europe/London", dt.time(7, 30))
    at = dt.datetime(2026, 6, 1, 6, 30, tzinfo=UTC)  # 07:30 BST
    assert list(due_reminders([rule], at - dt.timedelta(minutes=1))) == []
    due = list(due_reminders([rule], at))
    assert [(d.local_date, d.due_at) for d in due] == [(dt.date(2026, 6, 1), at)]
    assert len(list(due_reminders([rule], at + dt.timedelta(minutes=29)))) == 1
    assert list(due_reminders([rule], at + dt.timedelta(minutes=30))) == []


def test_a_reminder_is_only_due_on_its_days():
    rule = _rule("UTC", dt.time(9, 0), days=rules.MON_WED_FRI)
    monday = dt.datetime(2026, 6, 1, 9, 5, tzinfo=UTC)
    tuesday = monday + dt.timedelta(days=1)
    assert len(list(due_reminders([rule], monday))) == 1
    assert list(due_reminders([rule], tuesday)) == []


def test_a_late_evening_reminder_is_still_due_just_after_midnight_for_its_own_day():
    rule = _rule("America/New_York", dt.time(23, 50))
    # 00:05 on 2 June in New York is 04:05 UTC.
    due = list(due_reminders([rule], dt.datetime(2026, 6, 2, 4, 5, tzinfo=UTC)))
    assert [d.local_date for d in due] == [dt.date(2026, 6, 1)]


def test_the_same_reminder_moment_falls_on_each_persons_own_day():
    london = ReminderRule(1, "Europe/London", rules.EVERY_DAY, dt.time(7, 30))
    new_york = ReminderRule(2, "America/New_York", rules.EVERY_DAY, dt.time(7, 30))
    now = dt.datetime(2026, 1, 15, 7, 31, tzinfo=UTC)  # 07:31 in London, 02:31 in New York
    assert [d.key for d in due_reminders([london, new_york], now)] == [1]


def test_due_reminders_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        list(due_reminders([], dt.datetime(2026, 1, 1, 7, 30)))


@pytest.mark.parametrize(
    ("low", "high", "nightly", "days", "at"),
    [
        (7, 7, False, rules.EVERY_DAY, dt.time(7, 30)),
        (2, 3, False, rules.MON_WED_FRI, dt.time(7, 30)),
        (7, 7, True, rules.EVERY_DAY, dt.time(21, 0)),
        (2, 3, True, rules.MON_WED_FRI, dt.time(21, 0)),
    ],
)
def test_defaults_follow_the_routines_frequency_and_nightly_means_evening(
    low, high, nightly, days, at
):
    assert rules.default_rule(low, high, nightly) == (days, at)


def test_planned_moments_list_each_chosen_day_at_the_local_time():
    rule = _rule("Europe/London", dt.time(7, 30), days=rules.MON_WED_FRI)
    moments = rules.planned_moments(rule, dt.date(2026, 3, 23), 14)  # across 29 March
    assert [m.date() for m in moments] == [dt.date(2026, 3, d) for d in (23, 25, 27, 30)] + [
        dt.date(2026, 4, d) for d in (1, 3)
    ]
    assert {m.astimezone(LONDON).time() for m in moments} == {dt.time(7, 30)}


def test_days_are_described_in_plain_words_and_round_trip_through_the_mask():
    assert rules.describe_days(range(7)) == "every day"
    assert rules.describe_days(range(5)) == "weekdays"
    assert rules.describe_days({0, 2, 4}) == "Monday, Wednesday and Friday"
    assert rules.from_mask(rules.to_mask({0, 2, 4})) == {0, 2, 4}
