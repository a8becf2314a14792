"""ReminderSchedule and SentReminder move to the reminders app: gone from routines' state
only. Their tables stay as they are, rows and all; reminders/migrations/0001_initial.py
takes them over under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0010_rest_between_rounds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReminderSchedule"),
                migrations.DeleteModel(name="SentReminder"),
            ],
            database_operations=[],
        ),
    ]
