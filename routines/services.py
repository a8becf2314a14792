"""Writes to a person's own routine that span several rows, each in one transaction.

Routines are part of what the library's cache token covers (exercises.signals): saves and
deletes move it on by signal; the bulk writes here (bulk_create, update) move it themselves.
"""

import secrets

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from accounts.models import bump_data_version
from exercises.dose import DOSE_FIELD_NAMES
from exercises.models import Exercise
from routines.models import Phase, Routine, RoutineItem

OWN_PHASE_NAME = "My routine"


def _new_slug(name: str) -> str:
    """A readable slug that can't clash with a programme's or a page's ("new"): the name
    plus a short random tail, which also keeps one person's slugs unguessable to others."""
    base = slugify(name)[:40].strip("-") or "routine"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Routine.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def create_routine(
    owner, name: str, weekly: tuple[int, int], copied_from: Routine | None = None
) -> Routine:
    """A new routine of the person's own, with its one phase and no moves yet."""
    routine = Routine.objects.create(
        slug=_new_slug(name),
        name=name,
        purpose="My own routine." if copied_from is None else f"Adapted from {copied_from.name}.",
        owner=owner,
        copied_from=copied_from,
        source=copied_from.source if copied_from else None,
    )
    Phase.objects.create(
        routine=routine,
        order=1,
        name=OWN_PHASE_NAME,
        sessions_per_week_min=weekly[0],
        sessions_per_week_max=weekly[1],
    )
    return routine


@transaction.atomic
def copy_phase(owner, phase: Phase, name: str) -> Routine:
    """The person's own routine with the phase's moves and doses; the original is untouched."""
    routine = create_routine(
        owner, name, (phase.sessions_per_week_min, phase.sessions_per_week_max), phase.routine
    )
    own = routine.phases.get()
    RoutineItem.objects.bulk_create(
        RoutineItem(
            phase=own,
            order=order,
            exercise_id=item.exercise_id,
            **{field: getattr(item, field) for field in DOSE_FIELD_NAMES},
        )
        for order, item in enumerate(phase.items.order_by("order"), start=1)
    )
    bump_data_version(owner.pk)  # bulk_create sends no post_save
    return routine


def add_move(phase: Phase, exercise: Exercise) -> RoutineItem:
    """The exercise at the end of the phase, with the library's dose."""
    with transaction.atomic():
        last = phase.items.aggregate(last=Max("order"))["last"] or 0
        return RoutineItem.objects.create(
            phase=phase,
            order=last + 1,
            exercise=exercise,
            **{field: getattr(exercise, field) for field in DOSE_FIELD_NAMES},
        )


def move(item: RoutineItem, step: int) -> bool:
    """Swap the item with its neighbour (step -1: up, +1: down); False at either end."""
    siblings = RoutineItem.objects.filter(phase_id=item.phase_id)
    if step < 0:
        other = siblings.filter(order__lt=item.order).order_by("-order").first()
    else:
        other = siblings.filter(order__gt=item.order).order_by("order").first()
    if other is None:
        return False
    mine, theirs = item.order, other.order
    with transaction.atomic():
        # (phase, order) is unique and checked row by row, so park one item on 0 first.
        RoutineItem.objects.filter(pk=item.pk).update(order=0)
        RoutineItem.objects.filter(pk=other.pk).update(order=mine)
        RoutineItem.objects.filter(pk=item.pk).update(order=theirs)
        # update() sends no signal; only own routines are edited here.
        bump_data_version(item.phase.routine.owner_id)
    item.order = theirs
    return True


@transaction.atomic
def delete_routine(routine: Routine) -> None:
    """Delete the routine and everyone's enrolments in it; logged sessions stay in history
    under the routine's name (progress.signals keeps it)."""
    routine.enrolments.all().delete()
    routine.delete()
