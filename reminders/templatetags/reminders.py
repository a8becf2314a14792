"""The profile's reminders and calendar-feed panel (the profile lives in accounts, which
knows nothing of reminders; the template pulls this panel in)."""

from django import template
from django.urls import reverse

from reminders.calendar import current_token, schedule_of
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
