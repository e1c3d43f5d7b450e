"""Forms of the lifecycle pages, and the one mapping from an action's cleaned data to its service.

Pages validate input with these forms and the API with its serializers; both hand the cleaned
data to the step the action names in `coso.members.services.MEMBER_ACTIONS` /
`TRANSFER_ACTIONS`. Nothing here saves a model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import OrganizationCodeField as CodeField
from coso.core.forms import date_field, organization_in_query
from coso.members.choices import (
    AbroadPurpose,
    ExemptGroup,
    ExemptionReason,
    FeedbackAssessment,
    LeavingReason,
    MemberStatus,
    Sex,
    TransferKind,
)
from coso.members.forms.member import REMOVAL_CHOICES, decision_number_field
from coso.members.queries.screening import TodoKind
from coso.orgs.models import Organization

INCOMING_STATUSES = [
    (MemberStatus.OFFICIAL.value, MemberStatus.OFFICIAL.label),
    (MemberStatus.PROBATIONARY.value, MemberStatus.PROBATIONARY.label),
]


def _today() -> dt.date:
    return timezone.localdate()


class OrganizationCodeField(CodeField):
    """Any organization of the system by its code (a transfer may go anywhere in the tree;
    a dissolved one is refused by the service, with the rule)."""

    def __init__(self, **kwargs):
        # the picker offers the existing organizations of the whole tree: a transfer may go
        # anywhere in it (names and codes of organizations are not personal data)
        super().__init__(organizations=Organization, scope="system", **kwargs)


# --- member actions -----------------------------------------------------------------------


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TransferKind.choices)
    to = OrganizationCodeField(
        label=_("To organization (code)"),
        required=False,
        help_text=_("An organization of the system, e.g. DUK-BK-CNTT."),
    )
    to_outside = forms.CharField(
        label=_("Or to an organization outside the system"), max_length=255, required=False
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=64)
    issued_on = date_field(label=_("Letter date"))
    change_on = date_field(label=_("Job or residence changed on"), required=False)
    until = date_field(label=_("Temporary until"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class ExemptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ExemptionReason.choices)
    decision_number = decision_number_field()
    decided_on = date_field(label=_("Decision date"), required=False)
    valid_from = date_field(label=_("From date"))
    valid_to = date_field(label=_("Until"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class RetireForm(forms.Form):
    retired_on = date_field(label=_("Retired on"))
    meeting_place = forms.CharField(label=_("Where they meet"), max_length=255, required=False)


class GraduateHoldForm(forms.Form):
    graduated_on = date_field(label=_("Graduated on"))
    note = forms.CharField(label=_("Note"), required=False)


class AbroadForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=AbroadPurpose.choices)
    country = forms.CharField(label=_("Country"), max_length=100)
    valid_from = date_field(label=_("From date"))
    valid_to = date_field(label=_("Until"), required=False)
    decision_number = decision_number_field(required=False)


class EndStatusForm(forms.Form):
    period = forms.IntegerField(widget=forms.HiddenInput)
    date = date_field(label=_("Ended on"))
    note = forms.CharField(label=_("Note"), required=False)


class ResidenceLiaisonForm(forms.Form):
    introduced_on = date_field(label=_("Introduced on"))
    residence_cell = forms.CharField(label=_("Residence cell"), max_length=255, required=False)
    residence_address = forms.CharField(
        label=_("Residence address"), max_length=255, required=False
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=64, required=False)
    exempt_group = forms.ChoiceField(
        label=_("Exempt group"), choices=[("", "---------"), *ExemptGroup.choices], required=False
    )


class ResidenceFeedbackForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    received_on = date_field(label=_("Received on"))
    assessment = forms.ChoiceField(label=_("Assessment"), choices=FeedbackAssessment.choices)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea({"rows": 2})
    )


class RemoveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Reason"), choices=REMOVAL_CHOICES)
    date = date_field(label=_("Date"))
    decision_number = decision_number_field(
        required=False, help_text=_("Required except for a death.")
    )
    leaving_reason = forms.ChoiceField(
        label=_("Reason for leaving the party"),
        choices=[("", "---------"), *LeavingReason.choices],
        required=False,
        help_text=_("Re-admission is barred for some reasons: record it with the departure."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


#: action name -> (form, label); the service of each is `coso.members.services.MEMBER_ACTIONS`
MEMBER_ACTION_FORMS: dict[str, tuple[type[forms.Form], Any]] = {
    "transfer": (TransferForm, _("Issue a transfer letter")),
    "exempt": (ExemptForm, _("Exempt from party work and meetings")),
    "retire": (RetireForm, _("Record retirement")),
    "graduate_hold": (GraduateHoldForm, _("Graduated: hold activity at the school")),
    "abroad": (AbroadForm, _("Working or studying abroad")),
    "end_status": (EndStatusForm, _("End a status")),
    "residence_liaison": (ResidenceLiaisonForm, _("Introduce to the residence cell (QĐ 213)")),
    "residence_feedback": (ResidenceFeedbackForm, _("Record the residence cell's feedback")),
    "remove": (RemoveForm, _("Strike off, resignation or death")),
}


# --- transfer actions ---------------------------------------------------------------------


class ReceiveForm(forms.Form):
    received_on = date_field(label=_("Received on"))


class CancelForm(forms.Form):
    date = date_field(label=_("Date"))
    expired = forms.BooleanField(label=_("The letter lapsed (not handed in)"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class EndTemporaryForm(forms.Form):
    date = date_field(label=_("Ended on"))


#: action -> (form, label, who may act: "receiver" / "sender" / "either");
#: the service of each is `coso.members.services.TRANSFER_ACTIONS`
TRANSFER_ACTION_FORMS: dict[str, tuple[type[forms.Form], Any, str]] = {
    "receive": (ReceiveForm, _("Receive the letter"), "receiver"),
    "confirm": (ReceiveForm, _("Record the returned slip"), "sender"),
    "cancel": (CancelForm, _("Cancel the letter"), "sender"),
    "end": (EndTemporaryForm, _("End the temporary activity"), "either"),
}


# --- letter in from outside ---------------------------------------------------------------


class IncomingForm(forms.Form):
    from_outside = forms.CharField(
        label=_("From (organization outside the system)"), max_length=255
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=64)
    issued_on = date_field(label=_("Letter date"), required=False)
    received_on = date_field(label=_("Received on"))
    status = forms.ChoiceField(label=_("Status"), choices=INCOMING_STATUSES)
    cccd = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=12)
    family_name = forms.CharField(label=_("Family name"), max_length=50, required=False)
    middle_name = forms.CharField(label=_("Middle name"), max_length=80, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=50, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "---------"), *Sex.choices], required=False
    )
    birth_date = date_field(label=_("Date of birth"), required=False)
    admitted_on = date_field(label=_("Admission date"), required=False)
    recognized_on = date_field(label=_("Recognition date"), required=False)


def todo_filters(user, params: QueryDict) -> tuple[dict[str, Any], str]:
    """The to-do list's filters from a page's or the API's query, as `todo_list`, `iter_all`
    and the page's context name them: `kinds` (unknown ones dropped), `organization` (a code
    in the user's scope, case and spaces aside; none: None) and `overdue` (only the items
    past their date); and the message when the code is unknown (the page shows it with no
    items, the API answers 400), else ""."""
    organization, error = organization_in_query(
        params, lambda: Organization.objects.visible_to(user)
    )
    filters = {
        "kinds": [k for k in params.getlist("kind") if k in TodoKind.values],
        "organization": organization,
        "overdue": params.get("overdue") in ("1", "true", "on"),
    }
    return filters, error
