"""Forms of the lifecycle pages, and the one mapping from an action's cleaned data to its service.

Pages validate input with these forms and the API with its serializers; both hand the cleaned
data to `MEMBER_ACTIONS` / `TRANSFER_ACTIONS`, which call the services in
`coso.members.services.transfers` and `coso.members.services.statuses`. Nothing here saves a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.members import services
from coso.members.choices import (
    AbroadPurpose,
    EventKind,
    ExemptGroup,
    ExemptionReason,
    FeedbackAssessment,
    MemberStatus,
    Sex,
    TransferKind,
)
from coso.members.forms.member import date_field
from coso.members.models import Member, StatusPeriod, Transfer
from coso.members.services import statuses, transfers
from coso.orgs.models import Organization

INCOMING_STATUSES = [
    (MemberStatus.OFFICIAL.value, MemberStatus.OFFICIAL.label),
    (MemberStatus.PROBATIONARY.value, MemberStatus.PROBATIONARY.label),
]
REMOVAL_CHOICES = [
    (EventKind.STRUCK_OFF.value, EventKind.STRUCK_OFF.label),
    (EventKind.RESIGNED.value, EventKind.RESIGNED.label),
    (EventKind.DECEASED.value, EventKind.DECEASED.label),
]


def _today() -> dt.date:
    return timezone.localdate()


class OrganizationCodeField(forms.CharField):
    """Any organization of the system by its code (a transfer may go anywhere in the tree;
    a dissolved one is refused by the service, with the rule)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        org = Organization.objects.filter(code=code.strip()).first()
        if org is None:
            raise forms.ValidationError(_("There is no organization with this code."))
        return org


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
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
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
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)


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
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        required=False,
        help_text=_("Required except for a death."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


def _period(member: Member, pk: int) -> StatusPeriod:
    period = StatusPeriod.objects.filter(member=member, pk=pk).first()
    if period is None:
        raise ValidationError({"period": _("This status is not the member's.")})
    return period


def _liaison(member: Member):
    liaison = member.residence_liaisons.filter(ended_on__isnull=True).first()
    if liaison is None:
        raise ValidationError(
            {"year": _("The member has no residence liaison: introduce them first.")}
        )
    return liaison


def _remove(member: Member, d: dict, actor) -> Any:
    if d["kind"] == EventKind.DECEASED:
        return statuses.record_death(member, date=d["date"], note=d.get("note", ""), actor=actor)
    return services.remove_member(
        member,
        kind=d["kind"],
        date=d["date"],
        document_number=d.get("decision_number", ""),
        note=d.get("note", ""),
        actor=actor,
    )


#: action name -> (form, label, service call(member, cleaned data, actor))
MEMBER_ACTIONS: dict[str, tuple[type[forms.Form], Any, Callable]] = {
    "transfer": (
        TransferForm,
        _("Issue a transfer letter"),
        lambda m, d, a: transfers.issue_transfer(
            m,
            kind=d["kind"],
            to=d.get("to"),
            to_outside=d.get("to_outside") or "",
            letter_number=d["letter_number"],
            issued_on=d["issued_on"],
            change_on=d.get("change_on"),
            until=d.get("until"),
            note=d.get("note") or "",
            actor=a,
        ),
    ),
    "exempt": (
        ExemptForm,
        _("Exempt from party work and meetings"),
        lambda m, d, a: statuses.exempt_member(
            m,
            reason=d["reason"],
            decision_number=d["decision_number"],
            decided_on=d.get("decided_on"),
            valid_from=d["valid_from"],
            valid_to=d.get("valid_to"),
            note=d.get("note") or "",
            actor=a,
        ),
    ),
    "retire": (
        RetireForm,
        _("Record retirement"),
        lambda m, d, a: statuses.record_retirement(
            m, retired_on=d["retired_on"], meeting_place=d.get("meeting_place") or "", actor=a
        ),
    ),
    "graduate_hold": (
        GraduateHoldForm,
        _("Graduated: hold activity at the school"),
        lambda m, d, a: statuses.start_graduate_hold(
            m, graduated_on=d["graduated_on"], note=d.get("note") or "", actor=a
        ),
    ),
    "abroad": (
        AbroadForm,
        _("Working or studying abroad"),
        lambda m, d, a: statuses.record_abroad(
            m,
            purpose=d["purpose"],
            country=d["country"],
            valid_from=d["valid_from"],
            valid_to=d.get("valid_to"),
            decision_number=d.get("decision_number") or "",
            actor=a,
        ),
    ),
    "end_status": (
        EndStatusForm,
        _("End a status"),
        lambda m, d, a: statuses.end_status(
            _period(m, d["period"]), date=d["date"], note=d.get("note") or "", actor=a
        ),
    ),
    "residence_liaison": (
        ResidenceLiaisonForm,
        _("Introduce to the residence cell (QĐ 213)"),
        lambda m, d, a: statuses.introduce_to_residence(
            m,
            introduced_on=d["introduced_on"],
            residence_cell=d.get("residence_cell") or "",
            residence_address=d.get("residence_address") or "",
            letter_number=d.get("letter_number") or "",
            exempt_group=d.get("exempt_group") or "",
            actor=a,
        ),
    ),
    "residence_feedback": (
        ResidenceFeedbackForm,
        _("Record the residence cell's feedback"),
        lambda m, d, a: statuses.record_residence_feedback(
            _liaison(m),
            year=d["year"],
            received_on=d["received_on"],
            assessment=d["assessment"],
            content=d.get("content") or "",
            actor=a,
        ),
    ),
    "remove": (
        RemoveForm,
        _("Strike off, resignation or death"),
        _remove,
    ),
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


#: action -> (form, label, who may act: "receiver" / "sender" / "either", service call)
TRANSFER_ACTIONS: dict[str, tuple[type[forms.Form], Any, str, Callable]] = {
    "receive": (
        ReceiveForm,
        _("Receive the letter"),
        "receiver",
        lambda t, d, a: transfers.receive_transfer(t, received_on=d["received_on"], actor=a),
    ),
    "confirm": (
        ReceiveForm,
        _("Record the returned slip"),
        "sender",
        lambda t, d, a: transfers.confirm_transfer(t, received_on=d["received_on"], actor=a),
    ),
    "cancel": (
        CancelForm,
        _("Cancel the letter"),
        "sender",
        lambda t, d, a: transfers.cancel_transfer(
            t, date=d["date"], expired=bool(d.get("expired")), note=d.get("note") or "", actor=a
        ),
    ),
    "end": (
        EndTemporaryForm,
        _("End the temporary activity"),
        "either",
        lambda t, d, a: transfers.end_temporary_transfer(t, date=d["date"], actor=a),
    ),
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


MEMBER_DATA_FIELDS = [
    "cccd",
    "family_name",
    "middle_name",
    "given_name",
    "sex",
    "birth_date",
    "admitted_on",
    "recognized_on",
]


def receive_from_outside(org: Organization, d: dict, actor) -> Transfer:
    data = {k: d.get(k) for k in MEMBER_DATA_FIELDS if d.get(k) not in (None, "")}
    return transfers.transfer_in_from_outside(
        organization=org,
        from_outside=d["from_outside"],
        letter_number=d["letter_number"],
        issued_on=d.get("issued_on"),
        received_on=d["received_on"],
        data=data,
        status=d["status"],
        actor=actor,
    )
