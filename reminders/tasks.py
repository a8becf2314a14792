"""Reminder emails: claimed by the scheduler (send_due_reminders), sent by a worker."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.weeks import WEEK, week_start_of
from exercises.dose import describe_dose
from progress import outcomes
from progress.models import SessionLog
from progress.outcome_queries import lines_for_week
from reminders import push, rules
from reminders.links import session_url, unsubscribe_url
from reminders.models import PushSubscription, ReminderSchedule, SentReminder
from routines.models import Enrolment

logger = logging.getLogger(__name__)


def _already_logged(enrolment_id: int, day: dt.date) -> bool:
    return SessionLog.objects.filter(enrolment_id=enrolment_id, local_date=day).exists()


def claim_due_reminders(now: dt.datetime) -> int:
    """Claim and queue every reminder due at `now`; return how many were queued.

    Each claim is a SentReminder row, unique per person, routine and local day, created in
    the same transaction as the queued task: a second or overlapping run, or one on another
    machine, fails to claim it and moves on. Paused and stopped routines have no due
    reminders; a routine already logged that day is left unclaimed (and so unsent).
    """
    schedules = {
        s.pk: s for s in ReminderSchedule.objects.sendable().select_related("enrolment__user")
    }
    queued = 0
    for due in rules.due_reminders((s.rule for s in schedules.values()), now):
        enrolment = schedules[due.key].enrolment
        if _already_logged(enrolment.pk, due.local_date):
            continue
        try:
            with transaction.atomic():
                claim = SentReminder.objects.create(
                    user_id=enrolment.user_id,
                    routine_id=enrolment.routine_id,
                    enrolment=enrolment,
                    local_date=due.local_date,
                    due_at=due.due_at,
                )
                send_reminder.enqueue(claim.pk)
        except IntegrityError:
            continue  # claimed already, by an earlier or a concurrent run
        queued += 1
    return queued


def _still_wanted(claim: SentReminder) -> bool:
    enrolment = claim.enrolment
    schedule = ReminderSchedule.objects.filter(enrolment=enrolment).first()
    return (
        enrolment.status == Enrolment.Status.ACTIVE
        and schedule is not None
        and schedule.enabled
        and not _already_logged(enrolment.pk, claim.local_date)
    )


def _last_week(claim: SentReminder, user) -> str:
    """Last week in one line (progress.outcomes.check_in_line), in the person's first
    reminder of a new week only: later ones that week say nothing of it."""
    first = week_start_of(claim.local_date, user.week_start)
    earlier = SentReminder.objects.filter(user_id=claim.user_id, local_date__gte=first).filter(
        Q(local_date__lt=claim.local_date) | Q(local_date=claim.local_date, pk__lt=claim.pk)
    )
    if earlier.exists():
        return ""
    return outcomes.check_in_line(lines_for_week(user, first - WEEK, claim.local_date))


def reminder_email(claim: SentReminder) -> EmailMultiAlternatives:
    """The reminder: plain text and HTML, with one-click unsubscribe headers (RFC 8058)."""
    enrolment = (
        Enrolment.objects.with_plan().select_related("user", "reminder").get(pk=claim.enrolment_id)
    )
    phase = enrolment.current_phase
    unsubscribe = unsubscribe_url(enrolment.pk)
    context = {
        "user": enrolment.user,
        "routine": enrolment.routine,
        "phase": phase,
        "items": [(item.exercise.name, describe_dose(item.dose)) for item in phase.items.all()],
        "at": timezone.localtime(claim.due_at, enrolment.user.zone),
        "session_url": session_url(enrolment.pk),
        "profile_url": settings.SITE_URL + reverse("accounts:profile"),
        "unsubscribe_url": unsubscribe,
        "check_in": _last_week(claim, enrolment.user),
        "today_url": settings.SITE_URL + reverse("today"),
    }
    # Rendered in the person's zone: templates show aware times in the current zone.
    with timezone.override(enrolment.user.zone):
        subject = render_to_string("reminders/email/reminder_subject.txt", context)
        text = render_to_string("reminders/email/reminder.txt", context)
        html = render_to_string("reminders/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[enrolment.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _pushed(claim: SentReminder) -> bool:
    """Push the reminder to the person's devices; True when at least one took it.

    The email is the fallback: it goes when push is off, the person has no device, or no
    push service accepted the reminder (a failed push is logged, never retried here).
    """
    if not push.enabled() or not PushSubscription.objects.filter(user_id=claim.user_id).exists():
        return False
    enrolment = Enrolment.objects.with_plan().get(pk=claim.enrolment_id)
    data = push.payload(
        enrolment.routine.name, enrolment.current_phase.minutes_text, session_url(enrolment.pk)
    )
    return push.send_to_devices(claim.user_id, data) > 0


@task
def send_reminder(claim_id: int) -> str:
    """Send one claimed reminder, at most once even if the task itself runs twice."""
    taken = SentReminder.objects.filter(pk=claim_id, status=SentReminder.Status.QUEUED).update(
        status=SentReminder.Status.SENDING
    )
    if not taken:
        return "already handled"
    claim = SentReminder.objects.select_related("enrolment").get(pk=claim_id)
    if not _still_wanted(claim):
        SentReminder.objects.filter(pk=claim_id).update(status=SentReminder.Status.SKIPPED)
        return "skipped"
    if _pushed(claim):
        SentReminder.objects.filter(pk=claim_id).update(
            status=SentReminder.Status.SENT, sent_at=timezone.now()
        )
        return "pushed"
    try:
        reminder_email(claim).send()  # the MAILERS["default"] mailer
    except Exception:
        SentReminder.objects.filter(pk=claim_id).update(status=SentReminder.Status.FAILED)
        raise
    SentReminder.objects.filter(pk=claim_id).update(
        status=SentReminder.Status.SENT, sent_at=timezone.now()
    )
    return "sent"
