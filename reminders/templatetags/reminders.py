"""The profile's reminders and calendar-feed panel, and its devices with notifications (the
profile lives in accounts, which knows nothing of reminders; the template pulls these in)."""

from django import template
from django.conf import settings
from django.urls import reverse

from reminders import push
from reminders.calendar import current_token, schedule_of
from reminders.models import PushSubscription
from routines.models import Enrolment

register = template.Library()


@register.inclusion_tag("reminders/_reminders_panel.html", takes_context=True)
def reminders_panel(context) -> dict:
    request = context["request"]
    user = request.user
    enrolments = (
        Enrolment.objects.for_user(user).current().select_related("routine", "phase", "reminder")
    )
    rows = [(enrolment, schedule_of(enrolment)) for enrolment in enrolments]
    token = current_token(user)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[token])) if token else ""
    # webcal:// asks the device's calendar app to subscribe to the same address.
    subscribe_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else ""
    return {
        "rows": rows,
        "feed_url": feed_url,
        "subscribe_url": subscribe_url,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reminders/_devices.html", takes_context=True)
def push_devices(context) -> dict:
    """The profile's devices with notifications, this one marked, and "Notify me on this
    device"; nothing at all while push isn't set up (PUSH_ENABLED)."""
    if not push.enabled():
        return {"enabled": False}
    request = context["request"]
    here = request.session.get(push.SESSION_ENDPOINT)
    devices = PushSubscription.objects.filter(user=request.user).order_by("created_at", "pk")
    return {
        "enabled": True,
        "devices": [(device, device.endpoint == here) for device in devices],
        "push_key": settings.VAPID_PUBLIC_KEY,
        "push_known": bool(here),
    }
