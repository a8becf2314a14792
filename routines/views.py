import datetime as dt
import uuid
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from config.cache import cached_page
from config.http import HtmxHttpRequest, is_whole_number, local_next
from exercises.dose import describe_minutes
from progress.activity import (
    pain_facts,
    today_outcomes,
    usual_pain,
    with_activity,
    with_last_week,
)
from routines import assigned, custom, pain, progression
from routines.cache import player_plans
from routines.forms import EnrolForm
from routines.handover import log_query
from routines.models import Enrolment, Routine, RoutineItem
from routines.player import build_plan
from routines.progression import due_today


def _current_enrolment(request: HtmxHttpRequest, pk: int) -> Enrolment:
    """The person's own current enrolment, with what progress() needs; anyone else's is 404."""
    user = request.user
    enrolments = with_activity(
        Enrolment.objects.for_user(user).current().with_plan(), user.today(), user.week_start
    )
    return get_object_or_404(enrolments, pk=pk)


def _detail_context(request: HtmxHttpRequest, routine: Routine) -> dict:
    context: dict = {"routine": routine, "phases": routine.phase_list, "editable": True}
    if not request.user.is_authenticated:
        return context
    if routine.is_assigned:
        items = routine.phase_list[0].items.all() if routine.phase_list else []
        context["assigned"] = routine.assigned_card(item.seen_move for item in items)
        context["editable"] = (
            Routine.objects.editable_by(request.user).filter(pk=routine.pk).exists()
        )
    today = request.user.today()
    enrolments = (
        Enrolment.objects.for_user(request.user)
        .current()
        .filter(routine=routine)
        .select_related("phase")
    )
    enrolment = with_activity(enrolments, today, request.user.week_start).first()
    if enrolment is None:
        context["form"] = EnrolForm(routine=routine)
        return context
    enrolment.routine = routine  # reuse the phases already fetched
    progress = enrolment.progress(today, pain_facts(request.user))
    context.update(
        enrolment=enrolment,
        progress=progress,
        due=due_today(progress.phase, enrolment.activity),
    )
    if routine.next_routine_id:
        follows_next = (
            Enrolment.objects.for_user(request.user)
            .current()
            .filter(routine_id=routine.next_routine_id)
            .exists()
        )
        reached = progress.propose or progress.next_phase is None
        context["offer_next"] = reached and not follows_next
    return context


@require_GET
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    """The programmes and the person's own routines: built once per library version (and,
    signed in, per change to the person's routines and enrolments), then served cached."""
    page = cached_page(
        request,
        "routines:list",
        "routines/list.html#content",
        partial(_routine_list_content, request),
        per_person=request.user.is_authenticated,
    )
    return render(request, "routines/list.html", {"content": page.html})


def _routine_list_content(request: HtmxHttpRequest) -> dict:
    following = set()
    if request.user.is_authenticated:
        following = set(
            Enrolment.objects.for_user(request.user).current().values_list("routine", flat=True)
        )
    routines = list(
        Routine.objects.visible_to(request.user).with_plan().select_related("assigned_by")
    )
    context = {
        "routines": [routine for routine in routines if not routine.is_own],
        "own": [routine for routine in routines if routine.is_own],
        "following": following,
    }
    return context


@require_GET
def routine_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A routine's page: built once per library version (and, signed in, per change to the
    person's routines and enrolments), then served cached."""

    def build() -> dict:
        routines = Routine.objects.visible_to(request.user).with_plan()
        routines = routines.select_related("next_routine", "source", "assigned_by")
        routine = get_object_or_404(routines, slug=slug)
        return _detail_context(request, routine)

    page = cached_page(
        request,
        f"routines:detail:{slug}",
        "routines/detail.html#page",
        build,
        per_person=request.user.is_authenticated,
        head=_routine_head,
    )
    return render(request, "routines/detail.html", {**page.head, "page": page.html})


def _routine_head(context: dict) -> dict:
    """The page's title, description and whether it needs htmx."""
    routine = context["routine"]
    return {"title": routine.name, "description": routine.purpose, "htmx": "enrolment" in context}


@login_required
@require_POST
def enrol(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(
        Routine.objects.visible_to(request.user)
        .with_plan()
        .select_related("source", "assigned_by"),
        slug=slug,
    )
    form = EnrolForm(request.POST, routine=routine)
    if not form.is_valid():
        context = {**_detail_context(request, routine), "form": form}
        page = render_to_string("routines/detail.html#page", context, request)
        return render(
            request, "routines/detail.html", {**_routine_head(context), "page": page}, status=400
        )
    today = request.user.today()
    try:
        with transaction.atomic():
            Enrolment.objects.create(
                user=request.user,
                routine=routine,
                phase=form.cleaned_data["start_phase"],
                started_on=today,
                phase_started_on=today,
            )
    except IntegrityError:
        messages.info(request, f"You already follow {routine.name}; here is where you are.")
    else:
        messages.success(request, f"You've started {routine.name}. It's on your Today page.")
        return redirect(after_starting(request.user, routine.get_absolute_url()))
    return redirect(routine)


def after_starting(user, then: str) -> str:
    """Where a person goes once they have started a routine: `then`, or after their first
    routine the activities they want to get back to (progress's page, which may be
    skipped), then `then`. One query."""
    if Enrolment.objects.for_user(user).count() > 1:
        return then
    query = urlencode({"first": "1", "next": then})
    return f"{reverse('progress:activities')}?{query}"


def _done(request: HtmxHttpRequest, enrolment: Enrolment, message: str) -> HttpResponse:
    """htmx: the updated enrolment panel; otherwise back where the form came from."""
    if request.htmx:
        routine = (
            Routine.objects.with_plan()
            .select_related("next_routine", "assigned_by")
            .get(pk=enrolment.routine_id)
        )
        context = {**_detail_context(request, routine), "flash": message}
        return render(request, "routines/detail.html#enrolment", context)
    messages.success(request, message)
    return HttpResponseRedirect(local_next(request, enrolment.routine))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def pause(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    enrolment = _current_enrolment(request, pk)
    enrolment.pause(request.user.today())
    return _done(request, enrolment, f"{enrolment.routine.name} is paused. Resume it any time.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def resume(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    enrolment = _current_enrolment(request, pk)
    enrolment.resume(request.user.today())
    return _done(request, enrolment, f"Welcome back to {enrolment.routine.name}.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def advance(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move on early (when the phase allows it) or accept a proposed switch."""
    enrolment = _current_enrolment(request, pk)
    today = request.user.today()
    progress = enrolment.progress(today, pain_facts(request.user))
    if progress.next_phase is None or not (progress.may_move_early or progress.propose):
        messages.error(request, "That phase isn't open yet.")
        return redirect(enrolment.routine)
    phase = next(p for p in enrolment.routine.phase_list if p.order == progress.next_phase.order)
    enrolment.move_to(phase, today)
    return _done(request, enrolment, f"You've moved on to {phase.name}.")


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (works without JavaScript); POST stops the routine."""
    enrolment = _current_enrolment(request, pk)
    if request.method == "GET":
        return render(request, "routines/stop.html", {"enrolment": enrolment})
    enrolment.stop(request.user.today())
    messages.success(request, f"You've stopped {enrolment.routine.name}. Your log stays.")
    return redirect(enrolment.routine)


@require_GET
def today(request: HtmxHttpRequest) -> HttpResponse:
    """The day's routines. ?short=<enrolment>[&move=<i>...] swaps that routine's plan for its
    flare-day short version (custom.flare_plan). Signed out: what the page is, then sign in."""
    if not request.user.is_authenticated:
        return _today_signed_out(request)
    day = request.user.today()
    short = _flare_request(request)
    name = f"today:short:{short[0]}:{'-'.join(map(str, short[1]))}" if short else "today"
    page = cached_page(
        request,
        f"routines:{name}",
        "routines/today.html#content",
        lambda: _today_content(request, day, short),
        per_person=True,
        day=day,
    )
    return render(request, "routines/today.html", {"content": page.html})


def _today_signed_out(request: HtmxHttpRequest) -> HttpResponse:
    programmes = Routine.objects.programmes().only("slug", "name", "purpose")
    return render(request, "routines/today_intro.html", {"programmes": programmes})


def _flare_request(request: HtmxHttpRequest) -> tuple[int, list[int]] | None:
    """(enrolment id, chosen move positions) from the query string, None when absent."""
    enrolment = request.GET.get("short", "")
    if not is_whole_number(enrolment, 12):
        return None
    moves = [int(value) for value in request.GET.getlist("move")[:2] if is_whole_number(value, 2)]
    return int(enrolment), [move for move in moves if move < custom.MAX_MOVES]


def _flare_moves(items) -> list[custom.FlareMove]:
    """PlanItems as the flare-day rules weigh them."""
    return [custom.FlareMove(i.slug, i.kind, i.level, i.name) for i in items]


def _flare_row(enrolment: Enrolment, chosen: list[int]) -> dict:
    """The player's plan and the log link for the short version of this enrolment's phase."""
    items = list(
        RoutineItem.objects.filter(phase_id=enrolment.phase_id)
        .select_related("exercise")
        .order_by("order")
    )
    choice = custom.flare_choice(_flare_moves(item.plan_item for item in items), chosen)
    kept = custom.flare_plan(items, choice.positions)
    query = log_query(enrolment.pk, kept, flare_day=True)
    session_query = urlencode([("short", enrolment.pk), *(("move", i) for i in chosen)])
    return {
        "plan": build_plan([item.plan_item for item in kept]),
        "short": _short(choice, [item.exercise.name for item in items])
        | {"log_query": query, "session_query": session_query},
    }


def _short(choice: custom.FlareChoice, names: list[str]) -> dict:
    """What the flare-day notes say: how many moves, and what the order rules changed."""
    return {
        "moves": len(choice.positions),
        "of": len(names),
        "added": [names[i] for i in choice.added],
        "refused": choice.refused,
    }


def _today_content(
    request: HtmxHttpRequest,
    day: dt.date,
    short: tuple[int, list[int]] | None = None,
) -> dict:
    current = Enrolment.objects.for_user(request.user).current()
    week_start = request.user.week_start
    enrolments = list(with_last_week(with_activity(current, day, week_start), day, week_start))
    plans = player_plans(e.routine_id for e in enrolments)
    following = {e.routine_id for e in enrolments}
    pain = pain_facts(request.user)
    active, paused = [], []
    for enrolment in enrolments:
        plan = plans[enrolment.routine_id]
        enrolment.use_routine(plan.routine)
        progress = enrolment.progress(day, pain)
        next_routine = plan.routine.next_routine
        reached = progress.propose or progress.next_phase is None
        row = {
            "enrolment": enrolment,
            "progress": progress,
            "due": due_today(progress.phase, enrolment.activity),
            "plan": plan.phase_plans[enrolment.phase_id],
            "next_routine": next_routine,
            "offer_next": reached and next_routine and next_routine.pk not in following,
        }
        row["gentle"] = custom.gentlest(_flare_moves(plan.phase_items[enrolment.phase_id]))
        row["assigned"] = plan.routine.assigned_card(
            assigned.Move(item.slug, item.name, item.dose_text)
            for item in plan.phase_items[enrolment.phase_id]
        )
        if short and short[0] == enrolment.pk and not enrolment.is_paused:
            row.update(_flare_row(enrolment, short[1]))
        (paused if enrolment.is_paused else active).append(row)
    active.sort(key=lambda row: not row["due"].due)
    context = {
        "day": day,
        "active": active,
        "paused": paused,
        "any": bool(enrolments),
        "morning": progression.morning_question(pain, day),
        **today_outcomes(request.user, enrolments, day),
    }
    return context


def _session_items(request: HtmxHttpRequest, enrolment: Enrolment, items: list) -> tuple:
    """The moves the guided session plays: the flare-day version's when ?short= names this
    enrolment (with what its notes say), otherwise the whole phase (and None)."""
    short = _flare_request(request)
    if not short or short[0] != enrolment.pk:
        return items, None
    choice = custom.flare_choice(_flare_moves(items), short[1])
    return custom.flare_plan(items, choice.positions), _short(choice, [i.name for i in items])


@login_required
@require_GET
def session(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The guided session of one routine: the player with JavaScript, a checklist without."""
    day = request.user.today()
    current = Enrolment.objects.for_user(request.user).current()
    enrolment = get_object_or_404(with_activity(current, day, request.user.week_start), pk=pk)
    plan = player_plans([enrolment.routine_id])[enrolment.routine_id]
    enrolment.use_routine(plan.routine)
    progress = enrolment.progress(day, pain_facts(request.user))
    items, short = _session_items(request, enrolment, plan.phase_items[enrolment.phase_id])
    context = {
        "enrolment": enrolment,
        "routine": plan.routine,
        "phase": enrolment.phase,
        "due": due_today(progress.phase, enrolment.activity),
        "items": items,
        "short": short,
        "idempotency_key": uuid.uuid4(),
        "before_rule": pain.BeforeRule(usual_pain(request.user)),
        **_player_context(items, request.user.get_ready_seconds),
    }
    return render(request, "routines/session.html", context)


def _player_context(items: list, get_ready: int | None = None) -> dict:
    """The player's plan of these moves and what the session page says about its length."""
    player = build_plan(items) if get_ready is None else build_plan(items, get_ready)
    for exercise in player["exercises"]:
        exercise["image"] = static(f"img/{exercise['image']}") if exercise["image"] else ""
    return {
        "plan": player,
        "minutes": describe_minutes(player["total_seconds"]),
        "moves_minutes": describe_minutes(player["moves_seconds"]),
        "switches": any(step["kind"] == "switch" for step in player["steps"]),
        "pain_scale": pain.SCALE,
        "pain_table": pain.player_table(),
    }


@require_GET
def try_session(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A programme's guided session (its first phase) for anyone, without an account: the
    same player, nothing saved, and at the end an invitation to sign up."""
    routine = get_object_or_404(Routine.objects.programmes().only("pk"), slug=slug)
    plan = player_plans([routine.pk])[routine.pk]
    if not plan.routine.phase_list:
        raise Http404("This routine has no moves to try.")
    phase = plan.routine.phase_list[0]
    items = plan.phase_items[phase.pk]
    get_ready = request.user.get_ready_seconds if request.user.is_authenticated else None
    context = {"routine": plan.routine, "phase": phase, "items": items, "trial": True}
    context["before_rule"] = pain.BeforeRule(None)  # no scores: the caution for 7 or more
    context.update(_player_context(items, get_ready))
    return render(request, "routines/session.html", context)
