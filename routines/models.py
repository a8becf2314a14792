from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.models import DoseFields, Exercise, Source


class Routine(models.Model):
    """A programme from one of the seeds: ordered phases, each with ordered exercises."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="routines")
    next_routine = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The routine the app proposes once this one's threshold is reached.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routines:detail", args=[self.slug])


class Phase(models.Model):
    """A stage of a routine with a weekly target and the rule for moving past it."""

    class Advance(models.TextChoices):
        AUTO = "auto", "Unlocks by itself"
        CONFIRM = "confirm", "Proposed; the person confirms"
        FINAL = "final", "Last phase"

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    sessions_per_week_min = models.PositiveSmallIntegerField(default=7)
    sessions_per_week_max = models.PositiveSmallIntegerField(default=7)
    advance = models.CharField(max_length=8, choices=Advance.choices, default=Advance.FINAL)
    min_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days in this phase before the next one unlocks."
    )
    early_after_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="A person may move on early from this day, warned."
    )
    min_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    min_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Cumulative seconds logged in this phase."
    )
    may_start_here = models.BooleanField(
        default=False,
        help_text="Someone with experience may choose to begin at this phase when enrolling.",
    )

    class Meta:
        ordering = ["routine", "order"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "order"], name="unique_phase_order")
        ]

    def __str__(self) -> str:
        return f"{self.routine} – {self.name}"


class RoutineItem(DoseFields):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="routine_items")

    class Meta:
        ordering = ["phase", "order"]
        constraints = [models.UniqueConstraint(fields=["phase", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return f"{self.phase}: {self.exercise}"


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user) -> "EnrolmentQuerySet":
        return self.filter(user=user)

    def current(self) -> "EnrolmentQuerySet":
        return self.exclude(status=Enrolment.Status.ENDED)


class Enrolment(models.Model):
    """A person following a routine. Several at once is normal (a morning and a night one)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Stopped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="enrolments")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    phase_started_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    paused_on = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        default=0, help_text="Days paused earlier in the current phase; they don't count."
    )
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "routine"],
                condition=~Q(status="ended"),
                name="one_current_enrolment_per_routine",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.routine}"
