from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator

from accounts import throttle
from accounts.models import User, normalise_email, same_email, timezone_choices, timezone_groups
from accounts.tasks import send_password_reset
from config.forms import WholeNumberField

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


def _valid_zone(name: str) -> str:
    return name if name in dict(timezone_choices()) else "UTC"


class SignupForm(BaseUserCreationForm):
    TAKEN = "An account with this email address already exists."

    # Filled in by static/js/timezone.js from the browser; UTC when JavaScript is off.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        # Sign-up says so when an address is taken (see README, "Accounts and abuse").
        if User.objects.filter(same_email(email)).exists():
            raise forms.ValidationError(self.TAKEN, code="taken")
        return email

    def clean_time_zone(self) -> str:
        zone = _valid_zone(self.cleaned_data.get("time_zone") or "")
        # Without JavaScript nothing is sent: the view then asks the person for their zone.
        self.zone_detected = zone == self.cleaned_data.get("time_zone")
        return zone

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.time_zone = self.cleaned_data["time_zone"]
        if commit:
            user.save()
        return user


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_groups,
        help_text="Your days and weeks follow this zone.",
    )
    # Optional: left empty, the current length stays.
    get_ready_seconds = WholeNumberField(
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
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    NAME_NEEDED = "Add your name: the people you invite see it before they connect."

    class Meta:
        model = User
        fields = (
            "display_name",
            "time_zone",
            "week_start",
            "get_ready_seconds",
            "is_clinician",
            "profession",
            "clinic_digest",
        )
        labels = {
            "display_name": "Name (optional; needed for a clinician account)",
            "week_start": "First day of the week",
            "profession": "Profession (optional)",
        }
        widgets = {"week_start": forms.RadioSelect}

    def clean_get_ready_seconds(self) -> int:
        value = self.cleaned_data.get("get_ready_seconds")
        return self.instance.get_ready_seconds if value is None else value

    def clean(self) -> dict:
        data = super().clean()
        if data.get("is_clinician") and not (data.get("display_name") or "").strip():
            self.add_error("display_name", self.NAME_NEEDED)
        return data


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field is built, so nothing enforced
        # it: a longer "email" reached django-axes, whose column holds 255 characters.
        self.fields["username"].validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))


def _count_wrong_password(user: User) -> None:
    throttle.hit(throttle.PASSWORD_CHECKS_PER_ACCOUNT, str(user.pk))


class CheckedPasswordChangeForm(PasswordChangeForm):
    """Password change whose wrong current passwords count towards a lockout."""

    def clean_old_password(self) -> str:
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            _count_wrong_password(self.user)
            raise


class TimeZoneForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=timezone_groups,
        help_text="Your days and weeks follow it. You can change it later on your profile.",
    )

    class Meta:
        model = User
        fields = ("time_zone",)


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
            _count_wrong_password(self.user)
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


class InviteForm(forms.Form):
    label = forms.CharField(
        label="Who it's for (optional)",
        max_length=80,
        required=False,
        help_text="Only you see this, to tell your invites apart; at most 80 characters.",
        error_messages={"max_length": "At most 80 characters (this has %(show_value)d)."},
    )


class ConsentForm(forms.Form):
    include_notes = forms.BooleanField(
        label="Share my session notes too",
        required=False,
        help_text="Off unless you tick it. You can change it later.",
    )


class NotesForm(forms.Form):
    """Turns sharing notes with one clinician on or off (the field absent means off)."""

    include_notes = forms.BooleanField(required=False)
