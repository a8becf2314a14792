"""Cold render time of /history/ for the ten-year person, in-process (no server, no wrk).

    .venv/bin/python bench/history_cold.py [--runs 30] [--path /history/]

Migrates a throwaway SQLite database under /tmp, seeds the person of hook_heavy_user.py
(3,650 daily sessions, 29,200 exercise rows), then times Django's test client on the page:
"cold" is the first view after a write (the person's data_version moved on, so their
cached page is rebuilt: every query and the whole render), "warm" the view after that.
Prints the median and the fastest of each, in milliseconds. Not part of the test suite.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--path", default="/history/")
    parser.add_argument("--queries", action="store_true", help="time each query of one cold view")
    parser.add_argument("--profile", action="store_true", help="pyinstrument one cold view")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="limber-cold-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = "bench-only-" + "x" * 50
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["AXES_ENABLED"] = "false"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User, bump_data_version

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
        sys.path.insert(0, str(ROOT / "bench"))
        import hook_heavy_user
        import run

        exec(run.SIGN_IN + hook_heavy_user.SEED, {})
    person = User.objects.get(email="heavy@example.com")
    client = Client()
    client.force_login(person)
    assert client.get(args.path).status_code == 200
    if args.queries:
        _time_queries(client, args.path, person)
    if args.profile:
        from pyinstrument import Profiler

        bump_data_version(person.pk)
        with Profiler(interval=0.0005, async_mode="disabled") as profiler:
            for _ in range(10):
                bump_data_version(person.pk)
                client.get(args.path)
        print(profiler.output_text(color=False, show_all=False, timeline=False))
    cold, warm, cold_cpu, warm_cpu = [], [], [], []
    for _ in range(args.runs):
        bump_data_version(person.pk)
        for wall, cpu in ((cold, cold_cpu), (warm, warm_cpu)):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(args.path)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    # CPU time (this process's, database included for SQLite) is steadier than wall time
    # on a shared machine.
    print(f"{args.path} ten-year person, {args.runs} runs, median (fastest) in ms:")
    for name, values in (
        ("cold", cold),
        ("cold CPU", cold_cpu),
        ("warm", warm),
        ("warm CPU", warm_cpu),
    ):
        print(f"  {name:9} {statistics.median(values):6.1f} ({min(values):.1f})")


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
