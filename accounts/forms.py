from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site

from accounts.models import User, timezone_choices
from accounts.tasks import send_password_reset


def _valid_zone(name: str) -> str:
    return name if name in dict(timezone_choices()) else "UTC"


class SignupForm(BaseUserCreationForm):
    # Filled in by static/js/timezone.js from the browser; UTC when JavaScript is off.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email

    def clean_time_zone(self) -> str:
        return _valid_zone(self.cleaned_data.get("time_zone") or "")

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.time_zone = self.cleaned_data["time_zone"]
        if commit:
            user.save()
        return user


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="Your days and weeks follow this zone.",
    )
    # Optional: left empty, the current length stays.
    get_ready_seconds = forms.IntegerField(
        label="Get-ready time in the guided session (seconds)",
        required=False,
        min_value=3,
        max_value=30,
        help_text=User._meta.get_field("get_ready_seconds").help_text,
        error_messages={
            "min_value": "At least 3 seconds.",
            "max_value": "At most 30 seconds.",
            "invalid": "Enter a whole number of seconds, 3 to 30.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
    )

    class Meta:
        model = User
        fields = ("display_name", "time_zone", "week_start", "get_ready_seconds")
        labels = {"display_name": "Name (optional)", "week_start": "First day of the week"}
        widgets = {"week_start": forms.RadioSelect}

    def clean_get_ready_seconds(self) -> int:
        value = self.cleaned_data.get("get_ready_seconds")
        return self.instance.get_ready_seconds if value is None else value


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password isn't right.")
        return password


class QueuedPasswordResetForm(PasswordResetForm):
    """Queues the reset email as a task (accounts.tasks) instead of sending it here.

    The request does the same work for every address (one task queued), so it answers in
    the same time whether or not the address has an account, and a slow mail server
    holds a worker process, not a web one.
    """

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=None,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ) -> None:
        domain = domain_override or get_current_site(request).domain
        templates = {
            "subject_template_name": subject_template_name,
            "email_template_name": email_template_name,
            "html_email_template_name": html_email_template_name,
            "from_email": from_email,
        }
        send_password_reset.enqueue(self.cleaned_data["email"], domain, use_https, templates)
