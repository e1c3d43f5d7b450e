"""The four-good forms: a month's answers (a checkbox per criterion of the checklist in force)
and a criterion of the checklist. They validate input and hand it to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import Pillar

MONTHS = [(m, f"{m:02d}") for m in range(1, 13)]


class MonthForm(forms.Form):
    """A month and, for each criterion of the checklist, whether it was met."""

    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.BooleanField(label=c.text, required=False)

    def met(self) -> list[int]:
        return [c.pk for c in self.criteria if self.cleaned_data.get(f"c{c.pk}")]

    def by_pillar(self):
        """(pillar label, its bound checkboxes) for the template."""
        out = []
        for pillar in Pillar:
            fields = [self[f"c{c.pk}"] for c in self.criteria if c.pillar == pillar.value]
            if fields:
                out.append((pillar.label, fields))
        return out


class CriterionForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices,
                               widget=forms.Select(attrs={"class": "form-select form-select-lg"}))  # fmt: skip
    text = forms.CharField(label=_("Criterion"), max_length=255,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))  # fmt: skip
