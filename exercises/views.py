from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.http import HtmxHttpRequest
from exercises.forms import ExerciseFilterForm
from exercises.models import BodyArea, Condition, Equipment, Exercise
from routines.models import Routine, RoutineItem

RELATED_LIMIT = 4


@require_GET
@vary_on_headers("HX-Request")
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ExerciseFilterForm(
        request.GET or None,
        areas=list(BodyArea.objects.all()),
        equipment=list(Equipment.objects.all()),
        conditions=list(Condition.objects.all()),
    )
    exercises = list(Exercise.objects.filter_by(**form.filters).prefetch_related("equipment"))
    # A history restore after a cache miss needs the whole page, not the fragment.
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    template = "exercises/list.html#results" if fragment else "exercises/list.html"
    context = {"form": form, "exercises": exercises, "fragment": fragment}
    return render(request, template, context)


@require_GET
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    exercise = _get_exercise(slug)
    used_in = RoutineItem.objects.filter(exercise=exercise).values("phase__routine_id")
    context = {
        "exercise": exercise,
        "steps": exercise.steps.all(),
        "related": list(Exercise.objects.related_to(exercise)[:RELATED_LIMIT]),
        "routines": list(Routine.objects.filter(pk__in=used_in)),
    }
    return render(request, "exercises/detail.html", context)


def _get_exercise(slug: str) -> Exercise:
    exercise = Exercise.objects.with_lists().prefetch_related("steps").filter(slug=slug).first()
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise
