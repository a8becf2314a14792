"""Session engines that keep the signed-in person's id in an indexed column
(accounts.models.Session): `accounts.sessions.db`, and `accounts.sessions.cached_db` with a
shared cache in front. settings.SESSION_ENGINE names one of them.

Expired sessions are deleted by `manage.py clearsessions`, which the reminder scheduler
runs once an hour (reminders/management/commands/send_due_reminders.py), in batches so that
no single delete holds the write lock for long.
"""

from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from accounts.models import Session

CLEAR_BATCH = 1000


class PersonColumn:
    """Writes the signed-in person's id beside the session data, and clears expired rows a
    batch at a time."""

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if str(user_id or "").isdigit() else None
        return session

    @classmethod
    def clear_expired(cls) -> None:
        now = timezone.now()
        expired = Session.objects.filter(expire_date__lt=now).values_list("pk", flat=True)
        while keys := list(expired[:CLEAR_BATCH]):
            Session.objects.filter(pk__in=keys).delete()
