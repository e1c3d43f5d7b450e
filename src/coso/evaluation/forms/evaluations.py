"""Forms of the evaluation pages. They validate input and hand it to
`coso.evaluation.services`; they never save a model. The cell's grading form has one line of
fields per member still to be reviewed (`grade_<id>`, `score_<id>`, `on_time_<id>`,
`beyond_<id>`, `form_<id>`), the meeting and the day common to all."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field, fast_widgets, style_fields
from coso.meetings.models import Meeting

from ..choices import Form, Grade, PeriodKind

GRADES = [("", "—"), *Grade.choices]
MEMBER_FORMS = [(f.value, f.label) for f in (Form.MEMBER_2A, Form.MEMBER_2B, Form.MEMBER_2C)]


def _today(form: forms.Form, *names: str) -> None:
    for name in names:
        form.initial.setdefault(name, timezone.localdate())


def _percent(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100)


def _points(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_value=100,
                              max_digits=5, decimal_places=2)  # fmt: skip


class OpenPeriodForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    label = forms.CharField(label=_("Name"), max_length=120, required=False)
    starts_on = date_field(label=_("Evaluated from"), required=False)
    ends_on = date_field(label=_("Evaluated to"), required=False)
    cells_due_on = date_field(label=_("Cells done by"))
    grassroots_due_on = date_field(label=_("Grassroots organizations done by"))
    superior_due_on = date_field(label=_("The superior done by"))
    opened_on = date_field(label=_("Opened on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", timezone.localdate().year)
        _today(self, "opened_on")


class ClosePeriodForm(StyledForm):
    closed_on = date_field(label=_("Closed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "closed_on")


def cell_meetings(cell, period):
    """The cell's meetings a review may be taken at: those since the period opened."""
    return (
        Meeting.objects.filter(organization=cell, date__gte=period.opened_on)
        .select_related("organization")
        .order_by("-date", "-pk")
    )


class CellGradingForm(StyledForm):
    """The whole cell at once: a grade (and, from 2025, the score and the shares of tasks) for
    each member not reviewed yet; the meeting that reviewed them, or the day."""

    meeting = forms.ModelChoiceField(
        Meeting.objects.none(), label=_("Reviewed at the meeting"), required=False
    )
    on = date_field(label=_("Reviewed on (without a meeting)"), required=False)

    def __init__(self, *args, rows, cell, period, points: bool, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = list(cell_meetings(cell, period))
        self.fields["meeting"].queryset = cell_meetings(cell, period)
        # the choices drawn from the list read once (a queryset's choices count, then read)
        field = self.fields["meeting"]
        field.widget.choices = [("", field.empty_label), *((m.pk, str(m)) for m in meetings)]
        self.rows = [r for r in rows if r.editable]
        self.points = points
        for r in self.rows:
            pk, ev = r.member.pk, r.evaluation
            self.fields[f"grade_{pk}"] = forms.ChoiceField(label=str(r.member), choices=GRADES,
                                                           required=False)  # fmt: skip
            self.initial.setdefault(f"grade_{pk}", ev.self_grade if ev else "")
            if ev is None:
                self.fields[f"form_{pk}"] = forms.ChoiceField(
                    label=_("Form"), choices=MEMBER_FORMS, required=False
                )
                if points:
                    self.fields[f"score_{pk}"] = _points(_("Score"))
                    self.fields[f"on_time_{pk}"] = _percent(_("On time %"))
                    self.fields[f"beyond_{pk}"] = _percent(_("Beyond %"))
        if not self.is_bound:
            style_fields(self)
        fast_widgets(self)  # a cell's hundred lines: options written without the template engine

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("on"):
            self.add_error("on", _("Choose the meeting, or give the day of the review."))
        return data

    def lines(self):
        """(row, its bound fields) for the template: grade, form, score, on time, beyond."""
        for r in self.rows:
            pk = r.member.pk
            names = ("grade", "form", "score", "on_time", "beyond")
            yield r, {n: self[f"{n}_{pk}"] for n in names if f"{n}_{pk}" in self.fields}

    def entries(self) -> list[dict]:
        """The lines given a grade, as the service's rows want them."""
        out = []
        for r in self.rows:
            pk, data = r.member.pk, self.cleaned_data
            if not data.get(f"grade_{pk}"):
                continue
            out.append({
                "member": r.member, "grade": data[f"grade_{pk}"],
                "form": data.get(f"form_{pk}") or Form.MEMBER_2A,
                "score": data.get(f"score_{pk}"), "tasks_on_time": data.get(f"on_time_{pk}"),
                "tasks_beyond": data.get(f"beyond_{pk}"),
            })  # fmt: skip
        return out


class DecideForm(StyledForm):
    decided_on = date_field(label=_("Decided on"))
    number = forms.CharField(
        label=_("Decision number"), max_length=50, required=False,
        help_text=_("Empty: the decision is issued through the register, which numbers it."),
    )  # fmt: skip
    signer_name = forms.CharField(label=_("Signed by"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "decided_on")


class VerifyForm(StyledForm):
    verified_on = date_field(label=_("Verified on"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "verified_on")


class SelfAssessForm(StyledForm):
    """The self-assessment (form 2A, 2B or 2C; an organization's report) and, from 2025, the
    100-point sheet."""

    form = forms.ChoiceField(label=_("Form"), choices=MEMBER_FORMS, required=False)
    strengths = forms.CharField(label=_("Strengths and results"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    limitations = forms.CharField(label=_("Limitations and their causes"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    fixes = forms.CharField(label=_("Fixes of earlier shortcomings"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    collective_responsibility = forms.CharField(
        label=_("Responsibility for the collective's shortcomings"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    plan = forms.CharField(label=_("Plan to fix"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    shortcomings_fixed = forms.BooleanField(label=_("Earlier shortcomings fixed"), required=False)
    criteria_points = _points(_("Points: common criteria"))
    task_points = _points(_("Points: task results"))
    score = _points(_("Score (of 100)"))
    tasks_on_time = _percent(_("Tasks on time (%)"))
    tasks_beyond = _percent(_("Tasks beyond requirement (%)"))
    self_grade = forms.ChoiceField(label=_("Grade I propose"), choices=Grade.choices)
    on = date_field(label=_("Self-assessed on"))

    def __init__(self, *args, member: bool = True, points: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not member:
            del self.fields["form"]
        else:
            del self.fields["collective_responsibility"]
            self.fields["form"].required = True
        if not points:
            for name in ("criteria_points", "task_points", "score"):
                del self.fields[name]
        _today(self, "on")
        self.initial.setdefault("shortcomings_fixed", True)


class ReviewForm(StyledForm):
    grade = forms.ChoiceField(label=_("Grade proposed"), choices=Grade.choices)
    on = date_field(label=_("Reviewed on"))
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("At the meeting"),
                                     required=False)  # fmt: skip

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = cell_meetings(evaluation.organization, evaluation.period)
        _today(self, "on")
        self.initial.setdefault("grade", evaluation.self_grade)


class ChangeForm(StyledForm):
    grade = forms.ChoiceField(label=_("New grade"), choices=Grade.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field(label=_("Changed on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today(self, "on")
