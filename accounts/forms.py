from django import forms
from django.contrib.auth.forms import BaseUserCreationForm

from accounts.models import User, timezone_choices


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
        choices=timezone_choices,
        help_text="Your days and weeks follow this zone.",
    )

    class Meta:
        model = User
        fields = ("display_name", "time_zone", "week_start")
        labels = {"display_name": "Name (optional)", "week_start": "First day of the week"}
        widgets = {"week_start": forms.RadioSelect}


class TimeZoneForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=timezone_choices,
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
            raise forms.ValidationError("That password isn't right.")
        return password
