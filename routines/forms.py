from django import forms

from config.forms import WholeNumberField
from exercises.dose import Dose
from routines import assigned, custom, recommend
from routines.models import Phase, Routine, RoutineItem


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


class RoutineForm(forms.Form):
    """A person's own routine: its name and how often they mean to do it."""

    name = forms.CharField(
        max_length=100, label="Name", error_messages={"required": "Give your routine a name."}
    )
    weekly = forms.ChoiceField(
        choices=[(value, label) for value, label, _low, _high in custom.WEEKLY_TARGETS],
        initial="7-7",
        label="How often",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give your routine a name.", code="required")
        return name

    def clean_weekly(self) -> tuple[int, int]:
        return custom.weekly_target(self.cleaned_data["weekly"])


class StartForm(forms.Form):
    """The one-minute start's three questions (routines.recommend)."""

    where = forms.MultipleChoiceField(
        label="Where does it bother you?",
        help_text="Tick all that apply.",
        choices=[(key, place.label) for key, place in recommend.PLACES.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one place, or skip this for now."},
    )
    have = forms.MultipleChoiceField(
        label="What do you have?",
        help_text="Tick all that apply.",
        choices=[
            (recommend.NOTHING, "Nothing"),
            *((key, kit.label) for key, kit in recommend.KIT.items()),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.TypedChoiceField(
        label="How long do you have?",
        choices=[(minutes, f"{minutes} minutes") for minutes in recommend.MINUTES],
        coerce=int,
        initial=10,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long you have."},
    )

    def wish(self) -> recommend.Wish:
        """The answers as routines.recommend reads them; "Nothing" with kit means the kit."""
        data = self.cleaned_data
        kit = [recommend.KIT[key].slugs for key in data["have"] if key in recommend.KIT]
        return recommend.Wish(frozenset(data["where"]), frozenset().union(*kit), data["minutes"])

    def answers(self) -> list[tuple[str, str]]:
        """The answers as query-string pairs, for the form that starts the suggestion."""
        data = self.cleaned_data
        pairs = [("where", key) for key in data["where"]]
        pairs += [("have", key) for key in data["have"] or [recommend.NOTHING]]
        return [*pairs, ("minutes", str(data["minutes"]))]


class DoseForm(forms.Form):
    """One move's dose. The bounds are checked by custom.dose_problems, with the message
    beside the field; a time-based move has no reps field and a rep-based one no time."""

    sets = WholeNumberField(label="Rounds")
    seconds = WholeNumberField(label="Time per round (seconds)")
    reps = WholeNumberField(label="Reps per round")
    per_side = forms.BooleanField(required=False, label="Each side in turn")
    rest_seconds = WholeNumberField(
        required=False, label="Rest between rounds (seconds)", help_text="Empty for no rest."
    )

    def __init__(self, *args, item: RoutineItem, other_doses: list[Dose], **kwargs):
        self.item = item
        self.other_doses = other_doses
        dose = item.dose
        self.by_reps = bool(dose.reps) and not dose.seconds_min
        initial = {
            "sets": dose.sets or 1,
            "seconds": dose.hold_seconds,
            "reps": dose.reps,
            "per_side": dose.per_side,
            "rest_seconds": dose.rest_seconds,
        }
        super().__init__(*args, initial=initial, **kwargs)
        del self.fields["seconds" if self.by_reps else "reps"]
        if suggested := item.exercise.rest_seconds:
            self.fields[
                "rest_seconds"
            ].help_text = f"Our suggestion for this move: {suggested} s. Empty for no rest."
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.update(inputmode="numeric")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        dose = self.dose()
        for field, message in custom.dose_problems(dose).items():
            self.add_error(field if field in self.fields else None, message)
        if not self.errors and (problem := custom.routine_problem([*self.other_doses, dose])):
            raise forms.ValidationError(problem, code="too_long")
        return cleaned

    def dose(self) -> Dose:
        data = self.cleaned_data
        current = self.item.dose
        seconds = data.get("seconds")
        keep_range = seconds is not None and seconds == current.hold_seconds
        return Dose(
            sets=data.get("sets"),
            seconds_min=(current.seconds_min if keep_range else seconds),
            seconds_max=(current.seconds_max if keep_range else None),
            reps=data.get("reps"),
            per_side=data.get("per_side", False),
            rest_seconds=data.get("rest_seconds") or None,
            at_least=current.at_least and keep_range,
        )


class AddMoveForm(forms.Form):
    """Add an exercise to one of my routines, or to a new one."""

    NEW = "new"

    routine = forms.ChoiceField(widget=forms.RadioSelect, label="Add it to")
    name = forms.CharField(max_length=100, required=False, label="Name of the new routine")

    def __init__(self, *args, routines: list[Routine], **kwargs):
        super().__init__(*args, **kwargs)
        self.routines = {routine.slug: routine for routine in routines}
        self.fields["routine"].choices = [
            *((routine.slug, routine.name) for routine in routines),
            (self.NEW, "A new routine"),
        ]
        self.fields["routine"].initial = routines[0].slug if routines else self.NEW

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("routine")
        name = " ".join(cleaned.get("name", "").split())
        if choice == self.NEW and not name:
            self.add_error("name", "Give the new routine a name.")
        cleaned["name"] = name
        cleaned["target"] = self.routines.get(choice)
        return cleaned


class AssignedRoutineForm(RoutineForm):
    """A routine a clinician builds for one person: RoutineForm with the clinician's note."""

    note = forms.CharField(
        label="Your note",
        help_text="Why this routine, and what to watch for. The person sees it with the "
        f"routine; other clinicians don't. At most {assigned.NOTE_MAX} characters.",
        max_length=assigned.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write a short note: why this, and what to watch for.",
            "max_length": f"Keep the note to {assigned.NOTE_MAX} characters at most.",
        },
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(
                "Write a short note: why this, and what to watch for.", code="required"
            )
        return note


class AssignForm(AssignedRoutineForm):
    """Assign a new routine: built from the library, or a copy of a programme's phase."""

    start = forms.ModelChoiceField(
        queryset=Phase.objects.none(),
        required=False,
        empty_label="None: I'll add the moves",
        label="Start from",
        error_messages={"invalid_choice": "Choose one of the programmes listed."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["start"]
        field.queryset = (
            Phase.objects.filter(routine__owner__isnull=True)
            .select_related("routine")
            .order_by("routine__order", "routine__name", "order")
        )
        field.label_from_instance = self._label

    @staticmethod
    def _label(phase: Phase) -> str:
        return f"{phase.routine.name}: {phase.name}"
