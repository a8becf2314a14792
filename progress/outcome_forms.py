"""Forms of the person's PSFS activities and the weekly check-in: they validate, the views
apply cleaned_data (progress/outcome_views.py)."""

from django import forms
from django.core.exceptions import ValidationError

from progress import outcomes

SCORES = [(n, str(n)) for n in range(outcomes.PSFS_MIN, outcomes.PSFS_MAX + 1)]
SCORE_ERROR = "Choose a score from 0 to 10."
NAME_ERROR = "Name the activity in a few words, for example “putting on socks”."
TOO_MANY = (
    f"You have {outcomes.MAX_ACTIVITIES} activities, the most the scale uses: "
    "retire one to add another."
)


def score_field(label: str, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORES,
        coerce=int,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )


def name_field() -> forms.CharField:
    return forms.CharField(
        label="Activity",
        max_length=80,
        help_text="Something your problem makes hard, in your own words.",
        error_messages={"required": NAME_ERROR},
    )


class ActivityForm(forms.Form):
    """A new activity with its first rating."""

    def __init__(self, *args, active_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.active_names = active_names
        self.fields["name"] = name_field()
        self.fields["score"] = score_field("How well can you do it today?")

    def clean_name(self) -> str:
        """One activity per name: a form sent twice (or a name already there) adds nothing."""
        name = self.cleaned_data["name"]
        if name.casefold() in {other.casefold() for other in self.active_names}:
            raise ValidationError(f"“{name}” is already on your list.")
        return name

    def clean(self):
        if len(self.active_names) >= outcomes.MAX_ACTIVITIES:
            raise ValidationError(TOO_MANY)
        return super().clean()


class RenameForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = name_field()
        self.fields["name"].label = "New name"


class RatingForm(forms.Form):
    """One 0–10 choice per active activity (`score-<id>`); any may be left out, not all.
    Only the person's active activities have fields, so any other id sent is ignored."""

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        for activity in self.activities:
            self.fields[f"score-{activity.pk}"] = score_field(activity.name, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.scores():
            raise ValidationError("Choose a score for at least one activity, or press Not now.")
        return data

    def scores(self) -> list[tuple]:
        """(activity, score) for each activity given a score."""
        data = getattr(self, "cleaned_data", {})
        return [
            (activity, data[f"score-{activity.pk}"])
            for activity in self.activities
            if data.get(f"score-{activity.pk}") not in (None, "")
        ]

    def by_activity(self) -> list[tuple]:
        """(activity, bound field) for the template: one fieldset each."""
        return [(activity, self[f"score-{activity.pk}"]) for activity in self.activities]


class CheckInForm(forms.Form):
    """One tap: what got in the way of one routine last week (or put the check-in away)."""

    routine = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    answer = forms.ChoiceField(
        choices=[*outcomes.ANSWERS, (outcomes.Answer.CLOSED, "Close")],
        error_messages={
            "required": "Choose what got in the way.",
            "invalid_choice": "Choose one of the answers shown.",
        },
    )
    text = forms.CharField(
        label="Something else",
        max_length=outcomes.MAX_TEXT,
        required=False,
        error_messages={"max_length": f"Keep it to {outcomes.MAX_TEXT} characters, please."},
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {line.key: line for line in lines if not line.on_target}
        self.fields["routine"].choices = [("", "")] + [(k, k) for k in self.lines]
        self.fields["routine"].error_messages["invalid_choice"] = (
            "That routine isn't one of last week's to ask about."
        )

    def clean(self):
        data = super().clean()
        closing = data.get("answer") == outcomes.Answer.CLOSED
        if not self.errors and not closing and data.get("routine") is None:
            raise ValidationError("Choose the routine this answer is about.")
        return data

    @property
    def line(self):
        return self.lines.get(self.cleaned_data.get("routine"))
