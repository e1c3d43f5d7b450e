"""Letters in from outside the system (DOMAIN.md §4): the member is matched by CCCD and
revived, or registered. One transaction, the rules in force on the date received, the event
written through `record_event`; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.audit import save_versioned
from coso.core.dates import check_not_future as _not_future
from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.members.choices import (
    ACTIVE_STATUSES,
    EventKind,
    MemberStatus,
    PlacementKind,
    TransferDirection,
    TransferKind,
    TransferStatus,
)
from coso.members.models import Member, Transfer
from coso.members.privacy import cccd_in_use, clean_member, sees_record
from coso.members.services.registry import EDITABLE_FIELDS, enter_organization, register_member
from coso.members.services.transfers import check_destination
from coso.orgs.models import Organization

__all__ = ["REVIVABLE_STATUSES", "transfer_in_from_outside"]

#: statuses a member record may come back from through a letter from outside
REVIVABLE_STATUSES = {MemberStatus.TRANSFERRED_OUT}


@transaction.atomic
def transfer_in_from_outside(
    *,
    organization: Organization,
    from_outside: str,
    letter_number: str,
    issued_on: dt.date | None,
    received_on: dt.date,
    data: dict[str, Any] | None = None,
    status: str = MemberStatus.OFFICIAL,
    actor=None,
) -> Transfer:
    """A letter in from an organization outside the system.

    The member is matched by CCCD: a record that left by a transfer out is revived (official
    activity opens again in `organization`); an unknown one is registered (`register_member`
    with event TRANSFERRED_IN). A member still active here, or one who left the party, cannot
    come in by a transfer letter.
    """
    data = dict(data or {})
    if not letter_number.strip():
        raise ValidationError({"letter_number": _("The letter number is required.")})
    if not from_outside.strip():
        raise ValidationError({"from_outside": _("Give the organization that issued the letter.")})
    if status not in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY):
        raise ValidationError({"status": _("Choose official or probationary.")})
    _not_future(received_on, "received_on")
    if issued_on is not None and issued_on > received_on:
        raise ValidationError(
            {"issued_on": _("The letter cannot be issued after it was received.")}
        )
    check_destination(organization, received_on)
    cccd = (data.get("cccd") or "").strip()
    if not cccd:
        raise ValidationError(
            {"cccd": _("The citizen ID (CCCD) is required to match the member's record.")}
        )
    existing = Member.objects.select_for_update(of=("self",)).filter(cccd=cccd).first()
    note = _("From %(org)s") % {"org": from_outside.strip()}
    if existing is None:
        member = register_member(
            data,
            organization=organization,
            active_from=received_on,
            status=status,
            actor=actor,
            note=note,
            event_kind=EventKind.TRANSFERRED_IN,
            document_number=letter_number.strip(),
        )
    else:
        member = _revive(
            existing, organization, received_on, status, data, letter_number.strip(), note, actor
        )
    return Transfer.objects.create(
        member=member,
        kind=TransferKind.PERMANENT,
        direction=TransferDirection.INCOMING,
        status=TransferStatus.RECEIVED,
        from_outside=from_outside.strip(),
        to_organization=organization,
        letter_number=letter_number.strip(),
        issued_on=issued_on or received_on,
        received_on=received_on,
        issued_by=actor,
        received_by=actor,
    )


def _revive(
    member: Member,
    organization: Organization,
    received_on: dt.date,
    status: str,
    data: dict[str, Any],
    letter_number: str,
    note: str,
    actor,
) -> Member:
    # where the record is and what became of it is said only to those who may see it
    # (`privacy.cccd_in_use`)
    if member.status in ACTIVE_STATUSES:
        precise = _(
            "The member with this citizen ID is still active in %(org)s: use a transfer "
            "inside the system."
        ) % {"org": member.organization.name}
        raise ValidationError({"cccd": cccd_in_use(actor, member, precise)})
    if member.status not in REVIVABLE_STATUSES:
        r = rule_in_force("readmission_min_months", received_on, "received_on")
        precise = _(
            "The member with this citizen ID left the party (%(status)s): coming back "
            "needs re-admission, at least %(months)d months after leaving (%(basis)s), "
            "not a transfer letter."
        ) % {
            "status": member.get_status_display().lower(),
            "months": r.value,
            "basis": r.legal_basis,
        }
        raise ValidationError({"cccd": cccd_in_use(actor, member, precise)})
    last = member.placements.filter(kind=PlacementKind.OFFICIAL).order_by("-valid_from").first()
    if last is not None and last.valid_to and received_on < last.valid_to:
        if actor is None or sees_record(actor, member):
            raise ValidationError(
                {
                    "received_on": _("The member was still active here until %(d)s.")
                    % {"d": _d(last.valid_to)}
                }
            )
        raise ValidationError({"cccd": cccd_in_use(actor, member)})
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for key, value in data.items():
        if value not in (None, ""):
            setattr(member, key, value)
    member.status = status
    member.organization = organization
    member.compute_derived()
    clean_member(member, actor)
    save_versioned(member, actor)
    enter_organization(
        member,
        organization,
        EventKind.TRANSFERRED_IN,
        received_on,
        document_number=letter_number,
        note=note,
        actor=actor,
    )
    return member
