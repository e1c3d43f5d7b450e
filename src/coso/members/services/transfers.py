"""Transfer workflows: letters issued, received, cancelled or lapsed; letters out of the system
(DOMAIN.md §4); letters in from outside are `incoming`.

Each function is one transaction, checks the rules in force on the event date
(`coso.core.rules`), writes the membership event row with its actor, and refuses with a
`ValidationError` that names the rule, changing nothing. Inside the system a member keeps
counting in the sending organization until the letter is received; a temporary transfer opens
a temporary placement at the host, which membership counts leave out.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import add_months
from coso.core.dates import check_not_future as _not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import hand_in_deadline, start_deadline
from coso.core.rules import rule, rule_in_force
from coso.members.choices import (
    EventKind,
    PlacementKind,
    StatusKind,
    TransferDirection,
    TransferKind,
    TransferStatus,
)
from coso.members.models import Member, Placement, StatusPeriod, Transfer
from coso.members.services.events import record_event
from coso.members.services.locks import NOT_TRANSFERABLE, lock_active
from coso.members.services.registry import (
    move_member,
    remove_member,
)
from coso.orgs.models import Organization

__all__ = [
    "cancel_transfer",
    "confirm_transfer",
    "end_temporary_transfer",
    "hand_in_deadline",
    "issue_transfer",
    "receive_transfer",
    "check_destination",
    "start_deadline",
]


def check_destination(to: Organization, on: dt.date) -> None:
    if to.dissolved_on is not None:
        raise ValidationError(
            {
                "to": _(
                    "A transfer cannot go to a dissolved organization: %(name)s was dissolved "
                    "on %(date)s."
                )
                % {"name": to.name, "date": _d(to.dissolved_on)}
            }
        )
    if to.established_on and to.established_on > on:
        raise ValidationError(
            {
                "to": _("The organization %(name)s did not exist yet on %(date)s.")
                % {"name": to.name, "date": _d(on)}
            }
        )


def _check_temporary_length(issued_on: dt.date, until: dt.date) -> None:
    """A temporary transfer lasts between the rules' minimum and maximum number of months."""
    shortest = rule("temporary_transfer_min_months", issued_on)
    longest = rule("temporary_transfer_max_months", issued_on)
    if until < add_months(issued_on, shortest.value):
        raise ValidationError(
            {
                "until": _(
                    "A temporary transfer is for a stay of %(months)d months or more "
                    "(%(basis)s); for a shorter stay the member keeps activity at home."
                )
                % {"months": shortest.value, "basis": shortest.legal_basis}
            }
        )
    if until > add_months(issued_on, longest.value):
        raise ValidationError(
            {
                "until": _(
                    "A temporary transfer lasts at most %(months)d months (%(basis)s); "
                    "a longer stay needs a permanent transfer."
                )
                % {"months": longest.value, "basis": longest.legal_basis}
            }
        )


def _check_letter(
    kind: str,
    letter_number: str,
    to: Organization | None,
    to_outside: str,
    issued_on: dt.date,
    change_on: dt.date | None,
) -> None:
    """The letter's own fields, before anything is locked."""
    if kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose permanent or temporary.")})
    if not letter_number.strip():
        raise ValidationError({"letter_number": _("The letter number is required.")})
    if (to is None) == (not to_outside.strip()):
        raise ValidationError(
            {"to": _("Give either an organization of the system or one outside it.")}
        )
    _not_future(issued_on, "issued_on")
    # registry records go back decades; the transfer rules coso knows start in 2021
    rule_in_force("transfer_hand_in_deadline_working_days", issued_on, "issued_on")
    if change_on is not None:
        rule_in_force("transfer_start_deadline_working_days", change_on, "change_on")


def _check_dates(
    kind: str, issued_on: dt.date, change_on: dt.date | None, until: dt.date | None
) -> None:
    """A temporary letter's end date (within the rules' lengths); the job or residence change
    not after the letter."""
    if kind == TransferKind.TEMPORARY:
        if until is None:
            raise ValidationError({"until": _("A temporary transfer needs its end date.")})
        if until <= issued_on:
            raise ValidationError({"until": _("The end date must be after the letter's date.")})
        _check_temporary_length(issued_on, until)
    elif until is not None:
        raise ValidationError({"until": _("Only a temporary transfer has an end date.")})
    if change_on is not None and change_on > issued_on:
        raise ValidationError(
            {"change_on": _("The job or residence change cannot be after the letter's date.")}
        )


def _check_none_in_flight(member: Member, kind: str) -> None:
    """No other letter in flight; for a temporary letter, no temporary activity going on."""
    open_letter = Transfer.objects.filter(member=member, status=TransferStatus.ISSUED).first()
    if open_letter is not None:
        raise ValidationError(
            {
                "member": _(
                    "The member already has transfer letter %(number)s in flight; receive or "
                    "cancel it first."
                )
                % {"number": open_letter.letter_number}
            }
        )
    if (
        kind == TransferKind.TEMPORARY
        and Transfer.objects.filter(
            member=member,
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            closed_on__isnull=True,
        ).exists()
    ):
        raise ValidationError(
            {"kind": _("The member is already in temporary activity elsewhere; end it first.")}
        )


@transaction.atomic
def issue_transfer(
    member: Member,
    *,
    kind: str,
    letter_number: str,
    issued_on: dt.date,
    to: Organization | None = None,
    to_outside: str = "",
    change_on: dt.date | None = None,
    until: dt.date | None = None,
    note: str = "",
    actor=None,
) -> Transfer:
    """Issue a transfer letter for `member`, to an organization of the system (`to`) or outside
    it (`to_outside`).

    Inside the system the member stays where they are until `receive_transfer`. A permanent
    letter to outside ends the member's activity here at once (`remove_member`,
    TRANSFERRED_OUT); the returned slip is recorded later with `confirm_transfer`. The hand-in
    deadline (and the start deadline, when the job or residence change date is given) come from
    the rules in force on those dates; a late start is recorded, not refused.
    """
    _check_letter(kind, letter_number, to, to_outside, issued_on, change_on)
    member = lock_active(member, message=NOT_TRANSFERABLE)
    if to is not None:
        check_destination(to, issued_on)
        if to.pk == member.organization_id:
            raise ValidationError({"to": _("The member already belongs to this organization.")})
    _check_dates(kind, issued_on, change_on, until)
    _check_none_in_flight(member, kind)
    hand_in_due, basis = hand_in_deadline(issued_on)
    transfer = Transfer(
        member=member,
        kind=kind,
        direction=TransferDirection.INTERNAL if to is not None else TransferDirection.OUTGOING,
        from_organization=member.organization,
        to_organization=to,
        to_outside=to_outside.strip() if to is None else "",
        letter_number=letter_number.strip(),
        issued_on=issued_on,
        hand_in_due=hand_in_due,
        change_on=change_on,
        until=until,
        legal_basis=basis,
        note=note,
        issued_by=actor,
    )
    if change_on is not None and kind == TransferKind.PERMANENT:
        transfer.start_due, _basis = start_deadline(change_on)
        transfer.started_late = issued_on > transfer.start_due
    transfer.save()
    destination = to.name if to is not None else transfer.to_outside
    _record(
        transfer,
        EventKind.TRANSFER_ISSUED,
        issued_on,
        actor,
        from_organization=member.organization,
        to_organization=to,
        note=_("%(kind)s to %(to)s; to be handed in by %(due)s.")
        % {"kind": transfer.get_kind_display(), "to": destination, "due": _d(hand_in_due)},
    )
    if kind == TransferKind.PERMANENT and to is None:
        remove_member(
            member,
            kind=EventKind.TRANSFERRED_OUT,
            date=issued_on,
            document_number=transfer.letter_number,
            note=_("To %(to)s") % {"to": transfer.to_outside},
            actor=actor,
        )
        _end_open_statuses(member, issued_on, actor)
    return transfer


def _lock_issued(transfer: Transfer) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "to_organization", "from_organization")
        .get(pk=transfer.pk)
    )
    if transfer.status == TransferStatus.RECEIVED:
        raise ValidationError(
            {
                "received_on": _(
                    "Letter %(number)s was already received on %(date)s; a letter is received "
                    "only once."
                )
                % {"number": transfer.letter_number, "date": _d(transfer.received_on)}
            }
        )
    if transfer.status != TransferStatus.ISSUED:
        raise ValidationError(
            {
                "status": _("Letter %(number)s is %(status)s: it can no longer be received.")
                % {
                    "number": transfer.letter_number,
                    "status": transfer.get_status_display().lower(),
                }
            }
        )
    return transfer


def _lock_for_receipt(
    transfer: Transfer, received_on: dt.date, direction: str, wrong_direction
) -> Transfer:
    """Lock an issued letter going `direction` and check the date it is recorded as received."""
    transfer = _lock_issued(transfer)
    if transfer.direction != direction:
        raise ValidationError({"status": wrong_direction})
    _not_future(received_on, "received_on")
    if received_on < transfer.issued_on:
        raise ValidationError(
            {
                "received_on": _("The letter cannot be received before it was issued (%(d)s).")
                % {"d": _d(transfer.issued_on)}
            }
        )
    return transfer


def _record(transfer: Transfer, kind: str, day: dt.date, actor, **fields) -> None:
    """The member's event of a step of `transfer`: it carries the letter's number."""
    record_event(
        transfer.member, kind, day, actor=actor, document_number=transfer.letter_number, **fields
    )


def _mark_received(transfer: Transfer, received_on: dt.date, actor, *also: str) -> None:
    """Save the letter as received; `also` names other fields the caller has set."""
    transfer.status = TransferStatus.RECEIVED
    transfer.received_on = received_on
    transfer.received_by = actor
    transfer.save(update_fields=["status", "received_on", "received_by", *also])


def _end_open_statuses(member: Member, day: dt.date, actor) -> None:
    """A member who moves for good leaves the school: an open graduate hold ends."""
    for period in StatusPeriod.objects.filter(
        member=member, kind=StatusKind.GRADUATE_HOLD, ended_on__isnull=True
    ):
        period.ended_on = max(day, period.valid_from)
        period.ended_by = actor
        period.save(update_fields=["ended_on", "ended_by"])
        record_event(member, EventKind.GRADUATE_HOLD_ENDED, period.ended_on, actor=actor)


@transaction.atomic
def receive_transfer(transfer: Transfer, *, received_on: dt.date, actor=None) -> Transfer:
    """The receiving organization records the letter handed in (inside the system).

    Permanent: the member's official activity moves to the receiving organization from
    `received_on` (TRANSFERRED_IN event, from → to). Temporary: a temporary placement opens at
    the host; the member still counts, and votes, only where their official activity is.
    """
    transfer = _lock_for_receipt(
        transfer,
        received_on,
        TransferDirection.INTERNAL,
        _("A letter to outside the system is confirmed, not received."),
    )
    member = lock_active(transfer.member, field="received_on", message=NOT_TRANSFERABLE)
    to = transfer.to_organization
    if to.dissolved_on is not None and to.dissolved_on <= received_on:
        raise ValidationError(
            {
                "received_on": _(
                    "A transfer cannot go to a dissolved organization: %(name)s was dissolved "
                    "on %(date)s."
                )
                % {"name": to.name, "date": _d(to.dissolved_on)}
            }
        )
    if transfer.kind == TransferKind.PERMANENT:
        move_member(
            member,
            to=to,
            date=received_on,
            kind=EventKind.TRANSFERRED_IN,
            document_number=transfer.letter_number,
            actor=actor,
        )
        _end_open_statuses(member, received_on, actor)
    else:
        transfer.temporary_placement = Placement.objects.create(
            member=member, organization=to, kind=PlacementKind.TEMPORARY, valid_from=received_on
        )
        _record(
            transfer,
            EventKind.TEMPORARY_STARTED,
            received_on,
            actor,
            from_organization=transfer.from_organization,
            to_organization=to,
            note=_("Until %(d)s") % {"d": _d(transfer.until)},
        )
    _mark_received(transfer, received_on, actor, "temporary_placement")
    return transfer


@transaction.atomic
def confirm_transfer(transfer: Transfer, *, received_on: dt.date, actor=None) -> Transfer:
    """Record the slip returned by an organization outside the system: the letter arrived."""
    transfer = _lock_for_receipt(
        transfer,
        received_on,
        TransferDirection.OUTGOING,
        _("Only a letter to outside the system is confirmed this way."),
    )
    _mark_received(transfer, received_on, actor)
    _record(transfer, EventKind.TRANSFER_CONFIRMED, received_on, actor, note=transfer.to_outside)
    return transfer


@transaction.atomic
def cancel_transfer(
    transfer: Transfer, *, date: dt.date, expired: bool = False, note: str = "", actor=None
) -> Transfer:
    """Cancel a letter not yet received, or record that it lapsed (`expired`): the member was
    never handed over and stays where they are. A letter lapses only after its hand-in deadline.
    """
    transfer = _lock_issued(transfer)
    _not_future(date, "date")
    if date < transfer.issued_on:
        raise ValidationError(
            {"date": _("The date cannot be before the letter's date (%(d)s).")
             % {"d": _d(transfer.issued_on)}}
        )  # fmt: skip
    if transfer.direction == TransferDirection.OUTGOING and transfer.kind == TransferKind.PERMANENT:
        raise ValidationError(
            {
                "status": _(
                    "The member already left the registry with this letter; a letter to outside "
                    "the system cannot be cancelled here."
                )
            }
        )
    if expired and transfer.hand_in_due and date <= transfer.hand_in_due:
        r = rule("transfer_hand_in_deadline_working_days", transfer.issued_on)
        raise ValidationError(
            {
                "date": _(
                    "The letter lapses only after its hand-in deadline of %(days)d working days "
                    "(%(due)s; %(basis)s)."
                )
                % {"days": r.value, "due": _d(transfer.hand_in_due), "basis": r.legal_basis}
            }
        )
    transfer.status = TransferStatus.EXPIRED if expired else TransferStatus.CANCELLED
    transfer.closed_on = date
    transfer.closed_by = actor
    if note:
        transfer.note = "\n".join(p for p in (transfer.note, note) if p)
    transfer.save(update_fields=["status", "closed_on", "closed_by", "note"])
    _record(
        transfer,
        EventKind.TRANSFER_CANCELLED,
        date,
        actor,
        note=transfer.get_status_display() + (f": {note}" if note else ""),
    )
    return transfer


@transaction.atomic
def end_temporary_transfer(transfer: Transfer, *, date: dt.date, actor=None) -> Transfer:
    """The member's temporary activity at the host ends (the temporary placement closes)."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "temporary_placement", "to_organization")
        .get(pk=transfer.pk)
    )
    if (
        transfer.kind != TransferKind.TEMPORARY
        or transfer.status != TransferStatus.RECEIVED
        or transfer.closed_on is not None
    ):
        raise ValidationError({"status": _("This is not a temporary activity in progress.")})
    _not_future(date, "date")
    placement = transfer.temporary_placement
    start = placement.valid_from if placement else transfer.received_on
    if date < start:
        raise ValidationError(
            {"date": _("The date cannot be before the temporary activity started (%(d)s).")
             % {"d": _d(start)}}
        )  # fmt: skip
    if placement is not None:
        placement.valid_to = date
        placement.save(update_fields=["valid_to"])
    transfer.closed_on = date
    transfer.closed_by = actor
    transfer.save(update_fields=["closed_on", "closed_by"])
    _record(
        transfer, EventKind.TEMPORARY_ENDED, date, actor, from_organization=transfer.to_organization
    )
    return transfer
