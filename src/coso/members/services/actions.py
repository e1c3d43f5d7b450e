"""The tables that map an action's name to its step: the lifecycle page and the API validate
input with their own form or serializer, then hand the cleaned data to the same call here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.members.choices import EventKind
from coso.members.models import Member, StatusPeriod, Transfer
from coso.members.services import statuses, transfers
from coso.members.services.incoming import transfer_in_from_outside
from coso.members.services.registry import remove_member
from coso.orgs.models import Organization

__all__ = ["MEMBER_ACTIONS", "MEMBER_DATA_FIELDS", "TRANSFER_ACTIONS", "receive_from_outside"]


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
    return remove_member(
        member,
        kind=d["kind"],
        date=d["date"],
        document_number=d.get("decision_number", ""),
        note=d.get("note", ""),
        reason=d.get("leaving_reason") or "",
        actor=actor,
    )


#: action name -> the step it runs: call(member, cleaned data, actor)
MEMBER_ACTIONS: dict[str, Callable[[Member, dict, Any], Any]] = {
    "transfer": lambda m, d, a: transfers.issue_transfer(
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
    "exempt": lambda m, d, a: statuses.exempt_member(
        m,
        reason=d["reason"],
        decision_number=d["decision_number"],
        decided_on=d.get("decided_on"),
        valid_from=d["valid_from"],
        valid_to=d.get("valid_to"),
        note=d.get("note") or "",
        actor=a,
    ),
    "retire": lambda m, d, a: statuses.record_retirement(
        m, retired_on=d["retired_on"], meeting_place=d.get("meeting_place") or "", actor=a
    ),
    "graduate_hold": lambda m, d, a: statuses.start_graduate_hold(
        m, graduated_on=d["graduated_on"], note=d.get("note") or "", actor=a
    ),
    "abroad": lambda m, d, a: statuses.record_abroad(
        m,
        purpose=d["purpose"],
        country=d["country"],
        valid_from=d["valid_from"],
        valid_to=d.get("valid_to"),
        decision_number=d.get("decision_number") or "",
        actor=a,
    ),
    "end_status": lambda m, d, a: statuses.end_status(
        _period(m, d["period"]), date=d["date"], note=d.get("note") or "", actor=a
    ),
    "residence_liaison": lambda m, d, a: statuses.introduce_to_residence(
        m,
        introduced_on=d["introduced_on"],
        residence_cell=d.get("residence_cell") or "",
        residence_address=d.get("residence_address") or "",
        letter_number=d.get("letter_number") or "",
        exempt_group=d.get("exempt_group") or "",
        actor=a,
    ),
    "residence_feedback": lambda m, d, a: statuses.record_residence_feedback(
        _liaison(m),
        year=d["year"],
        received_on=d["received_on"],
        assessment=d["assessment"],
        content=d.get("content") or "",
        actor=a,
    ),
    "remove": _remove,
}


#: transfer action -> the step it runs: call(transfer, cleaned data, actor)
TRANSFER_ACTIONS: dict[str, Callable[[Transfer, dict, Any], Any]] = {
    "receive": lambda t, d, a: transfers.receive_transfer(t, received_on=d["received_on"], actor=a),
    "confirm": lambda t, d, a: transfers.confirm_transfer(t, received_on=d["received_on"], actor=a),
    "cancel": lambda t, d, a: transfers.cancel_transfer(
        t, date=d["date"], expired=bool(d.get("expired")), note=d.get("note") or "", actor=a
    ),
    "end": lambda t, d, a: transfers.end_temporary_transfer(t, date=d["date"], actor=a),
}


#: the member's data a letter from outside carries (`receive_from_outside`)
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
    return transfer_in_from_outside(
        organization=org,
        from_outside=d["from_outside"],
        letter_number=d["letter_number"],
        issued_on=d.get("issued_on"),
        received_on=d["received_on"],
        data=data,
        status=d["status"],
        actor=actor,
    )
