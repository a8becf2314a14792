"""Routines as everyone sees them, cached per library version (see config.cache).

The Today page needs each followed routine's phases (for the progression rules) and the
guided player's plan of each phase. Both change only when staff edit the library, so they
are cached under the LibraryVersion token, which every such edit moves on
(routines.signals); only the person's own enrolments and activity are read per request.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache

from config.cache import CACHE_SECONDS, cached, library_version
from exercises.models import NO_EQUIPMENT, Exercise
from routines.models import Routine, RoutineItem
from routines.player import PlanItem, build_plan
from routines.recommend import Library, Move, Programme, with_dose


@dataclass(frozen=True)
class PlayerPlan:
    routine: Routine
    """With its next routine and its phases (no items) already fetched."""
    phase_plans: dict[int, dict]
    """The guided player's plan (routines.player.build_plan) of each phase, by phase id,
    with the default get-ready."""
    phase_items: dict[int, list[PlanItem]]
    """Each phase's items with their how-to, to build a person's own plan from."""


def player_plans(routine_ids: Iterable[int], version: str | None = None) -> dict[int, PlayerPlan]:
    """Each routine's plan by id: one query for the token (none inside a page build or when
    the caller has read it: `version`), four more for any not cached.

    Only programmes' plans are cached: a person's own routine changes with their
    data_version, not the library's (routines.signals), and is only read when one of that
    person's own pages is built.
    """
    ids = set(routine_ids)
    if not ids:
        return {}
    version = version or library_version()
    keys = {pk: f"routines:{version}:plan:{pk}" for pk in ids}
    found = cache.get_many(keys.values())
    plans = {pk: found[key] for pk, key in keys.items() if key in found}
    if missing := ids - plans.keys():
        built = _build(missing)
        programmes = {keys[pk]: plan for pk, plan in built.items() if not plan.routine.is_own}
        cache.set_many(programmes, CACHE_SECONDS)
        plans.update(built)
    return plans


def _build(routine_ids: set[int]) -> dict[int, PlayerPlan]:
    routines = (
        Routine.objects.filter(pk__in=routine_ids)
        .select_related("next_routine", "assigned_by")
        .prefetch_related("phases")
    )
    items = defaultdict(list)
    for item in (
        RoutineItem.objects.filter(phase__routine__in=routine_ids)
        .select_related("exercise")
        .prefetch_related("exercise__steps")
        .order_by("order")
    ):
        items[item.phase_id].append(item.plan_item_with_howto())
    return {
        routine.pk: PlayerPlan(
            routine,
            {phase.pk: build_plan(items[phase.pk]) for phase in routine.phase_list},
            {phase.pk: items[phase.pk] for phase in routine.phase_list},
        )
        for routine in routines
    }


def recommend_library(version: str | None = None) -> Library:
    """The library and the programmes' first phases as routines.recommend reads them,
    cached per library version: one query for the token (none with `version` or inside a
    page build), seven more
    when it isn't cached."""
    version = version or library_version()
    return cached(f"routines:{version}:recommend", _build_library)


def _move(exercise: Exercise) -> Move:
    return Move(
        slug=exercise.slug,
        name=exercise.name,
        kind=exercise.kind,
        level=exercise.level,
        dose=exercise.dose,
        areas=frozenset(area.slug for area in exercise.body_areas.all()),
        conditions=frozenset(condition.slug for condition in exercise.conditions.all()),
        equipment=frozenset(
            kit.slug for kit in exercise.equipment.all() if kit.slug != NO_EQUIPMENT
        ),
        position=exercise.position,
        order=exercise.order,
    )


def _build_library() -> Library:
    moves = {
        e.pk: _move(e)
        for e in Exercise.objects.prefetch_related("body_areas", "equipment", "conditions")
    }
    programmes = []
    for routine in Routine.objects.programmes().prefetch_related("phases__items"):
        phases = routine.phase_list
        items = phases[0].items.all() if phases else []
        plan = tuple(with_dose(moves[item.exercise_id], item.dose) for item in items)
        programmes.append(Programme(routine.slug, routine.name, plan, routine.order))
    return Library(tuple(sorted(moves.values(), key=lambda m: m.order)), tuple(programmes))
