"""Every saved or deleted session and exercise row, PSFS activity, rating and "Not now",
and weekly check-in moves its person's data_version on, so their cached pages
(config.cache: Today and History show them) are rebuilt.

Bulk writes send no signals: progress.services writes exercise rows in bulk only in the
transaction that saves their session, whose own signal moves the version on.

A deleted routine's sessions stay in history under the routine's name (_keep_routine_name).
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from accounts.models import User, bump_data_version
from accounts.signals import from_owner_deletion, user_row_changed
from progress.models import (
    CheckIn,
    ExerciseLog,
    PsfsActivity,
    PsfsNotNow,
    PsfsRating,
    SessionLog,
)
from routines.models import Routine


def _exercise_row_changed(sender, instance: ExerciseLog, **kwargs) -> None:
    if from_owner_deletion(kwargs.get("origin"), instance, User, SessionLog):
        return
    bump_data_version(instance.session.user_id)


def _rating_changed(sender, instance: PsfsRating, **kwargs) -> None:
    if from_owner_deletion(kwargs.get("origin"), instance, User, PsfsActivity):
        return
    bump_data_version(instance.activity.user_id)


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
    post_save.connect(user_row_changed, sender=SessionLog, dispatch_uid="user-data-save-session")
    post_delete.connect(user_row_changed, sender=SessionLog, dispatch_uid="user-data-del-session")
    post_save.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-save-row")
    post_delete.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-del-row")
    for model in (PsfsActivity, PsfsNotNow, CheckIn):
        name = model._meta.model_name
        post_save.connect(user_row_changed, sender=model, dispatch_uid=f"user-data-save-{name}")
        post_delete.connect(user_row_changed, sender=model, dispatch_uid=f"user-data-del-{name}")
    post_save.connect(_rating_changed, sender=PsfsRating, dispatch_uid="user-data-save-rating")
    post_delete.connect(_rating_changed, sender=PsfsRating, dispatch_uid="user-data-del-rating")
