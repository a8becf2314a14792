"""Bring the routines up to date with routines.routine_data (issue 25, content fidelity two).

Six stretches get three rounds (not seven), the nightly release's running total and its
next routine labelled as our suggestion, the warning against rolling alone on the
hamstring sequence and the lower-back set, and the hamstring sequence's high seat.
"""

from django.db import migrations

from exercises.library_data import bump_library_version
from routines.routine_data import load_routines


def update_routines(apps, schema_editor) -> None:
    load_routines(apps, schema_editor)
    bump_library_version(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0006_merge_enrolment_pause"),
        ("exercises", "0009_content_fidelity_two"),
    ]

    operations = [
        migrations.RunPython(update_routines, migrations.RunPython.noop),
    ]
