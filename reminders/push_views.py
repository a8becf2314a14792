"""The service worker's subscription calls: JSON in, JSON out, CSRF-checked, POST only.

A subscription is stored per endpoint, which names one browser profile at its push
service. When a browser that was subscribed for one person subscribes for another (a
shared tablet, a sign-out and sign-in), the endpoint moves: the earlier person's row is
deleted, since a push to it would now show their reminders to whoever uses that browser.

The endpoint is also kept in the person's session, so signing out on this device forgets
its subscription (reminders.signals): nobody's reminders reach a browser signed out. A
browser subscribed in an earlier sign-in tells a new session its endpoint (`recognise`),
so signing out of that one forgets it too.

The profile lists the person's devices (reminders/templatetags) and removes one, after
asking; a notification's "Snooze 1 hour" posts to `snooze`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks.exceptions import InvalidTask
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from config.http import HtmxHttpRequest
from reminders import push, tasks
from reminders.links import claim_from_snooze_token
from reminders.models import PushSubscription, SentReminder


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


@require_POST
def recognise(request: HtmxHttpRequest) -> JsonResponse:
    """A browser subscribed in an earlier sign-in tells this session its endpoint, so
    signing out here forgets it. Only a device already the person's: nothing is created
    or moved without the tap (another person's, or a removed one, is a 404)."""
    if not request.user.is_authenticated:
        return _error("Sign in to change reminders on this device.", 401)
    try:
        sub = push.read_subscription(request.body)
    except push.BadSubscription as error:
        return _error(str(error), 400)
    updated = PushSubscription.objects.filter(endpoint=sub.endpoint, user=request.user).update(
        p256dh=sub.p256dh, auth=sub.auth
    )
    if not updated:
        return _error("No such subscription.", 404)
    request.session[push.SESSION_ENDPOINT] = sub.endpoint
    return JsonResponse({"recognised": True})


def _get_device_for_user(request: HtmxHttpRequest, pk: int) -> PushSubscription:
    return get_object_or_404(PushSubscription.objects.filter(user=request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def device_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks first; POST stops notifications on that device (it may subscribe again)."""
    device = _get_device_for_user(request, pk)
    this_device = device.endpoint == request.session.get(push.SESSION_ENDPOINT)
    if request.method == "POST":
        device.delete()
        messages.success(request, f"{device.device} no longer gets your reminders.")
        return redirect(reverse("accounts:profile") + "#devices")
    context = {"device": device, "this_device": this_device}
    return render(request, "reminders/device_remove.html", context)


# The service worker posts here when "Snooze 1 hour" is tapped on a notification. It has no
# page to read the session's CSRF token from, and a notification may outlive the session,
# so the CSRF check is replaced by the signed token in the address: made for one sent
# reminder (reminders.links.snooze_token), carried only inside the encrypted push, valid for
# SNOOZE_MAX_AGE, and able to do nothing but snooze that reminder, once. A cross-site post
# can't forge it, so CSRF protection would add nothing here.
@csrf_exempt
@require_POST
def snooze(request: HtmxHttpRequest, token: str) -> JsonResponse:
    """Send the reminder again in an hour; a second snooze of it is refused (409)."""
    claim_id = claim_from_snooze_token(token)
    claims = SentReminder.objects.select_related("user")
    claim = claims.filter(pk=claim_id).first() if claim_id is not None else None
    if claim is None:
        return _error("This reminder can no longer be snoozed.", 404)
    try:
        again = tasks.snooze(claim.pk, timezone.now())
    except InvalidTask:  # a task backend that can't run a task later (not the database's)
        return _error("Snoozing isn't available on this site.", 503)
    if again is None:
        if claim.snoozed_at is None:  # not sent (yet), or skipped: nothing to send again
            message = "This reminder can't be snoozed now. Start whenever suits you."
        else:
            message = "You've snoozed this reminder once already. Start whenever suits you."
        return JsonResponse({"message": message}, status=409)
    at = timezone.localtime(again, claim.user.zone)
    return JsonResponse({"message": f"Snoozed: Limber reminds you again at {at:%H:%M}."})
