"""Bring the library up to date with exercises.library_data (issue 24: rests between rounds).

The seven stretches whose instructions say "hold, rest, repeat" (the stretch article's six
and the banded hamstring stretch, which borrows its rule) get our suggested rest between
rounds, exercises.dose.SUGGESTED_REST_SECONDS, and notes that call it ours.
"""

from django.db import migrations

from exercises.library_data import bump_library_version, load_library


def update_library(apps, schema_editor) -> None:
    load_library(apps, schema_editor)
    bump_library_version(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0009_content_fidelity_two"),
    ]

    operations = [
        migrations.RunPython(update_library, migrations.RunPython.noop),
    ]
