from django import forms

from config.forms import TimeInput
from reminders import rules
from reminders.models import ReminderSchedule


class ReminderForm(forms.ModelForm):
    """A routine's reminder: on or off, the days of the week and a local time."""

    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=list(enumerate(rules.WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReminderSchedule
        fields = ("enabled", "at")
        labels = {"enabled": "Email me a reminder", "at": "Time (your time zone)"}
        help_texts = {"enabled": "On: an email on the days and at the time below. Off: none."}
        widgets = {
            "enabled": forms.CheckboxInput(attrs={"role": "switch", "class": "switch"}),
            "at": TimeInput(format="%H:%M"),
        }
        error_messages = {
            "at": {
                "invalid": "Enter a time such as 07:30.",
                "required": "Enter a time such as 07:30.",
            }
        }

    # The value of the button that confirms saving with the switch off.
    OFF_CONFIRMED = "confirmed"

    def __init__(self, *args, switched_on: bool = False, **kwargs):
        """`switched_on`: the switch starts on (arriving from "Set a reminder" or the
        one-minute start), whatever was saved before."""
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = sorted(self.instance.days)
        if switched_on or not self.instance.pk:
            self.initial["enabled"] = True

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("days"):
            self.add_error("days", "Choose at least one day.")
        return cleaned

    @property
    def off_unconfirmed(self) -> bool:
        """Valid, switched off, and not yet confirmed: the page asks before saving."""
        off = self.is_valid() and not self.cleaned_data.get("enabled")
        return off and self.data.get("off") != self.OFF_CONFIRMED

    def save(self, commit: bool = True) -> ReminderSchedule:
        schedule = super().save(commit=False)
        if self.cleaned_data.get("days"):
            schedule.weekdays = rules.to_mask(self.cleaned_data["days"])
        if commit:
            schedule.save()
        return schedule
