"""The register's forms: they validate input and hand it to a service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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


class BodyTemplateForm(forms.Form):
    text = forms.CharField(
        label=_("Body text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace"}),
    )
