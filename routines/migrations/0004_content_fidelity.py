"""Bring the routines up to date with routines.routine_data (issue 13, content fidelity).

Each phase's "Our suggestion" note, Basics needing 7 logged days as well as 14 days,
child's pose as many times as you like, the nightly routine's cautions, hedged and
attributed purposes, and "a week or two" where the seed says so.
"""

from django.db import migrations

from exercises.library_data import bump_library_version
from routines.routine_data import load_routines


def update_routines(apps, schema_editor) -> None:
    load_routines(apps, schema_editor)
    bump_library_version(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0003_phase_suggestions_routine_cautions_rounds_as_you_like"),
        ("exercises", "0005_content_fidelity"),
    ]

    operations = [
        migrations.RunPython(update_routines, migrations.RunPython.noop),
    ]
