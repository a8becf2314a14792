"""The clinic's consent side: a clinician's invite links, a person accepting or declining
one (/join/<token>/), and a person's own clinicians: what each sees, who viewed what, and
disconnecting. Every page reaches a person's data only through their own links; another
person's link or another clinician's invite is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import care, throttle, tokens
from accounts.care_queries import lock_clinician, stop_being_a_clinician
from accounts.forms import ConsentForm, InviteForm, NotesForm
from accounts.models import AccessRecord, CareLink, Invite, User, bump_data_version
from config.http import HtmxHttpRequest, client_ip

# Clinician: invite links ---------------------------------------------------------------


def _clinician_or_404(user: User) -> User:
    """Clinic pages exist only for clinicians: anyone else gets the same 404 as a wrong URL."""
    if not user.is_clinician:
        raise Http404
    return user


def _get_invite_for_clinician(user: User, pk: int) -> Invite:
    return get_object_or_404(Invite.objects.made_by(_clinician_or_404(user)), pk=pk)


def _invites_page(request, form, status: int = 200, new_link=None) -> HttpResponse:
    """The form, the open invites and the newest ended ones; with the link just made, its
    token shown this once (`new_link`: (invite, token))."""
    clinician, now = request.user, timezone.now()
    invites = Invite.objects.made_by(clinician)
    context = {
        "form": form,
        "open_invites": list(invites.open(now)),
        "ended_invites": list(invites.ended(now)[: care.ENDED_INVITES_SHOWN]),
        "max_open": care.MAX_OPEN_INVITES,
        "days": care.INVITE_DAYS,
    }
    if new_link:
        invite, token = new_link
        url = request.build_absolute_uri(reverse("join", args=[token]))
        context["new_link"] = {"label": invite.label, "url": url, "expires_at": invite.expires_at}
    return render(request, "accounts/clinic/invites.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invites(request: HtmxHttpRequest) -> HttpResponse:
    clinician = _clinician_or_404(request.user)
    if request.method == "GET":
        return _invites_page(request, InviteForm())
    limit, who = care.INVITES_PER_CLINICIAN, str(clinician.pk)
    if throttle.exceeded(limit, who):
        return throttle.too_many(request, limit)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _invites_page(request, form, status=400)
    made = _make_invite(clinician, form.cleaned_data["label"])
    if made is None:
        form.add_error(None, care.TOO_MANY_INVITES)
        return _invites_page(request, form, status=400)
    throttle.hit(limit, who)
    # Shown in this response only: never in a URL, a log line or the session store.
    return _invites_page(request, InviteForm(), new_link=made)


def _make_invite(clinician: User, label: str) -> tuple[Invite, str] | None:
    """A new invite and its token, or None at MAX_OPEN_INVITES. The clinician's row is
    locked meanwhile (lock_clinician), so two tabs at once can't both make the last one,
    and none is made once the role went off in another tab (a 404, as for any non-clinician)."""
    now = timezone.now()
    with transaction.atomic():
        if not lock_clinician(clinician.pk):
            raise Http404
        if Invite.objects.made_by(clinician).open(now).count() >= care.MAX_OPEN_INVITES:
            return None
        token = tokens.new_token()
        invite = Invite.objects.create(
            clinician=clinician,
            label=label,
            token_digest=tokens.digest(token),
            expires_at=care.invite_expiry(now),
        )
    return invite, token


@login_required
@require_http_methods(["GET", "POST"])
def invite_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    invite = _get_invite_for_clinician(request.user, pk)
    now = timezone.now()
    name = invite.label or f"the invite made {invite.created_at:%d %b %Y}"
    if not invite.is_open(now):
        messages.info(request, f"The link for {name} already no longer works.")
        return redirect("clinic:invites")
    if request.method == "POST":
        if Invite.objects.open(now).filter(pk=invite.pk).update(revoked_at=now):
            messages.success(request, f"The link for {name} no longer works.")
        else:  # accepted or declined a moment ago: say so rather than "revoked"
            messages.info(
                request,
                f"The link for {name} was accepted or declined a moment ago: nothing to revoke.",
            )
        return redirect("clinic:invites")
    return render(request, "accounts/clinic/invite_revoke.html", {"invite": invite})


# Anyone with the link: accepting or declining ------------------------------------------


def _join_response(response: HttpResponse) -> HttpResponse:
    """An invite page's headers: not indexed, never stored. (No "no-referrer": a POST
    from such a page sends "Origin: null", which the CSRF check refuses.)"""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _gone() -> HttpResponse:
    # Used, declined, revoked, expired or unknown: the same page, so an invite's past
    # can't be read from it.
    page = render_to_string("accounts/clinic/join_gone.html")
    return _join_response(HttpResponse(page, status=404))


def _open_invite(token: str) -> Invite | None:
    return (
        Invite.objects.open(timezone.now())
        .filter(token_digest=tokens.digest(token), clinician__is_clinician=True)
        .select_related("clinician")
        .first()
    )


def _why_not(user: User, invite: Invite) -> str:
    """Why this person can't accept: "own" invite, already "connected", or "" (they can)."""
    if invite.clinician_id == user.pk:
        return "own"
    live = CareLink.objects.active().filter(clinician_id=invite.clinician_id, person=user)
    return "connected" if live.exists() else ""


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Signed out: who invites you, and Sign up / Log in back here. Signed in: the consent
    screen (what is shared, the notes tick-box, Accept or Decline)."""
    limit = care.INVITE_OPENS_PER_ADDRESS
    if throttle.hit(limit, client_ip(request)) > limit.count:
        return _join_response(throttle.too_many(request, limit))
    invite = _open_invite(token)
    if invite is None:
        return _gone()
    context = {"invite": invite, "clinician": invite.clinician, "path": request.path}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('login')}?next={request.path}")
        return _join_response(render(request, "accounts/clinic/join.html", context))
    context |= {"problem": _why_not(request.user, invite), "form": ConsentForm()}
    context |= {"shared": care.SHARED, "notes": care.NOTES}
    if request.method == "POST" and not context["problem"]:
        decision = request.POST.get("decision")
        form = context["form"] = ConsentForm(request.POST)
        if decision == "decline":
            return _decline(request, invite)
        if decision == "accept" and form.is_valid():
            return _accept(request, invite, form.cleaned_data["include_notes"])
        context["choose"] = True
        return _join_response(render(request, "accounts/clinic/join.html", context, status=400))
    status = 400 if request.method == "POST" else 200
    return _join_response(render(request, "accounts/clinic/join.html", context, status=status))


def _accept(request: HtmxHttpRequest, invite: Invite, include_notes: bool) -> HttpResponse:
    """Single use, whoever else accepts at the same moment: the invite is claimed by an
    UPDATE … WHERE it is still open, and only the request that claimed it connects."""
    now, person, clinician = timezone.now(), request.user, invite.clinician
    try:
        with transaction.atomic():
            # Nor while the clinician turns the role off (lock_clinician).
            if not lock_clinician(clinician.pk):
                return _gone()
            open_now = Invite.objects.open(now).filter(pk=invite.pk)
            if not open_now.update(used_at=now, used_by=person):
                return _gone()
            CareLink.objects.create(clinician=clinician, person=person, include_notes=include_notes)
            # Routines this clinician assigned before are theirs to change again: her
            # cached pages say so.
            bump_data_version(person.pk)
    except IntegrityError:  # connected through another invite a moment ago
        messages.info(request, f"You are already connected with {clinician}.")
        return redirect("accounts:clinicians")
    shared = "your progress, with your session notes" if include_notes else "your progress"
    messages.success(request, f"You are connected with {clinician}, who can now see {shared}.")
    return redirect("accounts:clinicians")


def _decline(request: HtmxHttpRequest, invite: Invite) -> HttpResponse:
    now = timezone.now()
    if not Invite.objects.open(now).filter(pk=invite.pk).update(declined_at=now):
        return _gone()
    messages.success(request, f"You declined {invite.clinician}'s invite. Nothing is shared.")
    return redirect("today")


# The person: their clinicians -------------------------------------------------------


def _get_link_for_person(user: User, pk: int) -> CareLink:
    links = CareLink.objects.of_person(user).select_related("clinician")
    return get_object_or_404(links, pk=pk)


def _views(person) -> list[care.Views]:
    records = AccessRecord.objects.filter(person=person).values_list(
        "clinician_name", "what", "viewed_at"
    )
    return care.grouped_views(records[: care.ACCESS_READ], person.zone)[: care.ACCESS_SHOWN]


@login_required
@require_http_methods(["GET"])
def clinicians(request: HtmxHttpRequest) -> HttpResponse:
    person = request.user
    links = list(CareLink.objects.of_person(person).select_related("clinician"))
    context = {
        "live": [link for link in links if link.ended_at is None],
        "past": [link for link in links if link.ended_at is not None][: care.PAST_SHOWN],
        "records": _views(person),
        "shared": care.SHARED,
        "access_days": care.ACCESS_KEPT_DAYS,
    }
    return render(request, "accounts/clinic/clinicians.html", context)


@login_required
@require_POST
def clinician_notes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    link = _get_link_for_person(request.user, pk)
    form = NotesForm(request.POST)
    if link.ended_at is None and form.is_valid():
        include = form.cleaned_data["include_notes"]
        CareLink.objects.filter(pk=link.pk).update(include_notes=include)
        if include:
            messages.success(request, f"{link.clinician} can now see your session notes too.")
        else:
            messages.success(request, f"{link.clinician} no longer sees your session notes.")
    return redirect("accounts:clinicians")


@login_required
@require_http_methods(["GET", "POST"])
def disconnect(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    link = _get_link_for_person(request.user, pk)
    if link.ended_at is not None:
        messages.info(request, f"You are no longer connected with {link.clinician}.")
        return redirect("accounts:clinicians")
    if request.method == "POST":
        with transaction.atomic():
            if CareLink.objects.active().filter(pk=link.pk).update(ended_at=timezone.now()):
                # Her cached pages say whose her assigned routines are to change.
                bump_data_version(request.user.pk)
        name = link.clinician
        messages.success(request, f"You disconnected from {name}, who no longer sees your data.")
        return redirect("accounts:clinicians")
    return render(request, "accounts/clinic/disconnect.html", {"link": link})


@login_required
@require_http_methods(["GET", "POST"])
def clinician_stop(request: HtmxHttpRequest) -> HttpResponse:
    """Turning the clinician role off, after saying how many people it disconnects."""
    clinician = _clinician_or_404(request.user)
    if request.method == "POST":
        ended, revoked = stop_being_a_clinician(clinician)
        done = f" {_people(ended)} disconnected, {_invites(revoked)} revoked."
        done = done if ended or revoked else ""
        messages.success(request, f"Your clinician account is off.{done}")
        return redirect("accounts:profile")
    context = {
        "people": CareLink.objects.active().filter(clinician=clinician).count(),
        "open_invites": Invite.objects.made_by(clinician).open(timezone.now()).count(),
    }
    return render(request, "accounts/clinic/stop.html", context)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _invites(count: int) -> str:
    return "1 open invite" if count == 1 else f"{count} open invites"
