import re

import pytest
from django.urls import reverse

from exercises.models import BodyArea, Equipment, Exercise, LibraryVersion, Step
from tests.factories import (
    BodyAreaFactory,
    ConditionFactory,
    EquipmentFactory,
    ExerciseFactory,
    PhaseFactory,
    RoutineFactory,
    RoutineItemFactory,
    SourceFactory,
)
from tests.helpers import slugs_in

pytestmark = pytest.mark.django_db

LIST = reverse("exercises:list")


def count_text(response) -> str:
    match = re.search(r'id="result-count"[^>]*>([^<]*)<', response.content.decode())
    return match.group(1)


def test_list_shows_every_library_exercise_with_its_dose(client):
    response = client.get(LIST)

    assert response.status_code == 200
    assert len(slugs_in(response)) == Exercise.objects.count() == 23
    assert "3 × 30 s" in response.content.decode()
    assert count_text(response) == "All 23 exercises"


def test_area_and_kind_combine(client):
    response = client.get(LIST, {"area": "hamstrings", "kind": "roll"})

    assert set(slugs_in(response)) == {"roll-hamstrings-glutes", "roll-hamstrings"}
    assert count_text(response) == "2 exercises match your filters"


def test_equipment_filter_keeps_moves_that_use_it(client):
    response = client.get(LIST, {"equipment": "wall"})

    # The ball release is done against a wall by default (its "also works with" kit).
    assert slugs_in(response) == ["calf-stretch-wall", "ball-release-thigh-hip"]
    assert count_text(response) == "2 exercises match your filters"


def test_only_what_i_have_hides_moves_needing_anything_else(client):
    response = client.get(LIST, {"have": ["foam-roller"]})

    found = set(slugs_in(response))
    # Equipment-free moves always count as available.
    assert {"roll-calves", "roll-it-band", "pigeon-stretch", "side-lying-leg-raise"} <= found
    assert "calf-stretch-wall" not in found
    assert "lacrosse-ball-hamstring-release" not in found
    assert "banded-hamstring-stretch" not in found
    for exercise in Exercise.objects.filter(slug__in=found).prefetch_related("equipment"):
        assert {kit.slug for kit in exercise.equipment.all()} <= {"foam-roller", "none"}


def test_only_what_i_have_needs_every_piece(client):
    ball_only = set(slugs_in(client.get(LIST, {"have": ["ball"]})))
    ball_and_chair = set(slugs_in(client.get(LIST, {"have": ["ball", "chair"]})))
    ball_and_high_seat = set(slugs_in(client.get(LIST, {"have": ["ball", "high-seat"]})))

    assert "ball-release-thigh-hip" in ball_only
    assert "lacrosse-ball-hamstring-release" not in ball_only
    # Its article asks for a seat high enough for the foot to hang, not any chair.
    assert "lacrosse-ball-hamstring-release" not in ball_and_chair
    assert "lacrosse-ball-hamstring-release" in ball_and_high_seat


def test_condition_filter(client):
    response = client.get(LIST, {"condition": "bunions"})

    assert slugs_in(response) == ["calf-stretch-wall"]


def test_level_filter_lists_the_advanced_moves(client):
    response = client.get(LIST, {"level": "advanced"})

    assert set(slugs_in(response)) == {
        "roll-hip-flexors",
        "roll-inner-thigh",
        "roll-shins",
        "roll-it-band",
        "side-lying-leg-raise",
        "pigeon-stretch",
        "lacrosse-ball-hamstring-release",
    }


def test_list_and_detail_explain_what_a_level_means(client):
    listing = client.get(LIST).content.decode()
    detail = client.get(reverse("exercises:detail", args=["pigeon-stretch"])).content.decode()

    assert "Basic moves are a place to start." in listing
    assert "Advanced moves ask for something first" in listing
    assert "Advanced moves ask for something first" in detail


def test_detail_shows_also_works_with_and_helps_with_as_the_articles_claim(client):
    body = client.get(reverse("exercises:detail", args=["ball-release-thigh-hip"])).content.decode()

    glance = body[body.index("At a glance") :]
    assert "Also works with" in glance
    assert "Foam roller" in glance and "Wall" in glance
    assert "<dt>May help with</dt>" in glance
    assert "What the source article says it may help with" in glance
    assert "Helps with" not in body


def test_search_matches_step_text(client):
    exercise = ExerciseFactory(name="Plain name", steps=["Balance on a wobbleboard."])

    response = client.get(LIST, {"q": "WOBBLEBOARD"})

    assert slugs_in(response) == [exercise.slug]


def test_search_matches_name_and_summary(client):
    by_name = slugs_in(client.get(LIST, {"q": "pigeon"}))
    by_summary = slugs_in(client.get(LIST, {"q": "belly"}))

    assert by_name == ["pigeon-stretch"]
    assert "childs-pose" not in by_summary  # "belly" is only in a tip, not searched
    assert slugs_in(client.get(LIST, {"q": "resting yoga"})) == ["childs-pose"]


@pytest.mark.parametrize(
    "params",
    [
        {"area": "elbows"},
        {"level": "expert"},
        {"kind": "dance"},
        {"condition": "no-such-thing"},
        {"equipment": "trampoline"},
        {"have": ["rocket"]},
        {"q": "x" * 500},
    ],
)
def test_invalid_filter_values_are_ignored(client, params):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert len(slugs_in(response)) == 23
    assert "errorlist" not in response.content.decode()


def test_invalid_values_do_not_cancel_the_valid_ones(client):
    response = client.get(
        LIST, {"area": "calves", "level": "expert", "have": ["foam-roller", "rocket"]}
    )

    assert set(slugs_in(response)) == {"roll-calves", "hamstring-stretch"}


def test_empty_result_offers_to_clear_filters(client):
    response = client.get(LIST, {"area": "shins", "kind": "stretch"})

    body = response.content.decode()
    assert slugs_in(response) == []
    assert "No exercise matches" in body
    assert f'href="{LIST}">Clear filters' in body
    assert count_text(response) == "0 exercises match your filters"


def test_htmx_request_gets_only_the_results_fragment(client):
    params = {"area": "hamstrings", "kind": "roll"}
    full = client.get(LIST, params)
    fragment = client.get(LIST, params, headers={"HX-Request": "true"})

    body = fragment.content.decode()
    assert "<html" not in body
    assert "<form" not in body
    assert body.lstrip().startswith('<section id="results"')
    assert 'data-hx-swap-oob="innerHTML"' in body
    assert slugs_in(fragment) == slugs_in(full)
    assert "HX-Request" in fragment["Vary"]


def test_htmx_history_restore_gets_the_full_page(client):
    response = client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_no_js_page_has_a_plain_get_form_with_an_apply_button(client):
    response = client.get(LIST, {"area": "calves"})

    body = response.content.decode()
    assert '<form method="get" action="/exercises/"' in body
    assert '<button type="submit">Apply filters</button>' in body
    assert '<option value="calves" selected>' in body
    assert "<html" in body


def test_cards_show_equipment_icons_with_names(client):
    body = client.get(LIST, {"equipment": "wall"}).content.decode()

    assert 'aria-label="Wall"' in body
    assert "equipment-wall" in body


def test_detail_shows_dose_steps_cautions_and_links(client):
    response = client.get(reverse("exercises:detail", args=["lacrosse-ball-hamstring-release"]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "1 min · each side" in body
    assert body.count("<li>", body.index('class="steps"')) >= 5
    assert 'class="caution"' in body
    assert "?condition=knee-pain" in body
    assert "From: <cite>Lower Back or Knee Pain? Try This</cite>" in body
    assert "roll-hamstrings/" in body  # related: shares the hamstrings


def test_detail_lists_the_routines_that_use_it(client):
    exercise = Exercise.objects.get(slug="roll-calves")
    routine = RoutineFactory(name="Calf care")
    RoutineItemFactory(phase=PhaseFactory(routine=routine), exercise=exercise)
    RoutineItemFactory(phase=PhaseFactory(routine=routine), exercise=exercise)

    body = client.get(exercise.get_absolute_url()).content.decode()

    assert body.count("Calf care") == 1
    assert f"/routines/{routine.slug}/" in body


def test_unknown_slug_is_the_site_404_page(client):
    response = client.get(reverse("exercises:detail", args=["no-such-move"]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def _pad_library(count: int = 500) -> None:
    """Add ``count`` exercises, each with two areas, two pieces of kit, a condition and a step.

    Bulk-created (a few queries rather than thousands), so the version is moved on by hand.
    """
    areas = [BodyArea.objects.get(slug="hamstrings"), BodyAreaFactory()]
    kit = [Equipment.objects.get(slug="foam-roller"), EquipmentFactory()]
    conditions = [ConditionFactory()]
    source = SourceFactory()
    exercises = Exercise.objects.bulk_create(
        ExerciseFactory.build(source=source) for _ in range(count)
    )
    for field, rows in [("body_areas", areas), ("equipment", kit), ("conditions", conditions)]:
        through = getattr(Exercise, field).through
        column = f"{rows[0]._meta.model_name}_id"
        through.objects.bulk_create(
            through(exercise_id=exercise.pk, **{column: row.pk})
            for exercise in exercises
            for row in rows
        )
    Step.objects.bulk_create(Step(exercise=e, order=1, text="One.") for e in exercises)
    LibraryVersion.bump()


@pytest.mark.parametrize(
    "params",
    [{}, {"area": "hamstrings", "kind": "roll"}, {"have": ["foam-roller"], "level": "basic"}],
)
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, params):
    _pad_library()

    # Cold: library version, areas, equipment, conditions, exercises, the cards' equipment.
    with django_assert_num_queries(6):
        cold = client.get(LIST, params)
    # Warm: only the library version.
    with django_assert_num_queries(1):
        warm = client.get(LIST, params)
    assert len(slugs_in(cold)) >= 2
    assert slugs_in(warm) == slugs_in(cold)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "hamstring"},
        {"q": "back pain", "kind": "roll"},
        {"q": "hamstrng"},
        {"q": "pulled groin"},
    ],
)
def test_search_runs_a_fixed_number_of_queries(client, django_assert_num_queries, params):
    _pad_library()

    # Cold: the page's six, plus five to build the search index (exercises, their areas,
    # conditions, equipment and steps), once per library version.
    with django_assert_num_queries(11):
        cold = client.get(LIST, params)
    # Another search reuses the index: the page's six.
    with django_assert_num_queries(6):
        other = client.get(LIST, {"q": "calf"})
    with django_assert_num_queries(1):
        warm = client.get(LIST, params)
    assert len(slugs_in(cold)) >= 2
    assert slugs_in(other)[:2] == ["roll-calves", "calf-stretch-wall"]
    assert slugs_in(warm) == slugs_in(cold)


def test_a_search_that_finds_nothing_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    _pad_library()
    client.get(LIST, {"q": "calf"})  # builds the index

    # Version, areas, equipment, conditions, then the closest matches and their equipment.
    with django_assert_num_queries(6):
        response = client.get(LIST, {"q": "hamstrnggg"})
    assert "Did you mean" in response.content.decode()
    assert len(slugs_in(response)) == 4


def test_htmx_fragment_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    _pad_library()

    with django_assert_num_queries(6):
        client.get(LIST, {"area": "hamstrings"}, headers={"HX-Request": "true"})


def test_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    _pad_library()
    exercise = Exercise.objects.get(slug="roll-hamstrings")
    for _ in range(3):
        RoutineItemFactory(exercise=exercise)

    # Cold: version, exercise + source, areas, equipment, conditions, steps, related, routines.
    with django_assert_num_queries(9):
        cold = client.get(exercise.get_absolute_url())
    with django_assert_num_queries(1):
        warm = client.get(exercise.get_absolute_url())
    assert cold.content.decode().count("/routines/routine-") == 3
    assert warm.content.decode().count("/routines/routine-") == 3
    assert '<ol class="steps">' in warm.content.decode()


def test_editing_an_exercise_shows_on_cached_pages_at_once(client):
    exercise = Exercise.objects.get(slug="roll-calves")
    client.get(LIST)
    client.get(exercise.get_absolute_url())

    exercise.summary = "A freshly edited summary."
    exercise.save()

    assert "A freshly edited summary." in client.get(LIST).content.decode()
    assert "A freshly edited summary." in client.get(exercise.get_absolute_url()).content.decode()


def test_changing_links_or_steps_shows_on_cached_pages(client):
    exercise = Exercise.objects.get(slug="roll-calves")
    client.get(LIST, {"equipment": "wall"})
    client.get(exercise.get_absolute_url())

    exercise.equipment.add(Equipment.objects.get(slug="wall"))
    exercise.steps.create(order=9, text="Finish with a slow breath out.")

    assert "roll-calves" in slugs_in(client.get(LIST, {"equipment": "wall"}))
    assert "slow breath out" in client.get(exercise.get_absolute_url()).content.decode()


def test_a_new_routine_shows_on_a_cached_detail_page(client):
    exercise = Exercise.objects.get(slug="frog-stretch")
    client.get(exercise.get_absolute_url())

    RoutineItemFactory(exercise=exercise, phase=PhaseFactory(routine=RoutineFactory(name="Frogs")))

    assert "Frogs" in client.get(exercise.get_absolute_url()).content.decode()


def test_signed_in_pages_are_not_shared_between_people(client, alice, bob):
    client.force_login(alice)
    assert "alice@example.com" in client.get(LIST).content.decode()

    client.force_login(bob)
    body = client.get(LIST).content.decode()
    assert "bob@example.com" in body
    assert "alice@example.com" not in body


def test_admin_changelists_load_for_a_superuser(admin_client):
    for model in ["source", "bodyarea", "equipment", "condition", "exercise"]:
        response = admin_client.get(reverse(f"admin:exercises_{model}_changelist"))
        assert response.status_code == 200, model
    change = admin_client.get(
        reverse("admin:exercises_exercise_change", args=[Exercise.objects.first().pk])
    )
    assert change.status_code == 200
    assert "steps-TOTAL_FORMS" in change.content.decode()


def test_filters_summary_counts_the_active_filters(client):
    page = client.get(LIST, {"area": "calves", "kind": "roll", "level": "expert"})
    fragment = client.get(LIST, {"area": "calves"}, headers={"HX-Request": "true"})

    assert '<span id="active-filters" class="active-filters">(2 on)</span>' in page.content.decode()
    assert '<span id="active-filters" data-hx-swap-oob="innerHTML">(1 on)</span>' in (
        fragment.content.decode()
    )


def test_dose_block_breaks_down_rounds_and_sides_only_when_there_are_some(client):
    stretch = client.get(reverse("exercises:detail", args=["quad-stretch"])).content.decode()
    single = client.get(reverse("exercises:detail", args=["roll-hamstrings"])).content.decode()

    assert "<dt>Rounds</dt><dd>3</dd>" in stretch
    assert "20–30 s a round" in stretch
    assert "<dt>Sides</dt>" in stretch
    assert '<p class="dose dose-main">2 min</p>' in single
    assert "<dt>Rounds</dt>" not in single


def test_detail_shows_the_line_drawing_as_decoration(client):
    body = client.get(reverse("exercises:detail", args=["pigeon-stretch"])).content.decode()

    assert (
        '<img class="illustration" src="/static/img/exercise-pigeon-stretch.svg" alt=""'
        ' width="320" height="110">'  # its own size, so the page doesn't shift as it loads
    ) in body


def test_search_ranks_results_and_names_the_query(client):
    response = client.get(LIST, {"q": "calves"})

    assert slugs_in(response)[:2] == ["roll-calves", "calf-stretch-wall"]
    assert count_text(response) == "5 exercises match “calves”"


def test_search_combines_with_the_filters(client):
    response = client.get(LIST, {"q": "hamstring", "kind": "roll"})

    assert slugs_in(response) == ["roll-hamstrings-glutes", "roll-hamstrings"]
    assert count_text(response) == "2 exercises match “hamstring” and your filters"


def test_a_search_that_finds_nothing_offers_a_way_on(client):
    response = client.get(LIST, {"q": "hamstrnggg", "level": "basic"})

    body = response.content.decode()
    assert "Nothing in the library matches “hamstrnggg”." in body
    assert 'Did you mean <a href="?q=hamstring&amp;level=basic">hamstring</a>?' in body
    assert "Closest matches" in body
    assert set(slugs_in(response)) <= {
        "roll-hamstrings-glutes",
        "hamstring-stretch",
        "roll-hamstrings",
        "lacrosse-ball-hamstring-release",
        "banded-hamstring-stretch",
    }
    assert len(slugs_in(response)) == 4
    assert f'<a href="{LIST}?condition=sciatica">Sciatica</a>' in body
    assert f'<a href="{LIST}?condition=lower-back-pain">Lower-back pain</a>' in body


def test_gibberish_still_links_to_the_helps_with_filter(client):
    response = client.get(LIST, {"q": "zzzz"})

    body = response.content.decode()
    assert "Nothing in the library matches “zzzz”." in body
    assert "Did you mean" not in body
    assert body.count(f'<a href="{LIST}?condition=') == 16


def test_a_search_emptied_by_filters_offers_the_whole_library(client):
    response = client.get(LIST, {"q": "calf", "kind": "strengthen"})

    body = response.content.decode()
    assert slugs_in(response) == []
    assert "No exercise matches all of these filters." in body
    assert f'<a href="{LIST}?q=calf">Search the whole library for “calf”</a>' in body


def test_a_query_of_stop_words_lists_everything(client):
    response = client.get(LIST, {"q": "for my"})

    assert len(slugs_in(response)) == 23


def test_htmx_search_fragment_is_ranked_and_updates_the_count(client):
    fragment = client.get(LIST, {"q": "itb"}, headers={"HX-Request": "true"})

    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert slugs_in(fragment) == ["roll-it-band", "side-lying-leg-raise"]
    assert '<p id="result-count" data-hx-swap-oob="innerHTML">2 exercises match “itb”</p>' in body


def test_the_search_box_sits_outside_the_filters_panel(client):
    body = client.get(LIST, {"q": "calf"}).content.decode()

    search_box = body.index('<input type="search" name="q" id="id_q" value="calf"')
    assert search_box < body.index('<details class="filters">')
    assert body.index('<details class="filters">') < body.index('id="id_area"')
    assert search_box > body.index('<form method="get" action="/exercises/"')


def test_search_does_not_count_as_an_active_filter(client):
    body = client.get(LIST, {"q": "calf", "area": "calves"}).content.decode()

    assert '<span id="active-filters" class="active-filters">(1 on)</span>' in body


def test_an_alias_edited_in_the_admin_is_searchable_at_once(admin_client):
    assert slugs_in(admin_client.get(LIST, {"q": "gastrocs"})) == []
    calves = BodyArea.objects.get(slug="calves")

    response = admin_client.post(
        reverse("admin:exercises_bodyarea_change", args=[calves.pk]),
        {"slug": "calves", "name": "Calves", "aliases": "gastrocs, calf muscle", "order": 3},
    )

    assert response.status_code == 302
    found = slugs_in(admin_client.get(LIST, {"q": "gastrocs"}))
    assert {"roll-calves", "calf-stretch-wall"} <= set(found)


INJURY_CAUTION = '<div class="caution injury-caution" role="note" aria-labelledby="injury-heading">'


def test_a_search_for_a_fresh_injury_leads_with_a_caution(client):
    response = client.get(LIST, {"q": "pulled groin"})

    body = response.content.decode()
    results = body[body.index('<section id="results"') :]
    assert results.index(INJURY_CAUTION) < results.index('<li class="card exercise-card">')
    start = results.index(INJURY_CAUTION)
    caution = results[start : results.index("</div>", start)]
    assert "rest" in caution and "doctor or physiotherapist" in caution
    assert "general guidance, not medical advice" in caution
    assert '<a href="/red-flags/">' in caution
    assert "Moves that work this part of the body, not a treatment for an injury" in results
    # "pulled" doesn't narrow the search: the moves are those for the groin.
    assert slugs_in(response) == slugs_in(client.get(LIST, {"q": "groin"}))
    assert count_text(response) == f"{len(slugs_in(response))} exercises match “pulled groin”"


def test_a_search_without_an_injury_has_no_caution(client):
    body = client.get(LIST, {"q": "groin"}).content.decode()

    assert "injury-caution" not in body
    assert "not a treatment" not in body


def test_the_htmx_fragment_carries_the_injury_caution(client):
    fragment = client.get(LIST, {"q": "torn calf"}, headers={"HX-Request": "true"})

    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert body.index(INJURY_CAUTION) < body.index('<li class="card exercise-card">')
    assert slugs_in(fragment)[:2] == ["roll-calves", "calf-stretch-wall"]


def test_an_injury_alone_shows_the_caution_and_asks_where_not_the_whole_library(
    client, django_assert_num_queries
):
    _pad_library()

    # Version, areas, equipment, conditions, and the index's five; no exercises to list.
    with django_assert_num_queries(9):
        response = client.get(LIST, {"q": "sprain"})

    body = response.content.decode()
    assert INJURY_CAUTION in body
    assert "Add where it is (say “calf” or “groin”)" in body
    assert slugs_in(response) == []
    assert count_text(response) == "0 exercises match “sprain”"


def test_an_injury_search_emptied_by_filters_says_so(client):
    response = client.get(LIST, {"q": "torn calf", "kind": "strengthen"})

    body = response.content.decode()
    assert INJURY_CAUTION in body
    assert "No exercise matches all of these filters." in body
    assert "Add where it is" not in body


def test_search_results_say_briefly_why_they_matched(client):
    html = client.get(LIST, {"q": "back of the thigh"}).content.decode()
    assert '<p class="match-reason">Matched: body area Hamstrings</p>' in html
    by_name = client.get(LIST, {"q": "pigeon"}).content.decode()
    assert "Matched:" not in by_name  # the name on the card says it
    assert "Matched:" not in client.get(LIST).content.decode()  # no search, no reasons
