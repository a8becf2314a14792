"""Reading the person's PSFS activities and weekly check-ins for Today, History, the report
and the export; the rules themselves are in progress/outcomes.py."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q

from accounts.weeks import DAY, WEEK, day_month, week_label
from progress import outcomes
from progress.history_queries import current_plans
from progress.models import CheckIn, PsfsActivity, PsfsNotNow, PsfsRating, SessionLog
from progress.targets import FollowedPlan, needed_days


@dataclass(frozen=True)
class ActivityRow:
    activity: PsfsActivity
    change: outcomes.ActivityChange | None
    ratings: list[tuple[dt.date, int]]


def psfs(user, first: dt.date | None = None, last: dt.date | None = None) -> dict:
    """Each activity with its ratings (up to `last` for a period, leaving out activities
    retired before it) and the average's change over the active ones: 2 queries."""
    activities = PsfsActivity.objects.for_user(user)
    ratings = PsfsRating.objects.filter(activity__user=user)
    if first is not None:
        # A report: each activity from its first rating to its latest by the period's end,
        # so a rating before the period is the baseline its change is measured from.
        activities = activities.exclude(retired_on__lt=first).filter(created_on__lte=last)
        ratings = ratings.filter(day__lte=last)
    activities = list(activities)
    by_activity: dict[int, list[tuple[dt.date, int]]] = {}
    for pk, day, score in ratings.order_by("day").values_list("activity_id", "day", "score"):
        by_activity.setdefault(pk, []).append((day, score))
    rows = []
    for activity in activities:
        own = by_activity.get(activity.pk, [])
        if activity.retired_on is None or own:
            change = outcomes.activity_change(activity.name, own)
            rows.append(ActivityRow(activity, change, own))
    active = [r.change for r in rows if r.change and r.activity.retired_on is None]
    return {
        "activity_rows": rows,
        "active_count": sum(1 for a in activities if a.retired_on is None),
        "average": outcomes.average_change(active),
        "average_change": outcomes.AVERAGE_CHANGE,
        "single_change": outcomes.SINGLE_CHANGE,
        "rerate_days": outcomes.RERATE_DAYS,
        "citation": outcomes.CITATION,
        "anchors_low": outcomes.ANCHOR_LOW,
        "anchors_high": outcomes.ANCHOR_HIGH,
    }


def rerating_due(user, today: dt.date) -> bool:
    """Today's question to rate the activities again (outcomes.rerating_due): one query,
    and one more for "Not now" once the ratings are old enough."""
    active = PsfsActivity.objects.for_user(user).active()
    last = active.aggregate(last=Max("ratings__day"))["last"]
    if not outcomes.rerating_due(today, 1, last):
        return False
    until = PsfsNotNow.objects.filter(user=user).values_list("until", flat=True).first()
    return outcomes.rerating_due(today, 1, last, until)


def week_lines(plans: Iterable[FollowedPlan], days_done: dict[int, int], first: dt.date):
    """Each routine's week from `first` against its target (outcomes.WeekLine), leaving
    out routines that asked for nothing that week."""
    lines = [
        outcomes.WeekLine(
            plan.key,
            plan.name,
            days_done.get(plan.key, 0),
            needed_days(plan.minimum, plan.days_followed(first)),
        )
        for plan in plans
    ]
    return outcomes.check_in_lines(lines)


def check_in(user, today: dt.date, plans: list[FollowedPlan], days_done: dict) -> dict | None:
    """What Today shows of last week's check-in, or None: one query (the week's answers)."""
    followed = min((plan.started_on for plan in plans), default=None)
    first = outcomes.check_in_week_on(today, user.week_start, followed)
    if first is None:
        return None
    rows = list(CheckIn.objects.for_user(user).filter(week_start=first))
    closed = any(row.answer == CheckIn.Answer.CLOSED for row in rows)
    answered = {row.enrolment_id for row in rows}
    lines = week_lines(plans, days_done, first)
    if not outcomes.still_open(lines, answered, closed):
        return None
    return {
        "first": first,
        "last": first + DAY * 6,
        "label": week_label(first, user.week_start),
        "lines": lines,
        "all_on_target": all(line.on_target for line in lines),
        "answered": answered,
        "answers": outcomes.ANSWERS,
        "max_text": outcomes.MAX_TEXT,
    }


@dataclass(frozen=True)
class CheckInWeek:
    first: dt.date
    answers: list[CheckIn]

    @property
    def title(self) -> str:
        return f"Week of {day_month(self.first)}"


def check_in_weeks(user, first: dt.date | None = None, last: dt.date | None = None):
    """The person's check-in answers by week, newest first (put-away ones left out): one
    query. With a period, the weeks that start in it."""
    rows = CheckIn.objects.for_user(user).exclude(answer=CheckIn.Answer.CLOSED)
    if first is not None:
        rows = rows.filter(Q(week_start__gte=first) & Q(week_start__lte=last))
    weeks: dict[dt.date, list[CheckIn]] = {}
    for row in rows.order_by("-week_start", "pk"):
        weeks.setdefault(row.week_start, []).append(row)
    return [CheckInWeek(day, answers) for day, answers in weeks.items()]


def lines_for_week(user, first: dt.date, today: dt.date) -> list[outcomes.WeekLine]:
    """The routines followed now, each against its target in the week from `first`:
    3 queries (enrolments, their pauses, the week's days per routine)."""
    plans = current_plans(user, today)
    rows = (
        SessionLog.objects.for_user(user)
        .between(first, first + DAY * 6)
        .exclude(enrolment=None)
        .order_by()
        .values_list("enrolment_id", "local_date")
        .distinct()
    )
    days: dict[int, int] = {}
    for enrolment_id, _ in rows:
        days[enrolment_id] = days.get(enrolment_id, 0) + 1
    return week_lines(plans, days, first)


CHECK_IN_WEEKS = 12  # History shows the latest weeks' answers


def history(user, today: dt.date) -> dict:
    """What History shows of the person's outcomes: 3 queries."""
    weeks = check_in_weeks(user, today - WEEK * CHECK_IN_WEEKS, today)
    return psfs(user) | {"check_in_weeks": weeks}
