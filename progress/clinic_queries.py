"""The clinician's dashboard, read for all their people at once in a fixed number of queries.

Whatever the number of people: the live links with each person's last session (1), their
current routines with each one's last session (1), those routines' pauses (1), the last
RECENT_DAYS days' sessions of everyone (1: pain flags and this week's days), the weekly
summaries' pain sums for the trend (1), the active PSFS activities' ratings (1) and last
week's check-in answers of "pain" (1): 7 queries. The rules are the person's own pages'
(progress.clinic says which); only the reading is done for many people together.
"""

import datetime as dt
from collections.abc import Sequence

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from accounts.models import CareLink
from accounts.weeks import DAY, WEEK, week_bounds, week_start_of
from progress import clinic, outcomes
from progress.clinic import PersonRow
from progress.history_queries import STREAK_WEEKS, followed_plans, pause_rows
from progress.models import PAIN_FACTS, CheckIn, PsfsRating, SessionLog, WeeklySummary
from progress.outcome_queries import week_lines
from progress.trend import PainSpan, PainSums, pain_trend
from routines.models import Enrolment
from routines.progression import PainFact


def _last_session(**outer) -> Subquery:
    """The latest local day with a session, as a correlated subquery (served by the
    (user, local_date) and (enrolment, local_date) indexes)."""
    rows = SessionLog.objects.filter(**outer).order_by("-local_date").values("local_date")
    return Subquery(rows[:1])


def live_links(clinician):
    """The clinician's live links with their person and that person's last session day."""
    return (
        CareLink.objects.visible_to(clinician)
        .select_related("person")
        .annotate(last_session=_last_session(user=OuterRef("person")))
        .order_by("pk")
    )


def _enrolments(ids: list[int]) -> dict[int, list[Enrolment]]:
    rows = (
        Enrolment.objects.filter(user_id__in=ids)
        .current()
        .select_related("routine", "phase")
        .annotate(last_logged=_last_session(enrolment=OuterRef("pk")))
        .order_by("started_on", "pk")
    )
    by_person: dict[int, list[Enrolment]] = {}
    for enrolment in rows:
        by_person.setdefault(enrolment.user_id, []).append(enrolment)
    return by_person


def _recent_sessions(ids: list[int], since: dt.date) -> dict[int, list[tuple]]:
    """(enrolment, local day, pain before, pain after, next morning, id) per person, newest
    first, from `since`."""
    rows = (
        SessionLog.objects.filter(user_id__in=ids, local_date__gte=since)
        .order_by("user_id", "-started_at")
        .values_list(
            "user_id",
            "enrolment_id",
            "local_date",
            "pain_before",
            "pain_after",
            "next_morning",
            "pk",
        )
    )
    by_person: dict[int, list[tuple]] = {}
    for user_id, *row in rows:
        by_person.setdefault(user_id, []).append(tuple(row))
    return by_person


def _pain_weeks(ids: list[int], since: dt.date) -> dict[int, dict[dt.date, PainSums]]:
    """Each person's pain before sessions per week with scores (all routines together, summed
    by the database), from `since`."""
    rows = (
        WeeklySummary.objects.filter(
            user_id__in=ids, week_start__gte=since, pain_before_count__gt=0
        )
        .order_by()
        .values("user_id", "week_start")
        .annotate(total=Sum("pain_before_total"), count=Sum("pain_before_count"))
        .values_list("user_id", "week_start", "total", "count")
    )
    by_person: dict[int, dict[dt.date, PainSums]] = {}
    for user_id, first, total, count in rows:
        by_person.setdefault(user_id, {})[first] = PainSums(total, count)
    return by_person


def _ratings(ids: list[int]) -> dict[int, dict[str, list]]:
    """Each person's active PSFS activities' (day, score) ratings, by activity."""
    rows = (
        PsfsRating.objects.filter(activity__user_id__in=ids, activity__retired_on__isnull=True)
        .order_by("day", "pk")
        .values_list("activity__user_id", "activity_id", "activity__name", "day", "score")
    )
    by_person: dict[int, dict[tuple, list]] = {}
    for user_id, pk, name, day, score in rows:
        by_person.setdefault(user_id, {}).setdefault((pk, name), []).append((day, score))
    return by_person


def _pain_answers(ids: list[int], since: dt.date) -> dict[int, list[tuple]]:
    rows = (
        CheckIn.objects.filter(user_id__in=ids, answer=CheckIn.Answer.PAIN, week_start__gte=since)
        .order_by("pk")
        .values_list("user_id", "week_start", "routine_name")
    )
    by_person: dict[int, list[tuple]] = {}
    for user_id, first, name in rows:
        by_person.setdefault(user_id, []).append((first, name))
    return by_person


def people(links: Sequence[CareLink], now: dt.datetime | None = None) -> list[PersonRow]:
    """One row per link (from live_links), with the person's flags, last session, this
    week's days against target, pain trend and PSFS change: 6 queries however many."""
    now = now or timezone.now()
    ids = [link.person_id for link in links]
    if not ids:
        return []
    todays = {link.person_id: link.person.local_date(now) for link in links}
    earliest = min(todays.values())
    enrolments = _enrolments(ids)
    spells = pause_rows([e.pk for own in enrolments.values() for e in own])
    sessions = _recent_sessions(ids, earliest - DAY * clinic.RECENT_DAYS)
    oldest = week_start_of(earliest, 0) - WEEK * STREAK_WEEKS
    pain = _pain_weeks(ids, oldest)
    ratings = _ratings(ids)
    answers = _pain_answers(ids, earliest - WEEK * 2)
    return [
        _row(
            link,
            todays[link.person_id],
            enrolments.get(link.person_id, []),
            spells,
            sessions.get(link.person_id, []),
            pain.get(link.person_id, {}),
            ratings.get(link.person_id, {}),
            answers.get(link.person_id, []),
        )
        for link in links
    ]


def _row(link, today, enrolments, spells, sessions, pain, ratings, answers) -> PersonRow:
    person = link.person
    plans = followed_plans(enrolments, today, spells=spells)
    since = today - DAY * clinic.RECENT_DAYS
    recent = [s for s in sessions if since <= s[1] <= today]
    facts = [PainFact(*row[1:]) for row in recent]
    flags = clinic.pain_flags(facts[:PAIN_FACTS], today)
    last_logged = {e.pk: e.last_logged for e in enrolments}
    if quiet := clinic.quiet_flag(plans, last_logged, today):
        flags.append(quiet)
    last_week = week_start_of(today, person.week_start) - WEEK
    names = [name or "a routine" for first, name in answers if first == last_week]
    if answered := clinic.check_in_flag(names, last_week, today):
        flags.append(answered)
    first, last = week_bounds(today, person.week_start)
    days: dict[int, set] = {}
    for enrolment_id, day, *_ in recent:
        if enrolment_id is not None and first <= day <= last:
            days.setdefault(enrolment_id, set()).add(day)
    done = {key: len(value) for key, value in days.items()}
    return PersonRow(
        link=link,
        name=str(person),
        flags=flags,
        last_session=link.last_session,
        week_lines=week_lines(plans, done, first),
        trend=_trend(pain, today, person.week_start),
        psfs=outcomes.average_change(
            outcomes.activity_change(name, own) for (_, name), own in ratings.items()
        ),
    )


def _trend(pain: dict[dt.date, PainSums], today: dt.date, week_start: int):
    """History's pain trend (history_queries.trend, all routines) over the same weeks: the
    STREAK_WEEKS up to this one. Only weeks with scores are built, as pain_trend keeps only
    those (History's empty weeks would be dropped there): 200 people, not 20,800 weeks."""
    current = week_start_of(today, week_start)
    oldest = current - WEEK * (STREAK_WEEKS - 1)
    weeks = [
        PainSpan(first, "", sums)  # no label: it is for charts, the sentence reads `first`
        for first, sums in sorted(pain.items())
        if oldest <= first <= current
    ]
    return pain_trend(weeks, today)
