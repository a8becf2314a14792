"""All of a person's sessions as CSV or JSON, streamed in chunks so no history is too long;
their outcomes (PSFS activities with every rating, weekly check-in answers) as a second,
small file in either format; and a third: their connections to clinicians, every record of
a clinician viewing their data, and the routines clinicians assigned them with the notes."""

import csv
import datetime as dt
import json
from collections.abc import Iterator

from django.db.models import Q
from django.http import StreamingHttpResponse

from accounts.models import AccessRecord, CareLink
from progress.models import CheckIn, PsfsActivity, SessionLog
from routines.models import Routine

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "outcomes-csv": "text/csv; charset=utf-8",
    "outcomes-json": "application/json",
    "connections-csv": "text/csv; charset=utf-8",
    "connections-json": "application/json",
}
CHUNK = 500
SESSION_COLUMNS = [
    "session_id",
    "date",
    "started_at",
    "ended_at",
    "time_zone",
    "routine",
    "phase",
    "pain_before",
    "pain_after",
    "flare_day",
    "next_morning",
    "total_seconds",
    "notes",
]
EXERCISE_COLUMNS = ["order", "exercise", "exercise_name", "status", "seconds", "reps", "side"]
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _sessions(user) -> Iterator[SessionLog]:
    queryset = SessionLog.objects.for_user(user).for_listing().order_by("started_at", "pk")
    return queryset.iterator(chunk_size=CHUNK)


def _iso(moment) -> str:
    return moment.astimezone(dt.UTC).isoformat() if moment else ""


def session_record(session: SessionLog) -> dict:
    return {
        "session_id": session.pk,
        "date": session.local_date.isoformat(),
        "started_at": _iso(session.started_at),
        "ended_at": _iso(session.ended_at),
        "time_zone": session.time_zone,
        "routine": session.routine_label,
        "phase": session.phase.name if session.phase else "",
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "flare_day": session.flare_day,
        "next_morning": session.next_morning,
        "total_seconds": session.total_seconds,
        "notes": session.notes,
        "exercises": [
            {
                "order": row.order,
                "exercise": row.exercise.slug,
                "exercise_name": row.exercise.name,
                "status": row.status,
                "seconds": row.seconds_done,
                "reps": row.reps_done,
                "side": row.side,
            }
            for row in session.exercises.all()
        ],
    }


def safe_cell(value) -> str | int:
    """A cell a spreadsheet shows as text: formulas are defused with a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object whose write returns the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(user) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(SESSION_COLUMNS + EXERCISE_COLUMNS)
    for session in _sessions(user):
        record = session_record(session)
        head = [safe_cell(record[name]) for name in SESSION_COLUMNS]
        rows = record["exercises"] or [dict.fromkeys(EXERCISE_COLUMNS)]
        for row in rows:
            yield writer.writerow(head + [safe_cell(row[name]) for name in EXERCISE_COLUMNS])


def json_chunks(user) -> Iterator[str]:
    yield "["
    for index, session in enumerate(_sessions(user)):
        yield ("," if index else "") + "\n" + json.dumps(session_record(session))
    yield "\n]\n"


OUTCOME_COLUMNS = ["record", "date", "activity", "score", "retired_on", "routine"]
OUTCOME_COLUMNS += ["days_done", "days_target", "answer", "text"]


def outcomes_record(user) -> dict:
    """The person's PSFS activities with their ratings, and check-in answers: 2 queries."""
    activities = PsfsActivity.objects.for_user(user).prefetch_related("ratings")
    check_ins = CheckIn.objects.for_user(user).order_by("week_start", "pk")
    return {
        "activities": [
            {
                "name": activity.name,
                "created_on": activity.created_on.isoformat(),
                "retired_on": activity.retired_on.isoformat() if activity.retired_on else None,
                "ratings": [
                    {"date": rating.day.isoformat(), "score": rating.score}
                    for rating in activity.ratings.all()
                ],
            }
            for activity in activities
        ],
        "check_ins": [
            {
                "week_start": row.week_start.isoformat(),
                "routine": row.routine_name,
                "days_done": row.done,
                "days_target": row.needed,
                "answer": row.answer,
                "text": row.text,
            }
            for row in check_ins
        ],
    }


def outcome_lines(user) -> Iterator[str]:
    """One row per rating and per check-in answer."""
    writer = csv.writer(_Line())
    record = outcomes_record(user)
    yield "\ufeff" + writer.writerow(OUTCOME_COLUMNS)
    for activity in record["activities"]:
        for rating in activity["ratings"]:
            row = ["rating", rating["date"], activity["name"], rating["score"]]
            row += [activity["retired_on"], "", "", "", "", ""]
            yield writer.writerow([safe_cell(value) for value in row])
    for answer in record["check_ins"]:
        row = ["check-in", answer["week_start"], "", "", "", answer["routine"]]
        row += [answer["days_done"], answer["days_target"], answer["answer"], answer["text"]]
        yield writer.writerow([safe_cell(value) for value in row])


def connections_record(user) -> dict:
    """The person's clinicians (live and ended), the access log kept for them, and the
    routines a clinician assigned them, with the note: 3 queries."""
    links = CareLink.objects.of_person(user).select_related("clinician").order_by("started_at")
    records = AccessRecord.objects.filter(person=user).order_by("viewed_at", "pk")
    assigned = (
        Routine.objects.filter(owner=user)
        .filter(Q(assigned_by__isnull=False) | ~Q(assigned_note=""))
        .select_related("assigned_by")
        .order_by("pk")
    )
    return {
        "connections": [
            {
                "clinician": str(link.clinician),
                "profession": link.clinician.profession,
                "since": _iso(link.started_at),
                "ended": _iso(link.ended_at) or None,
                "notes_shared": link.include_notes,
                "last_viewed": _iso(link.last_viewed_at) or None,
            }
            for link in links
        ],
        "access_log": [
            {"clinician": row.clinician_name, "what": row.what, "viewed_at": _iso(row.viewed_at)}
            for row in records
        ],
        "assigned_routines": [
            {
                "routine": routine.name,
                "assigned_by": str(routine.assigned_by) if routine.assigned_by else None,
                "note": routine.assigned_note,
            }
            for routine in assigned
        ],
    }


CONNECTION_COLUMNS = ["record", "clinician", "profession", "at", "ended", "notes_shared", "what"]


def connection_lines(user) -> Iterator[str]:
    """One row per connection, per clinician view and per assigned routine (its note in
    `what`)."""
    writer = csv.writer(_Line())
    record = connections_record(user)
    yield "\ufeff" + writer.writerow(CONNECTION_COLUMNS)
    fields = ["clinician", "profession", "since", "ended", "notes_shared"]
    rows = [["connection", *(link[name] for name in fields), ""] for link in record["connections"]]
    rows += [
        ["access", row["clinician"], "", row["viewed_at"], "", "", row["what"]]
        for row in record["access_log"]
    ]
    rows += [
        ["assigned routine", routine["assigned_by"], "", "", "", "", routine["note"]]
        for routine in record["assigned_routines"]
    ]
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def _content(user, kind: str) -> Iterator[str]:
    if kind == "connections-json":
        return iter([json.dumps(connections_record(user), indent=1) + "\n"])
    if kind == "connections-csv":
        return connection_lines(user)
    if kind == "outcomes-json":
        return iter([json.dumps(outcomes_record(user), indent=1) + "\n"])
    if kind == "outcomes-csv":
        return outcome_lines(user)
    return csv_lines(user) if kind == "csv" else json_chunks(user)


def download(user, kind: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_content(user, kind), content_type=FORMATS[kind])
    name, _, extension = kind.rpartition("-")
    filename = f"limber-{name or 'export'}-{user.today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
