from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetView
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from accounts import throttle
from accounts.forms import (
    CheckedPasswordChangeForm,
    DeleteAccountForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignInForm,
    SignupForm,
    TimeZoneForm,
)
from accounts.models import CareLink, Invite, Session, User, normalise_email
from accounts.signals import name_changed
from config.http import HtmxHttpRequest, client_ip, local_next


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    """Sign up, then back to where the person started (say a routine's page), or else to
    the one-minute start."""
    next_url = local_next(request, "start")
    if request.user.is_authenticated:
        return redirect("today")
    if request.method == "POST":
        address = client_ip(request)
        if throttle.exceeded(throttle.SIGNUPS_PER_ADDRESS, address):
            return throttle.too_many(request, throttle.SIGNUPS_PER_ADDRESS)
        throttle.hit(throttle.SIGNUPS_PER_ADDRESS, address)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # the same address signed up a moment ago
            form.add_error("email", SignupForm.TAKEN)
        else:
            login(request, user, backend="accounts.backends.CachedUserBackend")
            messages.success(request, "Welcome to Limber. Your account is ready.")
            if not form.zone_detected:
                return redirect(f"{reverse('accounts:time_zone')}?{urlencode({'next': next_url})}")
            return redirect(next_url)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def time_zone(request: HtmxHttpRequest) -> HttpResponse:
    """Asked after signing up when the browser didn't tell us its zone (JavaScript off)."""
    next_url = local_next(request, "today")
    form = TimeZoneForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Your time zone is {request.user.time_zone}.")
        return redirect(next_url)
    return render(request, "accounts/time_zone.html", {"form": form, "next": next_url})


_login_view = LoginView.as_view(form_class=SignInForm)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Django's log-in, refused (429) from an address with too many recent failures."""
    limit = throttle.SIGN_IN_FAILURES_PER_ADDRESS
    if request.method == "POST" and throttle.exceeded(limit, client_ip(request)):
        return throttle.too_many(request, limit)
    return _login_view(request)


def count_failed_sign_in(sender, credentials: dict, request: HttpRequest | None = None, **kw):
    """Every failed sign-in counts against its address, whichever email it tried."""
    if request is not None:
        throttle.hit(throttle.SIGN_IN_FAILURES_PER_ADDRESS, client_ip(request))


class ThrottledPasswordResetView(PasswordResetView):
    """Reset asks are limited per address (429) and per email address (silently).

    Known and unknown addresses get the same redirect to the same page; over the per-email
    limit nothing is sent, and the page still looks the same. The email itself is sent by a
    worker (accounts.tasks), never in the request.
    """

    form_class = QueuedPasswordResetForm

    def post(self, request, *args, **kwargs):
        address = client_ip(request)
        if throttle.exceeded(throttle.RESETS_PER_ADDRESS, address):
            return throttle.too_many(request, throttle.RESETS_PER_ADDRESS)
        throttle.hit(throttle.RESETS_PER_ADDRESS, address)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = normalise_email(form.cleaned_data["email"])
        if throttle.hit(throttle.RESETS_PER_EMAIL, email) > throttle.RESETS_PER_EMAIL.count:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset = ThrottledPasswordResetView.as_view()


class ThrottledPasswordChangeView(PasswordChangeView):
    form_class = CheckedPasswordChangeForm

    def post(self, request, *args, **kwargs):
        if _password_checks_exceeded(request.user):
            return throttle.too_many(request, throttle.PASSWORD_CHECKS_PER_ACCOUNT)
        return super().post(request, *args, **kwargs)


password_change = ThrottledPasswordChangeView.as_view()


def _password_checks_exceeded(user: User) -> bool:
    return throttle.exceeded(throttle.PASSWORD_CHECKS_PER_ACCOUNT, str(user.pk))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HtmxHttpRequest) -> HttpResponse:
    was_clinician = request.user.is_clinician  # the form changes the instance as it cleans
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        stopping = was_clinician and not form.cleaned_data["is_clinician"]
        if stopping and _has_connections(request.user):
            # The rest is saved; the role goes off only once they confirm what it ends.
            form.instance.is_clinician = True
            _save_profile(form)
            messages.info(request, "Profile saved. Confirm to turn the clinician account off.")
            return redirect("accounts:clinician-stop")
        _save_profile(form)
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    links = CareLink.objects.of_person(request.user).active().select_related("clinician")
    context = {"form": form, "care_links": list(links), "is_clinician": was_clinician}
    return render(request, "accounts/profile.html", context)


def _save_profile(form: ProfileForm) -> None:
    form.save()
    if {"display_name", "profession"} & set(form.changed_data):
        # The pages of people this person assigned routines show their name (routines).
        name_changed.send(sender=User, user=form.instance)


def _has_connections(clinician: User) -> bool:
    """Live connections or open invites: what turning the role off would end."""
    now = timezone.now()
    return (
        CareLink.objects.active().filter(clinician=clinician).exists()
        or Invite.objects.made_by(clinician).open(now).exists()
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST" and _password_checks_exceeded(request.user):
        return throttle.too_many(request, throttle.PASSWORD_CHECKS_PER_ACCOUNT)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        session_count = user.session_logs.count()
        with transaction.atomic():
            forget_sign_ins(user, keep=request.session.session_key)
            user.delete()  # cascades to enrolments, session logs and exercise logs
        logout(request)
        messages.success(
            request,
            f"Your account and all {session_count} logged sessions were deleted for good, "
            "with the record of your sign-ins and every place you were signed in.",
        )
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


def forget_sign_ins(user: User, keep: str | None = None) -> int:
    """Delete what sign-in kept about a person: django-axes' logs of attempts (email,
    address, browser) and their sessions on other devices (`keep`, this one, is ended by
    logging out), found by the sessions' indexed person column (accounts.sessions)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    email = normalise_email(user.email)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
    deleted, _ = Session.objects.filter(user_id=user.pk).exclude(session_key=keep).delete()
    return deleted


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The email django-axes counts failures against: any case is one person."""
    data = credentials or getattr(request, "POST", {}) or {}
    return normalise_email(str(data.get("username") or ""))[:255]


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes calls this after too many failed sign-ins for a username from one address."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(15 * 60)
    return response
