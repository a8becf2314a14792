"""Time deleting an account when the session table is large: 150,000 sessions, 100,000 of
them expired, 49,990 of 100 other people and 10 of the person deleting their account.

In-process with Django's test client against the configured database (it must be a
throwaway one: the script migrates it and fills the session table):

    DATABASE_URL=sqlite:////tmp/limber-bench-delete.sqlite3 .venv/bin/python bench/delete_account.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber_bench_delete \
        .venv/bin/python bench/delete_account.py

It prints the whole request (POST /accounts/delete/, password check included) and the part
that deletes the person's sessions, which runs inside the deletion's transaction.
"""

import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from accounts import views as account_views  # noqa: E402
from accounts.models import User  # noqa: E402

TOTAL = 150_000
EXPIRED = 100_000
MINE = 10
OTHERS = 100
PASSWORD = "a-long-Passphrase-42"
BACKEND = "accounts.backends.CachedUserBackend"


def session_rows(store_class, people: list[User], mine: User):
    """(data, expired, user) for every row: expired ones, the person's, everyone else's."""
    model = store_class.get_model_class()
    has_user = any(field.attname == "user_id" for field in model._meta.fields)
    now = timezone.now()
    store = store_class()
    encoded = {}
    for person in [*people, mine]:
        data = {
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: person.get_session_auth_hash(),
        }
        encoded[person.pk] = store.encode(data)
    owners = [people[i % len(people)] for i in range(TOTAL - MINE)] + [mine] * MINE
    for index, person in enumerate(owners):
        expired = index < EXPIRED
        expire = now + timezone.timedelta(days=-1 if expired else 14)
        row = model(
            session_key=secrets.token_hex(16),
            session_data=encoded[person.pk],
            expire_date=expire,
        )
        if has_user:
            row.user_id = person.pk
        yield row


def main() -> None:
    call_command("migrate", verbosity=0)
    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    model = store_class.get_model_class()
    model.objects.all().delete()
    User.objects.filter(email__startswith="bench-delete-").delete()
    people = [
        User.objects.create_user(f"bench-delete-{n}@example.com", PASSWORD) for n in range(OTHERS)
    ]
    mine = User.objects.create_user("bench-delete-me@example.com", PASSWORD)
    rows = list(session_rows(store_class, people, mine))
    for start in range(0, len(rows), 5_000):
        model.objects.bulk_create(rows[start : start + 5_000])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(mine)
    print(f"database: {settings.DATABASES['default']['ENGINE']}, sessions: {model._meta.db_table}")
    print(f"session rows before: {model.objects.count():,}")

    timings = {}
    original = account_views.forget_sign_ins

    def timed_forget(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings["sessions"] = time.perf_counter() - begin

    account_views.forget_sign_ins = timed_forget
    begin = time.perf_counter()
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    elapsed = time.perf_counter() - begin
    assert response.status_code == 302, response.status_code
    assert not User.objects.filter(pk=mine.pk).exists()
    print(f"delete account request: {elapsed * 1000:.0f} ms")
    print(f"  of which deleting the person's sessions: {timings['sessions'] * 1000:.0f} ms")
    print(f"session rows after: {model.objects.count():,}")


if __name__ == "__main__":
    main()
