"""Time a password-reset request for a known and an unknown address (median of 20 each).

In-process with Django's test client against the configured database and task backend:

    DATABASE_URL=sqlite:////tmp/limber-bench.sqlite3 .venv/bin/python bench/password_reset.py

The script makes the known account if it is missing and deletes the tasks it queued.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

RUNS = 20
KNOWN = "bench-known@example.com"
UNKNOWN = "bench-unknown@example.com"


def timed(client: Client, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/accounts/password_reset/", {"email": email})
    elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    return elapsed * 1000


def main() -> None:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email=KNOWN).exists():
        User.objects.create_user(KNOWN, "a-long-Passphrase-42")
    client = Client(HTTP_HOST="127.0.0.1")
    for email in (KNOWN, UNKNOWN):  # warm up
        timed(client, email)
    known, unknown = [], []
    for _ in range(RUNS):  # interleaved, so drift on a busy machine hits both alike
        known.append(timed(client, KNOWN))
        unknown.append(timed(client, UNKNOWN))
    backend = settings.TASKS["default"]["BACKEND"]
    print(f"database: {settings.DATABASES['default']['ENGINE']}, tasks: {backend}")
    print(f"known address:   median {statistics.median(known):.2f} ms over {RUNS}")
    print(f"unknown address: median {statistics.median(unknown):.2f} ms over {RUNS}")
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(task_path="accounts.tasks.send_password_reset").delete()


if __name__ == "__main__":
    main()
