import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.cache import cached_page, query_key
from config.http import HtmxHttpRequest
from exercises import search
from exercises.cache import cached_in_process
from exercises.forms import ExerciseFilterForm
from exercises.models import BodyArea, Condition, Equipment, Exercise, ExerciseQuerySet

RELATED_LIMIT = 4


@require_GET
@vary_on_headers("HX-Request")
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    # A history restore after a cache miss needs the whole page, not the fragment.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    part = "results" if fragment else "library"
    name = f"exercises:list:{part}:{query_key(list(request.GET.lists()))}"
    template = f"exercises/list.html#{part}"
    page = cached_page(request, name, template, lambda: _library(request, part), per_person=False)
    if fragment:
        return HttpResponse(page.html)
    return render(request, "exercises/list.html", {"library": page.html})


def _library(request: HtmxHttpRequest, part: str) -> dict:
    form = ExerciseFilterForm(
        request.GET or None,
        areas=list(BodyArea.objects.all()),
        equipment=list(Equipment.objects.all()),
        conditions=list(Condition.objects.all()),
    )
    filters = form.filters
    q = filters.pop("q", "")
    exercises = Exercise.objects.filter_by(**filters).prefetch_related("equipment")
    injuries = search.injury_terms_in(q)
    context = {
        "form": form,
        "q": q,
        "query": request.GET,
        "fragment": part == "results",
        "injuries": injuries,
    }
    hits = search.ranked_hits(_search_index(), q) if q else None
    if hits is None and injuries:
        # "Sprain" alone names no part of the body: no moves, only the caution.
        context.update(exercises=[], injury_only=True)
    elif hits is None:
        context["exercises"] = list(exercises)
    else:
        context["exercises"] = _in_order(exercises, [hit.pk for hit in hits])
        reasons = {hit.pk: hit.reason for hit in hits}
        for exercise in context["exercises"]:
            exercise.match_reason = reasons[exercise.pk]
        if not hits:
            context.update(_nearby(q))
    return context


def _search_index() -> search.Index:
    documents = Exercise.objects.search_documents
    return cached_in_process("search-index", lambda: search.build_index(documents()))


def _in_order(exercises: ExerciseQuerySet, pks: list[int]) -> list[Exercise]:
    """The exercises among ``pks``, in that order."""
    position = {pk: i for i, pk in enumerate(pks)}
    return sorted(exercises.filter(pk__in=pks), key=lambda exercise: position[exercise.pk])


def _nearby(q: str) -> dict:
    """What to offer when nothing matches: a corrected query and the closest moves."""
    index = _search_index()
    closest = search.closest(index, q)
    return {
        "no_match": True,
        "suggestion": search.suggest(index, q),
        "closest": _in_order(Exercise.objects.prefetch_related("equipment"), closest),
    }


@require_GET
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    page = cached_page(
        request,
        f"exercises:detail:{slug}",
        "exercises/detail.html#article",
        lambda: _exercise_page(slug),
        per_person=False,
        head=_exercise_head,
    )
    return render(request, "exercises/detail.html", {**page.head, "article": page.html})


def _exercise_page(slug: str) -> dict:
    exercise = _get_exercise(slug)
    return {
        "exercise": exercise,
        "illustration_size": _svg_size(exercise.illustration),
        "steps": exercise.steps.all(),
        "related": list(Exercise.objects.related_to(exercise)[:RELATED_LIMIT]),
    }


def _exercise_head(context: dict) -> dict[str, str]:
    exercise = context["exercise"]
    return {"title": exercise.name, "description": exercise.summary}


@cache
def _svg_size(name: str) -> tuple[str, str] | None:
    """An illustration's own width and height, so the page keeps its room before it loads."""
    path = finders.find(f"img/{name}") if name else None
    if not path:
        return None
    match = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', Path(path).read_text())
    return (match[1], match[2]) if match else None


def _get_exercise(slug: str) -> Exercise:
    exercise = (
        Exercise.objects.with_lists()
        .prefetch_related("steps", "also_works_with")
        .filter(slug=slug)
        .first()
    )
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise
