"""Member registry workflows. Each function is one transaction and writes its event row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.audit import check_editable, edit_versioned, save_versioned
from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date
from coso.core.rules import rule_in_force
from coso.core.services import require_decision_number
from coso.members.choices import (
    ACTIVE_STATUSES,
    READMISSION_STATUSES,
    REMOVAL_STATUS,
    EventKind,
    LeavingReason,
    MemberStatus,
    PlacementKind,
)
from coso.members.models import Member, Placement
from coso.members.privacy import clean_member
from coso.members.services.events import record_event
from coso.orgs.models import Organization

#: fields a plain edit may change; organization and status change only through workflow services
EDITABLE_FIELDS = [
    "family_name", "middle_name", "given_name", "other_names", "sex", "birth_date", "ethnicity",
    "religion", "cccd", "hometown", "hometown_province", "permanent_province", "permanent_ward",
    "permanent_address", "current_province", "current_ward", "current_address", "phone", "email",
    "education_general", "education_professional", "political_theory", "foreign_language",
    "it_level", "occupation", "workplace", "position", "record_number", "party_card_number",
    "admitted_on", "admitting_organization", "introducers", "recognized_on",
]  # fmt: skip


def _check_org_open(org: Organization, field: str = "organization") -> None:
    if org.is_dissolved:
        raise ValidationError(
            {field: _("The organization %(name)s has been dissolved.") % {"name": org.name}}
        )


#: foreign keys `check_record` leaves to the database (checking each would be a query a row)
_KEYS = ["organization", "user"]


def check_record(member: Member) -> None:
    """A record's own rules, no query: every field's validators (`core.validators`: CCCD,
    phone, text) and `Member.clean` (dates, ages). What `register_member` and `update_member`
    check through `full_clean`, and what the bulk loaders check on every row (the numbers in
    use they look up in batches, worded as `privacy.check_numbers_free` words them)."""
    member.full_clean(exclude=_KEYS, validate_unique=False, validate_constraints=False)


def rule_errors(values: Mapping[str, Any], status: str) -> dict[str, list[str]]:
    """`Member.clean` (the rules between a record's dates, ages and card, as `check_record`
    runs them) on plain values, no instance, no query: {field: [messages]} ("__all__" for
    none), so the import can name each message's column. The import runs it on the rows its
    quick screen cannot clear, then writes them with `copy_register_members`."""
    probe = SimpleNamespace(**values, status=status, pk=None, id=None)
    try:
        Member.clean(probe)
    except ValidationError as e:
        return {key: list(messages) for key, messages in e.message_dict.items()}
    return {}


@transaction.atomic
def register_member(
    data: dict[str, Any],
    *,
    organization: Organization,
    active_from: dt.date | None = None,
    status: str = MemberStatus.OFFICIAL,
    actor=None,
    note: str = "",
    event_kind: str = EventKind.REGISTERED,
    document_number: str = "",
) -> Member:
    """Enter a member into the registry, holding activity in `organization` from `active_from`.

    `event_kind` is REGISTERED for an existing member entered from paper, ADMITTED when the
    admission workflow creates the member, TRANSFERRED_IN for a letter from outside.
    """
    _check_org_open(organization)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    # registrations into one organization queue here, so the same person sent twice at once
    # meets the first one's CCCD in `full_clean` (a refusal) instead of the unique index (500)
    Organization.objects.select_for_update().get(pk=organization.pk)
    member = Member(organization=organization, status=status, **data)
    member.compute_derived()
    clean_member(member, actor)
    start = active_from or member.admitted_on or timezone.localdate()
    _check_not_future(start, "active_from")
    member.save()
    enter_organization(
        member,
        organization,
        event_kind,
        start,
        document_number=document_number,
        note=note,
        actor=actor,
    )
    return member


@transaction.atomic
def update_member(
    member: Member, changes: dict[str, Any], *, expected_version: int, actor=None
) -> Member:
    """Change registry fields (`core.audit.edit_versioned`: refused if someone else saved the
    record since it was read; no change, nothing saved)."""
    check_editable(changes, EDITABLE_FIELDS)
    fresh = Member.objects.select_for_update().get(pk=member.pk)
    return edit_versioned(
        fresh,
        changes,
        expected_version=expected_version,
        check=lambda m: clean_member(m, actor),
        actor=actor,
    )


def _current_official_placement(member: Member) -> Placement | None:
    return (
        Placement.objects.filter(member=member, kind=PlacementKind.OFFICIAL, valid_to__isnull=True)
        .order_by("-valid_from")
        .first()
    )


def _close_placement(member: Member, day: dt.date) -> Organization | None:
    current = _current_official_placement(member)
    if current is None:
        return None
    if day < current.valid_from:
        raise ValidationError(
            {
                "date": _(
                    "The date is before the member joined their current organization (%(d)s)."
                )
                % {"d": current.valid_from.strftime("%d/%m/%Y")}
            }
        )
    current.valid_to = day
    current.save(update_fields=["valid_to"])
    return current.organization


def enter_organization(
    member: Member,
    organization: Organization,
    kind: str,
    date: dt.date,
    *,
    document_number: str,
    note: str,
    actor,
) -> None:
    """The member (saved) enters `organization` on `date`: an official placement opens there
    and the event of `kind` (a registration, a transfer in, a re-admission) is written, to
    that organization."""
    Placement.objects.create(member=member, organization=organization, valid_from=date)
    record_event(
        member,
        kind,
        date,
        to_organization=organization,
        document_number=document_number,
        note=note,
        actor=actor,
    )


def _leave(
    member: Member,
    kind: str,
    date: dt.date,
    *,
    document_number: str,
    actor,
    to: Organization | None = None,
    **event,
) -> Member:
    """The member leaves the organization of their official placement on `date`: the placement
    closes and, moving `to` another organization, one opens there (a removal has set the
    status left behind); the member is saved and the event of `kind` written, from the
    organization left (to `to`)."""
    from_org = _close_placement(member, date)
    if to is not None:
        Placement.objects.create(member=member, organization=to, valid_from=date)
        member.organization = to
    save_versioned(member, actor)
    record_event(
        member,
        kind,
        date,
        document_number=document_number,
        from_organization=from_org,
        to_organization=to,
        actor=actor,
        **event,
    )
    return member


@transaction.atomic
def move_member(
    member: Member,
    *,
    to: Organization,
    date: dt.date,
    kind: str = EventKind.MOVED,
    document_number: str = "",
    actor=None,
) -> Member:
    """Move a member's official activity to another organization from `date`."""
    _check_org_open(to, "to")
    _check_not_future(date)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError({"to": _("Only an active member can be moved.")})
    if member.organization_id == to.pk:
        raise ValidationError({"to": _("The member already belongs to this organization.")})
    return _leave(member, kind, date, document_number=document_number, actor=actor, to=to)


@transaction.atomic
def remove_member(
    member: Member,
    *,
    kind: str,
    date: dt.date,
    document_number: str = "",
    note: str = "",
    reason: str = "",
    actor=None,
) -> Member:
    """End a member's activity: struck off, expelled, resigned, deceased or transferred out.
    `reason` (a `LeavingReason`) is why they left the party: re-admission reads it."""
    if kind not in REMOVAL_STATUS:
        raise ValueError(kind)
    if reason and reason not in LeavingReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    _check_not_future(date)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError({"kind": _("The member is no longer active.")})
    if not document_number and kind != EventKind.DECEASED:
        raise ValidationError({"document_number": _("The decision number is required.")})
    member.status = REMOVAL_STATUS[kind]
    return _leave(
        member, kind, date, document_number=document_number, actor=actor, note=note, reason=reason
    )


@transaction.atomic
def readmit_member(
    member: Member,
    *,
    organization: Organization,
    date: dt.date,
    status: str = MemberStatus.PROBATIONARY,
    document_number: str,
    note: str = "",
    actor=None,
) -> Member:
    """A former member (struck off, expelled, resigned) is admitted again into `organization`
    from `date` (the ceremony): the same record, a new official placement and a READMITTED
    event, so the timeline shows both periods (DOMAIN.md §18). The admission step checks the
    months since leaving and the barred reasons before it gets here.

    `admitted_on` keeps the first admission (the READMITTED event dates the second); the card
    was withdrawn on leaving and the recognition belongs to the first period, so the card
    number and the recognition date are cleared (the history keeps them) until the new
    probation ends. How party age counts across the gap is not settled in DOMAIN.md [open]:
    both periods are in the placements and events for whoever computes it."""
    _check_org_open(organization)
    _check_not_future(date)
    if status not in ACTIVE_STATUSES:
        raise ValueError(status)
    document_number = require_decision_number(document_number, "document_number")
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in READMISSION_STATUSES:
        raise ValidationError(
            {
                "member": _("%(name)s is not a former member who may be re-admitted (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display()}
            }
        )
    once = rule_in_force("readmission_max_times", date, "date")
    if member.events.filter(kind=EventKind.READMITTED).count() >= once.value:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s has already been re-admitted; a person is re-admitted only "
                    "%(times)d time(s) (%(basis)s)."
                )
                % {"name": member.full_name, "times": once.value, "basis": once.legal_basis}
            }
        )
    last = (
        Placement.objects.filter(member=member, kind=PlacementKind.OFFICIAL)
        .order_by("-valid_from")
        .first()
    )
    if last is not None and last.valid_to is not None and date <= last.valid_to:
        raise ValidationError(
            {
                "date": _("The member left on %(d)s: re-admission must come after it.")
                % {"d": format_date(last.valid_to)}
            }
        )
    member.status = status
    member.organization = organization
    member.recognized_on = None
    member.party_card_number = None
    member.compute_derived()
    member.full_clean(exclude=_KEYS, validate_unique=False, validate_constraints=False)
    save_versioned(member, actor)
    enter_organization(
        member,
        organization,
        EventKind.READMITTED,
        date,
        document_number=document_number,
        note=note,
        actor=actor,
    )
    return member


def _status_before_expulsion(member: Member) -> str:
    """The active status the member's record last had (its history), before the expulsion."""
    before = (
        member.history.filter(status__in=ACTIVE_STATUSES)
        .order_by("-history_date", "-history_id")
        .values_list("status", flat=True)
        .first()
    )
    if before is not None:
        return before
    return MemberStatus.OFFICIAL if member.recognized_on else MemberStatus.PROBATIONARY


@transaction.atomic
def reinstate_member(
    member: Member, *, date: dt.date, document_number: str, note: str, actor=None
) -> Member:
    """An expelled member whose expulsion is annulled, or changed to a lighter penalty, on
    appeal is a member again from `date` (the appeal's decision, `document_number`; `note`
    names it): the status the record had before the expulsion, an official placement in the
    organization the expulsion took them from, and a REINSTATED event (DOMAIN.md §14 counts it
    among the increases). Not a re-admission: no probation, no count of re-admissions, the
    card and the recognition kept. The gap between the two dates shows in the placements;
    whether it counts for party age is not settled [open]. Refused: the member not expelled
    (re-admitted, or expelled no more), a date before the expulsion or in the future, that
    organization dissolved."""
    _check_not_future(date)
    document_number = require_decision_number(document_number, "document_number")
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.EXPELLED:
        raise ValidationError(
            {"member": _("%(name)s is not expelled (%(status)s): only an expelled member is "
                         "reinstated.") % {"name": member.full_name,
                                           "status": member.get_status_display()}}
        )  # fmt: skip
    expulsion = (
        member.events.filter(kind=EventKind.EXPELLED)
        .select_related("from_organization")
        .order_by("-date", "-pk")
        .first()
    )
    if expulsion is None or expulsion.from_organization is None:
        raise ValidationError(
            {"member": _("%(name)s's expulsion is not in the registry: there is nothing to "
                         "annul.") % {"name": member.full_name}}
        )  # fmt: skip
    if date < expulsion.date:
        raise ValidationError(
            {"date": _("The member was expelled on %(d)s: the reinstatement comes on or after "
                       "it.") % {"d": format_date(expulsion.date)}}
        )  # fmt: skip
    organization = expulsion.from_organization
    _check_org_open(organization)
    member.status = _status_before_expulsion(member)
    member.organization = organization
    save_versioned(member, actor)
    enter_organization(member, organization, EventKind.REINSTATED, date,
                       document_number=document_number, note=note.strip(), actor=actor)  # fmt: skip
    return member


@transaction.atomic
def recognize_official(
    member: Member, *, on: dt.date, document_number: str, note: str = "", actor=None
) -> Member:
    """Record a probationary member as official from `on` (the end of probation), with the
    decision that recognized them: the admission workflow's recognition ends here."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.PROBATIONARY:
        raise ValidationError(
            {
                "member": _("%(name)s is not a probationary member (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display()}
            }
        )
    member.status = MemberStatus.OFFICIAL
    member.recognized_on = on
    member.full_clean()
    save_versioned(member, actor)
    record_event(
        member,
        EventKind.RECOGNIZED,
        on,
        document_number=document_number,
        to_organization=member.organization,
        note=note,
        actor=actor,
    )
    return member


@transaction.atomic
def link_account(member: Member, user, *, actor=None) -> Member:
    """Link a user account to the member's record (or unlink it: `user=None`): the user then
    sees that record in full whatever their roles (`privacy`). One account per record."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if user is not None:
        taken = Member.objects.filter(user=user).exclude(pk=member.pk).first()
        if taken is not None:
            raise ValidationError(
                {"user": _("This account is already linked to another member's record.")}
            )
    if member.user_id == (user.pk if user is not None else None):
        return member
    # an account setting, not registry data: no version, no history entry (`Member.history`)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.user = user
    return member


def timeline(member: Member) -> list[dict[str, Any]]:
    """The member's events and field changes, newest first, each with who and when (2 queries + history)."""
    items: list[dict[str, Any]] = []
    for ev in member.events.select_related("from_organization", "to_organization", "actor"):
        items.append(
            {
                "type": "event",
                "date": ev.date,
                "at": ev.created_at,
                "title": ev.get_kind_display(),
                "event": ev,
                "actor": ev.actor,
            }
        )
    records = list(member.history.select_related("history_user").order_by("history_date"))
    labels = {f.name: f.verbose_name for f in Member._meta.fields}
    # status and organization change only through services, whose events already show them
    hidden = {"version", "updated_at", "created_at", "full_name", "id", "status", "organization"}
    for prev, rec in zip(records, records[1:], strict=False):
        delta = rec.diff_against(prev)
        changes = [
            {"field": str(labels.get(c.field, c.field)), "old": c.old, "new": c.new}
            for c in delta.changes
            if c.field not in hidden
        ]
        if changes:
            items.append(
                {
                    "type": "change",
                    "date": timezone.localtime(rec.history_date).date(),
                    "at": rec.history_date,
                    "title": _("Record changed"),
                    "changes": changes,
                    "actor": rec.history_user,
                }
            )
    items.sort(key=lambda i: (i["date"], i["at"]), reverse=True)
    return items
