"""Signing out on a device forgets its push subscription (reminders.push_views keeps the
endpoint it subscribed with in the session), so no reminder reaches a signed-out browser."""

from django.contrib.auth.signals import user_logged_out

from reminders.models import PushSubscription
from reminders.push import SESSION_ENDPOINT


def _forget_this_device(sender, request, user, **kwargs) -> None:
    endpoint = request.session.get(SESSION_ENDPOINT) if request is not None else None
    if user is not None and endpoint:
        PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()


def connect() -> None:
    user_logged_out.connect(_forget_this_device, dispatch_uid="push-forget-this-device")
