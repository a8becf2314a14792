from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest
from routines.models import Routine


@require_GET
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "routines/list.html", {"routines": Routine.objects.all()})


@require_GET
def routine_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(Routine, slug=slug)
    return render(request, "routines/detail.html", {"routine": routine})


@login_required
@require_GET
def today(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "routines/today.html", {})
