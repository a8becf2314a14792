"""A person's pages and writes on a big PostgreSQL database against a nearly empty one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber .venv/bin/python bench/seed_scale.py
        [--people 1000] [--days 1095] [--runs 20] [--keep]

Builds two databases on the server DATABASE_URL names (never the database itself):
`<name>_scale`, with `--people` people each logging a session a day for `--days` days
(1,000 × 1,095 = about 1.1 million sessions and, with eight exercise rows each, about
8.8 million rows), and `<name>_scale_small`, with only one such person. The rows are made by
the database (generate_series), then ANALYZEd. Then, in a fresh process for each database,
it times the same person's cold /today/ and /history/ (the first view after a write) and a
logged session (POST /sessions/new/) with Django's test client, and prints the medians and
the big database's cost as a share of the small one's (the aim: within 10 %).
`--keep` leaves both databases for EXPLAIN ANALYZE; they are otherwise dropped.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

ROOT = run.ROOT
PYTHON = run.PYTHON

SESSIONS_SQL = """
INSERT INTO progress_sessionlog (started_at, ended_at, local_date, pain_before, pain_after,
    notes, idempotency_key, total_seconds, created_at, updated_at, enrolment_id, phase_id,
    routine_id, user_id, routine_name, time_zone, flare_day, next_morning)
SELECT d + time '07:00', d + time '07:12', d::date, (n %% 8), greatest(0, n %% 8 - 2), '',
    md5(e.id::text || '-' || n)::uuid, 720, now(), now(), e.id, e.phase_id, e.routine_id,
    e.user_id, '', '', false, ''
FROM routines_enrolment e
CROSS JOIN generate_series(1, %(days)s) AS n
CROSS JOIN LATERAL (SELECT (current_date - n) AS d) AS day
"""

ROWS_SQL = """
INSERT INTO progress_exerciselog ("order", status, sets_done, seconds_done, reps_done, side,
    exercise_id, session_id)
SELECT i, 'done', 3, 90, NULL, 'none', (%(exercises)s::bigint[])[i + 1], s.id
FROM progress_sessionlog s CROSS JOIN generate_series(0, 7) AS i
"""

PEOPLE_CODE = """
import datetime as dt
from accounts.models import User
from exercises.models import Exercise
from routines.models import Enrolment, Routine
routine = Routine.objects.programmes().order_by("order").first()
phase = routine.phases.order_by("order").first()
start = dt.date.today() - dt.timedelta(days={days} + 1)
users = User.objects.bulk_create(
    User(email=f"scale{{n}}@example.com", password="!", time_zone="Europe/London")
    for n in range({people})
)
Enrolment.objects.bulk_create(
    Enrolment(user=u, routine=routine, phase=phase, started_on=start, phase_started_on=start)
    for u in users
)
print(list(Exercise.objects.order_by("order", "pk").values_list("pk", flat=True)[:8]))
"""


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_STATEMENT_TIMEOUT": "0"}
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return result.stdout.decode()


def build(base: str, name: str, people: int, days: int) -> str:
    import psycopg

    url = run.fresh_database(f"{base}/postgres", name)
    manage(url, "migrate", "--noinput", "-v0")
    code = PEOPLE_CODE.format(people=people, days=days)
    exercises = json.loads(manage(url, "shell", "--no-imports", "-c", code).strip())
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SESSIONS_SQL, {"days": days})
        conn.execute(ROWS_SQL, {"exercises": exercises})
        # Statistics first: without them the planner reads all 8.8 million exercise rows for
        # each person's sum (2 s a person) instead of their own through the index.
        conn.execute("ANALYZE")
    manage(url, "rebuild_summaries")  # the SQL above skips progress.services
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        sessions = conn.execute("SELECT count(*) FROM progress_sessionlog").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM progress_exerciselog").fetchone()[0]
    print(
        f"{name}: {people} people, {sessions:,} sessions, {rows:,} exercise rows "
        f"({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return url


def measure(runs: int) -> None:
    """In this process, on DATABASE_URL: the first person's cold pages and a logged session."""
    os.environ.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        AXES_ENABLED="false",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User, bump_data_version
    from exercises.models import Exercise
    from routines.models import Enrolment

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    person = User.objects.get(email="scale0@example.com")
    enrolment = Enrolment.objects.get(user=person)
    slug = Exercise.objects.order_by("order", "pk").values_list("slug", flat=True).first()
    client = Client()
    client.force_login(person)
    today = timezone.localdate(timezone=person.zone).isoformat()

    def post():
        return client.post(
            "/sessions/new/",
            {
                "enrolment": enrolment.pk,
                "date": today,
                "time": "08:30",
                "pain_before": "5",
                "pain_after": "3",
                "notes": "",
                "idempotency_key": str(uuid.uuid4()),
                "rows-TOTAL_FORMS": "1",
                "rows-INITIAL_FORMS": "0",
                "rows-MIN_NUM_FORMS": "0",
                "rows-MAX_NUM_FORMS": "40",
                "rows-0-exercise": slug,
                "rows-0-status": "done",
                "rows-0-seconds": "90",
                "rows-0-reps": "",
                "rows-0-side": "none",
            },
        )

    def cold(path):
        def view():
            bump_data_version(person.pk)
            return client.get(path)

        return view

    results = {}
    for label, action in (
        ("cold /today/", cold("/today/")),
        ("cold /history/", cold("/history/")),
        ("log a session", post),
    ):
        action()  # warm the process
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = action()
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code in (200, 302), (label, response.status_code)
        results[label] = statistics.median(times)
    print(json.dumps(results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.runs)
        return 0
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server (the scale run is PG's).")
    base, _, name = url.rpartition("/")
    names = (f"{name or 'limber'}_scale", f"{name or 'limber'}_scale_small")
    big = build(base, names[0], args.people, args.days)
    small = build(base, names[1], 1, args.days)
    figures = {}
    for label, target in (("small", small), ("big", big)):
        env = {**os.environ, "DATABASE_URL": target}
        out = subprocess.run(
            [str(PYTHON), __file__, "--measure", "--runs", str(args.runs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures[label] = json.loads(out.strip().splitlines()[-1])
    print(f"\n{'median ms':<18}{'small':>9}{'big':>9}{'big/small':>11}")
    worst = 0.0
    for key in figures["small"]:
        small_ms, big_ms = figures["small"][key], figures["big"][key]
        worst = max(worst, big_ms / small_ms)
        print(f"{key:<18}{small_ms:>9.1f}{big_ms:>9.1f}{big_ms / small_ms:>11.2f}")
    if not args.keep:
        for db in names:
            run.drop_database(url, db)
    print(f"\nworst big/small: {worst:.2f} (aim: at most 1.10)")
    return 0 if worst <= 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())
