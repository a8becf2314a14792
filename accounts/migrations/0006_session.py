from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations, models
from django.utils import timezone

BATCH = 2000


def move_live_sessions(apps, schema_editor):
    """Copy the sessions that still work into the new table, with their person's id, so
    nobody is signed out; Django's table is emptied (expired rows and all)."""
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("accounts", "Session")
    store = SessionStore()
    rows = []
    for old in Old.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=BATCH):
        user_id = str(store.decode(old.session_data).get(SESSION_KEY) or "")
        rows.append(
            New(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=int(user_id) if user_id.isdigit() else None,
            )
        )
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)
    Old.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_merge_email_any_case"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Session",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40,
                        primary_key=True,
                        serialize=False,
                        verbose_name="session key",
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                (
                    "expire_date",
                    models.DateTimeField(db_index=True, verbose_name="expire date"),
                ),
                ("user_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "db_table": "accounts_session",
                "abstract": False,
            },
        ),
        migrations.RunPython(move_live_sessions, migrations.RunPython.noop, elidable=True),
    ]
