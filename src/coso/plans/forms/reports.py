"""The reports' forms: they validate input and hand it to a service; never save a model."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field, style_fields

from ..choices import NARRATIVE, ReportKind, ReportLevel


class ScheduleForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind of report"), choices=ReportKind.choices)
    level = forms.ChoiceField(label=_("owed by"), choices=ReportLevel.choices,
                              initial=ReportLevel.GRASSROOTS)  # fmt: skip
    day = forms.IntegerField(label=_("as of day"), min_value=1, max_value=31, initial=20)
    month = forms.IntegerField(label=_("as of month"), min_value=1, max_value=12, required=False,
                               help_text=_("Half-year and year reports only (6 and 12 if empty)."))  # fmt: skip
    due_days = forms.IntegerField(label=_("due days after the cutoff"), min_value=0,
                                  max_value=60, initial=0)  # fmt: skip
    starts_on = date_field(label=_("first period ending on or after"))


class NarrativeForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in NARRATIVE:
            self.fields[name] = forms.CharField(
                label=capfirst(label), required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        style_fields(self)


class DateForm(StyledForm):
    """Submit or accept: the date (today by default) and, for accepting, an optional comment."""

    on = date_field(label=_("date"), initial=timezone.localdate)
    comment = forms.CharField(label=_("comments"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ReturnForm(DateForm):
    comment = forms.CharField(label=_("comments"), widget=forms.Textarea(attrs={"rows": 3}))
