"""Writes that span a session and its exercise rows, each in one transaction."""

import datetime as dt
import uuid
from collections.abc import Sequence

from django.db import transaction

from progress import summaries
from progress.models import ExerciseLog, SessionLog


def total_seconds(rows: Sequence[dict]) -> int:
    """The seconds actually done: every row not skipped counts, per-side rows included."""
    return sum(row.get("seconds") or 0 for row in rows if row.get("status") != "skipped")


def nothing_done(rows: Sequence[dict]) -> bool:
    """True when no row says anything was done: each is skipped, or at 0 s and 0 reps.

    Such a session (a guided one with every move skipped) must not count as done. A row
    marked done with no time and no reps noted does count: the person did it, untimed.
    """
    for row in rows:
        if row.get("status") == "skipped":
            continue
        seconds, reps = row.get("seconds"), row.get("reps")
        if (seconds is None and reps is None) or (seconds or 0) > 0 or (reps or 0) > 0:
            return False
    return True


def _session_fields(user, cleaned: dict, rows: Sequence[dict]) -> dict:
    enrolment = cleaned.get("enrolment")
    started_at: dt.datetime = cleaned["started_at"]
    seconds = total_seconds(rows)
    return {
        "enrolment": enrolment,
        "routine": enrolment.routine if enrolment else None,
        "started_at": started_at,
        "ended_at": started_at + dt.timedelta(seconds=seconds),
        "local_date": user.local_date(started_at),
        # The form reads the time in the person's current zone: the session keeps it, so it
        # is shown at the local time it happened after the person moves on.
        "time_zone": user.time_zone,
        "pain_before": cleaned.get("pain_before"),
        "pain_after": cleaned.get("pain_after"),
        "notes": cleaned.get("notes", ""),
        "flare_day": bool(cleaned.get("flare_day")),
        "total_seconds": seconds,
    }


def _write_rows(session: SessionLog, rows: Sequence[dict]) -> None:
    ExerciseLog.objects.bulk_create(
        ExerciseLog(
            session=session,
            order=order,
            exercise=row["exercise"],
            status=row["status"],
            seconds_done=row.get("seconds"),
            reps_done=row.get("reps"),
            side=row["side"],
        )
        for order, row in enumerate(rows)
    )
    # bulk_create sends no post_save: the session's own save, in the same transaction, has
    # already moved the person's data_version on (progress.signals).


def record_session(user, cleaned: dict, rows: Sequence[dict]) -> SessionLog:
    """Save a new session with its exercise rows; all or nothing.

    `cleaned` is SessionForm.cleaned_data (with started_at), `rows` the filled-in exercise
    rows. A repeated idempotency key raises IntegrityError and writes nothing.
    """
    fields = _session_fields(user, cleaned, rows)
    enrolment = cleaned.get("enrolment")
    key = cleaned.get("idempotency_key") or uuid.uuid4()

    with transaction.atomic():
        session = SessionLog.objects.create(
            user=user,
            phase=enrolment.phase if enrolment else None,
            idempotency_key=key,
            **fields,
        )
        _write_rows(session, rows)
        summaries.refresh_weeks(user, [session.local_date])
    return session


def update_session(session: SessionLog, cleaned: dict, rows: Sequence[dict]) -> SessionLog:
    """Apply an edit: the session's fields and a fresh set of exercise rows, all or nothing."""
    fields = _session_fields(session.user, cleaned, rows)
    if fields["started_at"] == session.started_at and session.time_zone:
        # The time left as it was: the session keeps the zone and day it was logged in,
        # wherever the person is when they correct its notes or pain.
        fields.update(time_zone=session.time_zone, local_date=session.local_date)
    enrolment = fields["enrolment"]
    if (enrolment.pk if enrolment else None) != session.enrolment_id:
        # A session moved to another routine takes that routine's current phase.
        session.phase = enrolment.phase if enrolment else None
    was_on = session.local_date
    for name, value in fields.items():
        setattr(session, name, value)

    with transaction.atomic():
        session.save()
        session.exercises.all().delete()
        _write_rows(session, rows)
        summaries.refresh_weeks(session.user, [was_on, session.local_date])
    return session


def delete_session(session: SessionLog) -> None:
    """Delete a session and its exercise rows, and sum its week again."""
    with transaction.atomic():
        session.delete()
        summaries.refresh_weeks(session.user, [session.local_date])
