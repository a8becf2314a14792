"""The write-then-read loop of the ten-year person, in-process (no server, no wrk).

    .venv/bin/python bench/inprocess.py [--runs 30]
    .venv/bin/python bench/inprocess.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/inprocess.py --path /history/ --queries   # each query of one cold view
    .venv/bin/python bench/inprocess.py --path /history/ --profile   # pyinstrument, ten cold views
    .venv/bin/python bench/inprocess.py --path /today/ --no-person-cache  # without that layer

Migrates a throwaway database (SQLite under /tmp, or `limber_inprocess` on the PostgreSQL
server given, dropped at the end), seeds the person of hook_heavy_user.py (3,650 daily
sessions, 29,200 exercise rows), then times Django's test client, median of `--runs`:

- `/healthz` signed out, and signed in (the floor: reading the session and the person);
- the loop, as a person does it: post a session on the log form (a new idempotency key),
  then `/today/` and `/history/` right after it (cold: the post moved the person's
  data_version on, so their pages are built again).

Each figure is printed in ms and as a multiple of the signed-in `/healthz`; the goal
(issue 28) is at most 3× for the post, cold Today and cold History. Not part of the suite.
"""

import argparse
import contextlib
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GOAL = 3.0
PG_NAME = "limber_inprocess"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--path", help="time only this page, cold and warm")
    parser.add_argument("--queries", action="store_true", help="time each query of one cold view")
    parser.add_argument("--profile", action="store_true", help="pyinstrument ten cold views")
    parser.add_argument(
        "--no-person-cache",
        action="store_true",
        help="build a person's own pages every time (config.cache's per-person layer off)",
    )
    args = parser.parse_args()
    with throwaway_database(args.postgres, PG_NAME):
        _bench(args)


@contextlib.contextmanager
def throwaway_database(postgres: str | None, pg_name: str):
    """Point Django at a new database for a bench (SQLite under /tmp, or `pg_name` on the
    PostgreSQL server given, dropped at the end) with production-like settings."""
    import run

    if postgres:
        os.environ["DATABASE_URL"] = run.fresh_database(postgres, pg_name)
    else:
        folder = tempfile.mkdtemp(prefix="limber-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = "bench-only-" + "x" * 50
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["AXES_ENABLED"] = "false"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    try:
        yield
    finally:
        if postgres:
            from django.db import connections

            connections.close_all()
            run.drop_database(postgres, pg_name)


def _bench(args) -> None:
    import django

    django.setup()
    if args.no_person_cache:
        _without_person_cache()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
        import hook_heavy_user
        import run

        exec(run.SIGN_IN + hook_heavy_user.SEED, {})
    person = User.objects.get(email="heavy@example.com")
    client = Client()
    client.force_login(person)
    if args.path:
        _one_page(client, person, args)
        return
    post = _post_data(person)
    figures: dict[str, list[float]] = {name: [] for name in NAMES}
    signed_out = Client()
    for _ in range(args.runs):
        _timed(figures["/healthz signed out"], lambda: signed_out.get("/healthz"))
        _timed(figures["/healthz signed in"], lambda: client.get("/healthz"))
        _timed(figures["post a session"], lambda: client.post("/sessions/new/", post()), 302)
        _timed(figures["/today/ after a post"], lambda: client.get("/today/"))
        _timed(figures["/history/ after a post"], lambda: client.get("/history/"))
    engine = "PostgreSQL" if args.postgres else "SQLite"
    floor = statistics.median(figures["/healthz signed in"])
    print(f"In-process, ten-year person, {engine}, median of {args.runs}:")
    for name, values in figures.items():
        ratio = statistics.median(values) / floor
        mark = "" if name.startswith("/healthz") else ("  ok" if ratio <= GOAL else "  over 3×")
        print(f"  {name:24} {statistics.median(values):7.2f} ms  {ratio:5.1f}×{mark}")


def _without_person_cache() -> None:
    """Make config.cache.cached_page build per-person pages every time (before any view
    module imports it), to measure what that layer saves."""
    from config import cache

    original = cache.cached_page

    def uncached(request, name, template_name, build, *, per_person, **options):
        if not per_person:
            return original(request, name, template_name, build, per_person=False, **options)
        keep = cache.cached
        cache.cached = lambda key, make: make()
        try:
            return original(request, name, template_name, build, per_person=True, **options)
        finally:
            cache.cached = keep

    cache.cached_page = uncached


NAMES = (
    "/healthz signed out",
    "/healthz signed in",
    "post a session",
    "/today/ after a post",
    "/history/ after a post",
)


def _timed(into: list[float], call, status: int = 200) -> None:
    start = time.perf_counter()
    response = call()
    into.append((time.perf_counter() - start) * 1000)
    if response.status_code != status:
        raise SystemExit(f"answered {response.status_code}, not {status}")


def _post_data(person):
    """A function giving the log form's fields for a new session today, each time a new key."""
    from exercises.models import Exercise
    from routines.models import Enrolment

    enrolment = Enrolment.objects.filter(user=person).first()
    exercise = Exercise.objects.order_by("order", "pk").first()
    zone = person.zone

    def data() -> dict:
        now = dt.datetime.now(zone)
        return {
            "enrolment": str(enrolment.pk),
            "date": now.date().isoformat(),
            "time": now.strftime("%H:%M"),
            "pain_before": "4",
            "pain_after": "2",
            "notes": "",
            "idempotency_key": str(uuid.uuid4()),
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "40",
            "rows-0-exercise": exercise.slug,
            "rows-0-status": "done",
            "rows-0-seconds": "90",
            "rows-0-reps": "",
            "rows-0-side": "none",
        }

    return data


def _one_page(client, person, args) -> None:
    from accounts.models import bump_data_version

    assert client.get(args.path).status_code == 200
    if args.queries:
        _time_queries(client, args.path, person)
    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0005, async_mode="disabled") as profiler:
            for _ in range(10):
                bump_data_version(person.pk)
                client.get(args.path)
        print(profiler.output_text(color=False, show_all=False, timeline=False))
    cold, warm = [], []
    for _ in range(args.runs):
        bump_data_version(person.pk)
        _timed(cold, lambda: client.get(args.path))
        _timed(warm, lambda: client.get(args.path))
    print(f"{args.path} ten-year person, {args.runs} runs, median (fastest) in ms:")
    for name, values in (("cold", cold), ("warm", warm)):
        print(f"  {name:5} {statistics.median(values):6.2f} ({min(values):.2f})")


def _time_queries(client, path: str, person) -> None:
    from django.db import connection

    from accounts.models import bump_data_version

    timings = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - start) * 1000, sql[:150]))

    bump_data_version(person.pk)
    with connection.execute_wrapper(timed):
        client.get(path)
    for ms, sql in timings:
        print(f"{ms:7.2f} ms  {sql}")


if __name__ == "__main__":
    main()
