"""The routines app's own cache invalidation (see config.cache).

Programmes show on the library's cached pages and their plans are cached per library
version, so any edit moves the library version on; an enrolment change moves its person's
data_version on.
"""

from django.db.models.signals import post_delete, post_save

from accounts.signals import user_row_changed
from exercises.signals import bump_library_version
from routines.models import Enrolment, Phase, Routine, RoutineItem


def connect() -> None:
    for model in (Routine, Phase, RoutineItem):
        name = model.__name__
        post_save.connect(bump_library_version, sender=model, dispatch_uid=f"library-save-{name}")
        post_delete.connect(bump_library_version, sender=model, dispatch_uid=f"library-del-{name}")
    post_save.connect(user_row_changed, sender=Enrolment, dispatch_uid="user-data-save-enrolment")
    post_delete.connect(user_row_changed, sender=Enrolment, dispatch_uid="user-data-del-enrolment")
