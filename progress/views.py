import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from config.http import HtmxHttpRequest
from exercises.models import Exercise
from progress import export as exports
from progress import handover, weekly
from progress.cache import cached_for_user, render_fragment
from progress.forms import (
    ADD_ROW,
    MAX_ROWS,
    ExerciseRowFormSet,
    SessionForm,
    error_summary,
    with_added_row,
)
from progress.history import parse_week_label, week_label, week_start_of
from progress.models import SessionLog
from progress.services import record_session, update_session
from routines.models import Enrolment, RoutineItem


def _get_session_for_user(user, pk: int) -> SessionLog:
    return get_object_or_404(SessionLog.objects.for_user(user).for_listing(), pk=pk)


def _get_enrolment_for_user(user, pk: str) -> Enrolment:
    if not pk.isdigit():
        raise Http404("No such routine.")
    return get_object_or_404(Enrolment.objects.for_user(user).select_related("phase"), pk=pk)


def _enrolments(user, keep_id: int | None = None):
    """The routines a session can belong to: current ones, plus the one it already has."""
    keep = Q(pk=keep_id) if keep_id else Q(pk__in=[])
    return (
        Enrolment.objects.for_user(user)
        .filter(~Q(status=Enrolment.Status.ENDED) | keep)
        .select_related("routine")
    )


def _exercises() -> dict[str, Exercise]:
    return {e.slug: e for e in Exercise.objects.order_by("name")}


def _choices(exercises: dict[str, Exercise]) -> list[tuple[str, str]]:
    """(slug, name) pairs for the exercise selects, written out by the template itself:
    much quicker than rendering each option of each row through widget templates."""
    return [(slug, exercise.name) for slug, exercise in exercises.items()]


def _forms(request, exercises, initial=None, rows=None, session=None):
    """The session form and its rows: bound to a POST, except after "Add exercise", which
    shows what was typed so far with one more row, unvalidated."""
    data = request.POST if request.method == "POST" else None
    if data is not None and ADD_ROW in data:
        initial, rows = with_added_row(data, "rows")
        data = None
    form = SessionForm(
        data,
        initial=initial,
        user=request.user,
        enrolments=_enrolments(request.user, session.enrolment_id if session else None),
        creating=session is None,
    )
    formset = ExerciseRowFormSet(
        data, initial=rows, prefix="rows", form_kwargs={"exercises": exercises}
    )
    return form, formset


def _already_saved(request: HtmxHttpRequest) -> HttpResponse | None:
    """A repeated idempotency key: the person's own session again, or a refusal."""
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return None
    owner_id, pk = SessionLog.objects.filter(idempotency_key=key).values_list(
        "user_id", "pk"
    ).first() or (None, None)
    if owner_id is None:
        return None
    if owner_id != request.user.pk:
        raise BadRequest("This form can't be sent again; please reload it.")
    messages.info(request, "Already saved: this session was logged once, not twice.")
    return redirect("progress:session", pk)


def _saved(request: HtmxHttpRequest, session: SessionLog, verb: str) -> HttpResponse:
    messages.success(request, f"Session {verb}.")
    return redirect(session)


def _new_initial(request: HtmxHttpRequest, exercises) -> tuple[dict, list[dict]]:
    items: list[RoutineItem] = []
    enrolment = None
    if "enrolment" in request.GET:
        enrolment = _get_enrolment_for_user(request.user, request.GET["enrolment"])
        items = list(
            RoutineItem.objects.filter(phase_id=enrolment.phase_id)
            .select_related("exercise")
            .order_by("order")
        )
    initial, rows = handover.initial_from_query(request.GET, exercises, items)
    now = timezone.now().astimezone(request.user.zone)
    initial.setdefault("date", now.date())
    initial.setdefault("time", now.time().replace(second=0, microsecond=0))
    initial.update(enrolment=enrolment, idempotency_key=uuid.uuid4())
    return initial, rows


@login_required
@require_http_methods(["GET", "POST"])
def new_session(request: HtmxHttpRequest) -> HttpResponse:
    exercises = _exercises()
    if request.method == "POST" and (response := _already_saved(request)):
        return response
    initial, rows = _new_initial(request, exercises) if request.method == "GET" else ({}, [])
    form, formset = _forms(request, exercises, initial, rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            session = record_session(request.user, form.cleaned_data, formset.rows())
        except IntegrityError:
            if response := _already_saved(request):
                return response
            raise
        return _saved(request, session, "saved")
    return _render_form(request, form, formset, exercises)


def _render_form(request, form, formset, exercises, session=None) -> HttpResponse:
    context = {
        "form": form,
        "formset": formset,
        "creating": session is None,
        "session": session,
        "exercise_choices": _choices(exercises),
        "errors": error_summary(form, formset) if form.is_bound else [],
        "can_add_row": formset.total_form_count() < MAX_ROWS,
        "add_row": ADD_ROW,
    }
    return render(request, "progress/log_form.html", context)


def _edit_initial(session: SessionLog, zone) -> tuple[dict, list[dict]]:
    local = session.started_at.astimezone(zone)
    initial = {
        "enrolment": session.enrolment_id,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "notes": session.notes,
    }
    rows = [
        {
            "exercise": row.exercise.slug,
            "status": row.status,
            "seconds": row.seconds_done,
            "reps": row.reps_done,
            "side": row.side,
        }
        for row in session.exercises.all()
    ]
    return initial, rows


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request.user, pk)
    exercises = _exercises()
    initial, rows = _edit_initial(session, request.user.zone)
    form, formset = _forms(request, exercises, initial, rows, session)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        update_session(session, form.cleaned_data, formset.rows())
        return _saved(request, session, "updated")
    return _render_form(request, form, formset, exercises, session)


@login_required
@require_GET
def session_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request.user, pk)
    label = week_label(session.local_date, request.user.week_start)
    context = {"session": session, "week_label": label}
    return render(request, "progress/session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_session(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request.user, pk)
    label = week_label(session.local_date, request.user.week_start)
    if request.method == "POST":
        session.delete()
        messages.success(request, "Session deleted.")
        return redirect("progress:week", label)
    return render(request, "progress/delete.html", {"session": session, "week_label": label})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def history(request: HtmxHttpRequest, label: str | None = None) -> HttpResponse:
    user = request.user
    today = timezone.now().astimezone(user.zone).date()
    current_first = week_start_of(today, user.week_start)
    first = current_first if label is None else parse_week_label(label, user.week_start)
    if first is None or first > current_first:
        raise Http404("No such week.")
    part = "week" if request.htmx else "content"
    name = f"history:{first.isoformat()}:{part}"
    html = cached_for_user(request, name, today, lambda: _history(request, first, today, part))
    if request.htmx:
        return HttpResponse(html)
    return render(request, "progress/history.html", {"content": html})


def _history(request: HtmxHttpRequest, first: dt.date, today: dt.date, part: str) -> str:
    context = weekly.week_page(request.user, first, today)
    if part == "content":
        context |= weekly.overview(request.user, today, context["minimum"])
    return render_fragment(request, f"progress/history.html#{part}", context)


@login_required
@require_GET
def export(request: HtmxHttpRequest) -> HttpResponse:
    kind = request.GET.get("format")
    if kind in exports.FORMATS:
        return exports.download(request.user, kind)
    return render(request, "progress/export.html", {})
