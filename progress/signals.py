"""Every saved or deleted session and exercise row moves its person's data_version on, so
their cached pages (config.cache) are rebuilt.

Bulk writes send no signals: progress.services calls bump_data_version() itself.
"""

from django.db.models.signals import post_delete, post_save

from accounts.models import User, bump_data_version
from accounts.signals import from_owner_deletion, user_row_changed
from progress.models import ExerciseLog, SessionLog


def _exercise_row_changed(sender, instance: ExerciseLog, **kwargs) -> None:
    if from_owner_deletion(kwargs.get("origin"), User, SessionLog):
        return
    bump_data_version(instance.session.user_id)


def connect() -> None:
    post_save.connect(user_row_changed, sender=SessionLog, dispatch_uid="user-data-save-session")
    post_delete.connect(user_row_changed, sender=SessionLog, dispatch_uid="user-data-del-session")
    post_save.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-save-row")
    post_delete.connect(_exercise_row_changed, sender=ExerciseLog, dispatch_uid="user-data-del-row")
