import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connections, models, router
from django.db.models import Q
from django.urls import reverse

from exercises.dose import Dose, describe_dose, describe_rest, format_range, format_seconds
from exercises.search import Document as SearchDocument
from exercises.search import Tag as SearchTag


def split_aliases(text: str) -> list[str]:
    """The comma-separated aliases of a body area, condition or piece of equipment."""
    return [alias.strip() for alias in text.split(",") if alias.strip()]


class Source(models.Model):
    """One of the source articles (by practitioners) the library is written from."""

    key = models.CharField(max_length=40, unique=True, help_text="The source article's file name.")
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


def aliases_field(examples: str) -> models.CharField:
    """The words people search with for a facet (exercises.search), with `examples`."""
    return models.CharField(
        max_length=500,
        blank=True,
        help_text=f"Other words people search with, comma-separated (e.g. {examples}).",
    )


class Facet(models.Model):
    """What the library files exercises under and filters by: a body area, a piece of
    equipment or a condition. Each keeps its own table and gives its own examples of
    aliases (aliases_field), since what people type differs for each."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class BodyArea(Facet):
    aliases = aliases_field("ITB, iliotibial band")


class Equipment(Facet):
    aliases = aliases_field("tennis ball, massage ball")
    icon = models.CharField(max_length=60, blank=True, help_text="SVG file in static/img/.")

    class Meta(Facet.Meta):
        verbose_name_plural = "equipment"

    @property
    def icon_path(self) -> str:
        """The icon's path for the {% static %} tag, or "" when there is none."""
        return f"img/{self.icon}" if self.icon else ""


class Condition(Facet):
    """Something an exercise helps with, as the source articles name it (lower-back pain,
    sciatica…)."""

    name = models.CharField(max_length=80)
    aliases = aliases_field("sore knees, runner's knee")


class DoseFields(models.Model):
    """A dose: rounds × seconds (a range where the source article gives one), or reps; per
    side or not."""

    sets = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Rounds.")
    seconds_min = models.PositiveIntegerField(null=True, blank=True)
    seconds_max = models.PositiveIntegerField(
        null=True, blank=True, help_text="Top of the range; empty when the time is exact."
    )
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False)
    rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    at_least = models.BooleanField(default=False, help_text="The time is a minimum.")
    repeat_freely = models.BooleanField(
        "rounds as you like",
        default=False,
        help_text="Repeat as many times as you like; the rounds are only where to start.",
    )
    dose_note = models.CharField(
        max_length=200,
        blank=True,
        help_text='Shown wherever the dose shows. Start with "Our suggestion:" when the '
        "dose is Limber's choice rather than the article's.",
    )

    class Meta:
        abstract = True

    @property
    def dose(self) -> Dose:
        return Dose(
            sets=self.sets,
            seconds_min=self.seconds_min,
            seconds_max=self.seconds_max,
            reps=self.reps,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
            at_least=self.at_least,
            repeat_freely=self.repeat_freely,
        )

    @property
    def dose_text(self) -> str:
        return describe_dose(self.dose)

    @property
    def time_text(self) -> str:
        """The time per round in words ("20–30 s"), or "" for a rep-based dose."""
        return format_range(self.seconds_min, self.seconds_max) if self.seconds_min else ""

    @property
    def rest_text(self) -> str:
        return format_seconds(self.rest_seconds) if self.rest_seconds else ""

    @property
    def rest_suggested(self) -> bool:
        """Whether the rest between rounds is Limber's suggestion (each model says)."""
        return False

    @property
    def rest_words(self) -> str:
        """'rest 10 s between rounds (our suggestion)', or "" without rounds or a rest."""
        if (self.sets or 1) < 2:
            return ""
        return describe_rest(self.rest_seconds, self.rest_suggested)


class ExerciseQuerySet(models.QuerySet):
    def with_lists(self) -> "ExerciseQuerySet":
        """Everything a card or a page shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            "body_areas", "equipment", "conditions"
        )

    def filter_by(
        self,
        *,
        area: str = "",
        kind: str = "",
        equipment: str = "",
        have: Iterable[str] = (),
        condition: str = "",
        level: str = "",
    ) -> "ExerciseQuerySet":
        """Apply the library's filters; empty values mean "any".

        M2M filters go through ``pk__in`` subqueries on the link tables, so no join fans the
        rows out and no ``distinct()`` is needed.
        """
        qs = self
        links = Exercise.body_areas.through.objects
        if area:
            qs = qs.filter(pk__in=links.filter(bodyarea__slug=area).values("exercise_id"))
        if equipment:
            kit = Exercise.equipment.through.objects.filter(equipment__slug=equipment)
            also = Exercise.also_works_with.through.objects.filter(equipment__slug=equipment)
            qs = qs.filter(
                Q(pk__in=kit.values("exercise_id")) | Q(pk__in=also.values("exercise_id"))
            )
        if have:
            qs = qs.needing_only(have)
        if condition:
            helps = Exercise.conditions.through.objects.filter(condition__slug=condition)
            qs = qs.filter(pk__in=helps.values("exercise_id"))
        if kind:
            qs = qs.filter(kind=kind)
        if level:
            qs = qs.filter(level=level)
        return qs

    def needing_only(self, have: Iterable[str]) -> "ExerciseQuerySet":
        """Exercises whose every piece of equipment is in ``have``; "none" always counts."""
        owned = {*have, NO_EQUIPMENT}
        missing = Exercise.equipment.through.objects.exclude(equipment__slug__in=owned)
        return self.exclude(pk__in=missing.values("exercise_id"))

    def search_documents(self) -> list[SearchDocument]:
        """Each exercise as plain text for the search index, in five queries."""
        tags: dict[int, list[SearchTag]] = defaultdict(list)
        links = [
            (Exercise.body_areas.through, "bodyarea", "body area"),
            (Exercise.conditions.through, "condition", "condition"),
            (Exercise.equipment.through, "equipment", "equipment"),
        ]
        for through, field, kind in links:
            rows = through.objects.values_list("exercise_id", f"{field}__name", f"{field}__aliases")
            for pk, name, aliases in rows:
                tags[pk].append(SearchTag(name, tuple(split_aliases(aliases)), kind))
        steps: dict[int, list[str]] = defaultdict(list)
        for pk, text in Step.objects.values_list("exercise_id", "text"):
            steps[pk].append(text)
        kinds, levels = dict(Exercise.Kind.choices), dict(Exercise.Level.choices)
        return [
            SearchDocument(
                pk=pk,
                name=name,
                tags=(
                    SearchTag(kinds[kind], kind="type"),
                    SearchTag(levels[level], kind="level"),
                    *tags[pk],
                ),
                summary=summary,
                steps=tuple(steps[pk]),
            )
            for pk, name, summary, kind, level in self.values_list(
                "pk", "name", "summary", "kind", "level"
            )
        ]

    def related_to(self, exercise: "Exercise") -> "ExerciseQuerySet":
        """Other exercises sharing at least one body area with ``exercise``."""
        links = Exercise.body_areas.through.objects
        areas = links.filter(exercise_id=exercise.pk).values("bodyarea_id")
        shared = links.filter(bodyarea_id__in=areas).values("exercise_id")
        return self.filter(pk__in=shared).exclude(pk=exercise.pk)


NO_EQUIPMENT = "none"

# What a level means: Limber's own grading, since the source articles only split
# the foam-roller moves.
LEVEL_MEANINGS = {
    "basic": "Basic moves are a place to start.",
    "advanced": (
        "Advanced moves ask for something first — a warm-up, some flexibility or a week or two "
        "of the basics; the move's page says which."
    ),
}
LEVEL_MEANING = " ".join(LEVEL_MEANINGS.values())


class Exercise(DoseFields):
    class Kind(models.TextChoices):
        ROLL = "roll", "Foam roll"
        BALL = "ball", "Ball release"
        STRETCH = "stretch", "Stretch"
        STRENGTHEN = "strengthen", "Strengthen"

    class Style(models.TextChoices):
        HOLD = "hold", "Static hold"
        DYNAMIC = "dynamic", "Dynamic"
        REPS = "reps", "Reps"

    class Level(models.TextChoices):
        BASIC = "basic", "Basic"
        ADVANCED = "advanced", "Advanced"

    class Position(models.TextChoices):
        FLOOR = "floor", "On the floor"
        KNEELING = "kneeling", "Kneeling"
        STANDING = "standing", "Standing"
        WALL = "wall", "At a wall"
        CHAIR = "chair", "On a chair"
        HIGH_SEAT = "high-seat", "On a high seat, feet off the floor"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    style = models.CharField(max_length=8, choices=Style.choices)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.BASIC)
    summary = models.CharField(max_length=200)
    body_areas = models.ManyToManyField(BodyArea, related_name="exercises")
    equipment = models.ManyToManyField(Equipment, related_name="exercises", blank=True)
    also_works_with = models.ManyToManyField(
        Equipment,
        related_name="+",
        blank=True,
        help_text="Kit that can stand in or serve as the surface (a foam roller instead of the "
        'ball, a wall). The equipment filter finds it; "only what I have" doesn\'t require it.',
    )
    conditions = models.ManyToManyField(Condition, related_name="exercises", blank=True)
    dose_suggested = models.BooleanField(
        "dose is our suggestion",
        default=False,
        help_text="The article gives no dose: the pages call this one Limber's suggestion "
        "rather than the article's.",
    )
    tips = models.TextField(blank=True, help_text="One per line.")
    progressions = models.TextField(blank=True, help_text="Ways to make it harder; one per line.")
    cautions = models.TextField(blank=True, help_text="One per line.")
    mistakes = models.TextField(blank=True, help_text="Common mistakes; one per line.")
    variations = models.TextField(blank=True, help_text="One per line.")
    round_labels = models.TextField(
        blank=True,
        help_text="What the guided player shows while the timer runs, one line per round "
        "(the last line serves any later rounds). Empty: none.",
    )
    work_word = models.CharField(
        "word while it runs",
        max_length=24,
        blank=True,
        help_text="The big word the guided session shows while the move runs: what the "
        "person does (Knee lifts). Empty: from the kind and style (Roll, Roll and pause, "
        "Hold, Rock, Reps).",
    )
    illustration = models.CharField(max_length=60, blank=True, help_text="SVG in static/img/.")
    position = models.CharField(
        max_length=10,
        choices=Position.choices,
        blank=True,
        help_text="Where the move starts; the guided session allows longer to get there "
        "when it differs from the move before.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="exercises")
    order = models.PositiveSmallIntegerField(default=0)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])

    @property
    def level_meaning(self) -> str:
        return LEVEL_MEANINGS.get(self.level, "")

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def tip_list(self) -> list[str]:
        return self._lines(self.tips)

    @property
    def progression_list(self) -> list[str]:
        return self._lines(self.progressions)

    @property
    def counts_reps(self) -> bool:
        """Logged in reps (the leg raise), not time: the log form shows one box or the other."""
        return self.style == self.Style.REPS or (not self.dose.hold_seconds and bool(self.reps))

    @property
    def rest_suggested(self) -> bool:
        """Every rest in the library is ours: the source articles say "rest", never how long."""
        return bool(self.rest_seconds)

    @property
    def caution_list(self) -> list[str]:
        return self._lines(self.cautions)

    @property
    def mistake_list(self) -> list[str]:
        return self._lines(self.mistakes)

    @property
    def variation_list(self) -> list[str]:
        return self._lines(self.variations)

    @property
    def round_label_list(self) -> list[str]:
        return self._lines(self.round_labels)


class Step(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["exercise", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "order"], name="unique_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} – step {self.order}"


class LibraryVersion(models.Model):
    """One row whose token changes whenever library content changes (see exercises.signals).

    Cached library pages are keyed on the token, so every worker sees an edit at once:
    the token lives in the database, not in any one process's memory.
    """

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str:
        # Plain SQL: every cached page asks, and building the ORM query took longer than
        # running it.
        connection = connections[router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        token = row[0] if row else None
        # No row (a flushed database): start a fresh token rather than reuse an old one.
        return token or cls.bump()

    @classmethod
    def bump(cls) -> str:
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token):
            cls.objects.create(pk=1, token=token)
        return token
