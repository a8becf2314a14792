from django.db import migrations, models

from routines.routine_data import load_routines, unload_routines


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0001_initial"),
        ("exercises", "0002_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="paused_days",
            field=models.PositiveIntegerField(
                default=0, help_text="Days paused earlier in the current phase; they don't count."
            ),
        ),
        migrations.AddField(
            model_name="phase",
            name="may_start_here",
            field=models.BooleanField(
                default=False,
                help_text="Someone with experience may choose to begin at this phase when enrolling.",
            ),
        ),
        migrations.RunPython(load_routines, unload_routines),
    ]
