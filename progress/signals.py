"""Every saved or deleted session, exercise row and enrolment moves its person's
data_version on, so their cached pages (progress.cache) are rebuilt.

Bulk writes send no signals: progress.services calls bump_data_version() itself.

A deleted routine's sessions stay in history under the routine's name (_keep_routine_name).
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete

from accounts.models import User
from progress.cache import bump_data_version
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment, Routine


def _from_owner_deletion(origin, *owners: type) -> bool:
    """Whether a delete cascades from one of `owners` (an instance or a queryset), whose own
    signal moves the version on, or whose person is gone."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in owners


def _user_row_changed(sender, instance, **kwargs) -> None:
    if _from_owner_deletion(kwargs.get("origin"), User):
        return
    bump_data_version(instance.user_id)


def _exercise_row_changed(sender, instance: ExerciseLog, **kwargs) -> None:
    if _from_owner_deletion(kwargs.get("origin"), User, SessionLog):
        return
    bump_data_version(instance.session.user_id)


def _keep_routine_name(sender, instance: Routine, **kwargs) -> None:
    """Before a routine goes, write its name on its sessions (their link becomes empty)."""
    sessions = SessionLog.objects.filter(routine=instance)
    people = set(sessions.values_list("user_id", flat=True).distinct())
    if people:
        sessions.update(routine_name=instance.name)
        for user_id in people:
            bump_data_version(user_id)


def connect() -> None:
    pre_delete.connect(_keep_routine_name, sender=Routine, dispatch_uid="keep-routine-name")
    for model in (SessionLog, Enrolment):
        name = model.__name__
        post_save.connect(_user_row_changed, sender=model, dispatch_uid=f"user-data-save-{name}")
        post_delete.connect(_user_row_changed, sender=model, dispatch_uid=f"user-data-del-{name}")
    post_save.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-save-row")
    post_delete.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-del-row")
