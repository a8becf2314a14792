"""The routines app's own cache invalidation (see config.cache).

Programmes show on the library's cached pages and their plans are cached per library
version, so an edit to a programme moves the library version on. A person's own routine
shows on their pages only: an edit to it moves its owner's data_version on instead, so one
person's editing never empties everyone's cache. An enrolment change moves its person's
data_version on, and so does a new name for (or the deletion of) the clinician who
assigned them a routine.
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from accounts.models import User, bump_data_version, bump_data_versions
from accounts.signals import from_owner_deletion, name_changed, user_row_changed
from exercises.models import LibraryVersion
from routines.models import Enrolment, Phase, Routine, RoutineItem


def _owner_id(instance) -> int | None:
    """The owner of the routine `instance` (a routine, phase or item) belongs to."""
    if isinstance(instance, Routine):
        return instance.owner_id
    phase_id = instance.pk if isinstance(instance, Phase) else instance.phase_id
    routine_id = instance.routine_id if isinstance(instance, Phase) else None
    routines = (
        Routine.objects.filter(pk=routine_id)
        if routine_id
        else Routine.objects.filter(phases=phase_id)
    )
    return routines.values_list("owner_id", flat=True).first()


def routine_changed(sender, instance, **kwargs) -> None:
    # A cascade from a routine or phase is covered by that row's own signal; one from a
    # person deletes only their own routines.
    if from_owner_deletion(kwargs.get("origin"), instance, User, Routine, Phase):
        return
    owner_id = _owner_id(instance)
    if owner_id is None:
        LibraryVersion.bump()
    else:
        bump_data_version(owner_id)


def _bump_assigned_owners(clinician) -> None:
    """Move on the data_version of everyone `clinician` assigned a routine: their pages
    name the clinician."""
    owners = Routine.objects.filter(assigned_by=clinician).values_list("owner_id", flat=True)
    bump_data_versions(owners)


def assigner_deleted(sender, instance, **kwargs) -> None:
    """A clinician's account goes: the routines they assigned stay their owners' with
    assigned_by emptied (SET_NULL, an UPDATE that sends no signal)."""
    _bump_assigned_owners(instance)


def assigner_renamed(sender, user, **kwargs) -> None:
    _bump_assigned_owners(user)


def connect() -> None:
    name_changed.connect(assigner_renamed, dispatch_uid="routine-assigner-renamed")
    pre_delete.connect(assigner_deleted, sender=User, dispatch_uid="routine-assigner-deleted")
    for model in (Routine, Phase, RoutineItem):
        name = model.__name__
        post_save.connect(routine_changed, sender=model, dispatch_uid=f"routine-save-{name}")
        post_delete.connect(routine_changed, sender=model, dispatch_uid=f"routine-del-{name}")
    post_save.connect(user_row_changed, sender=Enrolment, dispatch_uid="user-data-save-enrolment")
    post_delete.connect(user_row_changed, sender=Enrolment, dispatch_uid="user-data-del-enrolment")
