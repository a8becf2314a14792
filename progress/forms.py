"""The session log form: one session's details plus a formset of exercise rows."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from config.forms import DateInput, TimeInput, WholeNumberField
from exercises.models import Exercise
from progress.models import ExerciseLog, ShareLink
from progress.services import nothing_done, total_seconds
from routines.models import Enrolment

MAX_SECONDS = 4 * 60 * 60
# One session's rows added up: four hours is already far beyond any routine here (their
# cap is 90 minutes); more is a typing slip, not a session.
MAX_SESSION_SECONDS = 4 * 60 * 60
MAX_REPS = 1000
MAX_NOTES = 2000
MAX_ROWS = 40
ADD_ROW = "add_row"  # the name of the "Add exercise" submit button
FILL_ROUTINE = "fill_routine"  # the name of the "Fill in its moves" submit button
LOOKBACK = dt.timedelta(days=365)

PAIN_CHOICES = [
    (0, "0 no pain"),
    *((n, str(n)) for n in range(1, 10)),
    (10, "10 worst pain"),
]

# ASCII digits only ("²" and "٣" are not times), and few enough of them that int() and
# float() stay small: anything longer is over four hours anyway.
_DURATION_PATTERNS = [
    (re.compile(r"^([0-9]{1,9})$"), lambda m: int(m[1])),
    (re.compile(r"^([0-9]{1,9}):([0-5]?[0-9])$"), lambda m: int(m[1]) * 60 + int(m[2])),
    (re.compile(r"^([0-9]{1,9})\s*(?:s|sec|secs|seconds?)$"), lambda m: int(m[1])),
    (
        re.compile(r"^([0-9]{1,9}(?:\.[0-9]{1,6})?)\s*(?:m|min|mins|minutes?)$"),
        lambda m: round(float(m[1]) * 60),
    ),
    (
        re.compile(
            r"^([0-9]{1,9})\s*(?:m|min|mins|minutes?)\s*([0-9]{1,9})\s*(?:s|sec|secs|seconds?)?$"
        ),
        lambda m: int(m[1]) * 60 + int(m[2]),
    ),
]
_MANY_DIGITS = re.compile(r"[0-9]{10}")


def format_duration(seconds: int | None) -> str:
    """Seconds as the form shows them, with their unit: 45 -> '45 s', 90 -> '1 min 30 s'.
    DurationField reads each of these back."""
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


class DurationField(forms.CharField):
    """Seconds typed as 90, 1:30, 90 s or 2 min; never negative, at most four hours."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "12"}

    def prepare_value(self, value):
        return format_duration(value) if isinstance(value, int) else value

    def to_python(self, value) -> int | None:
        text = super().to_python(value).strip().lower()
        if not text:
            return None
        if text.startswith("-"):
            raise ValidationError("Time can't be negative.", code="negative")
        if _MANY_DIGITS.search(text):
            raise ValidationError("That's more than four hours; check the time.", code="max")
        for pattern, convert in _DURATION_PATTERNS:
            match = pattern.match(text)
            if match:
                seconds = convert(match)
                break
        else:
            raise ValidationError(
                "Enter seconds (90), minutes and seconds (1:30) or minutes (2 min).",
                code="invalid",
            )
        if seconds > MAX_SECONDS:
            raise ValidationError("That's more than four hours; check the time.", code="max")
        return seconds


class PainField(forms.TypedChoiceField):
    """0–10 as a radio group; anything else gets a plain message."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(
            choices=[("", "Not noted"), *PAIN_CHOICES],
            initial="",
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": "Pain is a whole number from 0 to 10."},
            **kwargs,
        )


class SessionForm(forms.Form):
    enrolment = forms.ModelChoiceField(
        queryset=Enrolment.objects.none(),
        required=False,
        label="Routine",
        empty_label="No routine (a free session)",
        error_messages={
            "invalid_choice": "That routine isn't one you follow now (stopped, or not yours): "
            "choose another, or log this as a free session."
        },
    )
    date = forms.DateField(widget=DateInput(format="%Y-%m-%d"))
    time = forms.TimeField(label="Start time", widget=TimeInput(format="%H:%M"))
    pain_before = PainField(label="Pain before")
    pain_after = PainField(label="Pain after")
    flare_day = forms.BooleanField(
        label="A flare-day version (short and gentle)",
        required=False,
    )
    notes = forms.CharField(
        max_length=MAX_NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Up to 2,000 characters.",
    )
    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form lost its one-time key; reload the page and log again.",
            "invalid": "This form lost its one-time key; reload the page and log again.",
        },
    )

    def __init__(self, *args, user, enrolments, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.routine.name
        if not creating:
            del self.fields["idempotency_key"]

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        now = timezone.now()
        today = self.user.local_date(now)
        started_at = dt.datetime.combine(day, time, tzinfo=self.user.zone)
        if day > today:
            self.add_error("date", "That date is in the future.")
        elif started_at > now + dt.timedelta(minutes=1):
            self.add_error("time", "That time hasn't come yet today.")
        elif day < today - LOOKBACK:
            self.add_error("date", "Sessions can be logged up to a year back.")
        else:
            cleaned["started_at"] = started_at
        return cleaned


UNIT_MESSAGES = {
    "reps": "This move counts reps: enter the reps.",
    "seconds": "This move is timed: enter the time done.",
}


class ExerciseRowForm(forms.Form):
    """One exercise done in the session. A row left blank is ignored."""

    exercise = forms.CharField(required=False, widget=forms.Select)
    status = forms.ChoiceField(choices=ExerciseLog.Status.choices, initial=ExerciseLog.Status.DONE)
    seconds = DurationField(required=False, label="Time done")
    reps = WholeNumberField(
        required=False,
        min_value=0,
        max_value=MAX_REPS,
        error_messages={"min_value": "Reps can't be negative."},
    )
    side = forms.ChoiceField(choices=ExerciseLog.Side.choices, initial=ExerciseLog.Side.NONE)

    def __init__(self, *args, exercises: dict[str, Exercise], **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = exercises
        self.fields["exercise"].widget.choices = [
            ("", "Choose an exercise"),
            *((slug, e.name) for slug, e in exercises.items()),
        ]
        self.fields["seconds"].widget.attrs.update(size=8)

    def has_changed(self) -> bool:
        """A row counts once it names an exercise or a time or reps, whatever it was prefilled
        with: an edited session's rows are prefilled, and sending them unchanged keeps them."""
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("exercise", "seconds", "reps")
        )

    @property
    def unit(self) -> str:
        """'reps' or 'seconds' for the row's exercise, "" while none is chosen: the row shows
        that box alone (no Reps box on a hold), or both until a move is chosen."""
        exercise = self.exercises.get(self["exercise"].value() or "")
        if exercise is None:
            return ""
        return "reps" if exercise.counts_reps else "seconds"

    def clean_exercise(self) -> Exercise | None:
        slug = self.cleaned_data["exercise"]
        if not slug:
            return None
        try:
            return self.exercises[slug]
        except KeyError:
            raise ValidationError("There's no exercise by that name.", code="unknown") from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exercise") is None and not self.has_error("exercise"):
            self.add_error("exercise", "Choose the exercise this row is about.")
        if cleaned.get("status") == ExerciseLog.Status.SKIPPED:
            cleaned["seconds"] = None
            cleaned["reps"] = None
        elif (exercise := cleaned.get("exercise")) is not None:
            self._keep_the_moves_unit(cleaned, exercise)
        return cleaned

    def _keep_the_moves_unit(self, cleaned: dict, exercise: Exercise) -> None:
        """A hold is logged in time and a rep move in reps: the other box is hidden and its
        value dropped; only the other one given (typed before the move changed) is an error
        beside the box that shows."""
        keep, drop = ("reps", "seconds") if exercise.counts_reps else ("seconds", "reps")
        if cleaned.get(drop) is not None and cleaned.get(keep) is None:
            self.add_error(keep, UNIT_MESSAGES[keep])
        cleaned[drop] = None


class BaseRowFormSet(forms.BaseFormSet):
    """Every row is optional (a blank row is ignored); at least one must be filled in.

    The rows shown are the prefilled ones, or one blank row when there are none; the form's
    "Add exercise" button (a plain submit, see with_added_row) asks for one more.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = len(self.initial or []) or 1

    def initial_form_count(self) -> int:
        return 0

    def clean(self):
        if any(self.errors):
            return
        rows = self.rows()
        if not rows:
            raise ValidationError("Add at least one exercise you did.", code="empty")
        if nothing_done(rows):
            raise ValidationError(
                "Nothing here was done: every exercise is skipped or at 0. "
                "Fill in what you did, or leave this session unsaved.",
                code="nothing",
            )
        if (seconds := total_seconds(rows)) > MAX_SESSION_SECONDS:
            raise ValidationError(
                f"These times add up to {format_duration(seconds)}: a session is at most "
                f"{MAX_SESSION_SECONDS // 3600} hours. Check the times you typed.",
                code="too_long",
            )

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data.get("exercise")
        ]


ExerciseRowFormSet = forms.formset_factory(
    ExerciseRowForm,
    formset=BaseRowFormSet,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS + 10,
)


REPORT_DEFAULT_DAYS = 28
REPORT_MAX_DAYS = 366


class ReportPeriodForm(forms.Form):
    """The report's period (last four weeks by default, a year at most) and whether it
    shows the session notes. Bound to the query string, so a report has an address."""

    start = forms.DateField(label="From", widget=DateInput(format="%Y-%m-%d"))
    end = forms.DateField(label="To", widget=DateInput(format="%Y-%m-%d"))
    notes = forms.BooleanField(label="Include my session notes", required=False)
    who = forms.CharField(
        label="Your name on the report",
        required=False,
        max_length=80,
        help_text="Optional. It shows on this report and its printout only; we don't keep it.",
    )

    def __init__(self, data=None, *, today: dt.date, **kwargs):
        self.today = today
        initial = {"start": today - dt.timedelta(days=REPORT_DEFAULT_DAYS - 1), "end": today}
        if data is not None and not any(name in data for name in ("start", "end", "notes", "who")):
            data = None  # no choice made yet: the default period, unbound
        elif data is not None and "start" not in data and "end" not in data:
            # A link naming only the notes (?notes=on) or a name: the default period.
            data = data.copy()
            data.update({name: day.isoformat() for name, day in initial.items()})
        super().__init__(data, initial=initial, **kwargs)

    def clean_start(self) -> dt.date:
        start = self.cleaned_data["start"]
        if start > self.today:
            raise ValidationError("The period can't start in the future.")
        return start

    def clean_end(self) -> dt.date:
        end = self.cleaned_data["end"]
        if end > self.today:
            raise ValidationError("The period can't end in the future; today at the latest.")
        return end

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end comes before the start; pick a later day.")
            elif (end - start).days + 1 > REPORT_MAX_DAYS:
                self.add_error("start", "A report covers a year at most; pick a later start.")
        return cleaned

    def period(self) -> tuple[dt.date, dt.date, bool]:
        """The chosen period and notes choice, or the defaults when unbound or invalid."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return data["start"], data["end"], data["notes"]
        return self.initial["start"], self.initial["end"], False

    def person_name(self) -> str:
        """The name typed for this request's report ('' when none, or the form is wrong)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["who"].strip()
        return ""


class ShareLinkForm(forms.Form):
    """A new share link for the period on show."""

    name = forms.CharField(
        label="Who is it for?",
        max_length=80,
        help_text="Only you see this name, e.g. “Dr Smith”.",
    )
    lifetime = forms.TypedChoiceField(
        label="Works for",
        coerce=int,
        choices=ShareLink.Lifetime.choices,
        initial=30,
    )
    # The report form's one "Include my session notes" box decides, as for the period.
    include_notes = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Their own ids: the period form on the same page has fields of the same names.
    start = forms.DateField(widget=forms.HiddenInput(attrs={"id": "share_start"}))
    end = forms.DateField(widget=forms.HiddenInput(attrs={"id": "share_end"}))

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        period = ReportPeriodForm({"start": start, "end": end}, today=self.today)
        if not (start and end and period.is_valid()):
            raise ValidationError("That period can't be shared; choose it again above.")
        return cleaned


def with_added_row(data: QueryDict, prefix: str) -> tuple[dict, list[dict]]:
    """The "Add exercise" button: what was typed so far, as initial values, plus a blank row.

    The form is shown again unbound, so nothing is validated (no error messages) until the
    person saves."""
    initial = {name: data.get(name) for name in SessionForm.base_fields if name in data}
    try:
        count = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), MAX_ROWS - 1)
    except ValueError:
        count = 0
    rows = [
        {
            name: value
            for name in ExerciseRowForm.base_fields
            if (value := data.get(f"{prefix}-{i}-{name}")) is not None
        }
        for i in range(count)
    ]
    return initial, [*rows, {}]


def error_summary(form: SessionForm, formset: forms.BaseFormSet) -> list[tuple[str, str]]:
    """Every error on the page as (field id, message), in the order the fields appear, for
    the summary at the top of the form, where each links to its field (no id: no link)."""
    entries = [("", str(error)) for error in form.non_field_errors()]
    for name in ["idempotency_key", "date", "time", "enrolment", "pain_before", "pain_after"]:
        if name in form.fields:
            entries += _field_errors(form[name], form[name].label)
    entries += [("rows-heading", str(error)) for error in formset.non_form_errors()]
    for number, row in enumerate(formset.forms, start=1):
        for field in row:
            entries += _field_errors(field, f"Exercise {number}, {field.label.lower()}")
    entries += _field_errors(form["notes"], "Notes")
    return entries


def _field_errors(field: forms.BoundField, label: str) -> list[tuple[str, str]]:
    if field.is_hidden:
        return [("", str(error)) for error in field.errors]
    return [(_field_id(field), f"{label}: {error}") for error in field.errors]


def _field_id(field: forms.BoundField) -> str:
    # A radio group's first choice, so the link lands on something focusable.
    return f"{field.auto_id}_0" if field.field.widget.use_fieldset else field.auto_id


# A clinician's view of a person's report: presets (weeks back from the person's today) or
# a first and last day, a year at most, as the person's own report.
CLINIC_PRESETS = (
    (4, "Last 4 weeks"),
    (12, "Last 12 weeks"),
    (26, "Last 26 weeks"),
    (52, "Last year"),
)


class ClinicPeriodForm(ReportPeriodForm):
    """The period of a person's report on the clinician's person page, from the query
    string: ?weeks=<a preset> or ?start=…&end=…; the last 4 weeks when neither is given.
    The same checks as the person's own report (ReportPeriodForm), without its notes box
    (the person's consent decides) or name."""

    notes = None
    who = None

    def __init__(self, data=None, *, today: dt.date, **kwargs):
        self.today = today
        initial = {"start": today - dt.timedelta(days=REPORT_DEFAULT_DAYS - 1), "end": today}
        weeks = {str(n): n for n, _ in CLINIC_PRESETS}.get((data or {}).get("weeks", ""))
        if data is not None and weeks and "start" not in data and "end" not in data:
            data = {"start": today - dt.timedelta(days=7 * weeks - 1), "end": today}
        elif data is not None and "start" not in data and "end" not in data:
            data = None  # no choice made: the default period, unbound
        forms.Form.__init__(self, data, initial=initial, **kwargs)

    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.initial["start"], self.initial["end"]
