from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest
from exercises.models import Exercise


@require_GET
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    exercises = Exercise.objects.with_lists()
    return render(request, "exercises/list.html", {"exercises": exercises})


@require_GET
def exercise_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.with_lists(), slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})
