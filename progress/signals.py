"""Every saved or deleted session and exercise row, PSFS activity, rating and "Not now",
and weekly check-in moves its person's data_version on, so their cached pages
(config.cache: Today and History show them) are rebuilt.

Bulk writes send no signals: progress.services writes exercise rows in bulk only in the
transaction that saves their session, whose own signal moves the version on.

A deleted routine's sessions stay in history under the routine's name (_keep_routine_name).

The weekly summaries (progress.summaries) are written by progress.services with each session;
the two changes that move many weeks at once sum the person again here: a deleted enrolment
(its sessions stay, outside any routine) and a new first day of the week.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from accounts.models import User, bump_data_version
from accounts.signals import from_owner_deletion, user_row_changed
from progress import summaries
from progress.models import (
    CheckIn,
    ExerciseLog,
    PsfsActivity,
    PsfsNotNow,
    PsfsRating,
    SessionLog,
)
from routines.models import Enrolment, Routine


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


def _enrolment_deleted(sender, instance: Enrolment, **kwargs) -> None:
    if from_owner_deletion(kwargs.get("origin"), instance, User):
        return
    person = User.objects.filter(pk=instance.user_id).first()
    if person is not None:
        summaries.rebuild(person)


def _note_week_start(sender, instance: User, update_fields=None, **kwargs) -> None:
    """Before a person's row is saved with its week_start, note the one it had."""
    if instance.pk is None or (update_fields is not None and "week_start" not in update_fields):
        instance._week_start_was = None
        return
    before = User.objects.filter(pk=instance.pk).values_list("week_start", flat=True).first()
    instance._week_start_was = before


def _week_start_changed(sender, instance: User, created=False, **kwargs) -> None:
    was = getattr(instance, "_week_start_was", None)
    if not created and was is not None and was != instance.week_start:
        summaries.rebuild(instance)


def connect() -> None:
    post_delete.connect(_enrolment_deleted, sender=Enrolment, dispatch_uid="summaries-enrolment")
    pre_save.connect(_note_week_start, sender=User, dispatch_uid="summaries-week-start-was")
    post_save.connect(_week_start_changed, sender=User, dispatch_uid="summaries-week-start")
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
