"""The restructuring steps of the organization tree that move or count members: a merge and a
split move the members (a `REORGANIZED` move each), a dissolution is refused while members
remain, and the advice on a cell's size counts them. The steps that touch only the tree
(create, rename, move) are in `coso.orgs.services`; these sit here because members stand above
organizations (an organization never reads its members).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core import rules
from coso.core.dates import check_not_future
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Member
from coso.members.services.registry import move_member
from coso.orgs.choices import CELL_KINDS, OrgEventKind, OrgKind
from coso.orgs.models import Organization
from coso.orgs.services import (
    check_kind_under,
    check_target,
    create_organization,
    end_organization,
    move_organization,
    record_org_event,
)


def _active_members_in(org: Organization):
    return Member.objects.active().filter(organization=org)


def _reorganize_members(members, to: Organization, date: dt.date, decision_number: str, actor):
    """Move each member to `to` as a restructuring step (a `REORGANIZED` move)."""
    for member in members:
        move_member(
            member,
            to=to,
            date=date,
            kind=EventKind.REORGANIZED,
            document_number=decision_number,
            actor=actor,
        )


@transaction.atomic
def merge_organizations(
    source: Organization,
    *,
    into: Organization,
    date: dt.date,
    decision_number: str = "",
    actor=None,
) -> Organization:
    """Merge source into `into`: its sub-units and members move to `into`; source is dissolved."""
    check_not_future(date)
    check_target(
        source,
        into,
        "into",
        inside=_("An organization cannot be merged into itself or its own sub-unit."),
        dissolved=_("A dissolved organization cannot take part in a merge."),
        source_open=True,
    )
    children = list(
        Organization.objects.filter(path__startswith=source.path, depth=source.depth + 1)
    )
    for child in children:
        if child.is_dissolved:
            continue
        check_kind_under(child.kind, into)
    for child in children:
        if not child.is_dissolved:
            move_organization(
                child, new_parent=into, date=date, decision_number=decision_number, actor=actor
            )
    _reorganize_members(_active_members_in(source), into, date, decision_number, actor)
    source.refresh_from_db()
    end_organization(source, OrgEventKind.MERGED, date, decision_number, actor, related=into)
    return into


@dataclass
class SplitPart:
    code: str
    name: str
    member_ids: list[int]
    short_name: str = ""


@transaction.atomic
def split_organization(
    org: Organization,
    *,
    parts: list[SplitPart],
    date: dt.date,
    decision_number: str = "",
    dissolve_source: bool = True,
    actor=None,
) -> list[Organization]:
    """Split org into new sibling organizations, moving the listed members to each part."""
    check_not_future(date)
    if len(parts) < 1 or (dissolve_source and len(parts) < 2):
        raise ValidationError({"parts": _("A split needs at least two parts.")})
    parent = org.get_parent()
    active_ids = set(_active_members_in(org).values_list("id", flat=True))
    assigned: list[int] = [mid for part in parts for mid in part.member_ids]
    if len(assigned) != len(set(assigned)):
        raise ValidationError({"parts": _("A member is assigned to more than one part.")})
    if not set(assigned) <= active_ids:
        raise ValidationError(
            {"parts": _("Some assigned members do not belong to this organization.")}
        )
    if dissolve_source and set(assigned) != active_ids:
        raise ValidationError({"parts": _("Every member must be assigned to one of the parts.")})
    created = []
    for part in parts:
        new = create_organization(
            parent,
            code=part.code,
            name=part.name,
            short_name=part.short_name,
            kind=org.kind,
            established_on=date,
            decision_number=decision_number,
            actor=actor,
        )
        record_org_event(new, OrgEventKind.SPLIT, date, decision_number, actor, related=org)
        members = Member.objects.filter(pk__in=part.member_ids)
        _reorganize_members(members, new, date, decision_number, actor)
        created.append(new)
    if dissolve_source:
        dissolve_organization(org, date=date, decision_number=decision_number, actor=actor)
    return created


@transaction.atomic
def dissolve_organization(
    org: Organization, *, date: dt.date, decision_number: str = "", actor=None
) -> Organization:
    """Dissolve org; refused while it or a sub-unit still holds active members or units."""
    check_not_future(date)
    org.refresh_from_db()
    if org.is_dissolved:
        raise ValidationError({"date": _("The organization has already been dissolved.")})
    n = Member.objects.active().filter(organization__path__startswith=org.path).count()
    if n:
        raise ValidationError(
            {
                "date": _(
                    "The organization still holds %(n)d active members: move them before dissolving it."
                )
                % {"n": n}
            }
        )
    if Organization.objects.filter(
        path__startswith=org.path, depth__gt=org.depth, dissolved_on__isnull=True
    ).exists():
        raise ValidationError(
            {"date": _("The organization still has sub-units that have not been dissolved.")}
        )
    end_organization(org, OrgEventKind.DISSOLVED, date, decision_number, actor)
    return org


def organization_warnings(org: Organization, day: dt.date | None = None) -> list[str]:
    """Advice, not refusals: a cell under the minimum, a grassroots cell that should be a committee."""
    day = day or timezone.localdate()
    warnings = []
    if org.is_dissolved:
        return warnings
    if org.kind in CELL_KINDS:
        official = Member.objects.filter(organization=org, status=MemberStatus.OFFICIAL).count()
        minimum = rules.value("cell_min_official_members", day)
        if official < minimum:
            warnings.append(
                _(
                    "The cell has %(n)d official members, fewer than %(min)d: it cannot validly vote; add members or merge it."
                )
                % {"n": official, "min": minimum}
            )
    if org.kind == OrgKind.GRASSROOTS_CELL:
        total = Member.objects.active().filter(organization__path__startswith=org.path).count()
        threshold = rules.value("grassroots_committee_min_members", day)
        if total >= threshold:
            warnings.append(
                _(
                    "The grassroots cell has %(n)d members (%(min)d or more): consider making it a grassroots committee with cells."
                )
                % {"n": total, "min": threshold}
            )
    return warnings
