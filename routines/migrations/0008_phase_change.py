"""Record the day each enrolment entered each phase (issue 23: the report shows each period
as it was), and backfill what can be known of the enrolments already there: the current
phase from phase_started_on and, when that came after the start, the phase before it from
started_on. "The phase before" is exact for every programme today (none has more than two
phases; own routines have one)."""

from itertools import groupby, islice, pairwise

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def backfill(apps, schema_editor) -> None:
    Enrolment = apps.get_model("routines", "Enrolment")
    Phase = apps.get_model("routines", "Phase")
    PhaseChange = apps.get_model("routines", "PhaseChange")
    ordered = Phase.objects.order_by("routine_id", "order").values_list("routine_id", "pk")
    before = {}
    for _, phases in groupby(ordered, key=lambda row: row[0]):
        before.update((later, earlier) for (_, earlier), (_, later) in pairwise(phases))
    rows = Enrolment.objects.order_by("pk").values_list(
        "pk", "phase_id", "started_on", "phase_started_on"
    )
    changes = (
        change
        for pk, phase_id, started_on, since in rows.iterator(chunk_size=BATCH)
        for change in _changes(PhaseChange, pk, phase_id, started_on, since, before)
    )
    while batch := list(islice(changes, BATCH)):
        PhaseChange.objects.bulk_create(batch, ignore_conflicts=True)


def _changes(PhaseChange, pk, phase_id, started_on, since, before):
    if since > started_on and phase_id in before:
        yield PhaseChange(enrolment_id=pk, phase_id=before[phase_id], first_day=started_on)
    yield PhaseChange(enrolment_id=pk, phase_id=phase_id, first_day=since)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0007_content_fidelity_two"),
    ]

    operations = [
        migrations.CreateModel(
            name="PhaseChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("first_day", models.DateField()),
                (
                    "enrolment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="phase_changes",
                        to="routines.enrolment",
                    ),
                ),
                (
                    "phase",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="routines.phase",
                    ),
                ),
            ],
            options={
                "ordering": ["enrolment", "first_day"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("enrolment", "first_day"), name="one_phase_change_per_enrolment_day"
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
