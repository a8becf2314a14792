"""Each seeded exercise's starting position, read from its description in the seeds.

Frozen here (not read from library_data) so the migration means the same thing forever.
"""

import uuid

from django.db import migrations

POSITIONS = {
    # Rolling on the floor: sitting, face down or on the side.
    "roll-hamstrings-glutes": "floor",
    "roll-calves": "floor",
    "roll-hip-flexors": "floor",
    "roll-inner-thigh": "floor",
    "roll-it-band": "floor",
    "roll-adductors": "floor",
    "roll-quads": "floor",
    "roll-piriformis": "floor",
    "roll-hamstrings": "floor",
    "side-lying-leg-raise": "floor",
    "pigeon-stretch": "floor",
    "banded-hamstring-stretch": "floor",
    # On the knees (all fours counts: getting there is the same trip down).
    "roll-shins": "kneeling",
    "kneeling-hip-flexor-stretch": "kneeling",
    "childs-pose": "kneeling",
    "psoas-lunge-stretch": "kneeling",
    "frog-stretch": "kneeling",
    # On the feet.
    "quad-stretch": "standing",
    "hamstring-stretch": "standing",
    "calf-stretch-wall": "wall",
    "ball-release-thigh-hip": "wall",
    # Sitting on a chair or anything knee-high.
    "seated-figure-4-stretch": "chair",
    "lacrosse-ball-hamstring-release": "chair",
}


def set_positions(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, position in POSITIONS.items():
        Exercise.objects.filter(slug=slug).update(position=position)
    # Cached routine plans carry positions: move the library's cache token on.
    apps.get_model("exercises", "LibraryVersion").objects.filter(pk=1).update(
        token=uuid.uuid4().hex
    )


def clear_positions(apps, schema_editor):
    apps.get_model("exercises", "Exercise").objects.filter(slug__in=POSITIONS).update(position="")


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0004_exercise_position"),
    ]

    operations = [
        migrations.RunPython(set_positions, clear_positions),
    ]
