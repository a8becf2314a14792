"""The library the data migration loads, checked against the seeds' facts."""

import pytest

from exercises import library_data
from exercises.models import LEVEL_MEANINGS, Exercise, Source
from routines.models import Phase, Routine

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
        (
            "childs-pose",
            {"seconds_min": 20, "seconds_max": 30},
            "20–30 s · as many times as you like",
        ),
        ("roll-inner-thigh", {"sets": 3, "seconds_min": 15, "per_side": True}, None),
        ("roll-adductors", {"sets": 3, "seconds_min": 15, "per_side": True}, None),
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


def test_child_pose_can_be_repeated_as_many_times_as_you_like():
    child = Exercise.objects.get(slug="childs-pose")

    assert child.repeat_freely
    assert child.dose.repeat_freely
    assert "as many times as you like" in child.dose_note


def test_undosed_moves_say_their_dose_is_our_suggestion_and_which_rule_it_follows():
    undosed = CONTRACT_SLUGS["002_1010ecec4874739b"] | {"banded-hamstring-stretch"}

    for exercise in Exercise.objects.filter(slug__in=undosed):
        assert exercise.dose_note.startswith("Our suggestion:"), exercise.slug
        assert "gives no time" in exercise.dose_note, exercise.slug
        assert "article's rule" in exercise.dose_note or "borrows" in exercise.dose_note


def test_only_limbers_own_doses_are_labelled_our_suggestion():
    undosed = CONTRACT_SLUGS["002_1010ecec4874739b"] | {
        "banded-hamstring-stretch",
        "seated-figure-4-stretch",  # how the three positions share the rounds
    }
    labelled = {e.slug for e in Exercise.objects.all() if e.dose_note.startswith("Our suggestion:")}

    assert labelled == undosed


def test_the_adductor_and_inner_thigh_rolls_follow_the_same_small_muscle_rule():
    inner, adductors = (
        Exercise.objects.get(slug=slug) for slug in ["roll-inner-thigh", "roll-adductors"]
    )

    assert inner.dose == adductors.dose
    assert inner.dose_text == "3 × 15 s · each side"
    for exercise in (inner, adductors):
        assert "15 s a round on the smaller muscles" in exercise.dose_note, exercise.slug
    assert "inner thigh" in adductors.dose_note


def test_big_and_small_rolls_name_the_rule_they_follow():
    for exercise in Exercise.objects.filter(kind="roll", source__key="000_7bf06e8c076ec22f"):
        rule = "30 s a round on big muscles" if exercise.seconds_min == 30 else "15 s a round"
        assert rule in exercise.dose_note, exercise.slug


def test_dynamic_stretches_rock_rather_than_hold():
    for slug in ["psoas-lunge-stretch", "frog-stretch"]:
        exercise = Exercise.objects.get(slug=slug)
        assert exercise.style == Exercise.Style.DYNAMIC
        assert "rock" in exercise.dose_note.lower()


def test_advanced_moves_are_seed_000s_plus_the_pigeon_and_the_lacrosse_release():
    advanced = set(Exercise.objects.filter(level="advanced").values_list("slug", flat=True))

    assert advanced == {
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
        "pigeon-stretch",  # "for some, this is going to be a challenge"
        "lacrosse-ball-hamstring-release",  # only once warmed up and rolled
    }


def test_each_advanced_move_says_what_it_asks_for_first():
    for exercise in Exercise.objects.filter(level="advanced"):
        text = exercise.cautions.lower()
        assert "a week or two" in text or "challenge" in text or "warmed up" in text, exercise


def test_a_level_has_a_meaning():
    assert set(LEVEL_MEANINGS) == set(Exercise.Level.values)
    assert Exercise.objects.get(slug="pigeon-stretch").level_meaning == LEVEL_MEANINGS["advanced"]


@pytest.mark.parametrize(
    ("slug", "phrase"),
    [
        ("lacrosse-ball-hamstring-release", "only once the hamstrings"),
        ("lacrosse-ball-hamstring-release", "an inch"),
        ("ball-release-thigh-hip", "2 and 4 o'clock"),
        ("roll-hamstrings", "backs of your knees"),
        ("hamstring-stretch", "never stretch in pain"),
        ("roll-hamstrings-glutes", "backs of your knees"),
        ("roll-it-band", "2 and 4 o'clock"),
        ("ball-release-thigh-hip", "don't use rolling on its own"),
    ],
)
def test_safety_cautions_are_present(slug, phrase):
    exercise = Exercise.objects.get(slug=slug)

    assert phrase in exercise.cautions.lower()


def test_both_hamstring_rolls_keep_off_the_backs_of_the_knees():
    for slug in ["roll-hamstrings-glutes", "roll-hamstrings"]:
        exercise = Exercise.objects.prefetch_related("steps").get(slug=slug)
        assert exercise.caution_list[0] == "Keep the roller off the backs of your knees."
        advice = [exercise.tips, exercise.progressions, *(s.text for s in exercise.steps.all())]
        assert not any("under the knees" in text for text in advice), slug


def test_the_under_the_knee_option_survives_only_as_an_attributed_note():
    [note] = [
        c
        for c in Exercise.objects.get(slug="roll-hamstrings-glutes").caution_list
        if "every other pass" in c
    ]

    assert note.startswith("This article suggests")
    assert "the hamstring article says to avoid the backs of the knees" in note
    assert "safer advice" in note


def test_the_it_band_roll_applies_the_two_and_four_oclock_rule_plainly():
    exercise = Exercise.objects.prefetch_related("steps").get(slug="roll-it-band")

    assert "too painful" not in exercise.cautions
    assert any("never right on it" in s.text for s in exercise.steps.all())
    assert "myofascial-release article" in exercise.cautions


def test_the_ball_release_works_the_front_and_back_of_the_thigh_not_its_side():
    exercise = Exercise.objects.prefetch_related("steps").get(slug="ball-release-thigh-hip")
    steps = " ".join(s.text for s in exercise.steps.all())

    assert "front and the back of the thigh" in steps
    assert "the side of the thigh, then" not in steps
    assert "never right on it" in steps


def test_no_library_text_weakens_never_stretch_in_pain():
    for exercise in Exercise.objects.all():
        text = " ".join([exercise.cautions, exercise.tips, exercise.dose_note]).lower()
        assert "into pain" not in text and "sharp pain" not in text, exercise.slug


@pytest.mark.parametrize(
    ("slug", "field", "attribution"),
    [
        ("roll-hamstrings", "tips", "The article says hamstrings"),
        ("roll-quads", "tips", "The article suggests tight quads"),
        ("psoas-lunge-stretch", "tips", "probably the main cause"),
        ("roll-adductors", "tips", "The article says long sitting"),
        ("seated-figure-4-stretch", "tips", "The article says sitting"),
        ("kneeling-hip-flexor-stretch", "summary", "the article"),
        ("childs-pose", "summary", "the article says"),
    ],
)
def test_causal_claims_are_attributed_to_their_article(slug, field, attribution):
    assert attribution in getattr(Exercise.objects.get(slug=slug), field)


def test_the_ball_release_also_works_with_a_foam_roller_and_a_wall():
    exercise = Exercise.objects.get(slug="ball-release-thigh-hip")

    assert [kit.slug for kit in exercise.equipment.all()] == ["ball"]
    assert {kit.slug for kit in exercise.also_works_with.all()} == {"foam-roller", "wall"}
    assert Exercise.objects.filter_by(equipment="foam-roller").filter(pk=exercise.pk).exists()
    assert Exercise.objects.needing_only(["ball"]).filter(pk=exercise.pk).exists()


def test_figure_4_gives_each_of_its_three_rounds_to_one_position():
    exercise = Exercise.objects.get(slug="seated-figure-4-stretch")

    assert exercise.sets == 3
    assert [label.split(":")[0] for label in exercise.round_label_list] == [
        "Position 1",
        "Position 2",
        "Position 3",
    ]
    assert "each of the 3 rounds is one position" in exercise.dose_note


def test_the_lacrosse_release_is_labelled_with_what_you_do():
    exercise = Exercise.objects.get(slug="lacrosse-ball-hamstring-release")

    assert exercise.round_label_list == [
        "Straighten and relax the knee 4–5 times, then move the ball 2–3 inches down"
    ]


def test_sources_carry_the_articles_own_titles():
    titles = dict(Source.objects.values_list("key", "title"))

    assert titles == {
        "000_7bf06e8c076ec22f": (
            "Foam rolling the legs and hips for a sore back (untitled article)"
        ),
        "001_5e624d90eb70cfcc": "Legs, Hip & Low Back Stretches",
        "002_1010ecec4874739b": "5 Recovery Exercise To Release Lower Back Tension",
        "003_f9dbb46e17abd0e1": "Myofascial Release for Lower Body",
        "004_daefc3cec65377ea": "Lower Back or Knee Pain? Try This",
    }


def test_the_data_migration_is_idempotent():
    from django.apps import apps

    before = list(Exercise.objects.values().order_by("slug"))

    library_data.load_library(apps)

    assert list(Exercise.objects.values().order_by("slug")) == before
    assert Exercise.objects.count() == len(library_data.EXERCISES)


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


# Round two: what the last round left ------------------------------------------------------

UNDOSED = {
    "roll-adductors",
    "roll-quads",
    "roll-piriformis",
    "psoas-lunge-stretch",
    "frog-stretch",
    "banded-hamstring-stretch",
}


def test_exactly_the_doses_the_articles_do_not_give_are_marked_ours():
    ours = set(Exercise.objects.filter(dose_suggested=True).values_list("slug", flat=True))

    assert ours == UNDOSED
    # The figure-4's dose is the article's; only how its positions share the rounds is ours.
    assert not Exercise.objects.get(slug="seated-figure-4-stretch").dose_suggested


def test_the_piriformis_note_does_not_credit_the_foam_roller_article_with_it():
    note = Exercise.objects.get(slug="roll-piriformis").dose_note

    assert "such as the piriformis" not in note
    assert "That article doesn't mention the piriformis" in note
    assert "our reading" in note


def test_the_hamstring_stretch_starts_on_the_floor_with_the_step_as_the_option():
    exercise = Exercise.objects.prefetch_related("steps", "also_works_with").get(
        slug="hamstring-stretch"
    )

    assert exercise.position == Exercise.Position.FLOOR
    assert exercise.steps.all()[0].text.startswith("Sit on the floor")
    assert "Instead of the floor" in exercise.variations
    assert [kit.slug for kit in exercise.also_works_with.all()] == ["chair"]


def test_the_lacrosse_release_needs_a_seat_high_enough_for_the_foot_to_hang(client):
    exercise = Exercise.objects.get(slug="lacrosse-ball-hamstring-release")

    assert exercise.position == "high-seat"
    assert exercise.get_position_display() == "On a high seat, feet off the floor"
    assert [kit.slug for kit in exercise.equipment.all()] == ["ball", "high-seat"]
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "High seat (feet off the floor)" in page
    assert "<dd>On a chair</dd>" not in page


def test_the_lacrosse_release_stops_above_the_back_of_the_knee():
    exercise = Exercise.objects.prefetch_related("steps").get(
        slug="lacrosse-ball-hamstring-release"
    )
    last = list(exercise.steps.all())[-1].text

    assert last.startswith("Work down the thigh, stopping above the back of the knee")
    assert any("above the back of the knee" in c for c in exercise.caution_list)


@pytest.mark.parametrize(
    ("slug", "kit", "name"),
    [
        ("seated-figure-4-stretch", "band", "Band or towel"),
        ("childs-pose", "pillow", "Pillow"),
    ],
)
def test_optional_kit_named_in_the_text_is_listed_as_also_works_with(client, slug, kit, name):
    exercise = Exercise.objects.get(slug=slug)

    assert kit in {k.slug for k in exercise.also_works_with.all()}
    page = client.get(exercise.get_absolute_url()).content.decode()
    also = page.split("<dt>Also works with</dt>")[1].split("</dd>")[0]
    assert name in also


def test_the_two_inner_thigh_rolls_say_why_their_levels_differ(client):
    adductors = Exercise.objects.get(slug="roll-adductors")
    inner = Exercise.objects.get(slug="roll-inner-thigh")

    assert (adductors.level, inner.level) == ("basic", "advanced")
    page = client.get(adductors.get_absolute_url()).content.decode()
    assert "Basic here, advanced in the foam-roller article" in page
    page = client.get(inner.get_absolute_url()).content.decode()
    assert "adductor roll works the same muscles and is graded basic there" in page


def test_every_loaded_text_fits_its_column_as_postgresql_requires():
    # SQLite ignores a CharField's max_length; PostgreSQL refuses the row (and the migration).
    from django.apps import apps
    from django.db import models

    too_long = []
    for model in [*apps.get_app_config("exercises").get_models(), Routine, Phase]:
        fields = [f for f in model._meta.fields if isinstance(f, models.CharField) and f.max_length]
        for row in model.objects.all():
            too_long += [
                f"{model.__name__} {row.pk}.{f.name}: {len(getattr(row, f.name))}"
                for f in fields
                if len(getattr(row, f.name) or "") > f.max_length
            ]
    assert too_long == []
