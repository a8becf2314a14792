"""Everything the history page shows for one week, in a fixed number of queries.

The database counts and sums; progress/history.py does the calendar arithmetic on the
small results. Queries: the week's sessions, their exercise rows (with body areas) and the
active enrolments for the week itself (all an htmx week change needs), and sessions per
week over the streak window for the overview under it. Rows come back as tuples, not model
instances: the page only shows a few fields, and instances cost more to build than the
whole query.
"""

import datetime as dt

from progress import charts, history
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment

OVERVIEW_WEEKS = 12
# How far back the streak looks: the database returns at most this many rows (one per week)
# however long someone has been logging; a longer streak reads "104+".
STREAK_WEEKS = 104


def session_row(session, zone, names: list[str]) -> history.SessionRow:
    """A SessionRow from one of SessionLogQuerySet.summaries()."""
    return history.SessionRow(
        id=session.pk,
        started_at=session.started_at.astimezone(zone),
        local_date=session.local_date,
        title=history.session_title(session.routine__name or session.routine_name, names),
        seconds=session.total_seconds,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
    )


def exercises_done(user, first: dt.date, last: dt.date) -> tuple[dict, list[tuple[str, int]]]:
    """The exercise names of each session in range (for free sessions' titles) and the body
    areas worked, from one query even when the week is empty. Skipped exercises count
    towards a title but not towards the areas."""
    names: dict[int, list[str]] = {}
    areas: list[tuple[str, int]] = []
    seen: set[int] = set()
    rows = ExerciseLog.objects.for_user(user).with_body_areas(first, last)
    for session_id, row_id, name, status, area, area_order in rows:
        if row_id not in seen:  # a row comes once per body area of its exercise
            seen.add(row_id)
            names.setdefault(session_id, []).append(name)
        if area is not None and status != ExerciseLog.Status.SKIPPED:
            areas.append((area, area_order))
    return names, history.areas_worked(areas)


def week_page(user, first: dt.date, today: dt.date) -> dict:
    """The week starting `first`: its days and sessions, targets, areas and pain chart."""
    zone, week_start = user.zone, user.week_start
    current_first = history.week_start_of(today, week_start)
    last = first + dt.timedelta(days=6)
    sessions = list(SessionLog.objects.for_user(user).between(first, last).summaries())
    names, areas = exercises_done(user, first, last)
    rows = [session_row(s, zone, names.get(s.pk, [])) for s in sessions]
    enrolments = (
        Enrolment.objects.for_user(user)
        .filter(status=Enrolment.Status.ACTIVE)
        .values_list(
            "pk", "routine__name", "phase__sessions_per_week_min", "phase__sessions_per_week_max"
        )
    )
    targets = [
        history.TargetProgress(
            history.Target(name, low, high),
            done=sum(1 for s in sessions if s.enrolment_id == pk),
        )
        for pk, name, low, high in enrolments
    ]
    minimum = history.weekly_minimum(t.target for t in targets)
    pain = history.pain_chart(first, rows)
    return {
        "today": today,
        "first": first,
        "last": last,
        "first_text": history.day_month(first),  # '16 Nov'
        "last_text": f"{history.day_month(last)} {last.year}",  # '22 Nov 2026'
        "label": history.week_label(first, week_start),
        "is_current": first == current_first,
        "previous_label": history.week_label(first - history.WEEK, week_start),
        "next_label": history.week_label(first + history.WEEK, week_start)
        if first < current_first
        else None,
        "days": history.days_of_week(first, rows),
        "session_count": len(rows),
        "week_minutes": history.minutes(sum(r.seconds for r in rows)),
        "targets": targets,
        "minimum": minimum,
        "week_met": len(rows) >= minimum,
        "areas": areas,
        "pain": pain,
        "pain_marks": charts.pain_marks(pain) if pain.has_points else "",
        "has_enrolments": bool(targets),
    }


def overview(user, today: dt.date, minimum: int) -> dict:
    """The last twelve weeks and the streak, for a week target of `minimum` sessions."""
    current_first = history.week_start_of(today, user.week_start)
    oldest = current_first - history.WEEK * (STREAK_WEEKS - 1)
    by_week = SessionLog.objects.for_user(user).weekly_totals(oldest, STREAK_WEEKS)
    totals = history.week_totals(by_week, current_first, STREAK_WEEKS, user.week_start, minimum)
    weeks = totals[-OVERVIEW_WEEKS:]
    chart = history.minutes_chart(weeks)
    streak = history.streak_weeks(totals)
    return {
        "overview": weeks,
        "overview_chart": chart,
        "overview_marks": charts.minutes_marks(chart),
        "streak": streak,
        "streak_capped": streak >= STREAK_WEEKS,
    }
