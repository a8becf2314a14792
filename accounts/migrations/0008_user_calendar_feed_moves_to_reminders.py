"""The calendar-feed key and token hash now live in reminders.CalendarFeed, whose migration
copies them first (reminders/migrations/0003, run before this one)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_data_version_help_text"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="calendar_key"),
        migrations.RemoveField(model_name="user", name="calendar_token_hash"),
    ]
