"""A person's progress report for a period, for their physiotherapist (printed or shared).

The same rules as the history page (progress.targets, progress.trend): targets and pauses
per routine, the pain trend with its sentence (pain_trend), minutes per body area. The
period is cut into the person's own weeks, History's (summed in progress.summaries); a
shorter first or last week asks for its share of each target. Each routine is shown as it
was: the phases it went through in the period (routines.PhaseChange), each with its dates,
weekly target and moves, and each day asks for the target of the phase it was in.
Queries, whatever the history's length: the routines followed, their phase changes, those
phases' exercises, their pauses, the weeks' summaries and their areas (one more each for a
shorter first or last week), the notes when asked for, and the person's PSFS activities,
their ratings and weekly check-ins in the period (progress.outcome_queries).
"""

import datetime as dt

from django.db.models import Prefetch, Q, prefetch_related_objects

from accounts.weeks import day_month
from progress import charts, outcome_queries, summaries
from progress.days import area_times, minutes
from progress.history_queries import followed_plans, split_rows
from progress.models import SessionLog
from progress.targets import PhaseSpell, phase_spells, report_blocks, report_weeks, weeks_to_count
from progress.trend import PainSums, add_pain, pain_spans, pain_trend
from routines.models import Enrolment, Phase, PhaseChange, RoutineItem
from routines.pain import tally as pain_tally

MAX_NOTES = 200


def _followed_in(user, first: dt.date, last: dt.date) -> list[Enrolment]:
    """Routines followed at some point of the period, with their current phase."""
    return list(
        Enrolment.objects.for_user(user)
        .filter(started_on__lte=last)
        .filter(~Q(status=Enrolment.Status.ENDED) | Q(ended_on__gte=first))
        .select_related("routine", "phase")
    )


def _phase_spells(enrolments, last: dt.date) -> tuple[dict, dict[int, Phase]]:
    """Each enrolment's phases over time ({enrolment: spells}) and the phases in them, with
    their exercises."""
    phases = {e.phase_id: e.phase for e in enrolments}
    entered: dict[int, list[tuple[dt.date, int]]] = {}
    changes = PhaseChange.objects.filter(
        enrolment__in=[e.pk for e in enrolments], first_day__lte=last
    ).select_related("phase")
    for change in changes:
        phases.setdefault(change.phase_id, change.phase)
        entered.setdefault(change.enrolment_id, []).append((change.first_day, change.phase_id))
    items = RoutineItem.objects.select_related("exercise").order_by("order")
    prefetch_related_objects(list(phases.values()), Prefetch("items", queryset=items))
    spells = {
        e.pk: phase_spells(e.started_on, entered.get(e.pk, ()), e.phase_id, e.phase_started_on)
        for e in enrolments
    }
    return spells, phases


def _phases_shown(spells, phases, first: dt.date, last: dt.date) -> list[dict]:
    """The phases a routine went through in the period, with their dates and moves."""
    return [
        {
            "phase": phases[spell.key],
            "dates": _dates(spell, last),
            "items": list(phases[spell.key].items.all()),
        }
        for spell in spells
        if spell.overlaps(first, last)
    ]


def _dates(spell: PhaseSpell, last: dt.date) -> str:
    """'22 Oct – 4 Nov', or 'from 5 Nov' for a phase still running at the period's end."""

    def day(date: dt.date) -> str:
        text = day_month(date)
        return text if date.year == last.year else f"{text} {date.year}"

    if spell.last is None or spell.last >= last:
        return f"from {day(spell.first)}"
    return f"{day(spell.first)} – {day(spell.last)}"


def _target_note(shown: list[dict]) -> str:
    """Whether the weekly targets shown are Limber's: all of them, some, or none (the
    articles' own)."""
    ours = [row["phase"].target_suggested for row in shown]
    if ours and all(ours):
        return "(our suggestion)"
    return "(partly our suggestion)" if any(ours) else ""


def build(user, first: dt.date, last: dt.date, with_notes: bool, today: dt.date) -> dict:
    """Everything the report shows for `first`..`last` (inclusive)."""
    days = (last - first).days + 1
    blocks = report_blocks(first, last, user.week_start)
    sessions = SessionLog.objects.for_user(user).between(first, last)
    rows = summaries.period_rows(user, blocks)
    enrolments = _followed_in(user, first, last)
    spells, phases = _phase_spells(enrolments, last)
    targets = {
        pk: tuple((spell.first, phases[spell.key].sessions_per_week_min) for spell in own)
        for pk, own in spells.items()
    }
    plans = followed_plans(enrolments, last, first, last, targets)
    by_week, done, pain = split_rows(rows, plans)
    routines = []
    for enrolment, plan in zip(enrolments, plans, strict=True):
        weeks = report_weeks(plan, done[plan.key], blocks)
        counted = weeks_to_count(weeks, last, today)
        days_done = sum(w.done for w in weeks)
        shown = _phases_shown(spells[enrolment.pk], phases, first, last)
        routines.append(
            {
                "plan": plan,
                "enrolment": enrolment,
                "phases": shown,
                "target_note": _target_note(shown),
                "started_today": plan.started_on == today and not days_done,
                "done": days_done,
                "needed": plan.needed_in(first, last),  # rounded once, not per week
                "weeks_met": sum(1 for w in counted if w.met),
                "weeks_counted": len(counted),
            }
        )
    empty = PainSums()
    by_block = {
        i: add_pain(sums.get(i, empty) for sums in pain.values()) for i in range(len(blocks))
    }
    spans = pain_spans(by_block, [start for start, _ in blocks])
    chart = charts.trend_chart(spans)
    areas = summaries.period_areas(user, blocks)
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
        "period_text": period_text(first, last),
        "weeks": round(days / 7, 1),
        "routines": routines,
        "session_count": sum(count for count, _ in by_week.values()),
        "minutes": minutes(sum(seconds for _, seconds in by_week.values())),
        "span": "period",
        "scope_name": "",
        "trend_spans": spans,
        "trend_chart": chart,
        "trend_marks": charts.trend_marks(chart) if chart.has_points else "",
        "change": pain_trend(spans, today),
        "areas": area_times(areas),
        "sessions_pain": sessions_pain,
        "with_notes": with_notes,
        "notes": notes,
        "check_in_weeks": outcome_queries.check_in_weeks(user, first, last),
        **outcome_queries.psfs(user, first, last),
    }


def period_text(first: dt.date, last: dt.date) -> str:
    """'19 Oct – 15 Nov 2026', or with both years when they differ."""
    head = day_month(first) if first.year == last.year else f"{day_month(first)} {first.year}"
    return f"{head} – {day_month(last)} {last.year}"
