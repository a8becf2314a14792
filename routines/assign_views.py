"""Routines a clinician assigns: the assign form (clinic:assign) and the person's "Got it"
(routines:seen) after reading what changed.

A clinician reaches a person only through CareLink.objects.visible_to(), so a stranger,
another clinician or one no longer connected gets a 404. The moves are then added in the
own-routine editor (routines.own_views), which finds the routine through
Routine.objects.editable_by().
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import CareLink
from config.http import HtmxHttpRequest, local_next
from routines import custom, services
from routines.forms import AssignForm
from routines.models import Routine


def person_page_url(person_id: int) -> str:
    """The clinician's page of this person (progress's clinic:person; a URL name, not an
    import)."""
    return reverse("clinic:person", args=[person_id])


def _get_link_for_clinician(request: HtmxHttpRequest, person_id: int) -> CareLink:
    """The clinician's live connection with this person, or 404."""
    links = CareLink.objects.visible_to(request.user).select_related("person")
    return get_object_or_404(links.of_person_id(person_id))


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    """Name, weekly target, note and where to start; then the editor, to add the moves."""
    person = _get_link_for_clinician(request, person_id).person
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            routine, left_out = services.assign_routine(
                request.user, person, data["name"], data["weekly"], data["note"], data["start"]
            )
        except services.NotConnected:
            raise Http404("No such person.") from None
        messages.success(
            request, f"{routine.name} is on {person}'s Today. Add or change its moves below."
        )
        if left_out:
            messages.warning(
                request,
                f"The last {left_out} moves were left out: a routine holds at most "
                f"{custom.MAX_MOVES} moves and {custom.MAX_SECONDS // 60} minutes.",
            )
        return redirect("routines:edit", routine.slug)
    context = {"person": person, "form": form, "back_url": person_page_url(person.pk)}
    status = 400 if form.is_bound else 200
    return render(request, "routines/assign.html", context, status=status)


@login_required
@require_POST
def seen(request: HtmxHttpRequest, slug: str) -> HttpResponseRedirect:
    """The person has read what their clinician changed ("Got it")."""
    routine = get_object_or_404(Routine.objects.assigned_to(request.user).with_moves(), slug=slug)
    services.mark_seen(routine)
    return HttpResponseRedirect(local_next(request, routine))
