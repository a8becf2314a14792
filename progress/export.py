"""All of a person's sessions as CSV or JSON, streamed in chunks so no history is too long."""

import csv
import datetime as dt
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from progress.models import SessionLog

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
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


def download(user, kind: str) -> StreamingHttpResponse:
    lines = csv_lines(user) if kind == "csv" else json_chunks(user)
    response = StreamingHttpResponse(lines, content_type=FORMATS[kind])
    filename = f"limber-export-{user.today():%Y-%m-%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
