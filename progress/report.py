"""A person's progress report for a period, for their physiotherapist (printed or shared).

The same rules as the history page (progress.history): targets and pauses per routine, the
pain trend with its sentence (history.pain_trend), minutes per body area. The period is cut
into blocks of seven days from its first day; a last, shorter block asks for its share of
each target. Queries, whatever the history's length: the routines followed, their pauses,
their current phases' exercises, sessions per block and routine, areas, and the notes when
asked for.
"""

import datetime as dt
import math

from django.db.models import Prefetch, Q

from progress import charts, history
from progress.models import SessionLog, area_seconds, weekly_by_routine
from progress.pain import tally as pain_tally
from progress.weekly import split_rows
from routines.models import Enrolment, EnrolmentPause, RoutineItem

MAX_NOTES = 200


def _enrolments(user, first: dt.date, last: dt.date) -> list[Enrolment]:
    """Routines followed at some point of the period, with their current phase's exercises."""
    items = RoutineItem.objects.select_related("exercise").order_by("order")
    return list(
        Enrolment.objects.for_user(user)
        .filter(started_on__lte=last)
        .filter(~Q(status=Enrolment.Status.ENDED) | Q(ended_on__gte=first))
        .select_related("routine", "phase")
        .prefetch_related(Prefetch("phase__items", queryset=items))
    )


def _plans(enrolments, first: dt.date, last: dt.date) -> list[history.RoutinePlan]:
    spells: dict[int, list[tuple]] = {}
    pauses = EnrolmentPause.objects.filter(
        enrolment__in=[e.pk for e in enrolments], first_day__lte=last
    ).filter(Q(last_day__isnull=True) | Q(last_day__gte=first))
    for pk, start, end in pauses.values_list("enrolment_id", "first_day", "last_day"):
        spells.setdefault(pk, []).append((start, end))
    plans = []
    for e in enrolments:
        paused = e.status == Enrolment.Status.PAUSED
        own = history.pause_spells(spells.get(e.pk, []), paused, e.paused_on, last, e.ended_on)
        phase = e.phase
        plans.append(
            history.RoutinePlan(
                e.pk,
                e.routine.name,
                phase.sessions_per_week_min,
                phase.sessions_per_week_max,
                e.started_on,
                own,
                paused,
            )
        )
    return plans


def build(user, first: dt.date, last: dt.date, with_notes: bool, today: dt.date) -> dict:
    """Everything the report shows for `first`..`last` (inclusive)."""
    days = (last - first).days + 1
    blocks = math.ceil(days / 7)
    sessions = SessionLog.objects.for_user(user).between(first, last)
    rows = weekly_by_routine(user.pk, first, blocks, last)
    enrolments = _enrolments(user, first, last)
    plans = _plans(enrolments, first, last)
    by_week, done, pain = split_rows(rows, plans)
    routines = []
    for enrolment, plan in zip(enrolments, plans, strict=True):
        weeks = history.report_weeks(plan, done[plan.key], first, last)
        counted = [w for w in weeks if w.needed]
        routines.append(
            {
                "plan": plan,
                "enrolment": enrolment,
                "items": list(enrolment.phase.items.all()),
                "done": sum(w.done for w in weeks),
                "needed": sum(w.needed for w in weeks),
                "weeks_met": sum(1 for w in counted if w.met),
                "weeks_counted": len(counted),
            }
        )
    empty = history.PainSums()
    by_block = {
        i: history.add_pain(sums.get(i, empty) for sums in pain.values()) for i in range(blocks)
    }
    spans = history.pain_weeks(by_block, first, blocks)
    chart = history.trend_chart(spans)
    areas = area_seconds(user.pk, first, last)
    sessions_pain = pain_tally(sessions.values_list("pain_before", "pain_after", "flare_day"))
    notes = []
    if with_notes:
        notes = list(
            sessions.exclude(notes="")
            .order_by("started_at")
            .with_routine_title()
            .values_list("local_date", "routine_title", "notes")[:MAX_NOTES]
        )
    return {
        "first": first,
        "last": last,
        "period_text": history.period_text(first, last),
        "weeks": round(days / 7, 1),
        "routines": routines,
        "session_count": sum(count for count, _ in by_week.values()),
        "minutes": history.minutes(sum(seconds for _, seconds in by_week.values())),
        "span": "period",
        "scope_name": "",
        "trend_spans": spans,
        "trend_chart": chart,
        "trend_marks": charts.trend_marks(chart) if chart.has_points else "",
        "change": history.pain_trend(spans, today),
        "areas": history.area_times(areas),
        "sessions_pain": sessions_pain,
        "with_notes": with_notes,
        "notes": notes,
    }
