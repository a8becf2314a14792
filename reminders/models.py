"""A routine's reminder settings, the claim on each reminder sent, and the person's
calendar-feed address.

The first two tables were made when reminders lived in routines, and keep those names: the
models moved to this app in state only (migrations/0001_initial.py), with no table rebuilt.
"""

import datetime as dt

from django.conf import settings
from django.db import models

from reminders import rules
from routines.models import Enrolment, Routine


class ReminderScheduleQuerySet(models.QuerySet):
    def sendable(self) -> "ReminderScheduleQuerySet":
        """Switched on, for a routine the person follows and hasn't paused or stopped."""
        return self.filter(enabled=True, enrolment__status=Enrolment.Status.ACTIVE)


class ReminderSchedule(models.Model):
    """When to remind a person of one routine: days of the week and a local time."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="reminder")
    enabled = models.BooleanField(default=False)
    weekdays = models.PositiveSmallIntegerField(
        default=0b1111111, help_text="A bit per weekday: 1 is Monday, 64 is Sunday."
    )
    at = models.TimeField("time", default=dt.time(7, 30))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderScheduleQuerySet.as_manager()

    class Meta:
        db_table = "routines_reminderschedule"  # made in routines, before this app existed

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.days_text} at {self.at:%H:%M}"

    @classmethod
    def suggested_for(cls, enrolment: Enrolment) -> "ReminderSchedule":
        """An unsaved schedule with our suggested days and time for this routine."""
        phase = enrolment.phase
        nightly = "night" in enrolment.routine.slug or "night" in enrolment.routine.name.lower()
        days, at = rules.default_rule(
            phase.sessions_per_week_min, phase.sessions_per_week_max, nightly
        )
        return cls(enrolment=enrolment, weekdays=rules.to_mask(days), at=at)

    @property
    def days(self) -> frozenset[int]:
        return rules.from_mask(self.weekdays)

    @property
    def days_text(self) -> str:
        return rules.describe_days(self.days)

    @property
    def rule(self) -> rules.ReminderRule:
        return rules.ReminderRule(
            key=self.pk or 0,
            zone=self.enrolment.user.time_zone,
            weekdays=self.days,
            at=self.at,
        )


class SentReminder(models.Model):
    """The claim on one reminder: at most one per person, routine and local day.

    The scheduler creates the row before it queues the email, in one transaction; the
    unique constraint makes a second run, an overlapping run or another machine's run
    fail to claim the same reminder, so it is never sent twice. A snooze puts a sent
    reminder back to queued, once, for the task to send again an hour later.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the person tapped "Snooze 1 hour" on its notification: once only (our rule).
    snoozed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "routines_sentreminder"  # made in routines, before this app existed
        constraints = [
            models.UniqueConstraint(
                fields=["user", "routine", "local_date"], name="one_reminder_per_routine_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.routine} on {self.local_date} ({self.status})"


class CalendarFeed(models.Model):
    """A person's private calendar-feed address (reminders.calendar makes and checks it).

    Only a key and the token's hash are stored; the token itself is derived when the
    profile shows it. A new address replaces this row's values.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class PushSubscription(models.Model):
    """One device's Web Push subscription (reminders/push.py sends to it).

    The endpoint is the push service's address for one browser profile, so it is unique: a
    browser that signs in as someone else moves its subscription to them (push_views.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=200)
    device = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.device} of {self.user}"
