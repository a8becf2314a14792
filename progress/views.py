import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import throttle, tokens
from accounts.weeks import parse_week_label, week_label, week_start_of
from config.cache import cached_page
from config.http import HtmxHttpRequest, client_ip, is_whole_number
from exercises import cache as library_cache
from exercises.models import Exercise
from progress import export as exports
from progress import handover, history_queries, outcome_queries, report, services, share
from progress.forms import (
    ADD_ROW,
    FILL_ROUTINE,
    MAX_ROWS,
    ExerciseRowFormSet,
    ReportPeriodForm,
    SessionForm,
    ShareLinkForm,
    error_summary,
    with_added_row,
)
from progress.models import SessionLog, ShareLink
from progress.services import record_session, update_session
from routines import pain
from routines.models import Enrolment, RoutineItem


def _get_session_for_user(user, pk: int) -> SessionLog:
    return get_object_or_404(SessionLog.objects.for_user(user).for_listing(), pk=pk)


def _enrolment_to_log(user, pk: str) -> Enrolment:
    if not is_whole_number(pk, digits=18):
        raise Http404("No such routine.")
    return get_object_or_404(
        Enrolment.objects.for_user(user).select_related("phase", "routine"), pk=pk
    )


def _session_enrolments(user, keep_id: int | None = None):
    """The routines a session can belong to: current ones, plus the one it already has."""
    keep = Q(pk=keep_id) if keep_id else Q(pk__in=[])
    return (
        Enrolment.objects.for_user(user)
        .filter(~Q(status=Enrolment.Status.ENDED) | keep)
        .select_related("routine", "phase")
    )


def _exercises() -> dict[str, Exercise]:
    """The library's moves by slug, for the session form: cached per library version, with
    a copy in this process (unpickling every move on every post cost a tenth of the post)."""
    return library_cache.cached_in_process(
        "exercises-by-slug", lambda: {e.slug: e for e in Exercise.objects.order_by("name")}
    )


def _choices(exercises: dict[str, Exercise]) -> list[tuple[str, str, bool]]:
    """(slug, name, counts reps) for the exercise selects, written out by the template itself:
    much quicker than rendering each option of each row through widget templates."""
    return [(slug, exercise.name, exercise.counts_reps) for slug, exercise in exercises.items()]


def _phase_items(enrolment: Enrolment) -> list[RoutineItem]:
    return list(
        RoutineItem.objects.filter(phase_id=enrolment.phase_id)
        .select_related("exercise")
        .order_by("order")
    )


def _fill_routine(request: HtmxHttpRequest, data) -> tuple[dict, list[dict]]:
    """ "Fill in its moves": the form as typed, with the rows of the routine chosen in it (one
    the person follows now) in place of the typed rows; those stay when none is chosen."""
    initial, typed = with_added_row(data, "rows")
    pk = data.get("enrolment", "")
    enrolment = None
    if is_whole_number(pk, 18):
        enrolment = _session_enrolments(request.user).filter(pk=pk).first()
    if enrolment is None:
        return initial, typed[:-1]
    messages.info(request, f"Filled in the moves of {enrolment.routine.name}.")
    initial["enrolment"] = enrolment
    return initial, [
        handover.dose_row(item.exercise, item.effective_dose) for item in _phase_items(enrolment)
    ]


def _forms(request, exercises, initial=None, rows=None, session=None):
    """The session form and its rows: bound to a POST, except after "Add exercise" (what was
    typed so far with one more row) or "Fill in its moves" (with the chosen routine's rows),
    shown unvalidated."""
    data = request.POST if request.method == "POST" else None
    filling = data is not None and FILL_ROUTINE in data
    if data is not None and ADD_ROW in data:
        initial, rows = with_added_row(data, "rows")
        data = None
    elif filling:
        initial, rows = _fill_routine(request, data)
        data = None
    form = SessionForm(
        data,
        initial=initial,
        user=request.user,
        enrolments=_session_enrolments(request.user, session.enrolment_id if session else None),
        creating=session is None,
    )
    if filling:
        form.fields["enrolment"].widget.attrs["autofocus"] = True  # back where the person was
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


def _refused(form: SessionForm, formset: ExerciseRowFormSet) -> JsonResponse:
    """A session kept offline and sent later that the form refuses: its errors as words,
    for the person to see beside a way to fix or discard it (static/js/offline/)."""

    def label(name: str) -> str:
        return form.fields[name].label or name.replace("_", " ").capitalize()

    errors = [
        error if name == "__all__" else f"{label(name)}: {error}"
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    errors += list(formset.non_form_errors())
    errors += [
        f"Row {number}: {error}"
        for number, row in enumerate(formset.errors, start=1)
        for field_errors in row.values()
        for error in field_errors
    ]
    return JsonResponse({"errors": errors}, status=400)


def _new_initial(request: HtmxHttpRequest, exercises) -> tuple[dict, list[dict]]:
    items: list[RoutineItem] = []
    enrolment = None
    if "enrolment" in request.GET:
        enrolment = _enrolment_to_log(request.user, request.GET["enrolment"])
        items = _phase_items(enrolment)
        if enrolment.status == Enrolment.Status.ENDED:
            name = enrolment.routine.name
            messages.info(request, f"You've stopped {name}: this logs as a free session.")
            enrolment = None
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
    initial, rows = _new_initial(request, exercises) if request.method == "GET" else ({}, [])
    form, formset = _forms(request, exercises, initial, rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # A form sent twice (a retry, the offline queue) is caught by the idempotency key's
        # unique index: no look-up before the insert, which almost always finds nothing.
        try:
            session = record_session(request.user, form.cleaned_data, formset.rows())
        except IntegrityError:
            if response := _already_saved(request):
                return response
            raise
        return _saved(request, session, "saved")
    # A repeat that no longer validates (a day now over a year back, a routine since
    # deleted) was still saved once: say so rather than show errors.
    if request.method == "POST" and (response := _already_saved(request)):
        return response
    if request.method == "POST" and request.headers.get("X-Limber-Sync"):
        return _refused(form, formset)
    return _render_form(request, form, formset, exercises)


def _routine_cautions(form: SessionForm, session: SessionLog | None) -> list[str]:
    """The cautions of the routine this session logs, for beside the form. No query: the
    enrolment (a GET's initial one, or the choice just validated) comes with its routine,
    and a session with its own."""
    if form.is_bound:
        enrolment = getattr(form, "cleaned_data", {}).get("enrolment")
        return enrolment.routine.caution_list if enrolment else []
    initial = form.initial.get("enrolment")
    if isinstance(initial, Enrolment):
        return initial.routine.caution_list
    if session is not None and session.routine_id:
        return session.routine.caution_list
    return []


def _render_form(request, form, formset, exercises, session=None) -> HttpResponse:
    context = {
        "routine_cautions": _routine_cautions(form, session),
        "form": form,
        "formset": formset,
        "creating": session is None,
        "session": session,
        "exercise_choices": _choices(exercises),
        "errors": error_summary(form, formset) if form.is_bound else [],
        "can_add_row": formset.total_form_count() < MAX_ROWS,
        "add_row": ADD_ROW,
        "fill_routine": FILL_ROUTINE,
    }
    if session is None:
        usual = SessionLog.objects.for_user(request.user).usual_pain()
        context["before_rule"] = pain.BeforeRule(usual)
    return render(request, "progress/log_form.html", context)


def _edit_initial(session: SessionLog, zone) -> tuple[dict, list[dict]]:
    local = session.started_at.astimezone(zone)
    initial = {
        "enrolment": session.enrolment_id,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "flare_day": session.flare_day,
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
        services.delete_session(session)
        messages.success(request, "Session deleted.")
        return redirect("progress:week", label)
    return render(request, "progress/delete.html", {"session": session, "week_label": label})


MORNING_ANSWERS = {"better", "same", "worse", "skipped"}


@login_required
@require_POST
def morning_answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The next morning's one tap on Today: better, the same, worse, or skip."""
    session = get_object_or_404(SessionLog.objects.for_user(request.user), pk=pk)
    answer = request.POST.get("answer", "")
    if answer not in MORNING_ANSWERS:
        messages.error(request, "Choose better, the same or worse, or skip the question.")
    elif not session.next_morning:  # asked once: a second tap changes nothing
        session.next_morning = answer
        session.save(update_fields=["next_morning", "updated_at"])
        if answer != "skipped":
            messages.success(request, "Thank you: noted with yesterday's session.")
    return redirect("today")


def _trend_choice(request: HtmxHttpRequest) -> tuple[str, str]:
    """The routine (an enrolment's id, checked against the person's own later) and the span
    the pain trend shows: anything unexpected falls back to all routines, 12 weeks."""
    routine = request.GET.get("routine", "all")
    scope = routine if is_whole_number(routine, 11) else "all"
    span = "all" if request.GET.get("span") == "all" else "12w"
    return scope, span


@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def history(request: HtmxHttpRequest, label: str | None = None) -> HttpResponse:
    user = request.user
    today = user.today()
    current_first = week_start_of(today, user.week_start)
    first = current_first if label is None else parse_week_label(label, user.week_start)
    if first is None or first > current_first:
        raise Http404("No such week.")
    part = "content"
    if request.htmx:
        part = "trend" if request.htmx.target == "trend" else "week"
    scope, span = _trend_choice(request)
    name = f"history:{first.isoformat()}:{part}:{scope}:{span}"
    page = cached_page(
        request,
        f"progress:{name}",
        f"progress/history.html#{part}",
        lambda: _history(request, first, today, part, scope, span),
        per_person=True,
        day=today,
    )
    if request.htmx:
        return HttpResponse(page.html)
    return render(request, "progress/history.html", {"content": page.html})


def _history(request, first: dt.date, today: dt.date, part: str, scope: str, span: str) -> dict:
    user = request.user
    if part == "trend":
        plans = history_queries.current_plans(user, today)
        scope = scope if scope in {str(p.key) for p in plans} else "all"
        sums, oldest = history_queries.trend_rows(user, today)
        context = {"plans": plans} | history_queries.trend(
            user, today, plans, scope, span, sums, oldest
        )
    else:
        context = history_queries.week_page(user, first, today)
        if part == "content":
            plans = context["plans"]
            scope = scope if scope in {str(p.key) for p in plans} else "all"
            context |= history_queries.overview(user, today, plans, scope, span)
            context |= outcome_queries.history(user, today)
    if first == week_start_of(today, user.week_start):
        context["page_url"] = reverse("progress:history")
    else:
        context["page_url"] = reverse("progress:week", args=[week_label(first, user.week_start)])
    return context


def _report_page(request, form, share_form, status: int = 200, new_link=None) -> HttpResponse:
    """The report for the form's period (none while the period is wrong), the share form
    and the person's links: every live one, then the newest ended ones; with the link just
    made, its token shown this once (`new_link`: (link, token))."""
    user, now = request.user, timezone.now()
    today = user.today()
    context = {"form": form, "share_form": share_form, "period_ok": True, "now": now}
    if form.is_bound and not form.is_valid():
        context["period_ok"] = False
    else:
        first, last, notes = form.period()
        context |= report.build(user, first, last, notes, today)
        context["person_name"] = form.person_name()
    links = ShareLink.objects.for_user(user)
    context["links"] = list(links.live(now))
    context["ended_links"] = list(links.ended(now)[: share.ENDED_SHOWN])
    context["max_links"] = share.MAX_LIVE_LINKS
    if new_link:
        link, token = new_link
        url = request.build_absolute_uri(reverse("progress:shared", args=[token]))
        context["new_link"] = {"id": link.pk, "name": link.name, "url": url}
    return render(request, "progress/report.html", context, status=status)


@login_required
@require_GET
def report_view(request: HtmxHttpRequest) -> HttpResponse:
    today = request.user.today()
    form = ReportPeriodForm(request.GET, today=today)
    first, last, notes = form.period()
    initial = {"start": first, "end": last, "include_notes": notes}
    return _report_page(request, form, ShareLinkForm(initial=initial, today=today))


@login_required
@require_POST
def share_create(request: HtmxHttpRequest) -> HttpResponse:
    today = request.user.today()
    share_form = ShareLinkForm(request.POST, today=today)
    if not share_form.is_valid():
        form = ReportPeriodForm({k: request.POST.get(k, "") for k in ("start", "end")}, today=today)
        if not form.is_valid():
            form = ReportPeriodForm(None, today=today)  # the default period, to choose again
        return _report_page(request, form, share_form, status=400)
    data = share_form.cleaned_data
    made = _make_link(request.user, data)
    if made is None:
        share_form.add_error(None, share.TOO_MANY_LINKS)
        form = ReportPeriodForm({"start": data["start"], "end": data["end"]}, today=today)
        return _report_page(request, form, share_form, status=400)
    # Shown in this response only: never in a URL (so never in a log or a Referer header),
    # never in the session store. The database keeps its digest.
    period = _period_query(data["start"], data["end"], data["include_notes"])
    form = ReportPeriodForm(period, today=today)
    initial = {"start": data["start"], "end": data["end"], "include_notes": data["include_notes"]}
    share_form = ShareLinkForm(initial=initial, today=today)
    return _report_page(request, form, share_form, new_link=made)


def _make_link(user, data: dict) -> tuple[ShareLink, str] | None:
    """A new link and its token, or None when the person has MAX_LIVE_LINKS live ones. The
    person's row is locked meanwhile, so two tabs at once can't both make the last one."""
    now = timezone.now()
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values("pk"))
        if ShareLink.objects.for_user(user).live(now).count() >= share.MAX_LIVE_LINKS:
            return None
        token = tokens.new_token()
        link = ShareLink.objects.create(
            user=user,
            name=data["name"],
            token_digest=tokens.digest(token),
            first_day=data["start"],
            last_day=data["end"],
            include_notes=data["include_notes"],
            lifetime_days=data["lifetime"],
            expires_at=now + dt.timedelta(days=data["lifetime"]),
        )
    return link, token


def _period_query(first: dt.date, last: dt.date, notes: bool) -> dict:
    query = {"start": first.isoformat(), "end": last.isoformat()}
    return query | ({"notes": "on"} if notes else {})


@login_required
@require_POST
def share_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink.objects.for_user(request.user), pk=pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, f"The link for {link.name} no longer works.")
    return redirect("progress:report")


def _private(response: HttpResponse) -> HttpResponse:
    """A shared report's headers: not indexed, no Referer sent on, never stored."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def shared(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The read-only report behind a share link, signed out. An unknown, expired or revoked
    token is the same 404; too many opens from one address is a 429."""
    limit = share.OPENS_PER_ADDRESS
    if throttle.hit(limit, client_ip(request)) > limit.count:
        return _private(throttle.too_many(request, limit))
    now = timezone.now()
    link = (
        ShareLink.objects.live(now)
        .filter(token_digest=tokens.digest(token))
        .select_related("user")
        .first()
    )
    if link is None:
        # Revoked, expired or unknown: the same page, so a token's past can't be read.
        return _private(HttpResponse(render_to_string("progress/shared_gone.html"), status=404))
    link.note_opened(now)
    owner = link.user
    context = report.build(owner, link.first_day, link.last_day, link.include_notes, owner.today())
    return _private(render(request, "progress/shared.html", context))


@login_required
@require_GET
def export(request: HtmxHttpRequest) -> HttpResponse:
    kind = request.GET.get("format")
    if kind in exports.FORMATS:
        return exports.download(request.user, kind)
    return render(request, "progress/export.html", {})
