"""Forms of the dues pages: they validate input and hand it to `coso.dues.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field

from .choices import BasisCategory, Channel, Region, ReliefKind, ReliefReason

MONEY = {"min_value": 0, "max_value": 10**12}


class MonthField(forms.DateField):
    """A month typed as mm/yyyy (or a date, whose month is taken)."""

    input_formats = ["%m/%Y", "%d/%m/%Y", "%Y-%m", "%Y-%m-%d"]


class BasisForm(StyledForm):
    category = forms.ChoiceField(label=_("Category"), choices=BasisCategory.choices)
    valid_from = MonthField(label=_("From month (mm/yyyy)"))
    income = forms.IntegerField(label=_("Monthly income (đồng)"), required=False, **MONEY)
    region = forms.TypedChoiceField(
        label=_("Region"), choices=[("", "—"), *Region.choices], coerce=int, empty_value=None,
        required=False,
    )  # fmt: skip
    fixed_amount = forms.IntegerField(
        label=_("Amount set by the cell (đồng, before 02/2026)"), required=False, **MONEY
    )
    voluntary_extra = forms.IntegerField(
        label=_("Voluntary extra (đồng)"), initial=0, required=False, **MONEY
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_voluntary_extra(self):
        return self.cleaned_data["voluntary_extra"] or 0


class ReliefForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReliefKind.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=ReliefReason.choices)
    percent = forms.TypedChoiceField(
        label=_("Reduction (%)"), choices=[("", "—"), (30, "30"), (50, "50"), (70, "70")],
        coerce=int, empty_value=None, required=False,
    )  # fmt: skip
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=600, required=False)
    valid_from = MonthField(label=_("From month (mm/yyyy)"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(label=_("Decision date"))


class PaymentForm(StyledForm):
    month = MonthField(label=_("Month (mm/yyyy)"))
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1, max_value=10**9)
    paid_on = date_field(label=_("Paid on"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    reference = forms.CharField(label=_("Portal reference"), max_length=40, required=False)


class ExcuseForm(StyledForm):
    month = MonthField(label=_("Month (mm/yyyy)"))
    reason = forms.CharField(label=_("Reason accepted by the cell"), max_length=200)


class OpenMonthForm(StyledForm):
    month = MonthField(label=_("Month (mm/yyyy)"))


class SheetForm(StyledForm):
    """The collection sheet: the ids of the members who paid, and the day."""

    paid_on = date_field(label=_("Collected on"))
    paid = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, member_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid"].choices = [(i, i) for i in member_ids]
