"""Bring the library up to date with exercises.library_data (issue 13, content fidelity).

The safer knee advice on both hamstring rolls, doses labelled "Our suggestion" where the
seed gives none, the adductor roll at the small-muscle 15 s, child's pose repeated as you
like, one figure-4 position per round, pigeon and lacrosse release graded advanced, the
ball release's foam roller and wall, the articles' own titles, and attributed claims.
"""

from django.db import migrations

from exercises.library_data import bump_library_version, load_library


def update_library(apps, schema_editor) -> None:
    load_library(apps, schema_editor)
    bump_library_version(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0004_round_labels_rounds_as_you_like_also_works_with"),
    ]

    operations = [
        migrations.RunPython(update_library, migrations.RunPython.noop),
    ]
