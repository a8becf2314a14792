"""The reminder models, taken over from routines in state only.

routines/migrations/0011 removed them from routines' state; their tables (made by
routines/migrations/0003) keep their names and their rows, so nothing is created, copied
or rebuilt here. The content types move too, so admin permissions and history follow.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["reminderschedule", "sentreminder"]


def _move_content_types(apps, old: str, new: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    taken = content_types.filter(app_label=new, model__in=MODELS).values_list("model")
    content_types.filter(app_label=old, model__in=MODELS).exclude(model__in=taken).update(
        app_label=new
    )


def forwards(apps, schema_editor) -> None:
    _move_content_types(apps, "routines", "reminders")


def backwards(apps, schema_editor) -> None:
    _move_content_types(apps, "reminders", "routines")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("routines", "0011_reminders_move_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderSchedule",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("enabled", models.BooleanField(default=False)),
                        (
                            "weekdays",
                            models.PositiveSmallIntegerField(
                                default=127,
                                help_text="A bit per weekday: 1 is Monday, 64 is Sunday.",
                            ),
                        ),
                        ("at", models.TimeField(default=datetime.time(7, 30), verbose_name="time")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "enrolment",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminder",
                                to="routines.enrolment",
                            ),
                        ),
                    ],
                    options={"db_table": "routines_reminderschedule"},
                ),
                migrations.CreateModel(
                    name="SentReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("local_date", models.DateField()),
                        ("due_at", models.DateTimeField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("skipped", "Skipped"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=8,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "enrolment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="routines.enrolment",
                            ),
                        ),
                        (
                            "routine",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="routines.routine",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "routines_sentreminder",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "routine", "local_date"),
                                name="one_reminder_per_routine_day",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
