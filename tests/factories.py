import datetime as dt
import uuid

import factory
from django.utils import timezone

from accounts.models import CareLink, User
from exercises.models import BodyArea, Condition, Equipment, Exercise, Source, Step
from progress import summaries
from progress.models import ExerciseLog, SessionLog
from routines.models import Enrolment, Phase, Routine, RoutineItem

PASSWORD = "a-long-Passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    time_zone = "UTC"
    password = factory.django.Password(PASSWORD)


class ClinicianFactory(UserFactory):
    is_clinician = True
    display_name = factory.Sequence(lambda n: f"Sam Physio {n}")
    profession = "Physiotherapist"


class CareLinkFactory(factory.django.DjangoModelFactory):
    """A live connection: the person has accepted the clinician's invite."""

    class Meta:
        model = CareLink

    clinician = factory.SubFactory(ClinicianFactory)
    person = factory.SubFactory(UserFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")


class BodyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyArea
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"kit-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"condition-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    kind = Exercise.Kind.STRETCH
    style = Exercise.Style.HOLD
    level = Exercise.Level.BASIC
    summary = "A gentle move for testing."
    sets = 3
    seconds_min = 30
    per_side = False
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def body_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.body_areas.set(extracted)

    @factory.post_generation
    def equipment(self, create, extracted, **kwargs):
        if create and extracted:
            self.equipment.set(extracted)

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(extracted)

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted if extracted is not None else ["Get into position.", "Hold it."]
        Step.objects.bulk_create(
            Step(exercise=self, order=i, text=text) for i, text in enumerate(texts, start=1)
        )


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    slug = factory.Sequence(lambda n: f"routine-{n}")
    name = factory.Sequence(lambda n: f"Routine {n}")
    purpose = "Loosen up."
    source = factory.SubFactory(SourceFactory)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    routine = factory.SubFactory(RoutineFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Basics"
    sessions_per_week_min = 7
    sessions_per_week_max = 7


class RoutineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutineItem

    phase = factory.SubFactory(PhaseFactory)
    order = factory.Sequence(lambda n: n + 1)
    exercise = factory.SubFactory(ExerciseFactory)
    sets = 3
    seconds_min = 30


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    phase = factory.SubFactory(PhaseFactory)
    routine = factory.LazyAttribute(lambda o: o.phase.routine)
    # The person's today, not the server's: they differ for hours every day away from UTC.
    started_on = factory.LazyAttribute(lambda o: timezone.localdate(timezone=o.user.zone))
    phase_started_on = factory.LazyAttribute(lambda o: o.started_on)


class SessionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionLog

    user = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)
    ended_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(minutes=10))
    local_date = factory.LazyAttribute(lambda o: o.started_at.astimezone(o.user.zone).date())
    pain_before = 4
    pain_after = 3
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    total_seconds = 600

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Sum the session's week, as progress.services does with every session it saves."""
        super()._after_postgeneration(instance, create, results)
        if create:
            summaries.refresh_weeks(instance.user, [instance.local_date])


class ExerciseLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseLog

    session = factory.SubFactory(SessionLogFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n)
    sets_done = 3
    seconds_done = 90

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            summaries.refresh_weeks(instance.session.user, [instance.session.local_date])
