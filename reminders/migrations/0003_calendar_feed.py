"""The calendar-feed address moves off the person's row into CalendarFeed.

Each key and token hash is copied as it is, so every address people have subscribed to
keeps working; accounts/migrations/0007 then removes the old columns (run_before below
makes sure it waits for the copy).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_from_users(apps, schema_editor) -> None:
    users = apps.get_model("accounts", "User").objects
    feeds = [
        apps.get_model("reminders", "CalendarFeed")(user_id=pk, key=key, token_hash=token_hash)
        for pk, key, token_hash in users.exclude(calendar_key="")
        .exclude(calendar_token_hash=None)
        .values_list("pk", "calendar_key", "calendar_token_hash")
    ]
    apps.get_model("reminders", "CalendarFeed").objects.bulk_create(feeds, batch_size=500)


def copy_back_to_users(apps, schema_editor) -> None:
    users = apps.get_model("accounts", "User").objects
    for feed in apps.get_model("reminders", "CalendarFeed").objects.iterator():
        users.filter(pk=feed.user_id).update(
            calendar_key=feed.key, calendar_token_hash=feed.token_hash
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_session"),
        ("reminders", "0002_queued_emails_follow_the_move"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    run_before = [("accounts", "0008_user_calendar_feed_moves_to_reminders")]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(editable=False, max_length=64)),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_feed",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_from_users, copy_back_to_users),
    ]
