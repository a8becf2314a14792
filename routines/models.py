import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from accounts.models import CareLink
from exercises.dose import Dose, describe_minutes, format_seconds
from exercises.models import DoseFields, Exercise, Source
from exercises.safety import safety_lines
from routines import assigned, custom, progression
from routines.player import PlanItem


def _phases_with_items() -> models.QuerySet:
    items = RoutineItem.objects.select_related("exercise").prefetch_related("exercise__equipment")
    return Phase.objects.prefetch_related(Prefetch("items", queryset=items))


class RoutineQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RoutineQuerySet":
        """The programmes, plus the person's own routines: anyone else's stay hidden (404)."""
        if user is None or not user.is_authenticated:
            return self.programmes()
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def programmes(self) -> "RoutineQuerySet":
        """The routines from the source articles, which belong to nobody."""
        return self.filter(owner__isnull=True)

    def owned_by(self, user) -> "RoutineQuerySet":
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def editable_by(self, user) -> "RoutineQuerySet":
        """The routines whose moves `user` may change: their own that no connected clinician
        assigned, and those they assigned to a person still connected to them (our rule: a
        clinician's prescription is theirs to change while the connection lasts, as
        CareLink.objects.visible_to() sees it; once it ends, the routine is simply its
        owner's, assigned_by and the note kept for their record)."""
        if not user.is_authenticated:
            return self.none()
        connected = Exists(
            CareLink.objects.active().filter(
                clinician=OuterRef("assigned_by"),
                clinician__is_clinician=True,
                person=OuterRef("owner"),
            )
        )
        own = Q(owner=user) & (Q(assigned_by__isnull=True) | ~connected)
        if not user.is_clinician:
            return self.filter(own)
        return self.filter(own | (Q(assigned_by=user) & connected))

    def assigned_to(self, person) -> "RoutineQuerySet":
        """The person's routines that a clinician assigned (their notes are for the person
        and the assigning clinician only: see assigned_by_for)."""
        return self.filter(owner=person, assigned_by__isnull=False)

    def assigned_by_for(self, clinician, person) -> "RoutineQuerySet":
        """The routines `clinician` assigned to `person`: the only ones whose note that
        clinician may read. Reach `person` through CareLink.objects.visible_to() first."""
        return self.filter(owner=person, assigned_by=clinician)

    def with_moves(self) -> "RoutineQuerySet":
        """Phases, their items and exercises (no equipment, unlike with_plan): 2 queries."""
        items = RoutineItem.objects.select_related("exercise")
        phases = Phase.objects.prefetch_related(Prefetch("items", queryset=items))
        return self.prefetch_related(Prefetch("phases", queryset=phases))

    def with_plan(self) -> "RoutineQuerySet":
        """Phases, their items, exercises and equipment, in a fixed number of queries."""
        return self.prefetch_related(Prefetch("phases", queryset=_phases_with_items()))


class Routine(models.Model):
    """Ordered phases, each with ordered exercises: a programme from one of the source
    articles (no owner), or a person's own routine (one phase), built or copied from a
    programme."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    purpose = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    cautions = models.TextField(
        blank=True, help_text="Shown on the routine page and on Today; one per line."
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="routines"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_routines",
        help_text="Empty for the programmes; a person's own routine is visible to them only.",
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_routines",
        help_text="The clinician who built this routine for its owner (accounts.CareLink).",
    )
    assigned_note = models.TextField(
        blank=True, help_text="The clinician's note: why this, what to watch for."
    )
    assigned_seen = models.JSONField(
        default=list,
        blank=True,
        help_text="The moves and doses as the owner last saw them, so a clinician's later "
        "edit can be shown to them as what changed.",
    )
    assigned_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the assigning clinician last changed the moves, doses, target or note.",
    )
    next_routine = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The routine the app proposes once this one's threshold is reached.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routines:detail", args=[self.slug])

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None

    @property
    def is_assigned(self) -> bool:
        return self.assigned_by_id is not None

    def assigned_plan(self, moves: Iterable[assigned.Move]) -> dict:
        """The plan as routines.assigned compares it: the note, how often (its one phase,
        prefetched) and `moves` (the phase's, in order)."""
        phases = self.phase_list
        weekly = phases[0].frequency_text if phases else ""
        return assigned.snapshot(self.assigned_note, weekly, moves)

    def assigned_changes(self, moves: Iterable[assigned.Move]) -> list[str]:
        """What the clinician changed since the owner last looked (routines.assigned)."""
        return assigned.changes(self.assigned_seen, self.assigned_plan(moves))

    def note_first_view(self, moves: Iterable[assigned.Move]) -> None:
        """Store what the owner sees the first time an assigned routine shows to them, so
        that later changes can be shown. No signal: nothing on their pages changes."""
        moves = list(moves)
        # An empty routine (the clinician is still adding moves) is nothing to compare with.
        if self.is_assigned and not self.assigned_seen and moves:
            self.assigned_seen = self.assigned_plan(moves)
            Routine.objects.filter(pk=self.pk).update(assigned_seen=self.assigned_seen)

    def assigned_card(self, moves: Iterable[assigned.Move]) -> dict | None:
        """For its owner's pages: who assigned the routine (select_related), their note and
        what they changed since the owner last looked; None for a routine nobody assigned.
        The first view stores what the owner sees (note_first_view)."""
        if not self.is_assigned:
            return None
        moves = list(moves)
        self.note_first_view(moves)
        return {
            "by": self.assigned_by,
            "profession": self.assigned_by.profession,
            "note": self.assigned_note,
            "changes": self.assigned_changes(moves),
            "changed_at": self.assigned_changed_at,
            "slug": self.slug,
            "name": self.name,
        }

    @property
    def caution_list(self) -> list[str]:
        return [line.strip() for line in self.cautions.splitlines() if line.strip()]

    # These read the prefetched phases (see RoutineQuerySet.with_plan).
    @property
    def phase_list(self) -> list["Phase"]:
        return list(self.phases.all())

    @property
    def rules(self) -> list[progression.PhaseRule]:
        return [phase.rule for phase in self.phase_list]

    @property
    def equipment(self) -> list:
        seen = {}
        for phase in self.phase_list:
            for item in phase.items.all():
                for kit in item.exercise.equipment.all():
                    if kit.slug != "none":
                        seen.setdefault(kit.pk, kit)
        return sorted(seen.values(), key=lambda kit: (kit.order, kit.name))

    @property
    def safety_lines(self) -> list[str]:
        """The safety note that fits the kinds of move the routine holds."""
        kinds = {item.exercise.kind for phase in self.phase_list for item in phase.items.all()}
        return safety_lines(kinds)

    @property
    def start_choices(self) -> list["Phase"]:
        """Where a person may begin: the first phase, and any marked for the experienced."""
        phases = self.phase_list
        return [p for i, p in enumerate(phases) if i == 0 or p.may_start_here]


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
    target_suggested = models.BooleanField(
        "weekly target is our suggestion",
        default=False,
        help_text="The article gives no weekly target; the page marks this one as Limber's.",
    )
    suggestion = models.TextField(
        blank=True,
        help_text="What in this phase is Limber's choice rather than the article's (a weekly "
        'target, a length, a rest); shown after "Our suggestion:" on the routine page and Today.',
    )

    class Meta:
        ordering = ["routine", "order"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "order"], name="unique_phase_order")
        ]

    def __str__(self) -> str:
        return f"{self.routine} – {self.name}"

    @property
    def rule(self) -> progression.PhaseRule:
        return progression.PhaseRule(
            order=self.order,
            name=self.name,
            sessions_per_week_min=self.sessions_per_week_min,
            sessions_per_week_max=self.sessions_per_week_max,
            advance=self.advance,
            min_days=self.min_days,
            early_after_days=self.early_after_days,
            min_sessions=self.min_sessions,
            min_seconds=self.min_seconds,
        )

    @property
    def estimated_seconds(self) -> int:
        return sum(item.dose.estimated_seconds() for item in self.items.all())

    @property
    def minutes_text(self) -> str:
        return describe_minutes(self.estimated_seconds)

    @property
    def frequency_text(self) -> str:
        return progression.describe_frequency(
            self.sessions_per_week_min, self.sessions_per_week_max
        )

    @property
    def frequency_label(self) -> str:
        """The weekly target in words, marked when it is Limber's choice."""
        text = self.frequency_text
        return f"{text} (our suggestion)" if self.target_suggested else text

    @property
    def rule_text(self) -> str:
        """The rule for moving past this phase, in plain words."""
        if self.advance == self.Advance.FINAL:
            return ""
        needs = []
        if self.min_days:
            needs.append(f"{self.min_days} days")
        if self.min_sessions:
            needs.append(f"{self.min_sessions} days with a session")
        if self.min_seconds:
            needs.append(f"{format_seconds(self.min_seconds)} logged in total")
        after = " and ".join(needs)
        if self.advance == self.Advance.AUTO:
            text = f"The next phase unlocks by itself after {after}."
        else:
            text = f"After {after} the app suggests the next phase; you decide when to switch."
        if self.early_after_days:
            text += f" You may move on early from day {self.early_after_days}."
        return text


class RoutineItem(DoseFields):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="routine_items")
    added_with = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The one-time key of the form that added this move: a second send of the "
        "same form (a double click) finds this move instead of adding another.",
    )

    class Meta:
        ordering = ["phase", "order"]
        constraints = [models.UniqueConstraint(fields=["phase", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return f"{self.phase}: {self.exercise}"

    @property
    def rest_suggested(self) -> bool:
        """Ours when it is the exercise's own rest (ours: see Exercise.rest_suggested); an own
        routine's other rest is the person's choice."""
        return bool(self.rest_seconds) and self.rest_seconds == self.exercise.rest_seconds

    @property
    def dose_notes(self) -> list[str]:
        """Calm notes where this dose differs from the exercise's (its article's, or ours)."""
        exercise = self.exercise
        return custom.dose_notes(self.dose, exercise.dose, ours=exercise.dose_suggested)

    @property
    def effective_dose(self) -> Dose:
        """The item's own dose, or the exercise's default when the item doesn't override it."""
        if self.seconds_min or self.reps:
            return self.dose
        return self.exercise.dose

    @property
    def seen_move(self) -> assigned.Move:
        """This move as routines.assigned compares it."""
        return assigned.Move(self.exercise.slug, self.exercise.name, self.dose_text)

    @property
    def plan_item(self) -> PlanItem:
        """This item as the guided player sees it."""
        exercise = self.exercise
        return PlanItem(
            exercise.slug,
            exercise.name,
            exercise.get_absolute_url(),
            self.dose,
            exercise.style,
            exercise.kind,
            level=exercise.level,
            labels=tuple(exercise.round_label_list),
            note=self.dose_note,
            rest_suggested=self.rest_suggested,
            word=exercise.work_word,
            position=exercise.position,
            position_text=exercise.get_position_display() if exercise.position else "",
            cue=exercise.summary,
            image=exercise.illustration,
        )

    def plan_item_with_howto(self) -> PlanItem:
        """plan_item with the exercise's steps (prefetched) and cautions, for the how-to."""
        exercise = self.exercise
        return replace(
            self.plan_item,
            steps=tuple(step.text for step in exercise.steps.all()),
            cautions=tuple(exercise.caution_list),
        )


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user) -> "EnrolmentQuerySet":
        return self.filter(user=user)

    def current(self) -> "EnrolmentQuerySet":
        return self.exclude(status=Enrolment.Status.ENDED)

    def with_plan(self) -> "EnrolmentQuerySet":
        """The routine with all its phases and items, in a fixed number of queries."""
        return self.select_related("routine__next_routine", "phase").prefetch_related(
            Prefetch("routine__phases", queryset=_phases_with_items())
        )


class Enrolment(models.Model):
    """A person following a routine. Several at once is normal (a morning and a night one)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Stopped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    # RESTRICT: a routine someone follows can't be deleted on its own, but deleting a
    # person takes their enrolments and their own routines together.
    routine = models.ForeignKey(Routine, on_delete=models.RESTRICT, related_name="enrolments")
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="+")
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

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:  # the phase it starts in, for the report's past periods
            PhaseChange.objects.create(
                enrolment=self, phase_id=self.phase_id, first_day=self.phase_started_on
            )

    @property
    def state(self) -> progression.EnrolmentState:
        return progression.EnrolmentState(
            started_on=self.started_on,
            phase_order=self.phase.order,
            phase_started_on=self.phase_started_on,
            status=self.status,
            paused_on=self.paused_on,
            paused_days=self.paused_days,
        )

    @property
    def activity(self) -> progression.Activity:
        """Needs progress.activity.with_activity() (the totals of the person's log)."""
        return progression.Activity(
            days_logged_in_phase=self.days_logged_in_phase,
            seconds_in_phase=self.seconds_in_phase,
            days_this_week=self.days_this_week,
            done_today=self.sessions_today > 0,
            last_logged_on=self.last_logged_on,
        )

    def progress(
        self, today: dt.date, pain: Sequence[progression.PainFact] = ()
    ) -> progression.Progress:
        """Where this enrolment stands; saves an auto phase change the rules say is due.

        Needs progress.activity.with_activity() and the routine's prefetched phases; `pain` is
        the person's latest sessions' scores (progress.activity.pain_facts), which may hold it back.
        """
        result = progression.progress(self.routine.rules, self.state, self.activity, today, pain)
        if result.phase.order != self.phase.order:
            phase = next(p for p in self.routine.phase_list if p.order == result.phase.order)
            self.move_to(phase, result.phase_started_on)
        return result

    @property
    def current_phase(self) -> Phase:
        """The phase from the routine's prefetched ones (so its items come along)."""
        return next(p for p in self.routine.phase_list if p.pk == self.phase_id)

    def use_routine(self, routine: Routine) -> None:
        """Take this enrolment's routine, phases prefetched (e.g. cached), instead of a query."""
        self.routine = routine
        self.phase = self.current_phase

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.PAUSED

    @transaction.atomic
    def move_to(self, phase: Phase, on: dt.date) -> None:
        self.phase = phase
        self.phase_started_on = on
        self.paused_days = 0
        if self.paused_on:
            self.paused_on = max(self.paused_on, on)
        self.save(update_fields=["phase", "phase_started_on", "paused_days", "paused_on"])
        PhaseChange.record(self, phase, on)

    def pause(self, today: dt.date) -> None:
        if self.status == self.Status.ACTIVE:
            self.status = self.Status.PAUSED
            self.paused_on = today
            self.save(update_fields=["status", "paused_on"])
            EnrolmentPause.objects.create(enrolment=self, first_day=today)

    def resume(self, today: dt.date) -> None:
        if self.status == self.Status.PAUSED:
            # Days paused since the phase started don't count towards it.
            since = max(self.paused_on or today, self.phase_started_on)
            self.paused_days += max(0, (today - since).days)
            self.status = self.Status.ACTIVE
            self.paused_on = None
            self.save(update_fields=["status", "paused_on", "paused_days"])
            EnrolmentPause.close(self, today)

    def stop(self, today: dt.date) -> None:
        self.status = self.Status.ENDED
        self.ended_on = today
        self.save(update_fields=["status", "ended_on"])


class PhaseChange(models.Model):
    """The day an enrolment entered a phase. Enrolment.phase is only the current one; the
    report shows each past period with the phase, moves and weekly target it had then."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()

    class Meta:
        ordering = ["enrolment", "first_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "first_day"], name="one_phase_change_per_enrolment_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} in {self.phase.name} from {self.first_day}"

    @classmethod
    def record(cls, enrolment: Enrolment, phase: Phase, first_day: dt.date) -> None:
        """The enrolment is in `phase` from `first_day`; a second change that day replaces
        the first."""
        cls.objects.bulk_create(
            [cls(enrolment=enrolment, phase=phase, first_day=first_day)],
            update_conflicts=True,
            unique_fields=["enrolment", "first_day"],
            update_fields=["phase"],
        )


class EnrolmentPause(models.Model):
    """A spell during which a routine was paused (a flare-up, a holiday): its weeks
    neither break nor grow the routine's streak (progress.targets)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="pauses")
    first_day = models.DateField()
    last_day = models.DateField(null=True, blank=True, help_text="Empty while still paused.")

    class Meta:
        ordering = ["enrolment", "first_day"]

    def __str__(self) -> str:
        return f"{self.enrolment} paused {self.first_day}–{self.last_day or ''}"

    @classmethod
    def close(cls, enrolment: Enrolment, resumed_on: dt.date) -> None:
        """End the open pause the day before resuming; a pause undone the same day is none."""
        last = resumed_on - dt.timedelta(days=1)
        spells = cls.objects.filter(enrolment=enrolment, last_day__isnull=True)
        spells.filter(first_day__gt=last).delete()
        spells.update(last_day=last)
