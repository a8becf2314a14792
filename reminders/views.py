"""Reminders: a routine's reminder settings, one-click unsubscribe, the calendar feed and
a new address for it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.http import HtmxHttpRequest, local_next
from reminders import push
from reminders.calendar import build_feed, new_token, schedule_of, token_hash
from reminders.forms import ReminderForm
from reminders.links import enrolment_from_token
from reminders.models import CalendarFeed, ReminderSchedule
from routines.models import Enrolment


def _get_schedule_for_user(request: HtmxHttpRequest, pk: int) -> ReminderSchedule:
    """The reminder of the person's own current enrolment (unsaved, suggested, if none yet)."""
    enrolment = get_object_or_404(
        Enrolment.objects.for_user(request.user)
        .current()
        .select_related("routine", "phase", "reminder"),
        pk=pk,
    )
    return schedule_of(enrolment)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The switch starts on for a reminder not saved yet and with ?on (from "Set a reminder"
    or the one-minute start); saving it switched off asks first (a second POST confirms)."""
    schedule = _get_schedule_for_user(request, pk)
    on = bool(request.GET.get("on"))
    form = ReminderForm(request.POST or None, instance=schedule, switched_on=on)
    if request.method == "POST" and form.is_valid() and not form.off_unconfirmed:
        schedule = form.save()
        name = schedule.enrolment.routine.name
        if schedule.enabled:
            text = f"Reminders for {name}: {schedule.days_text} at {schedule.at:%H:%M}."
        else:
            text = f"Reminders for {name} are off."
        messages.success(request, text)
        return HttpResponseRedirect(local_next(request, "accounts:profile"))
    next_url = local_next(request, "accounts:profile")
    context = {"form": form, "schedule": schedule, "next": next_url}
    context["from_start"] = request.GET.get("on") == "start"
    context["confirm_off"] = form.is_bound and form.off_unconfirmed
    context["push_key"] = settings.VAPID_PUBLIC_KEY if push.enabled() else ""
    context["push_known"] = bool(request.session.get(push.SESSION_ENDPOINT))
    status = 400 if form.errors else 200
    return render(request, "reminders/reminder.html", context, status=status)


# A mail client's one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the signed
# token in the URL is the authority, and all it can do is switch one reminder off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe); POST switches it off."""
    enrolment_id = enrolment_from_token(token)
    if enrolment_id is None:
        raise Http404("No such reminder.")
    schedule = get_object_or_404(
        ReminderSchedule.objects.select_related("enrolment__routine"), enrolment_id=enrolment_id
    )
    if request.method == "POST":
        if schedule.enabled:
            schedule.enabled = False
            schedule.save(update_fields=["enabled", "updated_at"])
        return render(request, "reminders/unsubscribe.html", {"schedule": schedule, "done": True})
    return render(request, "reminders/unsubscribe.html", {"schedule": schedule, "done": False})


@require_safe
def calendar_feed(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The person's planned sessions as iCalendar; 404 for an unknown or replaced token.
    Calendar apps check a subscription with HEAD: the same answer without the body."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token_hash=token_hash(token)
    )
    user = feed.user
    body = b""
    if request.method == "GET":
        enrolments = (
            Enrolment.objects.for_user(user)
            .filter(status=Enrolment.Status.ACTIVE)
            .with_plan()
            .select_related("reminder")
        )
        now = timezone.now()
        body = build_feed(enrolments, user.time_zone, timezone.localdate(now, user.zone), now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="limber.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def calendar_token(request: HtmxHttpRequest) -> HttpResponse:
    """Make a new calendar-feed address; the old one stops working at once."""
    new_token(request.user)
    messages.success(request, "Your new calendar address is ready. The old one no longer works.")
    return redirect(reverse("accounts:profile") + "#calendar")
