from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator

from accounts import throttle
from accounts.models import User, normalise_email, same_email, timezone_choices

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

    class Meta:
        model = User
        fields = ("display_name", "time_zone", "week_start")
        labels = {"display_name": "Name (optional)", "week_start": "First day of the week"}
        widgets = {"week_start": forms.RadioSelect}


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
