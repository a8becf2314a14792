from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import DeleteAccountForm, ProfileForm, QueuedPasswordResetForm, SignupForm
from config.http import HtmxHttpRequest


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="accounts.backends.CachedUserBackend")
        messages.success(request, "Welcome to Limber. Your account is ready.")
        return redirect("routines:list")
    return render(request, "accounts/signup.html", {"form": form})


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


@login_required
@require_POST
def calendar_token(request: HtmxHttpRequest) -> HttpResponse:
    """Make a new calendar-feed address; the old one stops working at once."""
    request.user.new_calendar_token()
    messages.success(request, "Your new calendar address is ready. The old one no longer works.")
    return redirect(reverse("accounts:profile") + "#calendar")


# Password reset: the email is sent by a worker (accounts.tasks), never in the request.
password_reset = PasswordResetView.as_view(form_class=QueuedPasswordResetForm)
