"""The service worker's subscription calls: JSON in, JSON out, CSRF-checked, POST only.

A subscription is stored per endpoint, which names one browser profile at its push
service. When a browser that was subscribed for one person subscribes for another (a
shared tablet, a sign-out and sign-in), the endpoint moves: the earlier person's row is
deleted, since a push to it would now show their reminders to whoever uses that browser.

The endpoint is also kept in the person's session, so signing out on this device forgets
its subscription (reminders.signals): nobody's reminders reach a browser signed out.
"""

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from config.http import HtmxHttpRequest
from reminders import push
from reminders.models import PushSubscription


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def subscribe(request: HtmxHttpRequest) -> JsonResponse:
    """Store this device's subscription for the signed-in person (an upsert by endpoint)."""
    if not request.user.is_authenticated:
        return _error("Sign in to get reminders on this device.", 401)
    if not push.enabled():
        return _error("Push notifications are not set up on this site.", 404)
    try:
        sub = push.read_subscription(request.body)
    except push.BadSubscription as error:
        return _error(str(error), 400)
    device = push.device_name(request.headers.get("User-Agent", ""))
    with transaction.atomic():
        PushSubscription.objects.filter(endpoint=sub.endpoint).exclude(user=request.user).delete()
        row, created = PushSubscription.objects.update_or_create(
            endpoint=sub.endpoint,
            user=request.user,
            defaults={"p256dh": sub.p256dh, "auth": sub.auth, "device": device},
        )
    request.session[push.SESSION_ENDPOINT] = sub.endpoint
    return JsonResponse({"device": row.device}, status=201 if created else 200)


@require_POST
def unsubscribe(request: HtmxHttpRequest) -> JsonResponse:
    """Forget this device's subscription; another person's endpoint is a 404, as unknown."""
    if not request.user.is_authenticated:
        return _error("Sign in to change reminders on this device.", 401)
    try:
        endpoint = push.read_endpoint(request.body)
    except push.BadSubscription as error:
        return _error(str(error), 400)
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint, user=request.user).delete()
    if not deleted:
        return _error("No such subscription.", 404)
    return JsonResponse({"removed": True})
