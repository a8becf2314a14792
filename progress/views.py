from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest


@login_required
@require_GET
def history(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "progress/history.html", {})


@login_required
@require_GET
def export(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "progress/export.html", {})
