from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from exercises.models import LEVEL_MEANING, BodyArea, Condition, Equipment, Exercise


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """A multiple choice that drops unknown values instead of rejecting the whole field."""

    def to_python(self, value: Any) -> list[str]:
        return [item for item in super().to_python(value) if self.valid_value(item)]


class ExerciseFilterForm(forms.Form):
    """The library's filters, read from the query string.

    A filter is a convenience, not a submission: an unknown slug or a bad level (an old
    bookmark, a hand-edited URL) is dropped silently and the rest still apply.
    """

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "e.g. calf, back pain, towel",
                "enterkeyhint": "search",
            }
        ),
    )
    area = forms.ChoiceField(label="Body area", required=False)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Exercise.Kind.choices]
    )
    condition = forms.ChoiceField(label="May help with", required=False)
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "Any level"), *Exercise.Level.choices],
        help_text=LEVEL_MEANING,
    )
    equipment = forms.ChoiceField(label="Equipment used", required=False)
    have = LenientMultipleChoiceField(
        label="Only what I have",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what you own; moves needing anything else are hidden.",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        areas: list[BodyArea],
        equipment: list[Equipment],
        conditions: list[Condition],
    ) -> None:
        super().__init__(data, label_suffix="")
        self.equipment_rows = equipment
        self.fields["area"].choices = [("", "Any area"), *((a.slug, a.name) for a in areas)]
        self.fields["condition"].choices = [
            ("", "Anything"),
            *((c.slug, c.name) for c in conditions),
        ]
        self.fields["equipment"].choices = [
            ("", "Any equipment"),
            *((e.slug, e.name) for e in equipment),
        ]
        self.fields["have"].choices = [(e.slug, e.name) for e in equipment]

    def full_clean(self) -> None:
        super().full_clean()
        if self._errors:
            # Forget the invalid values so the form re-renders as if they had not been sent.
            self.data = self.data.copy()
            for name in self._errors:
                self.data.pop(name, None)
            self._errors = ErrorDict()

    @property
    def filters(self) -> dict[str, Any]:
        """The valid filters, ready for ``Exercise.objects.filter_by(**form.filters)``."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def is_filtered(self) -> bool:
        """Whether anything other than the search narrows the list."""
        return bool(self.active_count)

    @property
    def active_count(self) -> int:
        """How many filters are set; the search box sits outside the filters panel."""
        return len([name for name in self.filters if name != "q"])
