"""The weekly rules at the calendar's awkward edges, end to end through the page's queries:
a year with an ISO week 53 and its year end, a clock change inside the twelve weeks of the
pain trend, a phase's day count across a clock change, and people far from UTC."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from accounts.weeks import week_label
from progress import history_queries
from tests.factories import EnrolmentFactory, PhaseFactory, SessionLogFactory, UserFactory

MONDAY, SUNDAY = 0, 6
LONDON = zoneinfo.ZoneInfo("Europe/London")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(day: dt.date, hour: int, minute: int, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def three_a_week(zone, week_start: int, first: dt.date, weeks: int, until=None):
    """A person following a 3-a-week routine from `first`, logging three sessions every week
    (the week's first day just after midnight, its fourth day, its last day just before
    midnight: the edges a wrong week boundary or zone would move)."""
    person = UserFactory(time_zone=str(zone), week_start=week_start)
    phase = PhaseFactory(sessions_per_week_min=3, sessions_per_week_max=5)
    enrolment = EnrolmentFactory(user=person, phase=phase, started_on=first)
    for week in range(weeks):
        start = first + dt.timedelta(weeks=week)
        for day, hour, minute in ((0, 0, 5), (3, 12, 0), (6, 23, 55)):
            started = at(start + dt.timedelta(days=day), hour, minute, zone)
            if until and started > until:
                continue
            SessionLogFactory(
                user=person,
                enrolment=enrolment,
                routine=enrolment.routine,
                started_at=started,
                pain_before=8 - week // 3,
                pain_after=6 - week // 3,
            )
    return person


def overview_at(person, moment: dt.datetime) -> dict:
    with time_machine.travel(moment, tick=False):
        today = moment.astimezone(person.zone).date()
        plans = history_queries.current_plans(person, today)
        return history_queries.overview(person, today, plans, "all", "weeks")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "week_start", "first"),
    [
        (LONDON, MONDAY, dt.date(2026, 10, 19)),
        (LONDON, SUNDAY, dt.date(2026, 10, 18)),
        (AUCKLAND, MONDAY, dt.date(2026, 10, 19)),
        (LOS_ANGELES, SUNDAY, dt.date(2026, 10, 18)),
    ],
)
def test_weekly_totals_streak_and_targets_run_through_week_53_and_the_year_end(
    zone, week_start, first
):
    # Twelve full weeks, from late October 2026 to mid-January 2027: past two clock changes
    # (London 25 Oct, Los Angeles 1 Nov; Auckland's in September is before) and week 53.
    person = three_a_week(zone, week_start, first, weeks=12)
    last_day = first + dt.timedelta(weeks=12) - dt.timedelta(days=1)
    context = overview_at(person, at(last_day, 23, 58, zone))

    weeks = context["overview"]
    assert [w.first for w in weeks] == [first + dt.timedelta(weeks=n) for n in range(12)]
    assert [w.sessions for w in weeks] == [3] * 12
    assert all(w.met for w in weeks)
    labels = [w.label for w in weeks]
    assert "2026-W53" in labels
    assert labels[labels.index("2026-W53") + 1] == "2027-W01"
    assert labels == [week_label(w.first, week_start) for w in weeks]
    assert context["streak"] == 12
    assert [r["streak"] for r in context["routine_streaks"]] == [12]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "sessions", "streak"),
    [
        # 1 January 2027 is a Friday in ISO week 53 of 2026, one minute in: the week does
        # not restart with the year (28 and 31 Dec logged so far, not yet on target).
        (dt.datetime(2027, 1, 1, 0, 1, tzinfo=LONDON), 2, 2),
        # Its last minutes, on 3 January 2027: 3 Jan counts in the same week, now on target.
        (dt.datetime(2027, 1, 3, 23, 58, tzinfo=LONDON), 3, 3),
    ],
)
def test_week_53_holds_the_new_years_days_in_one_week(moment, sessions, streak):
    person = three_a_week(LONDON, MONDAY, dt.date(2026, 12, 14), weeks=3, until=moment)
    context = overview_at(person, moment)
    this_week = context["overview"][-1]
    assert (this_week.label, this_week.first) == ("2026-W53", dt.date(2026, 12, 28))
    assert this_week.sessions == sessions
    assert context["overview"][-2].sessions == 3
    assert context["streak"] == streak


@pytest.mark.django_db
@pytest.mark.parametrize("zone", [LONDON, LOS_ANGELES])
def test_the_pain_trend_keeps_twelve_weekly_points_across_a_clock_change(zone):
    # Twelve Monday weeks from 14 Sep 2026: London goes back on 25 Oct and Los Angeles on
    # 1 Nov. Sessions at 00:05 and 23:55 local sit on the week's first and last days; an
    # hour's slip at the change would move one into a neighbouring week.
    first = dt.date(2026, 9, 14)
    person = three_a_week(zone, MONDAY, first, weeks=12)
    context = overview_at(person, at(first + dt.timedelta(days=83), 23, 58, zone))

    spans = context["trend_spans"]
    assert len(spans) == 12
    assert [s.sums.before_count for s in spans] == [3] * 12
    assert [s.sums.before for s in spans] == [8 - n // 3 for n in range(12)]
    change = context["change"]
    assert change.start == 8.0
    assert change.end == 5.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "started", "moment", "local_day"),
    [
        # London springs forward at 01:00 UTC on 29 March 2026; its 30 March begins at
        # 23:00 UTC on the 29th.
        (LONDON, dt.date(2026, 3, 28), dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC), 30),
        # Auckland goes forward on 27 September 2026; its Tuesday begins at 11:00 UTC Monday.
        (AUCKLAND, dt.date(2026, 9, 26), dt.datetime(2026, 9, 28, 11, 30, tzinfo=dt.UTC), 29),
        # Los Angeles falls back on 1 November 2026; 10 pm there is 6 am UTC the next day.
        (LOS_ANGELES, dt.date(2026, 10, 31), dt.datetime(2026, 11, 3, 6, tzinfo=dt.UTC), 2),
    ],
)
def test_today_counts_a_phases_days_in_the_persons_calendar_across_a_clock_change(
    client, zone, started, moment, local_day
):
    # The phase started on the Saturday before the change where the person lives; its days
    # are their calendar days, never 24-hour periods nor UTC dates (which differ here).
    assert moment.astimezone(zone).day == local_day != moment.day
    person = UserFactory(time_zone=str(zone))
    basics = PhaseFactory(name="Basics", advance="auto", min_days=14, sessions_per_week_min=3)
    PhaseFactory(routine=basics.routine, name="Advanced")
    EnrolmentFactory(user=person, phase=basics, started_on=started)
    with time_machine.travel(moment, tick=False):
        client.force_login(person)  # at that moment, so the sign-in has not expired by then
        page = client.get("/today/").content.decode()
    days = (moment.astimezone(zone).date() - started).days
    assert f"Advanced unlocks in {14 - days} days — {days} of 14 days done" in page
