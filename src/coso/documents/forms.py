"""The register's forms: they validate input and hand it to a service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import date_field, style_fields

from .services.register import REASON_MAX


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class BodyCodeForm(forms.Form):
    abbreviation = forms.CharField(
        label=_("Body code"),
        max_length=24,
        help_text=_("As printed after the slash of a number: ĐUK in “Số 74-KH/ĐUK”."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


class IssueForm(forms.Form):
    """A document of a record: its date, who signs (empty: the secretary on the roster) and
    what else its kind asks (`issuing.Kind.inputs`): for a cell's resolution, how many members
    were present; for minutes, the minute-taker who signs on the left."""

    issued_on = date_field(label=_("Date of the document"))
    signer_name = forms.CharField(
        label=_("Signed by"),
        max_length=120,
        required=False,
        help_text=_("Leave empty: the secretary on the roster on that date signs."),
    )
    present = forms.IntegerField(label=_("Members present"), min_value=0, required=False)
    second_signer_name = forms.CharField(label=_("Second signer"), max_length=120, required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("signer_name", "present", "second_signer_name"):
            if name not in kind.inputs:
                del self.fields[name]
        for name, (label, help_text) in kind.labels.items():
            self.fields[name].label, self.fields[name].help_text = label, help_text
        style_fields(self)


class BodyTemplateForm(forms.Form):
    text = forms.CharField(
        label=_("Body text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace"}),
    )
