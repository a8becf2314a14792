"""Everything the history page shows for one week, in a fixed number of queries.

The database counts and sums; progress/history.py does the calendar arithmetic on the
small results. Queries: the week's sessions (+ their exercise rows), the active
enrolments, sessions per day over the streak window, and body areas worked.
"""

import datetime as dt

from progress import history
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment

OVERVIEW_WEEKS = 12
# How far back the streak looks: the database returns at most this many rows (one per week)
# however long someone has been logging; a longer streak reads "104+".
STREAK_WEEKS = 104


def session_row(session: SessionLog, zone, names: list[str]) -> history.SessionRow:
    return history.SessionRow(
        id=session.pk,
        started_at=session.started_at.astimezone(zone),
        local_date=session.local_date,
        title=history.session_title(session.routine.name if session.routine else None, names),
        seconds=session.total_seconds,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
    )


def week_page(user, first: dt.date, today: dt.date) -> dict:
    zone, week_start = user.zone, user.week_start
    current_first = history.week_start_of(today, week_start)
    last = first + dt.timedelta(days=6)
    sessions = list(
        SessionLog.objects.for_user(user).between(first, last).select_related("routine")
    )
    # The exercise names for free sessions' titles, in one query even when the week is empty.
    names: dict[int, list[str]] = {}
    for session_id, name in (
        ExerciseLog.objects.for_user(user)
        .filter(session__local_date__gte=first, session__local_date__lte=last)
        .order_by("session_id", "order")
        .values_list("session_id", "exercise__name")
    ):
        names.setdefault(session_id, []).append(name)
    rows = [session_row(s, zone, names.get(s.pk, [])) for s in sessions]
    enrolments = list(
        Enrolment.objects.for_user(user)
        .filter(status=Enrolment.Status.ACTIVE)
        .select_related("routine", "phase")
    )
    targets = [
        history.TargetProgress(
            history.Target(
                e.routine.name, e.phase.sessions_per_week_min, e.phase.sessions_per_week_max
            ),
            done=sum(1 for s in sessions if s.enrolment_id == e.pk),
        )
        for e in enrolments
    ]
    minimum = history.weekly_minimum(t.target for t in targets)
    oldest = current_first - history.WEEK * (STREAK_WEEKS - 1)
    by_week = SessionLog.objects.for_user(user).weekly_totals(oldest, STREAK_WEEKS)
    totals = history.week_totals(by_week, current_first, STREAK_WEEKS, week_start, minimum)
    overview = totals[-OVERVIEW_WEEKS:]
    streak = history.streak_weeks(totals)
    return {
        "today": today,
        "first": first,
        "last": last,
        "label": history.week_label(first, week_start),
        "is_current": first == current_first,
        "previous_label": history.week_label(first - history.WEEK, week_start),
        "next_label": history.week_label(first + history.WEEK, week_start)
        if first < current_first
        else None,
        "days": history.days_of_week(first, rows),
        "sessions": sessions,
        "session_count": len(rows),
        "week_minutes": history.minutes(sum(r.seconds for r in rows)),
        "targets": targets,
        "minimum": minimum,
        "week_met": len(rows) >= minimum,
        "areas": ExerciseLog.objects.for_user(user).areas_worked(first, last),
        "pain": history.pain_chart(first, rows),
        "overview": overview,
        "overview_chart": history.minutes_chart(overview),
        "streak": streak,
        "streak_capped": streak >= STREAK_WEEKS,
        "has_enrolments": bool(enrolments),
    }
