import pytest

from exercises.models import Exercise, LibraryVersion
from exercises.search import Tag
from tests.factories import BodyAreaFactory, EquipmentFactory, ExerciseFactory

pytestmark = pytest.mark.django_db


def test_related_to_shares_an_area_once_and_never_itself():
    legs, hips, arms = BodyAreaFactory(), BodyAreaFactory(), BodyAreaFactory()
    exercise = ExerciseFactory(body_areas=[legs, hips])
    both = ExerciseFactory(body_areas=[legs, hips])
    one = ExerciseFactory(body_areas=[hips])
    ExerciseFactory(body_areas=[arms])

    related = list(Exercise.objects.related_to(exercise))

    assert sorted(e.pk for e in related) == sorted([both.pk, one.pk])


def test_needing_only_counts_no_equipment_as_always_had():
    roller, ball, nothing = EquipmentFactory(), EquipmentFactory(), EquipmentFactory(slug="none")
    rolled = ExerciseFactory(equipment=[roller])
    both = ExerciseFactory(equipment=[roller, ball])
    free = ExerciseFactory(equipment=[nothing])
    ours = Exercise.objects.filter(pk__in=[rolled.pk, both.pk, free.pk])

    assert set(ours.needing_only([roller.slug])) == {rolled, free}
    assert set(ours.needing_only([roller.slug, ball.slug])) == {rolled, both, free}
    assert set(ours.needing_only([])) == {free}


def test_filter_by_with_nothing_set_is_everything():
    assert Exercise.objects.filter_by().count() == Exercise.objects.count()


def test_search_documents_carry_names_aliases_and_steps_in_order():
    area = BodyAreaFactory(name="Hamstrings", aliases="back of the thigh, hammies")
    kit = EquipmentFactory(name="Band", aliases="towel,  , strap")
    exercise = ExerciseFactory(
        name="Band pull",
        kind=Exercise.Kind.STRETCH,
        body_areas=[area],
        equipment=[kit],
        steps=["First.", "Second.", "Third."],
    )

    (doc,) = Exercise.objects.filter(pk=exercise.pk).search_documents()

    assert doc.pk == exercise.pk
    assert doc.name == "Band pull"
    assert set(doc.tags) == {
        Tag("Stretch", kind="type"),
        Tag("Basic", kind="level"),
        Tag("Hamstrings", ("back of the thigh", "hammies"), "body area"),
        Tag("Band", ("towel", "strap"), "equipment"),
    }
    assert doc.steps == ("First.", "Second.", "Third.")


def test_the_library_carries_the_aliases_people_search_with():
    docs = {doc.name: doc for doc in Exercise.objects.search_documents()}
    aliases = {name: {a for tag in doc.tags for a in tag.aliases} for name, doc in docs.items()}

    assert {"ITB", "iliotibial band"} <= aliases["Foam roll: IT band"]
    assert "back pain" in aliases["Pigeon stretch"]
    assert {"towel", "strap"} <= aliases["Banded hamstring stretch"]


def test_library_version_moves_on_with_every_edit():
    before = LibraryVersion.current()
    exercise = Exercise.objects.get(slug="frog-stretch")
    exercise.name = "Frog"
    exercise.save()
    after_save = LibraryVersion.current()
    exercise.body_areas.clear()

    assert before != after_save != LibraryVersion.current()


def test_library_version_starts_afresh_when_its_row_is_gone():
    LibraryVersion.objects.all().delete()

    token = LibraryVersion.current()

    assert token != "initial"
    assert LibraryVersion.current() == token


def test_equipment_icon_path_points_into_static_img():
    kit = EquipmentFactory(icon="equipment-wall.svg")
    bare = EquipmentFactory(icon="")

    assert kit.icon_path == "img/equipment-wall.svg"
    assert bare.icon_path == ""
