"""Helpers shared by test modules in more than one place. Test modules import helpers from
here (browser ones from tests/browser/helpers.py), factories from tests/factories.py, and
fixtures only through pytest: never from another test module or a conftest. Two helpers keep
modules of their own: the page set of the standards tests (tests/pages.py) and the copy check
(tests/copycheck.py, also a command)."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from asgiref.local import Local
from django.tasks import task_backends
from django.utils import timezone
from hypothesis import strategies as st

from routines.models import Enrolment, Routine

# Two of the seeded routines, by slug.
FOAM = "foam-roller-legs-hips"
STRETCHES = "legs-hips-back-stretches"
LONDON = ZoneInfo("Europe/London")
NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=LONDON)  # a Tuesday
# A Wednesday afternoon in London (GMT), so "today" and "now" are the same for every test.
NOW = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)


def use_task_backend(settings, backend: str) -> None:
    """Point django.tasks at `backend` (Django caches its task backends; reset them)."""
    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local()


def enrol(user, slug: str, days_ago: int = 0, phase_order: int = 1, **fields) -> Enrolment:
    """`user` follows the seeded routine `slug`, started `days_ago` days before NOON."""
    return _enrol_on(user, slug, NOON.date() - dt.timedelta(days=days_ago), phase_order, **fields)


def follow(person, slug: str, phase_order: int = 1) -> Enrolment:
    """`person` follows the seeded routine `slug` from today, in their own time zone."""
    return _enrol_on(person, slug, timezone.localdate(timezone=person.zone), phase_order)


def _enrol_on(user, slug: str, day: dt.date, phase_order: int, **fields) -> Enrolment:
    routine = Routine.objects.get(slug=slug)
    return Enrolment.objects.create(
        user=user,
        routine=routine,
        phase=routine.phases.get(order=phase_order),
        started_on=day,
        phase_started_on=day,
        **fields,
    )


def slugs_in(response) -> list[str]:
    """The exercise slugs linked from the result cards, in page order."""
    return re.findall(r'<h3><a href="/exercises/([\w-]+)/">', response.content.decode())


def log_data(rows=None, key=None, **fields) -> dict:
    """POST data for the log form; rows are dicts of exercise/status/seconds/reps/side."""
    rows = rows if rows is not None else [{"exercise": "roll-calves-test", "seconds": "120"}]
    data = {
        "enrolment": "",
        "date": "2026-11-18",
        "time": "08:30",
        "pain_before": "4",
        "pain_after": "2",
        "notes": "",
        "idempotency_key": str(key or uuid.uuid4()),
        "rows-TOTAL_FORMS": str(len(rows) + 2),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate([*rows, {}, {}]):
        data[f"rows-{i}-exercise"] = row.get("exercise", "")
        data[f"rows-{i}-status"] = row.get("status", "done")
        data[f"rows-{i}-seconds"] = row.get("seconds", "")
        data[f"rows-{i}-reps"] = row.get("reps", "")
        data[f"rows-{i}-side"] = row.get("side", "none")
    data.update(fields)
    return data


# Bad input, for the walks that send it to every form and endpoint -----------------------

MEGABYTE = "x" * 1_000_000
BAD = [
    "",
    " ",
    MEGABYTE,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "9" * 308 + " min",
    "9" * 4301,
    "1e309",
    "nan",
    "²",
    "٣",
    "𝟗:𝟘",
    "١٢:٣٠",
    "\x00",
    "1\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "https://evil.example/",
]
bad_values = st.one_of(
    st.sampled_from(BAD),
    st.text(alphabet=list("²³٣𝟗\x00<>\"'&-:.é/ \u202e"), min_size=1, max_size=40),
)
