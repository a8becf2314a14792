import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.http import HtmxHttpRequest
from exercises.cache import cached, query_key
from exercises.forms import ExerciseFilterForm
from exercises.models import BodyArea, Condition, Equipment, Exercise
from routines.models import Routine, RoutineItem

RELATED_LIMIT = 4


@require_GET
@vary_on_headers("HX-Request")
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    # A history restore after a cache miss needs the whole page, not the fragment.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    part = "results" if fragment else "library"
    key = f"list:{part}:{query_key(list(request.GET.lists()))}"
    html = cached(key, lambda: _render_library(request, part))
    if fragment:
        return HttpResponse(html)
    return render(request, "exercises/list.html", {"library": html})


def _render_library(request: HtmxHttpRequest, part: str) -> str:
    form = ExerciseFilterForm(
        request.GET or None,
        areas=list(BodyArea.objects.all()),
        equipment=list(Equipment.objects.all()),
        conditions=list(Condition.objects.all()),
    )
    exercises = list(Exercise.objects.filter_by(**form.filters).prefetch_related("equipment"))
    context = {"form": form, "exercises": exercises, "fragment": part == "results"}
    return render_to_string(f"exercises/list.html#{part}", context, request)


@require_GET
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    page = cached(f"detail:{slug}", lambda: _render_article(request, slug))
    return render(request, "exercises/detail.html", page)


def _render_article(request: HtmxHttpRequest, slug: str) -> dict[str, str]:
    exercise = _get_exercise(slug)
    used_in = RoutineItem.objects.filter(exercise=exercise).values("phase__routine_id")
    context = {
        "exercise": exercise,
        "illustration_size": _svg_size(exercise.illustration),
        "steps": exercise.steps.all(),
        "related": list(Exercise.objects.related_to(exercise)[:RELATED_LIMIT]),
        "routines": list(Routine.objects.filter(pk__in=used_in)),
    }
    article = render_to_string("exercises/detail.html#article", context, request)
    return {"title": exercise.name, "description": exercise.summary, "article": article}


@cache
def _svg_size(name: str) -> tuple[str, str] | None:
    """An illustration's own width and height, so the page keeps its room before it loads."""
    path = finders.find(f"img/{name}") if name else None
    if not path:
        return None
    match = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', Path(path).read_text())
    return (match[1], match[2]) if match else None


def _get_exercise(slug: str) -> Exercise:
    exercise = Exercise.objects.with_lists().prefetch_related("steps").filter(slug=slug).first()
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise
