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
