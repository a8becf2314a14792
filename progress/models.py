import datetime as dt

from django.conf import settings
from django.db import OperationalError, connection, models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.urls import reverse
from django.utils import timezone

from exercises.dose import format_seconds
from exercises.models import Exercise
from progress import outcomes
from progress.days import minutes, session_title, zone_or, zone_place
from progress.trend import PainSums
from routines import pain as pain_rules
from routines import progression
from routines.models import Enrolment, Phase, Routine

# Enough sessions for pain_hold's two rules: the last 3 with both scores, and a week of them
# at four a day.
PAIN_FACTS = 30

PAIN_SUMS = {
    "before_total": models.Sum("pain_before", default=0),
    "before_count": models.Count("pain_before"),
    "after_total": models.Sum("pain_after", default=0),
    "after_count": models.Count("pain_after"),
}


def counted_for_trend() -> Q:
    """Sessions whose scores the pain trend counts (see counted_sql)."""
    return Q(total_seconds=0) | Q(total_seconds__gte=pain_rules.COUNTED_SECONDS)


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

    def with_routine_title(self) -> "SessionLogQuerySet":
        """`routine_title`: SessionLog.routine_label worked out by the database (for rows
        read with values_list); None for a free session."""
        title = Coalesce("routine__name", NullIf("routine_name", models.Value("")))
        return self.annotate(routine_title=title)

    def summaries(self) -> "models.QuerySet":
        """What a list of sessions shows, as named rows rather than model instances (much
        cheaper to build): pk, started_at, local_date, routine_title, time_zone, total_seconds,
        pain_before, pain_after, enrolment_id and flare_day. Unordered."""
        return (
            self.order_by()
            .with_routine_title()
            .values_list(
                "pk",
                "started_at",
                "local_date",
                "routine_title",
                "time_zone",
                "total_seconds",
                "pain_before",
                "pain_after",
                "enrolment_id",
                "flare_day",
                named=True,
            )
        )

    def pain_facts(self) -> list[progression.PainFact]:
        """The latest sessions' pain scores and next-morning answers, newest first, as
        progression.pain_hold reads them: one query, at most PAIN_FACTS rows."""
        rows = self.order_by("-started_at").values_list(
            "local_date", "pain_before", "pain_after", "next_morning", "pk"
        )[:PAIN_FACTS]
        return [progression.PainFact(*row) for row in rows]

    def usual_pain(self) -> float | None:
        """The person's usual pain before a session (routines.pain.usual): one query."""
        latest = (
            self.filter(pain_before__isnull=False)
            .order_by("-started_at")
            .values_list("pain_before", flat=True)[: pain_rules.USUAL_OF]
        )
        return pain_rules.usual(list(latest))

    def monthly_pain(self) -> dict[dt.date, PainSums]:
        """{first day of a month: pain sums} over all time: at most twelve rows a year."""
        rows = (
            self.filter(Q(pain_before__isnull=False) | Q(pain_after__isnull=False))
            .filter(counted_for_trend())
            .order_by()
            .annotate(month=TruncMonth("local_date"))
            .values("month")
            .annotate(**PAIN_SUMS)
            .values_list("month", *PAIN_SUMS)
        )
        return {_as_date(month): PainSums(*sums) for month, *sums in rows}


def counted_sql(column: str) -> str:
    """A pain column's value for sessions the trend counts, NULL for a timed session shorter
    than routines.pain.COUNTED_SECONDS (an untimed one, reps only, counts)."""
    seconds = int(pain_rules.COUNTED_SECONDS)
    return f"CASE WHEN total_seconds = 0 OR total_seconds >= {seconds} THEN {column} END"


def _span_index(column: str, spans) -> tuple[str, list]:
    """SQL for each row's index among a few (first, last) day spans in order (a CASE), with
    its parameters."""
    index = "CASE " + " ".join(f"WHEN {column} <= %s THEN {i}" for i in range(len(spans))) + " END"
    return index, [last for _, last in spans]


def _in_spans(column: str, spans) -> tuple[str, list]:
    """SQL keeping rows inside one of a few (first, last) day spans, with its parameters."""
    where = " OR ".join(f"{column} BETWEEN %s AND %s" for _ in spans)
    return f"({where})", [day for span in spans for day in span]


def routine_rows_in(user_id: int, spans) -> list[tuple]:
    """(span index, enrolment id, sessions, days with a session, seconds, pain sums) over
    the person's sessions in a few (first, last) spans in order, one row per span and
    routine (None for sessions outside a routine), summed by the database: the short first
    and last weeks of a report (the whole ones come from progress.summaries).

    Plain SQL: the ORM can't group by a CASE of parameters without repeating them."""
    index, index_params = _span_index("local_date", spans)
    where, where_params = _in_spans("local_date", spans)
    sql = (
        f"SELECT {index}, enrolment_id, COUNT(id), COUNT(DISTINCT local_date),"
        f" SUM(total_seconds), COALESCE(SUM({counted_sql('pain_before')}), 0),"
        f" COUNT({counted_sql('pain_before')}), COALESCE(SUM({counted_sql('pain_after')}), 0),"
        f" COUNT({counted_sql('pain_after')})"
        f" FROM progress_sessionlog WHERE user_id = %s AND {where} GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*index_params, user_id, *where_params])
        return cursor.fetchall()


def area_seconds(user_id: int, spans) -> list[tuple]:
    """(body area, area order, exercises done, seconds) over the person's sessions in a few
    (first, last) spans, skipped rows left out: one row per area, summed by the database."""
    where, where_params = _in_spans("s.local_date", spans)
    sql = (
        'SELECT a.name, a."order", COUNT(r.id), COALESCE(SUM(r.seconds_done), 0)'
        " FROM progress_exerciselog r"
        " JOIN progress_sessionlog s ON s.id = r.session_id"
        " JOIN exercises_exercise_body_areas m ON m.exercise_id = r.exercise_id"
        " JOIN exercises_bodyarea a ON a.id = m.bodyarea_id"
        f" WHERE s.user_id = %s AND {where}"
        " AND r.status <> %s"
        ' GROUP BY a.name, a."order"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *where_params, ExerciseLog.Status.SKIPPED.value])
        return cursor.fetchall()


def _as_date(value) -> dt.date:
    if isinstance(value, str):  # SQLite without a declared type
        return dt.date.fromisoformat(value)
    return value.date() if isinstance(value, dt.datetime) else value


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
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="The person's time zone when the session was logged (empty before it was "
        "kept: their current zone stands in).",
    )
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    flare_day = models.BooleanField(
        default=False, help_text="Logged as a flare-day short version of the routine."
    )
    next_morning = models.CharField(
        max_length=8,
        choices=progression.MORNING_CHOICES,
        blank=True,
        help_text="The next morning's answer: the back compared with before this session.",
    )
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
    def logged_zone(self) -> dt.tzinfo:
        """The zone it was logged in (the current one for sessions from before zones were
        kept): its times show as the clock read where it happened."""
        return zone_or(self.time_zone, timezone.get_current_timezone())

    @property
    def zone_place(self) -> str:
        """'New York' when it was logged in a zone other than the current one, else ''."""
        return zone_place(self.time_zone, timezone.get_current_timezone_name())

    @property
    def routine_label(self) -> str:
        """The routine's name, or the one kept from a deleted routine; "" for a free one."""
        return self.routine.name if self.routine_id else self.routine_name

    @property
    def title(self) -> str:
        """The routine's name, or for a free session the exercises done (prefetched)."""
        if label := self.routine_label:
            return label
        return session_title(None, [row.exercise.name for row in self.exercises.all()])

    @property
    def minutes(self) -> int:
        return minutes(self.total_seconds)

    @property
    def duration_text(self) -> str:
        return format_seconds(self.total_seconds)

    @property
    def pain(self) -> pain_rules.SessionPain:
        """What Limber says of this session's pain (routines.pain.session_change)."""
        return pain_rules.session_change(self.pain_before, self.pain_after)


class ExerciseLogQuerySet(models.QuerySet):
    def for_user(self, user) -> "ExerciseLogQuerySet":
        return self.filter(session__user=user)

    def with_body_areas(self, first_day, last_day) -> "models.QuerySet":
        """(session id, row id, exercise name, status, body area name, body area order,
        seconds done) for
        the rows of sessions in range, in session and exercise order: once per body area the
        exercise works (once, with no area, when it works none). One query serves both free
        sessions' titles and the body areas worked, see progress.history_queries."""
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
                "seconds_done",
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


OPENED_EVERY = dt.timedelta(minutes=5)


class ShareLinkQuerySet(models.QuerySet):
    def for_user(self, user) -> "ShareLinkQuerySet":
        return self.filter(user=user)

    def live(self, now: dt.datetime) -> "ShareLinkQuerySet":
        """Neither revoked nor expired at `now`."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def ended(self, now: dt.datetime) -> "ShareLinkQuerySet":
        """Revoked, or expired at `now`."""
        return self.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))


class ShareLink(models.Model):
    """A read-only link to a person's report for one period, for their physiotherapist.

    Only a SHA-256 digest of the token is stored (progress.share): the token itself is
    shown once, when the link is made, and a copy of the database opens no report.
    """

    class Lifetime(models.IntegerChoices):
        WEEK = 7, "7 days"
        MONTH = 30, "30 days"
        QUARTER = 90, "90 days"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    name = models.CharField(max_length=80, help_text="Who it is for, e.g. “Dr Smith”.")
    token_digest = models.CharField(max_length=64, unique=True)
    first_day = models.DateField()
    last_day = models.DateField()
    include_notes = models.BooleanField(default=False)
    lifetime_days = models.PositiveSmallIntegerField(choices=Lifetime.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"

    def note_opened(self, now: dt.datetime) -> None:
        """Keep "last opened" for the owner's list: at most every OPENED_EVERY, and never at
        the cost of the page. Under another writer's lock the shared report is still read;
        this bookkeeping waits for the next open."""
        if self.last_opened_at and now - self.last_opened_at < OPENED_EVERY:
            return
        try:
            ShareLink.objects.filter(pk=self.pk).update(last_opened_at=now)
        except OperationalError:
            return
        self.last_opened_at = now


class WeeklySummary(models.Model):
    """One person's sessions of one routine (or outside any, enrolment None) in one of their
    weeks, summed: what History, the report and a clinician's overview read instead of the
    raw sessions. Kept exactly in step by progress.summaries; never edited by hand."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    week_start = models.DateField(help_text="The first day of the week, in the person's week.")
    sessions = models.PositiveIntegerField()
    days = models.PositiveSmallIntegerField(help_text="Days with at least one session.")
    seconds = models.PositiveIntegerField()
    # Pain sums over the sessions the trend counts (progress.pain.COUNTED_SECONDS).
    pain_before_total = models.PositiveIntegerField()
    pain_before_count = models.PositiveIntegerField()
    pain_after_total = models.PositiveIntegerField()
    pain_after_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start", "enrolment"], name="weekly_summary_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "week_start"],
                condition=Q(enrolment__isnull=True),
                name="weekly_summary_unique_free",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_start} {self.enrolment_id}: {self.sessions}"


class WeeklyExercise(models.Model):
    """One person's rows of one exercise in one of their weeks, skipped ones left out: the
    time per body area comes from these joined to the library's areas when read, so a change
    to an exercise's areas needs no rebuild."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    rows = models.PositiveIntegerField()
    seconds = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start", "exercise"], name="weekly_exercise_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_start} {self.exercise_id}: {self.seconds} s"


PSFS_RANGE = Q(score__gte=0, score__lte=10)


class PsfsActivityQuerySet(models.QuerySet):
    def for_user(self, user) -> "PsfsActivityQuerySet":
        return self.filter(user=user)

    def active(self) -> "PsfsActivityQuerySet":
        return self.filter(retired_on__isnull=True)


class PsfsActivity(models.Model):
    """An activity the person's problem makes hard, in their own words: the Patient-Specific
    Functional Scale (progress.outcomes). Retired ones keep their ratings for history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="psfs_activities"
    )
    name = models.CharField(max_length=80)
    created_on = models.DateField(help_text="The person's local day it was named.")
    retired_on = models.DateField(null=True, blank=True)

    objects = PsfsActivityQuerySet.as_manager()

    class Meta:
        ordering = ["created_on", "pk"]
        verbose_name = "PSFS activity"
        verbose_name_plural = "PSFS activities"

    def __str__(self) -> str:
        return self.name


class PsfsRating(models.Model):
    """One rating of an activity, 0 (unable to perform it) to 10 (as before the problem);
    at most one a day (a second the same day replaces it)."""

    activity = models.ForeignKey(PsfsActivity, on_delete=models.CASCADE, related_name="ratings")
    day = models.DateField(help_text="The person's local day.")
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(condition=PSFS_RANGE, name="psfs_score_0_10"),
            models.UniqueConstraint(fields=["activity", "day"], name="psfs_one_rating_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.day}: {self.score}"


class PsfsNotNow(models.Model):
    """ "Not now" to Today's question to rate the activities again: not before `until`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="psfs_not_now"
    )
    until = models.DateField()

    def __str__(self) -> str:
        return f"{self.user} – {self.until}"


class CheckInQuerySet(models.QuerySet):
    def for_user(self, user) -> "CheckInQuerySet":
        return self.filter(user=user)


class CheckIn(models.Model):
    """The weekly check-in's answer for one routine under target ("What got in the way?"),
    or, with no routine, the check-in put away (Answer.CLOSED)."""

    class Answer(models.TextChoices):
        NO_TIME = outcomes.Answer.NO_TIME, "No time"
        PAIN = outcomes.Answer.PAIN, "Pain or a flare"
        FORGOT = outcomes.Answer.FORGOT, "Forgot"
        UNSURE = outcomes.Answer.UNSURE, "Not sure how to do it"
        NOT_FOR_ME = outcomes.Answer.NOT_FOR_ME, "Not for me"
        OTHER = outcomes.Answer.OTHER, "Other"
        CLOSED = outcomes.Answer.CLOSED, "Put away"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    week_start = models.DateField(help_text="The first day of the week asked about.")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    routine_name = models.CharField(max_length=100, blank=True)
    done = models.PositiveSmallIntegerField(default=0, help_text="Days with a session.")
    needed = models.PositiveSmallIntegerField(default=0, help_text="Days asked of the week.")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    text = models.CharField(max_length=outcomes.MAX_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start", "enrolment"],
                condition=Q(enrolment__isnull=False),
                name="check_in_once_per_routine_week",
            ),
            models.UniqueConstraint(
                fields=["user", "week_start"],
                condition=Q(enrolment__isnull=True, answer=outcomes.Answer.CLOSED),
                name="check_in_put_away_once_a_week",
            ),
        ]
        indexes = [models.Index(fields=["user", "week_start"], name="check_in_user_week")]

    def __str__(self) -> str:
        return f"{self.user} – {self.week_start}: {self.answer}"


class ClinicDigest(models.Model):
    """The claim on one clinician's daily digest (progress.clinic_digest): at most one a
    local day. The scheduler creates it and queues the task in one transaction, so a second
    or overlapping run claims nothing; `people` is how many the email named (0: nothing new,
    no email)."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    local_date = models.DateField(help_text="The clinician's own day.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    people = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "local_date"], name="one_clinic_digest_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician_id} {self.local_date}: {self.people}"
