"""A person's own routines: create, copy a programme, edit moves and doses, delete.

The editor finds the routine through Routine.objects.editable_by(), so anyone else's
routine (or a programme, which belongs to nobody) is a 404. The same editor serves a
clinician building a routine for a person connected to them (routines.assign_views): while
they stay connected it is the clinician's to change, and the person follows, pauses or
stops it.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import validate_slug
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import HtmxHttpRequest
from exercises.models import Exercise
from routines import custom, services
from routines.assign_views import person_page_url
from routines.forms import AddMoveForm, AssignedRoutineForm, DoseForm, RoutineForm
from routines.models import Enrolment, Phase, Routine, RoutineItem


def _get_own_routine(request: HtmxHttpRequest, slug: str) -> Routine:
    """The routine the user may edit (Routine.objects.editable_by), with its owner, phase
    and moves (exercises too): 3 queries."""
    routines = Routine.objects.editable_by(request.user).select_related("owner").with_moves()
    return get_object_or_404(routines, slug=slug)


def _for_someone(request: HtmxHttpRequest, routine: Routine) -> bool:
    """The editor is a clinician's, building the routine for its owner."""
    return routine.owner_id != request.user.pk


def _changed(request: HtmxHttpRequest, routine: Routine) -> None:
    services.note_assigned_change(routine, request.user)


def _get_item(routine: Routine, pk: int) -> RoutineItem:
    """One of the routine's moves, from the prefetched ones; another routine's is a 404."""
    for item in routine.phase_list[0].items.all():
        if item.pk == pk:
            return item
    raise Http404("No such move in this routine.")


def _following(routine: Routine) -> bool:
    """Whether the routine's owner follows it."""
    return Enrolment.objects.for_user(routine.owner_id).current().filter(routine=routine).exists()


def _moves_list(request: HtmxHttpRequest, slug: str, moved: RoutineItem) -> HttpResponse:
    """The editor's list of moves alone, read afresh, for htmx to swap in after Up or Down.
    The moved move's button (the other one at either end) takes the focus, which keeps it
    in view."""
    routine = _get_own_routine(request, slug)
    context = {"routine": routine, "moves": _moves(routine), "moved": moved.pk}
    context["direction"] = request.POST.get("direction", "")
    return render(request, "routines/edit.html#moves", context)


def _edit_url(routine: Routine, item: RoutineItem | None = None) -> str:
    url = reverse("routines:edit", args=[routine.slug])
    return f"{url}#move-{item.pk}" if item else url


def _moves(routine: Routine) -> list[dict]:
    """Each move with its calm notes and any ordering warning."""
    items = list(routine.phase_list[0].items.all())
    warnings = custom.order_warnings([item.exercise.slug for item in items])
    return [
        {"item": item, "notes": item.dose_notes, "warning": warnings.get(index, "")}
        for index, item in enumerate(items)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def new_routine(request: HtmxHttpRequest) -> HttpResponse:
    form = RoutineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        routine = services.create_routine(request.user, data["name"], data["weekly"])
        messages.success(request, f"{routine.name} is ready. Add its moves below.")
        return redirect(_edit_url(routine))
    status = 400 if form.is_bound else 200
    return render(request, "routines/new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit_routine(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The editor: name and weekly target (POST here), the moves and their buttons."""
    routine = _get_own_routine(request, slug)
    phase = routine.phase_list[0]
    for_someone = _for_someone(request, routine)
    initial = {
        "name": routine.name,
        "weekly": custom.weekly_value(phase.sessions_per_week_min, phase.sessions_per_week_max),
        "note": routine.assigned_note,
    }
    form_class = AssignedRoutineForm if for_someone else RoutineForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        routine.name = form.cleaned_data["name"]
        routine.assigned_note = form.cleaned_data.get("note", routine.assigned_note)
        routine.save(update_fields=["name", "assigned_note"])
        phase.sessions_per_week_min, phase.sessions_per_week_max = form.cleaned_data["weekly"]
        phase.save(update_fields=["sessions_per_week_min", "sessions_per_week_max"])
        _changed(request, routine)
        messages.success(request, "Saved.")
        return redirect(_edit_url(routine))
    context = {
        "for_someone": for_someone,
        "done_url": person_page_url(routine.owner_id)
        if for_someone
        else routine.get_absolute_url(),
        "routine": routine,
        "phase": phase,
        "form": form,
        "moves": _moves(routine),
        "exercises": Exercise.objects.only("slug", "name").order_by("name"),
        "max_moves": custom.MAX_MOVES,
        "key": uuid.uuid4(),
        "following": _following(routine),
    }
    return render(request, "routines/edit.html", context, status=400 if form.errors else 200)


def _form_key(request: HtmxHttpRequest) -> uuid.UUID | None:
    """The add form's one-time key (a double click sends it twice); None when unreadable."""
    try:
        return uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        return None


def _chosen_exercise(request: HtmxHttpRequest) -> Exercise | None:
    """The exercise the form names, or None; only a slug is looked up (a NUL byte in the
    query would be a 500 on PostgreSQL)."""
    slug = request.POST.get("exercise", "")
    return Exercise.objects.filter(slug=slug).first() if validate_slug.regex.match(slug) else None


@login_required
@require_POST
def add_move(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Add a move from the editor's list of exercises."""
    routine = _get_own_routine(request, slug)
    exercise = _chosen_exercise(request)
    if exercise is None:
        messages.error(request, "Choose an exercise to add.")
        return redirect(_edit_url(routine))
    try:
        item = services.add_move(routine.phase_list[0], exercise, _form_key(request))
    except services.Refused as refused:
        messages.error(request, f"{exercise.name} wasn't added: {refused}")
        return redirect(_edit_url(routine))
    _changed(request, routine)
    messages.success(request, f"Added {exercise.name}.")
    return redirect(_edit_url(routine, item))


@login_required
@require_http_methods(["GET", "POST"])
def add_exercise(request: HtmxHttpRequest, exercise: str) -> HttpResponse:
    """From an exercise page: add it to one of my routines, or start a new one with it."""
    exercise = get_object_or_404(Exercise, slug=exercise)
    routines = list(
        Routine.objects.editable_by(request.user).filter(owner=request.user).with_plan()
    )
    form = AddMoveForm(request.POST or None, routines=routines)
    if request.method == "POST" and form.is_valid():
        routine, key = form.cleaned_data["target"], _form_key(request)
        try:
            if routine is None:
                name = form.cleaned_data["name"]
                item = services.add_to_new_routine(request.user, name, exercise, key)
            else:
                item = services.add_move(routine.phase_list[0], exercise, key)
        except services.Refused as refused:
            form.add_error("routine", str(refused))
        else:
            routine = item.phase.routine
            messages.success(request, f"Added {exercise.name} to {routine.name}.")
            return redirect(_edit_url(routine, item))
    context = {"exercise": exercise, "form": form, "routines": routines, "key": uuid.uuid4()}
    return render(request, "routines/add.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit_dose(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    routine = _get_own_routine(request, slug)
    item = _get_item(routine, pk)
    others = [other.dose for other in routine.phase_list[0].items.all() if other.pk != pk]
    form = DoseForm(request.POST or None, item=item, other_doses=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_dose(item, form.dose())
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            _changed(request, routine)
            messages.success(request, f"Saved the dose of {item.exercise.name}.")
            return redirect(_edit_url(routine, item))
    context = {"routine": routine, "item": item, "form": form, "notes": item.dose_notes}
    return render(request, "routines/dose.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reorder(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Up or down one place (the submit button's direction); works without JavaScript."""
    routine = _get_own_routine(request, slug)
    item = _get_item(routine, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is not None and services.move(item, step):
        _changed(request, routine)
    if request.htmx:
        return _moves_list(request, slug, item)
    return redirect(_edit_url(routine, item))


@login_required
@require_POST
def remove_move(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    routine = _get_own_routine(request, slug)
    item = _get_item(routine, pk)
    services.remove_move(item)
    _changed(request, routine)
    messages.success(request, f"Removed {item.exercise.name}.")
    return redirect(_edit_url(routine))


@login_required
@require_POST
def copy_routine(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Make my own copy of a routine's phase (the first unless `phase` names another)."""
    routine = get_object_or_404(Routine.objects.visible_to(request.user), slug=slug)
    phases = list(Phase.objects.filter(routine=routine).order_by("order"))
    chosen = request.POST.get("phase", "")
    phase = next((p for p in phases if str(p.order) == chosen), phases[0] if phases else None)
    if phase is None:
        raise Http404("This routine has no moves to copy.")
    name = f"My {routine.name}" if len(phases) == 1 else f"My {routine.name} ({phase.name})"
    copy, left_out = services.copy_phase(request.user, phase, name[:100])
    messages.success(request, f"This is your own copy of {routine.name}: change it as you like.")
    if left_out:
        messages.warning(
            request,
            f"The last {left_out} moves were left out: a routine holds at most "
            f"{custom.MAX_MOVES} moves and {custom.MAX_SECONDS // 60} minutes.",
        )
    return redirect(_edit_url(copy))


@login_required
@require_http_methods(["GET", "POST"])
def delete_routine(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes. Logged sessions stay in history.

    A clinician may withdraw a routine they assigned only while its owner has logged no
    session with it (our rule): after that it is part of the person's record, and the
    page says to change it or to ask the person."""
    routine = get_object_or_404(
        Routine.objects.editable_by(request.user).select_related("owner"), slug=slug
    )
    sessions = routine.enrolments.aggregate(count=Count("sessions"))["count"]
    for_someone = _for_someone(request, routine)
    if request.method == "POST" and not (for_someone and sessions):
        services.delete_routine(routine)
        if for_someone:
            messages.success(
                request, f"Withdrew {routine.name}: it has left {routine.owner}'s Today."
            )
            return redirect(person_page_url(routine.owner_id))
        messages.success(request, f"Deleted {routine.name}. Its sessions stay in your history.")
        return redirect("routines:list")
    context = {"routine": routine, "sessions": sessions, "for_someone": for_someone}
    status = 400 if request.method == "POST" else 200
    return render(request, "routines/delete.html", context, status=status)
