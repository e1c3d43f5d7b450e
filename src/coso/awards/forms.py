"""Forms of the awards pages: they validate input and hand it to `coso.awards.services`; they
never save a model."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field
from coso.core.rules import value_today

from .choices import Kind, Level


class CommendationForm(StyledForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Name of the award"), required=False, max_length=255)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label=_("For the year"), min_value=1930, max_value=2100)
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_on = date_field(label=_("Decision date"))
    issued_by = forms.CharField(label=_("Issued by"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", timezone.localdate().year)


class CorrectForm(CommendationForm):
    change_reason = forms.CharField(label=_("Reason for the change"), max_length=2000)


class RevokeForm(StyledForm):
    change_reason = forms.CharField(label=_("Reason for revoking"), max_length=2000)


def _years():
    return [(y, _("%(years)d years") % {"years": y}) for y in value_today("badge_years")]


class ProposeBadgeForm(StyledForm):
    years = forms.TypedChoiceField(label=_("Badge"), coerce=int, choices=_years)
    occasion = date_field(label=_("Occasion"))
    proposed_on = date_field(label=_("Proposed on"))
    proposed_by = forms.CharField(label=_("Proposed by"), required=False, max_length=255)
    early = forms.BooleanField(label=_("Early, for serious illness"), required=False)
    early_reason = forms.CharField(label=_("Illness"), required=False, max_length=2000)

    def __init__(self, *args, occasion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("occasion", occasion)
        self.initial.setdefault("proposed_on", timezone.localdate())


class ProposeDueForm(StyledForm):
    proposed_on = date_field(label=_("Proposed on"))
    proposed_by = forms.CharField(label=_("Proposed by"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("proposed_on", timezone.localdate())


class DecideForm(StyledForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_on = date_field(label=_("Decision date"))
    issued_by = forms.CharField(label=_("Issued by"), max_length=255)


class PresentForm(StyledForm):
    presented_on = date_field(label=_("Ceremony date"))


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Reason"), max_length=2000)


class DatedNoteForm(StyledForm):
    date = date_field(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ReissueForm(StyledForm):
    date = date_field(label=_("Date"))
    note = forms.CharField(label=_("Reason"), max_length=2000)


class FamilyForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


#: each badge step's form (the keys of `services.BADGE_STEPS`)
BADGE_FORMS = {
    "decide": DecideForm,
    "present": PresentForm,
    "withdraw": NoteForm,
    "return": DatedNoteForm,
    "reissue": ReissueForm,
    "family": FamilyForm,
}
