from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from config.http import is_whole_number


class FormRenderer(TemplatesSetting):
    """Django's form templates, found through the project's own template settings, with our
    field template: labels and legends without Django's trailing colon."""

    field_template_name = "forms/field.html"


class _BlankIfInvalid:
    """A date or time input that leaves out a value it can't read, rather than write an
    invalid value attribute (the error message beside the field says what was wrong)."""

    field_class: type[forms.Field]

    def format_value(self, value):
        if isinstance(value, str) and value:
            try:
                value = self.field_class().to_python(value)
            except ValidationError:
                return None
        return super().format_value(value)


class DateInput(_BlankIfInvalid, forms.DateInput):
    input_type = "date"
    field_class = forms.DateField


class TimeInput(_BlankIfInvalid, forms.TimeInput):
    input_type = "time"
    field_class = forms.TimeField


class WholeNumberField(forms.IntegerField):
    """A whole number typed with the ASCII digits 0–9 (and a leading minus, for the bounds'
    own message), as the time fields read them: int() alone would take "٣" as 3, "３" and
    "1_000" too."""

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and text and not is_whole_number(text.removeprefix("-"), 18):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)
