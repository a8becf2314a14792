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
from routines.models import Enrolment, Phase, Routine, RoutineItem
from routines.recommend import Suggestion

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
    owner,
    name: str,
    weekly: tuple[int, int],
    copied_from: Routine | None = None,
    purpose: str = "",
) -> Routine:
    """A new routine of the person's own, with its one phase and no moves yet."""
    if not purpose:
        purpose = "My own routine." if copied_from is None else f"Adapted from {copied_from.name}."
    routine = Routine.objects.create(
        slug=_new_slug(name),
        name=name,
        purpose=purpose,
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


# A built suggestion's weekly target: our suggestion, as for the stretch and hamstring
# programmes, whose articles give none either.
SUGGESTED_WEEKLY = (3, 5)
SUGGESTED_PURPOSE = "Our suggestion from your one-minute start. {reason}"


@transaction.atomic
def start_suggestion(owner, suggestion: Suggestion, today) -> tuple[Enrolment, bool]:
    """Follow what the one-minute start suggested from `today`: the programme, or a new own
    routine of the suggested moves with the library's doses. (enrolment, False) when the
    person already follows that programme."""
    if suggestion.is_programme:
        routine = Routine.objects.programmes().get(slug=suggestion.programme)
        current = Enrolment.objects.for_user(owner).current().filter(routine=routine).first()
        if current is not None:
            return current, False
        phase = routine.phases.order_by("order").first()
    else:
        purpose = SUGGESTED_PURPOSE.format(reason=suggestion.reason)
        purpose = purpose if len(purpose) <= 200 else SUGGESTED_PURPOSE.format(reason="")
        routine = create_routine(owner, suggestion.name, SUGGESTED_WEEKLY, purpose=purpose)
        phase = routine.phases.get()
        exercises = Exercise.objects.in_bulk(
            [move.slug for move in suggestion.moves], field_name="slug"
        )
        RoutineItem.objects.bulk_create(
            RoutineItem(
                phase=phase,
                order=order,
                exercise=exercises[move.slug],
                **{field: getattr(exercises[move.slug], field) for field in DOSE_FIELD_NAMES},
            )
            for order, move in enumerate(suggestion.moves, start=1)
        )
        bump_data_version(owner.pk)  # bulk_create sends no post_save
    enrolment = Enrolment.objects.create(
        user=owner, routine=routine, phase=phase, started_on=today, phase_started_on=today
    )
    return enrolment, True
