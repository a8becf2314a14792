"""The person's PSFS activities (/activities/…) and the weekly check-in (/check-in/<week>/).

Everything here is the person's own: another person's activity or week is a 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.weeks import DAY, day_month, parse_week_label, week_label, week_start_of
from config.http import HtmxHttpRequest, local_next
from progress import outcome_queries, outcomes
from progress.models import CheckIn, PsfsActivity, PsfsNotNow, PsfsRating
from progress.outcome_forms import TOO_MANY, ActivityForm, CheckInForm, RatingForm, RenameForm
from routines.models import Enrolment


def _get_activity_for_user(user, pk: int) -> PsfsActivity:
    """The person's own activity still in use; a retired one or anyone else's is 404."""
    return get_object_or_404(PsfsActivity.objects.for_user(user).active(), pk=pk)


def _activities_page(request, form=None, rename=None, status=200) -> HttpResponse:
    user = request.user
    context = outcome_queries.psfs(user)
    active = context["active_count"]
    context |= {
        "form": form or ActivityForm(active_names=[]),  # unbound: never validated
        "rename": rename,
        "can_add": active < outcomes.MAX_ACTIVITIES,
        "max_activities": outcomes.MAX_ACTIVITIES,
        "too_many": TOO_MANY,
        "first_time": "first" in request.GET,
        "next": local_next(request, "today"),
        "anchors": (outcomes.ANCHOR_LOW, outcomes.ANCHOR_HIGH),
    }
    return render(request, "progress/outcomes/activities.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activities(request: HtmxHttpRequest) -> HttpResponse:
    """The person's activities: name one (with its first rating), rename or retire one."""
    if request.method == "GET":
        return _activities_page(request)
    user = request.user
    with transaction.atomic():
        # The person's row locked, so two tabs can't both add a fifth activity.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values("pk"))
        names = list(_active(user).values_list("name", flat=True))
        form = ActivityForm(request.POST, active_names=names)
        if not form.is_valid():
            return _activities_page(request, form=form, status=400)
        today = user.today()
        activity = PsfsActivity.objects.create(
            user=user, name=form.cleaned_data["name"], created_on=today
        )
        PsfsRating.objects.create(activity=activity, day=today, score=form.cleaned_data["score"])
    messages.success(request, f"Added “{activity.name}”, rated {form.cleaned_data['score']}.")
    return redirect(request.get_full_path())


def _active(user):
    return PsfsActivity.objects.for_user(user).active()


@login_required
@require_POST
def rename_activity(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity_for_user(request.user, pk)
    form = RenameForm(request.POST, auto_id=f"rename-{activity.pk}-%s")
    if not form.is_valid():
        return _activities_page(request, rename=(activity.pk, form), status=400)
    activity.name = form.cleaned_data["name"]
    activity.save(update_fields=["name"])
    messages.success(request, f"Renamed to “{activity.name}”. Its ratings stay.")
    return redirect("progress:activities")


@login_required
@require_POST
def retire_activity(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity_for_user(request.user, pk)
    activity.retired_on = request.user.today()
    activity.save(update_fields=["retired_on"])
    messages.success(request, f"“{activity.name}” is retired; its ratings stay in History.")
    return redirect("progress:activities")


@login_required
@require_http_methods(["GET", "POST"])
def rate(request: HtmxHttpRequest) -> HttpResponse:
    """Rate every activity again on one screen (each may be left out, not all)."""
    user = request.user
    active = list(_active(user))
    if not active:
        messages.info(request, "Name an activity first; then you can rate it.")
        return redirect("progress:activities")
    data = request.POST if request.method == "POST" else None
    form = RatingForm(data, activities=active)
    if request.method == "POST" and form.is_valid():
        today = user.today()
        with transaction.atomic():
            for activity, score in form.scores():
                PsfsRating.objects.update_or_create(
                    activity=activity, day=today, defaults={"score": score}
                )
        messages.success(request, "Thank you: your ratings are saved. History shows the change.")
        return redirect("progress:history")
    context = {
        "form": form,
        "anchors": (outcomes.ANCHOR_LOW, outcomes.ANCHOR_HIGH),
        "citation": outcomes.CITATION,
    }
    return render(
        request, "progress/outcomes/rate.html", context, status=400 if data is not None else 200
    )


@login_required
@require_POST
def not_now(request: HtmxHttpRequest) -> HttpResponse:
    """Put Today's question to rate again away: asked again in a few days, never today."""
    until = outcomes.not_now_until(request.user.today())
    PsfsNotNow.objects.update_or_create(user=request.user, defaults={"until": until})
    messages.info(request, f"Fine: we'll ask again from {day_month(until)}.")
    return redirect("today")


def _past_week(user, label: str):
    """(first day, today) of a finished week of the person's; any other is 404."""
    today = user.today()
    first = parse_week_label(label, user.week_start)
    if first is None or first >= week_start_of(today, user.week_start):
        raise Http404("No check-in for that week.")
    return first, today


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HtmxHttpRequest, label: str) -> HttpResponse:
    """A finished week against each routine's target, and what got in the way."""
    user = request.user
    first, today = _past_week(user, label)
    lines = outcome_queries.lines_for_week(user, first, today)
    data = request.POST if request.method == "POST" else None
    form = CheckInForm(data, lines=lines)
    if data is not None and form.is_valid():
        _save_answer(user, first, form)
        answer = form.cleaned_data["answer"]
        messages.success(request, outcomes.SUGGESTIONS[answer])
        return redirect(_suggestion_url(user, answer, form.line))
    answers = {
        row.enrolment_id: row for row in CheckIn.objects.for_user(user).filter(week_start=first)
    }
    context = {
        "form": form,
        "first": first,
        "last": first + DAY * 6,
        "label": week_label(first, user.week_start),
        "lines": [(line, answers.get(line.key)) for line in lines],
        "answers": outcomes.ANSWERS,
        "max_text": outcomes.MAX_TEXT,
    }
    status = 400 if data is not None else 200
    return render(request, "progress/outcomes/check_in.html", context, status=status)


def _save_answer(user, first, form: CheckInForm) -> None:
    data, line = form.cleaned_data, form.line
    answer = data["answer"]
    text = data["text"] if answer == outcomes.Answer.OTHER else ""
    fields = {"answer": answer, "text": text}
    lookup = {"user": user, "week_start": first}
    if line is None:
        lookup |= {"enrolment": None, "answer": answer}
    else:
        lookup["enrolment_id"] = line.key
        fields |= {"routine_name": line.name, "done": line.done, "needed": line.needed}
    try:
        with transaction.atomic():
            CheckIn.objects.update_or_create(**lookup, defaults=fields)
    except IntegrityError:  # the same answer sent twice at once: the first one stands
        pass


def _suggestion_url(user, answer: str, line) -> str:
    """Where each answer's one suggestion is (the routine is read only for those that
    lead to it)."""
    if answer == outcomes.Answer.PAIN:
        return reverse("red_flags")
    if answer == outcomes.Answer.NOT_FOR_ME:
        return reverse("routines:list")
    enrolment = None
    if line is not None:
        enrolment = Enrolment.objects.for_user(user).current().filter(pk=line.key).first()
    if enrolment is None:
        return reverse("today")
    if answer == outcomes.Answer.FORGOT:
        return f"{reverse('reminders:edit', args=[enrolment.pk])}?next={reverse('today')}"
    if answer == outcomes.Answer.NO_TIME:
        return f"{reverse('today')}?short={enrolment.pk}"
    if answer == outcomes.Answer.UNSURE:
        return reverse("session", args=[enrolment.pk])
    return reverse("today")
