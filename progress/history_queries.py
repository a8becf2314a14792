"""The History page's queries: everything it shows for one week, in a fixed number of them.

The database counts and sums; progress/days.py, targets.py and trend.py do the calendar
arithmetic on the small results. Queries: the week's sessions, their exercise rows (with
body areas) and the active enrolments for the week itself (all an htmx week change
needs), and sessions per week over the streak window for the overview under it. Session
and exercise rows come back as tuples, not model instances: the page only shows a few
fields, and instances cost more to build than the whole query.
"""

import datetime as dt

from django.db.models import Q

from accounts.weeks import DAY, WEEK, day_month, week_label, week_start_of
from progress import charts, summaries
from progress.days import (
    AreaTime,
    SessionRow,
    area_times,
    days_of_week,
    minutes,
    session_title,
    zone_or,
    zone_place,
)
from progress.models import ExerciseLog, SessionLog
from progress.targets import (
    FollowedPlan,
    RoutineWeek,
    day_note,
    needed_days,
    pause_spells,
    routine_weeks,
    streak,
    week_totals,
    weeks_on_target,
)
from progress.trend import PainSums, add_pain, pain_months, pain_trend, pain_weeks, with_scores
from routines.models import Enrolment, EnrolmentPause

OVERVIEW_WEEKS = 12
# How far back the streak looks: the database returns at most this many rows (one per week)
# however long someone has been logging; a longer streak reads "104+".
STREAK_WEEKS = 104


def session_row(session, zone, names: list[str]) -> SessionRow:
    """A SessionRow from one of SessionLogQuerySet.summaries()."""
    return SessionRow(
        id=session.pk,
        started_at=session.started_at.astimezone(zone_or(session.time_zone, zone)),
        local_date=session.local_date,
        title=session_title(session.routine_title, names),
        seconds=session.total_seconds,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        flare_day=session.flare_day,
        place=zone_place(session.time_zone, str(zone)),
    )


def exercises_done(user, first: dt.date, last: dt.date) -> tuple[dict, list[AreaTime]]:
    """The exercise names of each session in range (for free sessions' titles) and the time
    per body area worked, from one query even when the week is empty. Skipped exercises
    count towards a title but not towards the areas."""
    names: dict[int, list[str]] = {}
    areas: list[tuple[str, int, int, int]] = []
    seen: set[int] = set()
    rows = ExerciseLog.objects.for_user(user).with_body_areas(first, last)
    for session_id, row_id, name, status, area, area_order, seconds in rows:
        if row_id not in seen:  # a row comes once per body area of its exercise
            seen.add(row_id)
            names.setdefault(session_id, []).append(name)
        if area is not None and status != ExerciseLog.Status.SKIPPED:
            areas.append((area, area_order, 1, seconds or 0))
    return names, area_times(areas)


def followed_plans(
    enrolments: list[Enrolment],
    fallback: dt.date,
    first: dt.date | None = None,
    last: dt.date | None = None,
    phase_targets: dict | None = None,
    spells: dict[int, list[tuple]] | None = None,
) -> list[FollowedPlan]:
    """The routines of these enrolments (with their routine and phase) as targets and
    streaks need them, with their pauses (those touching `first`..`last` when given): one
    query, none when `spells` (pause_rows) were read already. `fallback` is where a pause
    recorded without a day starts (pause_spells); `phase_targets` maps an enrolment to its
    weekly minimum over time (the report's)."""
    if spells is None:
        spells = pause_rows([e.pk for e in enrolments], first, last)
    plans = []
    for e in enrolments:
        paused = e.status == Enrolment.Status.PAUSED
        own = pause_spells(spells.get(e.pk, []), paused, e.paused_on, fallback, e.ended_on)
        plans.append(
            FollowedPlan(
                e.pk,
                e.routine.name,
                e.phase.sessions_per_week_min,
                e.phase.sessions_per_week_max,
                e.started_on,
                own,
                paused,
                targets=(phase_targets or {}).get(e.pk, ()),
                target_suggested=e.phase.target_suggested,
            )
        )
    return plans


def pause_rows(
    enrolment_ids: list[int], first: dt.date | None = None, last: dt.date | None = None
) -> dict[int, list[tuple]]:
    """{enrolment: [(first day, last day or None), ...]} of these enrolments' pauses (those
    touching `first`..`last` when given), oldest first: one query, for many people at once."""
    spells: dict[int, list[tuple]] = {}
    pauses = EnrolmentPause.objects.filter(enrolment__in=enrolment_ids)
    if last is not None:
        pauses = pauses.filter(first_day__lte=last)
    if first is not None:
        pauses = pauses.filter(Q(last_day__isnull=True) | Q(last_day__gte=first))
    rows = pauses.order_by("first_day").values_list("enrolment_id", "first_day", "last_day")
    for pk, start, end in rows:
        spells.setdefault(pk, []).append((start, end))
    return spells


def current_plans(user, today: dt.date) -> list[FollowedPlan]:
    """The routines the person follows now (paused ones too), with their pauses: 2 queries."""
    current = Enrolment.objects.for_user(user).current().select_related("routine", "phase")
    return followed_plans(list(current), today)


def _this_week(plans, first: dt.date, sessions, today: dt.date) -> tuple[list[dict], dict]:
    """Each routine's days done against its target for the week, and the days' notes."""
    days_done = {plan.key: set() for plan in plans}
    for s in sessions:
        if s.enrolment_id in days_done:
            days_done[s.enrolment_id].add(s.local_date)
    targets = []
    for plan in plans:
        needed = needed_days(plan.minimum, plan.days_followed(first))
        week = RoutineWeek(first, len(days_done[plan.key]), needed)
        prorated = 0 < needed < plan.minimum
        reason = plan.short_week_reason(first) if prorated else ""
        targets.append({"plan": plan, "week": week, "prorated": prorated, "reason": reason})
    notes = {}
    for i in range(7):
        day = first + DAY * i
        done_before = {key: sum(1 for d in days if d < day) for key, days in days_done.items()}
        notes[day] = day_note(day, today, plans, done_before)
    return targets, notes


def week_page(user, first: dt.date, today: dt.date) -> dict:
    """The week starting `first`: its days and sessions, targets, areas and pain chart."""
    zone, week_start = user.zone, user.week_start
    current_first = week_start_of(today, week_start)
    last = first + dt.timedelta(days=6)
    sessions = list(SessionLog.objects.for_user(user).between(first, last).summaries())
    names, areas = exercises_done(user, first, last)
    rows = [session_row(s, zone, names.get(s.pk, [])) for s in sessions]
    plans = current_plans(user, today)
    targets, notes = _this_week(plans, first, sessions, today)
    pain = charts.pain_chart(first, rows)
    return {
        "today": today,
        "first": first,
        "last": last,
        "first_text": day_month(first),  # '16 Nov'
        "last_text": f"{day_month(last)} {last.year}",  # '22 Nov 2026'
        "label": week_label(first, week_start),
        "is_current": first == current_first,
        "previous_label": week_label(first - WEEK, week_start),
        "next_label": week_label(first + WEEK, week_start) if first < current_first else None,
        "days": days_of_week(first, rows, notes),
        "session_count": len(rows),
        "week_minutes": minutes(sum(r.seconds for r in rows)),
        "targets": targets,
        "plans": plans,
        "areas": areas,
        "pain": pain,
        "pain_marks": charts.pain_marks(pain) if pain.has_points else "",
        "has_enrolments": bool(plans),
    }


def split_rows(rows, plans) -> tuple[dict, dict, dict]:
    """From summaries.weekly_rows rows: {week: (sessions, seconds)}, {routine: {week: days}} and
    {routine or None: {week: pain sums}}."""
    totals: dict[int, tuple[int, int]] = {}
    days: dict[int, dict[int, int]] = {plan.key: {} for plan in plans}
    pain: dict[int | None, dict[int, PainSums]] = {}
    for week, enrolment_id, sessions, day_count, seconds, *sums in rows:
        count, total = totals.get(week, (0, 0))
        totals[week] = (count + sessions, total + (seconds or 0))
        if enrolment_id in days:
            days[enrolment_id][week] = day_count
        pain.setdefault(enrolment_id, {})[week] = PainSums(*sums)
    return totals, days, pain


def overview(user, today: dt.date, plans, scope: str, span: str) -> dict:
    """The streaks (per routine and all together), the last twelve weeks' minutes and areas,
    and the pain trend for `scope` ("all" or a routine's key) over `span`."""
    current_first = week_start_of(today, user.week_start)
    oldest = current_first - WEEK * (STREAK_WEEKS - 1)
    by_week, days, pain = split_rows(summaries.weekly_rows(user, oldest, STREAK_WEEKS), plans)
    per_routine = [routine_weeks(p, days[p.key], oldest, STREAK_WEEKS) for p in plans]
    counts = [by_week.get(i, (0, 0))[0] for i in range(STREAK_WEEKS)]
    flags = weeks_on_target(per_routine, counts)
    shown = {i - (STREAK_WEEKS - OVERVIEW_WEEKS): by_week[i] for i in by_week}
    weeks = week_totals(
        shown, current_first, OVERVIEW_WEEKS, user.week_start, flags[-OVERVIEW_WEEKS:]
    )
    chart = charts.minutes_chart(weeks)
    headline = streak(flags)
    twelve_first = weeks[0].first
    areas = summaries.area_rows(user, twelve_first, today)
    return {
        "overview": weeks,
        "overview_chart": chart,
        "overview_marks": charts.minutes_marks(chart),
        "streak": headline,
        "streak_capped": headline >= STREAK_WEEKS,
        "routine_streaks": [
            {
                "plan": plan,
                "week": weeks_[-1],
                "reason": plan.short_week_reason(current_first),
                "streak": streak([w.met for w in weeks_]),
            }
            for plan, weeks_ in zip(plans, per_routine, strict=True)
        ],
        "overview_areas": area_times(areas),
    } | trend(user, today, plans, scope, span, pain, oldest)


def trend_rows(user, today: dt.date) -> tuple[dict, dt.date]:
    """Pain sums per routine and week for the trend alone (an htmx change of routine): the
    same weeks as the overview's, so the sentence is the same."""
    current_first = week_start_of(today, user.week_start)
    oldest = current_first - WEEK * (STREAK_WEEKS - 1)
    rows = summaries.weekly_rows(user, oldest, STREAK_WEEKS)
    return split_rows(rows, [])[2], oldest


def trend(user, today, plans, scope: str, span: str, pain: dict, oldest: dt.date) -> dict:
    """The pain trend: weekly averages over the last twelve weeks (or monthly over all
    time), and the sentence (pain_trend) over every week from `oldest`."""
    chosen = [pain.get(int(scope), {})] if scope != "all" else list(pain.values())
    current_first = week_start_of(today, user.week_start)
    count = (current_first - oldest).days // 7 + 1
    by_week = {
        week: add_pain(sums.get(week, PainSums()) for sums in chosen) for week in range(count)
    }
    weeks = pain_weeks(by_week, oldest, count)
    spans = with_scores(weeks[-OVERVIEW_WEEKS:])
    if span == "all":
        sessions = SessionLog.objects.for_user(user)
        if scope != "all":
            sessions = sessions.filter(enrolment_id=int(scope))
        spans = pain_months(sessions.monthly_pain(), today)
    chart = charts.trend_chart(spans)
    scope_name = next((p.name for p in plans if str(p.key) == scope), "")
    return {
        "scope": scope,
        "span": span,
        "scope_name": scope_name,
        "trend_spans": spans,
        "trend_chart": chart,
        "trend_marks": charts.trend_marks(chart) if chart.has_points else "",
        "change": pain_trend(weeks, today),
    }
