from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm, ProfileForm, SignupForm, TimeZoneForm
from config.http import HtmxHttpRequest


def _next_url(request: HttpRequest, default: str) -> str:
    """Where the person was going (a ?next= or a form's next field) if it's on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(default)


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    """Sign up, then back to where the person started (say a routine's page)."""
    next_url = _next_url(request, "routines:list")
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Limber. Your account is ready.")
        if not form.zone_detected:
            return redirect(f"{reverse('accounts:time_zone')}?{urlencode({'next': next_url})}")
        return redirect(next_url)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def time_zone(request: HtmxHttpRequest) -> HttpResponse:
    """Asked after signing up when the browser didn't tell us its zone (JavaScript off)."""
    next_url = _next_url(request, "today")
    form = TimeZoneForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Your time zone is {request.user.time_zone}.")
        return redirect(next_url)
    return render(request, "accounts/time_zone.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HtmxHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HtmxHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        session_count = user.session_logs.count()
        with transaction.atomic():
            user.delete()  # cascades to enrolments, session logs and exercise logs
        logout(request)
        messages.success(
            request,
            f"Your account and all {session_count} logged sessions were deleted for good.",
        )
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes calls this after too many failed sign-ins for a username from one address."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(15 * 60)
    return response
