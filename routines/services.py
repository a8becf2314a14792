"""Writes to a person's own routine that span several rows, each in one transaction.

Each change to a routine's moves locks the phase's row first (_locked_items) and reads its
moves again inside that transaction, so changes to one routine happen one at a time: the
bounds (custom.routine_problem) hold under concurrent requests, orders never collide, and a
form sent twice (a double click) adds its move once (RoutineItem.added_with). SQLite needs
no row lock: its IMMEDIATE transactions already take the write lock at BEGIN.

Routines are part of what the library's cache token covers (exercises.signals): saves and
deletes move it on by signal; the bulk writes here (bulk_create, update) move it themselves.
"""

import secrets
import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import CareLink, bump_data_version
from exercises.dose import DOSE_FIELD_NAMES, Dose
from exercises.models import Exercise
from routines import custom
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
    assigned_by=None,
    assigned_note: str = "",
) -> Routine:
    """A new routine of the person's own, with its one phase and no moves yet; with
    `assigned_by`, one their clinician builds for them."""
    if not purpose:
        purpose = "My own routine." if copied_from is None else f"Adapted from {copied_from.name}."
    routine = Routine.objects.create(
        slug=_new_slug(name),
        name=name,
        purpose=purpose,
        owner=owner,
        copied_from=copied_from,
        source=copied_from.source if copied_from else None,
        assigned_by=assigned_by,
        assigned_note=assigned_note,
    )
    Phase.objects.create(
        routine=routine,
        order=1,
        # An assigned routine's one phase is named as the routine (the report lists it, and
        # "My routine" would be the clinician's words for the person's routine).
        name=name[: Phase._meta.get_field("name").max_length] if assigned_by else OWN_PHASE_NAME,
        sessions_per_week_min=weekly[0],
        sessions_per_week_max=weekly[1],
    )
    return routine


class Refused(Exception):
    """A change that would take the routine past its bounds; the message says why."""


class NotConnected(Exception):
    """The person ended the connection while the clinician's form was on its way."""


def _locked_items(phase_id: int) -> list[RoutineItem]:
    """Lock the phase for the rest of the transaction and read its moves, in order."""
    if not Phase.objects.select_for_update().filter(pk=phase_id).values_list("pk"):
        raise Refused("This routine was deleted meanwhile.")
    return list(RoutineItem.objects.filter(phase_id=phase_id).order_by("order"))


@transaction.atomic
def copy_phase(
    owner, phase: Phase, name: str, weekly: tuple[int, int] | None = None, **assigned
) -> tuple[Routine, int]:
    """The person's own routine with the phase's moves and doses; the original is untouched.
    `weekly` replaces the phase's target; `assigned` (assigned_by, assigned_note, purpose)
    goes to create_routine.

    The copy keeps the moves, from the first, that fit the bounds (custom.fitting); the
    second value says how many were left out."""
    weekly = weekly or (phase.sessions_per_week_min, phase.sessions_per_week_max)
    routine = create_routine(owner, name, weekly, phase.routine, **assigned)
    own = routine.phases.get()
    items = list(phase.items.order_by("order"))
    kept = custom.fitting([item.dose for item in items])
    RoutineItem.objects.bulk_create(
        RoutineItem(
            phase=own,
            order=order,
            exercise_id=item.exercise_id,
            **{field: getattr(item, field) for field in DOSE_FIELD_NAMES},
        )
        for order, item in enumerate(items[:kept], start=1)
    )
    bump_data_version(owner.pk)  # bulk_create sends no post_save
    return routine, len(items) - kept


@transaction.atomic
def assign_routine(
    clinician, person, name: str, weekly: tuple[int, int], note: str, phase: Phase | None
) -> tuple[Routine, int]:
    """A routine the clinician builds for the person (theirs, assigned_by the clinician),
    empty or copied from a programme's phase, and on the person's Today at once. The second
    value says how many of the phase's moves were left out (see copy_phase). The same
    routine (name and note) sent again while the person follows it is the one already made.
    Raises NotConnected when the person is no longer connected to the clinician."""
    # The person's row is locked so the same form sent twice (a double click) assigns once.
    get_user_model().objects.select_for_update().filter(pk=person.pk).first()
    # Read again under that lock: disconnecting moves the person's version on (an update
    # of the same row) as it ends the link, so a disconnect that came first is seen here
    # and nothing is written into the account of someone no longer connected.
    if not CareLink.objects.visible_to(clinician).filter(person=person).exists():
        raise NotConnected
    twin = Routine.objects.assigned_by_for(clinician, person).filter(
        name=name,
        assigned_note=note,
        enrolments__user=person,
        enrolments__status=Enrolment.Status.ACTIVE,
    )
    if done := twin.first():
        return done, 0
    assigned = {
        "assigned_by": clinician,
        "assigned_note": note,
        "purpose": "Built for you by your clinician.",
    }
    if phase is None:
        routine, left_out = create_routine(person, name, weekly, **assigned), 0
    else:
        routine, left_out = copy_phase(person, phase, name, weekly, **assigned)
    today = person.today()
    Enrolment.objects.create(
        user=person,
        routine=routine,
        phase=routine.phases.get(),
        started_on=today,
        phase_started_on=today,
    )
    return routine, left_out


def note_assigned_change(routine: Routine, by) -> None:
    """After a change to an assigned routine: by its clinician, date it for the owner's
    "What changed" note; by its owner (the routine is theirs once they disconnect), forget
    what they last saw, so their own changes never show as the clinician's (the next view
    stores it again)."""
    if routine.assigned_by_id is None:
        return
    # update(): the routine may have been deleted meanwhile, where save() would raise.
    rows = Routine.objects.filter(pk=routine.pk)
    if by.pk == routine.assigned_by_id:
        routine.assigned_changed_at = timezone.now()
        rows.update(assigned_changed_at=routine.assigned_changed_at)
    elif by.pk == routine.owner_id:
        routine.assigned_seen = []
        rows.update(assigned_seen=[])
    else:
        return
    bump_data_version(routine.owner_id)  # update() sends no signal


def mark_seen(routine: Routine) -> None:
    """The owner has read what changed: what they see now is what later changes compare
    with."""
    moves = [item.seen_move for item in routine.phase_list[0].items.all()]
    routine.assigned_seen = routine.assigned_plan(moves)
    routine.save(update_fields=["assigned_seen"])


def _added_with(owner_id: int, key: uuid.UUID | None) -> RoutineItem | None:
    """The person's move added by the form with this key, if any."""
    if key is None:
        return None
    mine = RoutineItem.objects.filter(phase__routine__owner_id=owner_id, added_with=key)
    return mine.select_related("phase__routine").first()


def add_move(phase: Phase, exercise: Exercise, key: uuid.UUID | None = None) -> RoutineItem:
    """The exercise at the end of the phase, with the library's dose; raises Refused past
    the bounds. A `key` already used (the same form sent twice) gives its move again."""
    try:
        with transaction.atomic():
            items = _locked_items(phase.pk)
            if key and (done := next((i for i in items if i.added_with == key), None)):
                done.phase = phase
                return done
            if problem := custom.routine_problem([*(i.dose for i in items), exercise.dose]):
                raise Refused(problem)
            return RoutineItem.objects.create(
                phase=phase,
                order=items[-1].order + 1 if items else 1,
                exercise=exercise,
                added_with=key,
                **{field: getattr(exercise, field) for field in DOSE_FIELD_NAMES},
            )
    except IntegrityError:
        # The key was used meanwhile, by a request that committed first.
        if done := _added_with(phase.routine.owner_id, key):
            return done
        raise


def add_to_new_routine(owner, name: str, exercise: Exercise, key: uuid.UUID | None) -> RoutineItem:
    """A new routine of the person's own with this one move; the same form sent twice makes
    one routine."""
    if done := _added_with(owner.pk, key):
        return done
    with transaction.atomic():
        routine = create_routine(owner, name, (7, 7))
        phase = routine.phases.get()
        item = add_move(phase, exercise, key)
        if item.phase_id != phase.pk:  # the other send committed its routine first
            transaction.set_rollback(True)
        return item


def set_dose(item: RoutineItem, dose: Dose) -> None:
    """Give the move this dose; raises Refused when the routine would pass its bounds."""
    with transaction.atomic():
        items = _locked_items(item.phase_id)
        if item.pk not in {other.pk for other in items}:
            raise Refused("This move was removed meanwhile.")
        others = [other.dose for other in items if other.pk != item.pk]
        if problem := custom.routine_problem([*others, dose]):
            raise Refused(problem)
        for field in ("sets", "seconds_min", "seconds_max", "reps", "per_side", "at_least"):
            setattr(item, field, getattr(dose, field))
        item.rest_seconds = dose.rest_seconds
        item.save()


def move(item: RoutineItem, step: int) -> bool:
    """Swap the item with its neighbour (step -1: up, +1: down); False at either end, or
    when the move or its routine was removed meanwhile."""
    with transaction.atomic():
        try:
            items = _locked_items(item.phase_id)
        except Refused:
            return False
        index = next((n for n, other in enumerate(items) if other.pk == item.pk), None)
        if index is None or not 0 <= index + step < len(items):
            return False
        mine, theirs = items[index].order, items[index + step].order
        # (phase, order) is unique and checked row by row, so park one item on 0 first.
        RoutineItem.objects.filter(pk=item.pk).update(order=0)
        RoutineItem.objects.filter(pk=items[index + step].pk).update(order=mine)
        RoutineItem.objects.filter(pk=item.pk).update(order=theirs)
        # update() sends no signal; only own routines are edited here.
        bump_data_version(item.phase.routine.owner_id)
    item.order = theirs
    return True


def remove_move(item: RoutineItem) -> None:
    """Take the move out (nothing to do when its routine was deleted meanwhile)."""
    with transaction.atomic():
        try:
            _locked_items(item.phase_id)
        except Refused:
            return
        item.delete()


@transaction.atomic
def delete_routine(routine: Routine) -> None:
    """Delete the routine and everyone's enrolments in it; logged sessions stay in history
    under the routine's name (progress.signals keeps it)."""
    routine.enrolments.all().delete()
    routine.delete()


# A built suggestion's weekly target: our suggestion, as for the stretch and hamstring
# programmes, whose source articles give none either.
SUGGESTED_WEEKLY = (3, 5)
SUGGESTED_PURPOSE = "Our suggestion from your one-minute start. {reason}"


@transaction.atomic
def _following_already(owner, suggestion: Suggestion) -> Enrolment | None:
    """The person's current enrolment in what `suggestion` names: the programme, or an own
    routine of that name holding the same moves in the same order (a second press of
    "Start it on Today", or the same answers again)."""
    current = Enrolment.objects.for_user(owner).current().select_related("routine")
    if suggestion.is_programme:
        return current.filter(routine__slug=suggestion.programme, routine__owner=None).first()
    slugs = [move.slug for move in suggestion.moves]
    for enrolment in current.filter(routine__owner=owner, routine__name=suggestion.name):
        items = RoutineItem.objects.filter(phase__routine=enrolment.routine).order_by("order")
        if list(items.values_list("exercise__slug", flat=True)) == slugs:
            return enrolment
    return None


@transaction.atomic
def start_suggestion(owner, suggestion: Suggestion, today) -> tuple[Enrolment, bool]:
    """Follow what the one-minute start suggested from `today`: the programme, or a new own
    routine of the suggested moves with the library's doses. (enrolment, False) when the
    person already follows it; the person's row is locked so a double submit starts one."""
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    current = _following_already(owner, suggestion)
    if current is not None:
        return current, False
    if suggestion.is_programme:
        routine = Routine.objects.programmes().get(slug=suggestion.programme)
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
