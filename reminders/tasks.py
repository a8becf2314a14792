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
from reminders.links import session_url, snooze_url, unsubscribe_url
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


def _payload(claim: SentReminder) -> bytes:
    enrolment = Enrolment.objects.with_plan().get(pk=claim.enrolment_id)
    return push.payload(
        enrolment.routine.name,
        enrolment.current_phase.minutes_text,
        session_url(enrolment.pk),
        tag=f"reminder-{claim.pk}",
        snooze=snooze_url(claim.pk),
    )


def _push(claim: SentReminder) -> dict[int, push.Outcome]:
    """Push the reminder to each of the person's devices: each device's outcome."""
    if not push.enabled():
        return {}
    devices = list(PushSubscription.objects.filter(user_id=claim.user_id))
    if not devices:
        return {}
    return push.send_to_devices(devices, _payload(claim))


def _retry_later(claim_id: int, subscription_id: int, attempt: int) -> None:
    """Queue another try for a device whose push service failed, or give up on it (logged).

    Never raises: the reminder has already gone (by push elsewhere or by email) and a retry
    that can't be queued must not make the task fail.
    """
    delay = push.retry_delay(attempt)
    if delay is None:
        logger.warning("Push to %s failed %s times; given up.", subscription_id, attempt)
        return
    try:
        retry_push.using(run_after=timezone.now() + delay).enqueue(
            claim_id, subscription_id, attempt + 1
        )
    except Exception as error:  # a backend that can't defer (immediate), a queue that's down
        logger.warning("Push retry not queued: %s", type(error).__name__)


@task
def send_reminder(claim_id: int) -> str:
    """Send one claimed reminder, at most once even if the task itself runs twice.

    Pushed to the person's devices; emailed at once when no push service took it. A device
    whose push service failed (not gone) is tried again later by retry_push, after the email,
    which never waits for it.
    """
    taken = SentReminder.objects.filter(pk=claim_id, status=SentReminder.Status.QUEUED).update(
        status=SentReminder.Status.SENDING
    )
    if not taken:
        return "already handled"
    claim = SentReminder.objects.select_related("enrolment").get(pk=claim_id)
    if not _still_wanted(claim):
        SentReminder.objects.filter(pk=claim_id).update(status=SentReminder.Status.SKIPPED)
        return "skipped"
    results = _push(claim)
    pushed = push.Outcome.DELIVERED in results.values()
    if not pushed:
        try:
            reminder_email(claim).send()  # the MAILERS["default"] mailer
        except Exception:
            SentReminder.objects.filter(pk=claim_id).update(status=SentReminder.Status.FAILED)
            raise
    SentReminder.objects.filter(pk=claim_id).update(
        status=SentReminder.Status.SENT, sent_at=timezone.now()
    )
    for subscription_id, outcome in results.items():
        if outcome is push.Outcome.FAILED:
            _retry_later(claim_id, subscription_id, 1)
    return "pushed" if pushed else "sent"


@task
def retry_push(claim_id: int, subscription_id: int, attempt: int) -> str:
    """Try one device again (`attempt` counts the tries, the first push being 1), while the
    reminder is still wanted: not logged since, nor paused, stopped or switched off."""
    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    claim = SentReminder.objects.select_related("enrolment").filter(pk=claim_id).first()
    if subscription is None or claim is None or subscription.user_id != claim.user_id:
        return "gone"
    if not push.enabled() or not _still_wanted(claim):
        return "no longer wanted"
    outcome = push.send_one(subscription, _payload(claim))
    if outcome is push.Outcome.FAILED:
        _retry_later(claim_id, subscription_id, attempt)
    return outcome.value


SNOOZE = dt.timedelta(hours=1)


def snooze(claim_id: int, now: dt.datetime) -> dt.datetime | None:
    """Send a sent reminder again an hour from `now`; when, or None if it was snoozed before
    (once per reminder, our rule) or isn't sent yet. The claim goes back to queued, so
    send_reminder sends it once more by its usual rules (not if logged by then)."""
    again = now + SNOOZE
    with transaction.atomic():
        taken = SentReminder.objects.filter(
            pk=claim_id, status=SentReminder.Status.SENT, snoozed_at__isnull=True
        ).update(status=SentReminder.Status.QUEUED, snoozed_at=now)
        if not taken:
            return None
        send_reminder.using(run_after=again).enqueue(claim_id)
    return again
