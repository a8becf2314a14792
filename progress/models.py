import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exercises.dose import format_seconds
from exercises.models import Exercise
from progress import history
from routines.models import Enrolment, Phase, Routine


class WeekIndex(models.Func):
    """Whole weeks from `oldest` to a date column: (date - oldest) // 7, in SQL.

    Only used on dates on or after `oldest`, where truncating division is floor division,
    so it matches progress.history.week_index.
    """

    output_field = models.IntegerField()

    def __init__(self, expression: str, oldest: dt.date):
        super().__init__(models.F(expression), models.Value(oldest))

    def _operands(self, compiler, connection):
        column, column_params = compiler.compile(self.source_expressions[0])
        oldest, oldest_params = compiler.compile(self.source_expressions[1])
        return column, oldest, (*column_params, *oldest_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        column, oldest, params = self._operands(compiler, connection)
        return f"CAST((julianday({column}) - julianday({oldest})) / 7 AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        column, oldest, params = self._operands(compiler, connection)
        return f"(({column}) - ({oldest})::date) / 7", params


PAIN_RANGE = Q(pain_before__gte=0, pain_before__lte=10) | Q(pain_before__isnull=True)
PAIN_AFTER_RANGE = Q(pain_after__gte=0, pain_after__lte=10) | Q(pain_after__isnull=True)


class SessionLogQuerySet(models.QuerySet):
    def for_user(self, user) -> "SessionLogQuerySet":
        return self.filter(user=user)

    def between(self, first_day, last_day) -> "SessionLogQuerySet":
        """Sessions whose local date falls in [first_day, last_day]."""
        return self.filter(local_date__gte=first_day, local_date__lte=last_day)

    def for_listing(self) -> "SessionLogQuerySet":
        """Sessions with their routine and exercise rows, in a fixed number of queries."""
        rows = ExerciseLog.objects.select_related("exercise")
        return self.select_related("routine", "phase").prefetch_related(
            models.Prefetch("exercises", queryset=rows)
        )

    def summaries(self) -> "models.QuerySet":
        """What a list of sessions shows, as named rows rather than model instances (much
        cheaper to build): pk, started_at, local_date, routine__name, routine_name (kept
        from a deleted routine), total_seconds, pain_before, pain_after and enrolment_id.
        Unordered."""
        return self.order_by().values_list(
            "pk",
            "started_at",
            "local_date",
            "routine__name",
            "routine_name",
            "total_seconds",
            "pain_before",
            "pain_after",
            "enrolment_id",
            named=True,
        )

    def weekly_totals(self, oldest, weeks: int) -> dict[int, tuple[int, int]]:
        """{week index: (sessions, seconds)} for `weeks` weeks from `oldest` (a week's first
        day), grouped and summed by the database: at most `weeks` small rows."""
        last = oldest + dt.timedelta(days=7 * weeks - 1)
        rows = (
            self.between(oldest, last)
            .order_by()
            .annotate(week=WeekIndex("local_date", oldest))
            .values("week")
            .annotate(sessions=models.Count("id"), seconds=models.Sum("total_seconds"))
            .values_list("week", "sessions", "seconds")
        )
        return {week: (count, seconds or 0) for week, count, seconds in rows}


class SessionLog(models.Model):
    """One session a person did, with pain before and after on the 0–10 scale."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_logs"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    routine = models.ForeignKey(
        Routine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    routine_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The routine's name, kept for history when the routine is deleted.",
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    local_date = models.DateField(help_text="The day in the person's own time zone.")
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    idempotency_key = models.UUIDField(unique=True)
    total_seconds = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "local_date"], name="session_user_day"),
            # Covers the per-enrolment totals on /today/ (routines EnrolmentQuerySet).
            models.Index(
                fields=["enrolment", "local_date", "total_seconds"], name="session_enrolment_day"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=PAIN_RANGE, name="pain_before_0_10"),
            models.CheckConstraint(condition=PAIN_AFTER_RANGE, name="pain_after_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.local_date}"

    def get_absolute_url(self) -> str:
        return reverse("progress:session", args=[self.pk])

    @property
    def title(self) -> str:
        """The routine's name, or for a free session the exercises done (prefetched)."""
        if self.routine_id:
            return self.routine.name
        if self.routine_name:
            return self.routine_name
        return history.session_title(None, [row.exercise.name for row in self.exercises.all()])

    @property
    def minutes(self) -> int:
        return history.minutes(self.total_seconds)

    @property
    def duration_text(self) -> str:
        return format_seconds(self.total_seconds)

    @property
    def pain_caution(self) -> bool:
        return history.needs_pain_caution(self.pain_before, self.pain_after)


class ExerciseLogQuerySet(models.QuerySet):
    def for_user(self, user) -> "ExerciseLogQuerySet":
        return self.filter(session__user=user)

    def with_body_areas(self, first_day, last_day) -> "models.QuerySet":
        """(session id, row id, exercise name, status, body area name, body area order) for
        the rows of sessions in range, in session and exercise order: once per body area the
        exercise works (once, with no area, when it works none). One query serves both free
        sessions' titles and the body areas worked, see progress.weekly."""
        return (
            self.filter(session__local_date__gte=first_day, session__local_date__lte=last_day)
            .order_by("session_id", "order", "pk")
            .values_list(
                "session_id",
                "pk",
                "exercise__name",
                "status",
                "exercise__body_areas__name",
                "exercise__body_areas__order",
            )
        )


class ExerciseLog(models.Model):
    class Status(models.TextChoices):
        DONE = "done", "Done"
        PARTLY = "partly", "Partly"
        SKIPPED = "skipped", "Skipped"

    class Side(models.TextChoices):
        BOTH = "both", "Both sides"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        NONE = "none", "No sides"

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="exercises")
    order = models.PositiveSmallIntegerField(default=0)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DONE)
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds_done = models.PositiveIntegerField(null=True, blank=True)
    reps_done = models.PositiveSmallIntegerField(null=True, blank=True)
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.NONE)

    objects = ExerciseLogQuerySet.as_manager()

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seconds_done__lte=4 * 3600) | Q(seconds_done__isnull=True),
                name="exercise_seconds_at_most_4h",
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.get_status_display()})"

    @property
    def summary(self) -> str:
        """What was done in words: 'Done · 1 min 30 s · both sides'."""
        parts = [self.get_status_display()]
        if self.seconds_done is not None:
            parts.append(format_seconds(self.seconds_done))
        if self.reps_done is not None:
            parts.append(f"{self.reps_done} reps")
        if self.side != self.Side.NONE:
            parts.append(self.get_side_display().lower())
        return " · ".join(parts)
