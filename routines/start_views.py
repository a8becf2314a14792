"""The one-minute start: three questions, one suggested routine (routines.recommend), and
the person follows it on Today in one tap. A plain GET form, so it works without JavaScript
and the answers stay in the address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from config.http import HtmxHttpRequest
from exercises.dose import describe_dose
from routines import services
from routines.cache import recommend_library
from routines.forms import StartForm
from routines.recommend import Suggestion, recommend
from routines.views import after_starting


def _suggestion_context(suggestion: Suggestion) -> dict:
    moves = [
        {
            "name": move.name,
            "url": reverse("exercises:detail", args=[move.slug]),
            "dose": describe_dose(move.dose),
        }
        for move in suggestion.moves
    ]
    programme = suggestion.programme
    url = reverse("routines:detail", args=[programme]) if programme else ""
    return {"moves": moves, "programme_url": url}


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest) -> HttpResponse:
    """GET with answers shows the suggestion; POST (the same answers) starts it."""
    data = request.POST if request.method == "POST" else request.GET
    answered = request.method == "POST" or any(name in data for name in StartForm.base_fields)
    form = StartForm(data if answered else None)
    suggestion = None
    if form.is_valid():
        suggestion = recommend(recommend_library(), form.wish())
    if request.method == "POST" and suggestion is not None:
        enrolment, new = services.start_suggestion(request.user, suggestion, request.user.today())
        if not new:
            messages.info(request, f"You already follow {enrolment.routine.name}; it's on Today.")
            return redirect("today")
        messages.success(request, f"You've started {enrolment.routine.name}. It's on Today.")
        reminder = reverse("reminders:edit", args=[enrolment.pk])
        then = after_starting(request.user, reverse("today"))
        return redirect(f"{reminder}?{urlencode({'next': then, 'on': 'start'})}")
    context = {"form": form, "suggestion": suggestion}
    if suggestion is not None:
        context.update(_suggestion_context(suggestion), answers=form.answers())
    return render(request, "routines/start.html", context, status=400 if form.errors else 200)
