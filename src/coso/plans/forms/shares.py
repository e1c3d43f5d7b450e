"""The form a superior splits a target down with: one child organization's goal for a year. It
validates input and hands it to `services.set_target_share`; it never saves a model."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm


class ShareForm(StyledForm):
    organization = forms.ChoiceField(label=_("organization"))
    goal_min = forms.DecimalField(label=_("at least"), required=False, min_value=0,
                                  max_digits=9, decimal_places=2)  # fmt: skip
    goal_max = forms.DecimalField(label=_("at most"), required=False, min_value=0,
                                  max_digits=9, decimal_places=2)  # fmt: skip

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(c.code, c.name) for c in children]
