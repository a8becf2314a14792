from django import forms

from routines.models import Phase, Routine


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
