"""Weekly summaries (WeeklySummary, WeeklyExercise): a person's sessions summed per routine
and week, and their exercise rows per exercise and week, so History, the report and a
clinician's overview read a few small rows however many years of sessions there are.

They are kept exactly in step with the raw rows, in the same transaction as every write:
- a session's insert (progress.services) sums its routine's and its exercises' rows for
  that week again from the week's raw rows (a handful) and upserts them: add_session, two
  statements. An edit or a delete sums the whole week again (refresh_weeks: a routine or
  an exercise may be left with nothing), both weeks when a session moves.
- a deleted enrolment (its sessions stay, outside any routine) or a change of the first day
  of the person's week (every week moves) sums the person again: rebuild (progress.signals).
- `manage.py rebuild_summaries` sums everyone again: after the migration, and for repair.

add_session and refresh_weeks run under the person's row lock: every write moves their
data_version on (accounts.models.bump_data_version, an UPDATE of their row) before it gets
here, so two writes by one person at once sum their week one after the other, never both
from the same stale rows. rebuild sums in the ORM and the others in SQL, on purpose: the
consistency test (tests/progress/test_summaries.py) checks each against the other.

Pauses, enrolments and phases are not summed: they are a handful of rows per person, and
History and the report read them as they are.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Sum, When

from accounts.weeks import week_start_of
from progress.models import (
    ExerciseLog,
    SessionLog,
    WeeklyExercise,
    WeeklySummary,
    area_seconds,
    counted_for_trend,
    counted_sql,
    routine_rows_in,
)

SIX_DAYS = dt.timedelta(days=6)
SKIPPED = ExerciseLog.Status.SKIPPED.value
SUMMARY_COLUMNS = (
    "sessions",
    "days",
    "seconds",
    "pain_before_total",
    "pain_before_count",
    "pain_after_total",
    "pain_after_count",
)
# One person's week summed from the raw rows, one row per routine (or None): the parameters
# are the week's first day, the person, the first and the last day.
SUM_WEEK = (
    "INSERT INTO progress_weeklysummary (user_id, enrolment_id, week_start, sessions, days,"
    " seconds, pain_before_total, pain_before_count, pain_after_total, pain_after_count)"
    " SELECT user_id, enrolment_id, %s, COUNT(*), COUNT(DISTINCT local_date),"
    f" SUM(total_seconds), COALESCE(SUM({counted_sql('pain_before')}), 0),"
    f" COUNT({counted_sql('pain_before')}), COALESCE(SUM({counted_sql('pain_after')}), 0),"
    f" COUNT({counted_sql('pain_after')})"
    " FROM progress_sessionlog WHERE user_id = %s AND local_date >= %s AND local_date <= %s"
    " GROUP BY user_id, enrolment_id"
)
# Its exercise rows, skipped ones left out, one row per exercise; the same parameters, then
# the skipped status.
SUM_EXERCISES = (
    "INSERT INTO progress_weeklyexercise (user_id, week_start, exercise_id, rows, seconds)"
    " SELECT s.user_id, %s, r.exercise_id, COUNT(*), COALESCE(SUM(r.seconds_done), 0)"
    " FROM progress_exerciselog r JOIN progress_sessionlog s ON s.id = r.session_id"
    " WHERE s.user_id = %s AND s.local_date >= %s AND s.local_date <= %s AND r.status <> %s"
    " GROUP BY s.user_id, r.exercise_id"
)


def refresh_weeks(user, days: Iterable[dt.date]) -> None:
    """Sum again the weeks (in the person's week) that hold `days`, from the raw rows: for
    an edit or a delete, which may leave a routine or an exercise with nothing that week."""
    for first in sorted({week_start_of(day, user.week_start) for day in days}):
        bounds = [user.pk, first, first + SIX_DAYS]
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM progress_weeklysummary WHERE user_id = %s AND week_start = %s",
                [user.pk, first],
            )
            cursor.execute(SUM_WEEK, [first, *bounds])
            cursor.execute(
                "DELETE FROM progress_weeklyexercise WHERE user_id = %s AND week_start = %s",
                [user.pk, first],
            )
            cursor.execute(SUM_EXERCISES, [first, *bounds, SKIPPED])


def add_session(session) -> None:
    """Sum again the week of a session just added, in two statements: a new session only
    adds to its routine's row and its exercises' rows, so they are upserted, not rebuilt."""
    first = week_start_of(session.local_date, session.user.week_start)
    bounds = [session.user_id, first, first + SIX_DAYS]
    if session.enrolment_id is None:
        routine, target = (
            " AND enrolment_id IS NULL",
            "(user_id, week_start) WHERE enrolment_id IS NULL",
        )
        routine_params = []
    else:
        routine, target = " AND enrolment_id = %s", "(user_id, week_start, enrolment_id)"
        routine_params = [session.enrolment_id]
    summary = SUM_WEEK.replace(" GROUP BY", routine + " GROUP BY") + (
        f" ON CONFLICT {target} DO UPDATE SET "
        + ", ".join(f"{column} = excluded.{column}" for column in SUMMARY_COLUMNS)
    )
    exercises = SUM_EXERCISES + (
        " ON CONFLICT (user_id, week_start, exercise_id)"
        " DO UPDATE SET rows = excluded.rows, seconds = excluded.seconds"
    )
    with connection.cursor() as cursor:
        cursor.execute(summary, [first, *bounds, *routine_params])
        cursor.execute(exercises, [first, *bounds, SKIPPED])


def _counted(column: str) -> Case:
    return Case(When(counted_for_trend(), then=column), output_field=IntegerField())


def summed(user) -> tuple[list[WeeklySummary], list[WeeklyExercise]]:
    """Every summary row of the person, summed from the raw rows (not saved)."""
    week_of = {}

    def week(day: dt.date) -> dt.date:
        if day not in week_of:
            week_of[day] = week_start_of(day, user.week_start)
        return week_of[day]

    by_day = (
        SessionLog.objects.filter(user=user)
        .order_by()
        .values_list("local_date", "enrolment_id")
        .annotate(
            count=Count("id"),
            seconds=Sum("total_seconds"),
            before_total=Sum(_counted("pain_before"), default=0),
            before_count=Count(_counted("pain_before")),
            after_total=Sum(_counted("pain_after"), default=0),
            after_count=Count(_counted("pain_after")),
        )
    )
    summaries: dict[tuple, list[int]] = {}
    for day, enrolment_id, count, seconds, *pain in by_day:
        sums = summaries.setdefault((week(day), enrolment_id), [0] * len(SUMMARY_COLUMNS))
        for i, value in enumerate((count, 1, seconds, *pain)):
            sums[i] += value
    rows = (
        ExerciseLog.objects.filter(session__user=user)
        .exclude(status=ExerciseLog.Status.SKIPPED)
        .order_by()
        .values_list("session__local_date", "exercise_id")
        .annotate(count=Count("id"), seconds=Sum("seconds_done", default=0))
    )
    exercises: dict[tuple, list[int]] = {}
    for day, exercise_id, count, seconds in rows:
        sums = exercises.setdefault((week(day), exercise_id), [0, 0])
        sums[0] += count
        sums[1] += seconds
    return (
        [
            WeeklySummary(
                user=user,
                enrolment_id=enrolment_id,
                week_start=first,
                **dict(zip(SUMMARY_COLUMNS, sums, strict=True)),
            )
            for (first, enrolment_id), sums in summaries.items()
        ],
        [
            WeeklyExercise(user=user, week_start=first, exercise_id=pk, rows=n, seconds=s)
            for (first, pk), (n, s) in exercises.items()
        ],
    )


def rebuild(user) -> None:
    """Sum every week of the person again from the raw rows."""
    summaries, exercises = summed(user)
    with transaction.atomic():
        WeeklySummary.objects.filter(user=user).delete()
        WeeklyExercise.objects.filter(user=user).delete()
        WeeklySummary.objects.bulk_create(summaries, batch_size=500)
        WeeklyExercise.objects.bulk_create(exercises, batch_size=500)


def weekly_rows(user, oldest: dt.date, weeks: int) -> list[tuple]:
    """(week index, enrolment id, sessions, days, seconds, pain sums…) for the `weeks` weeks
    from `oldest` (the first day of one of the person's weeks): one small row per week and
    routine (None for sessions outside a routine), as History's overview and trend read them."""
    last = oldest + dt.timedelta(days=7 * (weeks - 1))
    rows = (
        WeeklySummary.objects.filter(user=user, week_start__gte=oldest, week_start__lte=last)
        .order_by()
        .values_list("week_start", "enrolment_id", *SUMMARY_COLUMNS)
    )
    return [((first - oldest).days // 7, *rest) for first, *rest in rows]


def area_rows(user, first: dt.date, last: dt.date) -> list[tuple]:
    """(body area, area order, exercises done, seconds) over the person's weeks that start
    from `first` to `last`: their exercise rows per week, joined to the library's areas."""
    rows = (
        WeeklyExercise.objects.filter(user=user, week_start__gte=first, week_start__lte=last)
        .order_by()
        .values_list("exercise__body_areas__name", "exercise__body_areas__order")
        .annotate(rows=Sum("rows"), seconds=Sum("seconds"))
    )
    # Exercises without an area are left out here, not by a filter() after annotate(): on a
    # many-to-many that joins the areas a second time and counts each row once per area.
    return [row for row in rows if row[0] is not None]


def _whole(block: tuple[dt.date, dt.date]) -> bool:
    return block[1] - block[0] == SIX_DAYS


def period_rows(user, blocks) -> list[tuple]:
    """weekly_rows' rows for a report's weeks (progress.targets.report_blocks): the whole
    weeks from their summary rows, a shorter first or last one (a period that starts or ends
    mid-week) from its few days of raw rows. A query each, at most two."""
    index = {start: i for i, (start, end) in enumerate(blocks) if _whole((start, end))}
    rows = []
    if index:
        summed_rows = (
            WeeklySummary.objects.filter(
                user=user, week_start__gte=min(index), week_start__lte=max(index)
            )
            .order_by()
            .values_list("week_start", "enrolment_id", *SUMMARY_COLUMNS)
        )
        rows = [(index[start], *rest) for start, *rest in summed_rows]
    short = [i for i, block in enumerate(blocks) if not _whole(block)]
    if short:
        raw = routine_rows_in(user.pk, [blocks[i] for i in short])
        rows += [(short[n], *rest) for n, *rest in raw]
    return rows


def period_areas(user, blocks) -> list[tuple]:
    """area_rows for a report's weeks: the whole weeks from the summaries, a shorter first
    or last one from its raw rows, added up per area. A query each, at most two."""
    whole = [start for start, end in blocks if _whole((start, end))]
    short = [block for block in blocks if not _whole(block)]
    parts = [area_rows(user, whole[0], whole[-1])] if whole else []
    parts += [area_seconds(user.pk, short)] if short else []
    totals: dict[tuple, tuple[int, int]] = {}
    for rows in parts:
        for name, order, count, seconds in rows:
            done, total = totals.get((name, order), (0, 0))
            totals[(name, order)] = (done + count, total + seconds)
    return [(name, order, count, seconds) for (name, order), (count, seconds) in totals.items()]
