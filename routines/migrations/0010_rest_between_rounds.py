"""Bring the routines up to date with routines.routine_data (issue 24: rests between rounds).

The hamstring sequence's banded stretch copies the exercise's new rest between rounds, so
the guided session counts it down. Own routines keep the doses their owners set.
"""

from django.db import migrations

from exercises.library_data import bump_library_version
from routines.routine_data import load_routines


def update_routines(apps, schema_editor) -> None:
    load_routines(apps, schema_editor)
    bump_library_version(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0009_routine_item_added_with"),
        ("exercises", "0010_rest_between_rounds"),
    ]

    operations = [
        migrations.RunPython(update_routines, migrations.RunPython.noop),
    ]
