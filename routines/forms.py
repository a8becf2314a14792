from django import forms

from routines import reminders
from routines.models import Phase, ReminderSchedule, Routine


class EnrolForm(forms.Form):
    """Start a routine; someone experienced may begin at a later phase where it allows."""

    start_phase = forms.ModelChoiceField(
        queryset=Phase.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        label="Where to begin",
    )

    def __init__(self, *args, routine: Routine, **kwargs):
        super().__init__(*args, **kwargs)
        self.routine = routine
        field = self.fields["start_phase"]
        field.queryset = Phase.objects.filter(pk__in=[p.pk for p in routine.start_choices])
        field.label_from_instance = self._label
        field.initial = routine.phase_list[0].pk if routine.phase_list else None

    @staticmethod
    def _label(phase: Phase) -> str:
        if phase.may_start_here:
            return f"The whole routine ({phase.name}) — I've worked on my flexibility before"
        return f"{phase.name} — recommended"

    def clean_start_phase(self) -> Phase:
        return self.cleaned_data["start_phase"] or self.routine.phase_list[0]


class ReminderForm(forms.ModelForm):
    """A routine's reminder: on or off, the days of the week and a local time."""

    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=list(enumerate(reminders.WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReminderSchedule
        fields = ("enabled", "at")
        labels = {"enabled": "Email me a reminder", "at": "Time (your time zone)"}
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {
            "at": {
                "invalid": "Enter a time such as 07:30.",
                "required": "Enter a time such as 07:30.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = sorted(self.instance.days)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("days"):
            self.add_error("days", "Choose at least one day.")
        return cleaned

    def save(self, commit: bool = True) -> ReminderSchedule:
        schedule = super().save(commit=False)
        if self.cleaned_data.get("days"):
            schedule.weekdays = reminders.to_mask(self.cleaned_data["days"])
        if commit:
            schedule.save()
        return schedule
