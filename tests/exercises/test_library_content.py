"""The library the data migration loads, checked against the seeds' facts."""

import pytest

from exercises import library_data
from exercises.models import Exercise

pytestmark = pytest.mark.django_db

CONTRACT_SLUGS = {
    "000_7bf06e8c076ec22f": {
        "roll-hamstrings-glutes",
        "roll-calves",
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
    },
    "001_5e624d90eb70cfcc": {
        "kneeling-hip-flexor-stretch",
        "quad-stretch",
        "hamstring-stretch",
        "calf-stretch-wall",
        "seated-figure-4-stretch",
        "pigeon-stretch",
        "childs-pose",
    },
    "002_1010ecec4874739b": {
        "roll-adductors",
        "roll-quads",
        "roll-piriformis",
        "psoas-lunge-stretch",
        "frog-stretch",
    },
    "003_f9dbb46e17abd0e1": {"ball-release-thigh-hip"},
    "004_daefc3cec65377ea": {
        "roll-hamstrings",
        "lacrosse-ball-hamstring-release",
        "banded-hamstring-stretch",
    },
}


def dose_of(slug: str) -> dict:
    exercise = Exercise.objects.get(slug=slug)
    return {
        "sets": exercise.sets,
        "seconds_min": exercise.seconds_min,
        "seconds_max": exercise.seconds_max,
        "reps": exercise.reps,
        "per_side": exercise.per_side,
        "at_least": exercise.at_least,
    }


def test_exactly_the_contract_slugs_exist_each_from_its_seed():
    found = {}
    for exercise in Exercise.objects.select_related("source"):
        found.setdefault(exercise.source.key, set()).add(exercise.slug)

    assert found == CONTRACT_SLUGS


def test_every_exercise_has_steps_a_dose_a_source_and_an_area():
    exercises = Exercise.objects.prefetch_related("steps", "body_areas", "equipment")

    for exercise in exercises:
        assert exercise.steps.all(), exercise.slug
        assert exercise.seconds_min or exercise.reps, exercise.slug
        assert exercise.dose_text, exercise.slug
        assert exercise.source_id, exercise.slug
        assert exercise.summary and len(exercise.summary) <= 200, exercise.slug
        assert exercise.body_areas.all(), exercise.slug
        assert exercise.equipment.all(), exercise.slug


def test_steps_are_numbered_from_one_without_gaps():
    for exercise in Exercise.objects.prefetch_related("steps"):
        orders = [step.order for step in exercise.steps.all()]
        assert orders == list(range(1, len(orders) + 1)), exercise.slug


def test_no_exercise_stores_time_as_reps():
    for exercise in Exercise.objects.all():
        if exercise.reps:
            assert exercise.style == Exercise.Style.REPS, exercise.slug
            assert exercise.seconds_min is None, exercise.slug
        if exercise.style == Exercise.Style.REPS:
            assert exercise.reps, exercise.slug


@pytest.mark.parametrize(
    ("slug", "expected", "text"),
    [
        ("roll-calves", {"sets": 3, "seconds_min": 30}, "3 × 30 s"),
        ("roll-hamstrings-glutes", {"sets": 3, "seconds_min": 30}, "3 × 30 s"),
        ("roll-hip-flexors", {"sets": 3, "seconds_min": 15, "per_side": True}, None),
        ("roll-shins", {"sets": 3, "seconds_min": 15}, "3 × 15 s"),
        ("roll-hamstrings", {"sets": 1, "seconds_min": 120}, "2 min"),
        (
            "lacrosse-ball-hamstring-release",
            {"sets": 1, "seconds_min": 60, "per_side": True},
            "1 min · each side",
        ),
        (
            "kneeling-hip-flexor-stretch",
            {"sets": 3, "seconds_min": 20, "seconds_max": 30, "per_side": True},
            "3 × 20–30 s · each side",
        ),
        ("childs-pose", {"seconds_min": 20, "seconds_max": 30}, "20–30 s"),
        ("side-lying-leg-raise", {"reps": 10, "per_side": True}, "10 reps · each side"),
        ("ball-release-thigh-hip", {"seconds_min": 60, "at_least": True}, "at least 1 min"),
    ],
)
def test_doses_match_the_seeds(slug, expected, text):
    blank = {
        "sets": None,
        "seconds_min": None,
        "seconds_max": None,
        "reps": None,
        "per_side": False,
        "at_least": False,
    }

    assert dose_of(slug) == blank | expected
    if text:
        assert Exercise.objects.get(slug=slug).dose_text == text


def test_seed_001_stretches_hold_20_to_30_seconds_three_times_per_side():
    stretches = CONTRACT_SLUGS["001_5e624d90eb70cfcc"] - {"childs-pose"}

    for slug in stretches:
        assert dose_of(slug) | {"reps": None} == {
            "sets": 3,
            "seconds_min": 20,
            "seconds_max": 30,
            "reps": None,
            "per_side": True,
            "at_least": False,
        }, slug


def test_child_pose_can_be_repeated_as_often_as_you_like():
    assert "as often as you like" in Exercise.objects.get(slug="childs-pose").dose_note


def test_undosed_moves_say_which_rule_they_follow():
    undosed = CONTRACT_SLUGS["002_1010ecec4874739b"] | {"banded-hamstring-stretch"}

    for exercise in Exercise.objects.filter(slug__in=undosed):
        assert "gives no time" in exercise.dose_note, exercise.slug


def test_dynamic_stretches_rock_rather_than_hold():
    for slug in ["psoas-lunge-stretch", "frog-stretch"]:
        exercise = Exercise.objects.get(slug=slug)
        assert exercise.style == Exercise.Style.DYNAMIC
        assert "rock" in exercise.dose_note.lower()


def test_the_seed_000_advanced_moves_are_advanced_and_the_rest_basic():
    advanced = set(Exercise.objects.filter(level="advanced").values_list("slug", flat=True))

    assert advanced == {
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
    }


@pytest.mark.parametrize(
    ("slug", "phrase"),
    [
        ("lacrosse-ball-hamstring-release", "only once the hamstrings"),
        ("lacrosse-ball-hamstring-release", "an inch"),
        ("ball-release-thigh-hip", "2 and 4 o'clock"),
        ("roll-hamstrings", "backs of your knees"),
        ("hamstring-stretch", "never stretch into pain"),
    ],
)
def test_safety_cautions_are_present(slug, phrase):
    exercise = Exercise.objects.get(slug=slug)

    assert phrase in exercise.cautions.lower()


def test_ball_release_lists_the_four_common_mistakes():
    assert len(Exercise.objects.get(slug="ball-release-thigh-hip").mistake_list) == 4


def test_figure_4_has_its_three_positions():
    exercise = Exercise.objects.prefetch_related("steps").get(slug="seated-figure-4-stretch")

    positions = [s.text for s in exercise.steps.all() if s.text.startswith("Position ")]
    assert len(positions) == 3


def test_conditions_come_from_the_seed_lists():
    calf = Exercise.objects.get(slug="calf-stretch-wall")
    child = Exercise.objects.get(slug="childs-pose")

    assert {c.slug for c in calf.conditions.all()} == {
        "knee-pain",
        "ankle-pain",
        "plantar-fasciitis",
        "heel-pain",
        "lower-back-pain",
        "gait-issues",
        "bunions",
    }
    assert "stress-anxiety" in {c.slug for c in child.conditions.all()}


def test_every_equipment_has_an_icon_file():
    from django.conf import settings

    static = settings.BASE_DIR / "static" / "img"
    for _slug, _name, icon in library_data.EQUIPMENT:
        svg = (static / icon).read_text()
        assert 'id="i"' in svg and "currentColor" in svg, icon


def test_every_exercise_has_a_line_drawing_that_follows_the_text_colour():
    from django.conf import settings

    static = settings.BASE_DIR / "static" / "img"
    for exercise in Exercise.objects.all():
        svg = (static / exercise.illustration).read_text()
        assert 'stroke="currentColor"' in svg, exercise.slug
        assert "prefers-color-scheme: dark" in svg, exercise.slug
