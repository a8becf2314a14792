"""A clinician's dashboard and one person's page with many people, in-process.

    .venv/bin/python bench/clinic.py [--people 200] [--days 730] [--runs 20]
    .venv/bin/python bench/clinic.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/clinic.py --profile   # pyinstrument, five dashboards

Migrates a throwaway database (SQLite under /tmp, or `limber_clinic` on the PostgreSQL server
given, dropped at the end), seeds `--people` people each with `--days` days of daily
sessions (pain before and after on every one, two exercise rows each), a routine, and a
live connection to one clinician, sums their weekly summaries, then times Django's test
client, median of `--runs`: the clinician's `/clinic/` and one person's page, each with its
query count. The suite asserts the counts (tests/progress/test_clinic_views.py); this says
what the time is. Not part of the suite.
"""

import argparse
import contextlib
import datetime as dt
import io
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG_NAME = "limber_clinic"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument five dashboards")
    args = parser.parse_args()
    from inprocess import throwaway_database

    with throwaway_database(args.postgres, PG_NAME):
        _bench(args)


def _bench(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    clinician, first = _seed(args.people, args.days)
    print(
        f"seeded {args.people} people × {args.days} days in {time.perf_counter() - started:.0f} s"
    )
    client = Client()
    client.force_login(clinician)
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            for _ in range(5):
                client.get("/clinic/")
        profiler.print(show_all=False)
        return
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"In-process, {engine}, median (fastest) of {args.runs}:")
    for name, path in (("/clinic/", "/clinic/"), ("a person's page", f"/clinic/people/{first}/")):
        queries: list[str] = []

        def counted(execute, sql, *rest, into=queries):
            into.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counted):
            assert client.get(path).status_code == 200
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"  {name:16} {statistics.median(times):8.1f} ms ({min(times):.1f})"
            f"  {len(queries)} queries"
        )


def _seed(people: int, days: int):
    from django.utils import timezone

    from accounts.models import CareLink, User
    from exercises.models import Exercise
    from progress import summaries
    from progress.models import ExerciseLog, SessionLog
    from routines.models import Enrolment, Routine

    clinician = User.objects.create_user(
        "clinic@example.com", "bench-Passphrase-42", is_clinician=True, display_name="Sam"
    )
    routine = Routine.objects.order_by("order").first()
    phase = routine.phases.order_by("order").first()
    exercises = list(Exercise.objects.order_by("order", "pk")[:2])
    first = None
    for n in range(people):
        person = User.objects.create_user(
            f"person{n}@example.com", None, time_zone="Europe/London", display_name=f"P {n:03}"
        )
        first = first or person.pk
        today = timezone.now().astimezone(person.zone).date()
        start = today - dt.timedelta(days=days - 1)
        enrolment = Enrolment.objects.create(
            user=person, routine=routine, phase=phase, started_on=start, phase_started_on=start
        )
        sessions = []
        for back in range(days):
            day = today - dt.timedelta(days=back)
            at = dt.datetime.combine(day, dt.time(7, 0), tzinfo=person.zone)
            pain = (back + n) % 8
            sessions.append(
                SessionLog(
                    user=person,
                    enrolment=enrolment,
                    routine=routine,
                    phase=phase,
                    started_at=at,
                    ended_at=at + dt.timedelta(minutes=5),
                    local_date=day,
                    pain_before=pain,
                    pain_after=max(0, pain - 1),
                    idempotency_key=uuid.uuid4(),
                    total_seconds=180,
                )
            )
        SessionLog.objects.bulk_create(sessions, batch_size=1000)
        ExerciseLog.objects.bulk_create(
            (
                ExerciseLog(session=s, order=i, exercise=e, seconds_done=90)
                for s in sessions
                for i, e in enumerate(exercises)
            ),
            batch_size=2000,
        )
        summaries.rebuild(person)  # bulk writes skip progress.services
        CareLink.objects.create(clinician=clinician, person=person)
    return clinician, first


if __name__ == "__main__":
    main()
