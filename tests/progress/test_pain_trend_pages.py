"""History and the report say the same of the same weeks: one trend (history.pain_trend)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.weeks import week_start_of
from tests.factories import SessionLogFactory

# Falling pain over four weeks: weekly averages 6.1, 5.5, 4.3 and 3.8 (10-minute sessions).
WEEKS = [(7, 6, 6, 5, 6, 7, 6), (6, 5, 6, 5), (5, 4, 4), (4, 4, 4, 3, 4)]


@pytest.fixture
def four_weeks(alice):
    """The four complete weeks before this one, and a 4-second session with pain 10 in the
    last of them (an offline slip) that the trend leaves out."""
    today = timezone.localdate(timezone=alice.zone)
    first = week_start_of(today, alice.week_start) - dt.timedelta(weeks=4)
    for week, scores in enumerate(WEEKS):
        for n, score in enumerate(scores):
            day = first + dt.timedelta(weeks=week, days=n)
            started = dt.datetime.combine(day, dt.time(9), tzinfo=alice.zone)
            SessionLogFactory(user=alice, started_at=started, pain_before=score, pain_after=None)
    slip = dt.datetime.combine(first + dt.timedelta(days=27), dt.time(20), tzinfo=alice.zone)
    SessionLogFactory(user=alice, started_at=slip, pain_before=10, pain_after=10, total_seconds=4)
    return first


def test_history_and_the_report_give_the_same_sentence_for_the_same_four_weeks(
    alice_client, four_weeks
):
    last = four_weeks + dt.timedelta(days=27)
    history = alice_client.get("/history/").context["change"]
    report = alice_client.get(
        "/history/report/", {"start": four_weeks.isoformat(), "end": last.isoformat()}
    ).context["change"]
    assert history.sentence == report.sentence
    # 4.1, not 4.6: the 4-second session with pain 10 is left out on both pages.
    assert (history.start, history.end, history.verdict) == (5.8, 4.1, "steady")
    assert history.sentence.startswith("Your pain scores before sessions: 5.8 → 4.1")
