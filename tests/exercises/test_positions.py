"""Every exercise in the library says where it starts (migration 0005_exercise_positions)."""

import pytest

from exercises.models import Exercise

pytestmark = pytest.mark.django_db


def test_every_seeded_exercise_has_a_starting_position():
    positions = dict(Exercise.objects.values_list("slug", "position"))
    assert len(positions) == 23
    assert "" not in positions.values()
    assert set(positions.values()) == set(Exercise.Position.values)


@pytest.mark.parametrize(
    ("slug", "position"),
    [
        ("calf-stretch-wall", "wall"),
        ("childs-pose", "kneeling"),
        ("seated-figure-4-stretch", "chair"),
        ("quad-stretch", "standing"),
        ("banded-hamstring-stretch", "floor"),
    ],
)
def test_positions_follow_the_seeds_descriptions(slug, position):
    assert Exercise.objects.get(slug=slug).position == position


def test_the_exercise_page_shows_the_starting_position_at_a_glance(client):
    wall = client.get(Exercise.objects.get(slug="calf-stretch-wall").get_absolute_url())
    glance = wall.content.decode().split("At a glance")[1]
    assert "<dt>Starting position</dt><dd>At a wall</dd>" in glance


def test_an_exercise_without_a_position_has_no_starting_position_fact(client):
    exercise = Exercise.objects.get(slug="childs-pose")
    exercise.position = ""
    exercise.save()
    assert "Starting position" not in client.get(exercise.get_absolute_url()).content.decode()
