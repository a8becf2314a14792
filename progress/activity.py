"""What the routine pages need from the person's log, read for them.

Phase moves, what is due today and the pain hold (routines.progression) are computed from
logged sessions, which live here; Today also asks about the person's outcomes (their PSFS
activities and last week's check-in, progress.outcomes). The routine pages
(routines/views.py) read them through this module alone: the one place routines imports
progress (tests/test_layers.py lists it).
"""

import datetime as dt

from django.db import models
from django.db.models.expressions import RawSQL

from accounts.weeks import WEEK, week_bounds
from progress import outcome_queries
from progress.history_queries import followed_plans
from progress.models import SessionLog
from routines import progression
from routines.models import EnrolmentQuerySet


def with_activity(
    enrolments: EnrolmentQuerySet, today: dt.date, week_start: int
) -> EnrolmentQuerySet:
    """Totals of each enrolment's logged sessions, added up by the database (what
    Enrolment.activity reads).

    The same counting as progression.tally: distinct local days, summed seconds, the
    last day logged; several sessions a day count once per day. Each total is a
    correlated subquery served by the (enrolment, local_date, total_seconds) index, so
    ten years of logs cost an index scan, not a join grouped over every enrolment column.
    """
    first, last = week_bounds(today, week_start)
    in_phase = "local_date >= routines_enrolment.phase_started_on"
    this_week = "local_date BETWEEN %s AND %s"
    return enrolments.annotate(
        days_logged_in_phase=_session_total("COUNT(DISTINCT local_date)", in_phase),
        seconds_in_phase=_session_total("SUM(total_seconds)", in_phase),
        days_this_week=_session_total("COUNT(DISTINCT local_date)", this_week, first, last),
        sessions_today=_session_total("COUNT(*)", "local_date = %s", today),
        last_logged_on=RawSQL(
            "SELECT MAX(local_date) FROM progress_sessionlog"
            " WHERE progress_sessionlog.enrolment_id = routines_enrolment.id"
            f" AND {in_phase}",
            (),
            output_field=models.DateField(),
        ),
    )


def _session_total(aggregate: str, where: str, *params) -> RawSQL:
    """One number over the enrolment's sessions matching `where`, 0 when there are none.

    Written in SQL because the ORM took longer to build and compile these four subqueries
    (~2 ms) than the database takes to run them, on every visit to /today/. The SQL names
    the outer table, so use it on an Enrolment query, not inside another subquery.
    """
    sql = (
        f"SELECT COALESCE({aggregate}, 0) FROM progress_sessionlog"
        f" WHERE progress_sessionlog.enrolment_id = routines_enrolment.id AND {where}"
    )
    return RawSQL(sql, params, output_field=models.IntegerField())


def pain_facts(user) -> list[progression.PainFact]:
    """The person's latest pain scores, which may hold a phase back (progression.pain_hold)."""
    return SessionLog.objects.for_user(user).pain_facts()


def usual_pain(user) -> float | None:
    """The person's usual pain before a session, for the caution before Start."""
    return SessionLog.objects.for_user(user).usual_pain()


def with_last_week(enrolments: EnrolmentQuerySet, today: dt.date, week_start: int):
    """`days_last_week`: each enrolment's days with a session last week, for the weekly
    check-in on Today (added up by the database, as with_activity)."""
    first, last = week_bounds(today - WEEK, week_start)
    days = _session_total("COUNT(DISTINCT local_date)", "local_date BETWEEN %s AND %s", first, last)
    return enrolments.annotate(days_last_week=days)


def today_outcomes(user, enrolments: list, today: dt.date) -> dict:
    """What Today asks of the person's outcomes (progress.outcomes): whether to rate their
    activities again, and last week's check-in. The enrolments come with their routine and
    phase and with_last_week's count. Queries: 1–2 for the ratings; with a routine, its
    pauses and last week's answers."""
    context = {"rerate": outcome_queries.rerating_due(user, today)}
    if enrolments:
        plans = followed_plans(enrolments, today)
        days = {e.pk: e.days_last_week for e in enrolments}
        context["check_in"] = outcome_queries.check_in(user, today, plans, days)
    return context
