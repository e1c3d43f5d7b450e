"""Restructuring of the organization tree: each step one transaction and one dated event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core import rules
from coso.core.dates import check_not_future as _check_date

from .choices import ALLOWED_CHILDREN, CELL_KINDS, OrgEventKind, OrgKind
from .models import Organization, OrganizationEvent, OrganizationPeriod


def _check_kind_under(kind: str, parent: Organization | None) -> None:
    if parent is None:
        if kind != OrgKind.SUPERIOR:
            raise ValidationError(
                {"kind": _("Only a superior committee can stand at the top of the tree.")}
            )
        return
    if kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
        raise ValidationError(
            {
                "kind": _("A %(child)s cannot be placed under a %(parent)s.")
                % {
                    "child": OrgKind(kind).label.lower(),
                    "parent": OrgKind(parent.kind).label.lower(),
                }
            }
        )


def _check_target(
    org: Organization,
    target: Organization,
    field: str,
    *,
    inside: str,
    dissolved: str,
    source_open: bool = False,
) -> None:
    """Re-read `org` and the `target` it goes to; refuse a target in org's own subtree (org
    itself included) or a dissolved one (with `source_open`, a dissolved org too)."""
    org.refresh_from_db()
    target.refresh_from_db()
    if target.path.startswith(org.path):
        raise ValidationError({field: inside})
    if target.is_dissolved or (source_open and org.is_dissolved):
        raise ValidationError({field: dissolved})


def _close_period(org: Organization, day: dt.date) -> None:
    OrganizationPeriod.objects.filter(organization=org, valid_to__isnull=True).update(valid_to=day)


def _open_period(org: Organization, parent: Organization | None, day: dt.date) -> None:
    _close_period(org, day)
    OrganizationPeriod.objects.create(
        organization=org, parent=parent, name=org.name, valid_from=day
    )


def _record(
    org: Organization, kind: str, date: dt.date, decision_number: str, actor, **details
) -> None:
    """The step's dated event: its decision, who recorded it, and what changed (`details`)."""
    OrganizationEvent.objects.create(
        organization=org,
        kind=kind,
        date=date,
        decision_number=decision_number,
        actor=actor,
        **details,
    )


def _end(
    org: Organization, kind: str, date: dt.date, decision_number: str, actor, **details
) -> None:
    """Dissolve `org` on `date` (a merge or a dissolution): the decision, the event, and the
    end of its open period."""
    org.dissolved_on = date
    org.dissolved_decision = decision_number
    org.save(update_fields=["dissolved_on", "dissolved_decision"])
    _record(org, kind, date, decision_number, actor, **details)
    _close_period(org, date)


@transaction.atomic
def create_organization(
    parent: Organization | None,
    *,
    code: str,
    name: str,
    kind: str,
    short_name: str = "",
    established_on: dt.date | None = None,
    decision_number: str = "",
    actor=None,
) -> Organization:
    """Create an organization under `parent` (or a root) and record the event."""
    code = code.strip()
    if not code:
        raise ValidationError({"code": _("The code is required.")})
    if parent is not None:
        # children of one parent are added one at a time: the same form sent twice at once
        # meets the first one's code below, and the tree's next path is not taken twice
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already in use.") % {"code": code}})
    _check_kind_under(kind, parent)
    if parent is not None and parent.is_dissolved:
        raise ValidationError({"parent": _("The parent organization has been dissolved.")})
    day = established_on or timezone.localdate()
    _check_date(day)
    org = Organization(
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        established_on=established_on,
        established_decision=decision_number,
    )
    org = parent.add_child(instance=org) if parent else Organization.add_root(instance=org)
    _record(
        org, OrgEventKind.CREATED, day, decision_number, actor, to_parent=parent, new_name=org.name
    )
    _open_period(org, parent, day)
    return org


@transaction.atomic
def rename_organization(
    org: Organization,
    *,
    name: str,
    date: dt.date,
    short_name: str | None = None,
    decision_number: str = "",
    actor=None,
) -> Organization:
    _check_date(date)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("The name is required.")})
    old = org.name
    org.name = name
    if short_name is not None:
        org.short_name = short_name.strip()
    org.save(update_fields=["name", "short_name"])
    _record(org, OrgEventKind.RENAMED, date, decision_number, actor, old_name=old, new_name=name)
    _open_period(org, org.get_parent(), date)
    return org


@transaction.atomic
def move_organization(
    org: Organization,
    *,
    new_parent: Organization,
    date: dt.date,
    decision_number: str = "",
    actor=None,
) -> Organization:
    """Move org and its whole subtree under new_parent; members move with their cells."""
    _check_date(date)
    _check_target(
        org,
        new_parent,
        "new_parent",
        inside=_("An organization cannot be moved under itself or its own sub-unit."),
        dissolved=_("The target organization has been dissolved."),
    )
    _check_kind_under(org.kind, new_parent)
    old_parent = org.get_parent()
    org.move(new_parent, pos="last-child")
    org.refresh_from_db()
    moved = {"from_parent": old_parent, "to_parent": new_parent}
    _record(org, OrgEventKind.MOVED, date, decision_number, actor, **moved)
    _open_period(org, new_parent, date)
    return org


def _active_members_in(org: Organization):
    from coso.members.models import Member

    return Member.objects.active().filter(organization=org)


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
    from coso.members import services as member_services
    from coso.members.choices import EventKind

    _check_date(date)
    _check_target(
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
        _check_kind_under(child.kind, into)
    for child in children:
        if not child.is_dissolved:
            move_organization(
                child, new_parent=into, date=date, decision_number=decision_number, actor=actor
            )
    for member in _active_members_in(source):
        member_services.move_member(
            member,
            to=into,
            date=date,
            kind=EventKind.REORGANIZED,
            document_number=decision_number,
            actor=actor,
        )
    source.refresh_from_db()
    _end(source, OrgEventKind.MERGED, date, decision_number, actor, related=into)
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
    from coso.members import services as member_services
    from coso.members.choices import EventKind

    _check_date(date)
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
        _record(new, OrgEventKind.SPLIT, date, decision_number, actor, related=org)
        from coso.members.models import Member

        for member in Member.objects.filter(pk__in=part.member_ids):
            member_services.move_member(
                member,
                to=new,
                date=date,
                kind=EventKind.REORGANIZED,
                document_number=decision_number,
                actor=actor,
            )
        created.append(new)
    if dissolve_source:
        dissolve_organization(org, date=date, decision_number=decision_number, actor=actor)
    return created


@transaction.atomic
def dissolve_organization(
    org: Organization, *, date: dt.date, decision_number: str = "", actor=None
) -> Organization:
    """Dissolve org; refused while it or a sub-unit still holds active members or units."""
    from coso.members.models import Member

    _check_date(date)
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
    _end(org, OrgEventKind.DISSOLVED, date, decision_number, actor)
    return org


def organization_warnings(org: Organization, day: dt.date | None = None) -> list[str]:
    """Advice, not refusals: a cell under the minimum, a grassroots cell that should be a committee."""
    from coso.members.choices import MemberStatus
    from coso.members.models import Member

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


def org_on_date(org: Organization, day: dt.date) -> OrganizationPeriod | None:
    """The organization's parent and name as they were on `day`."""
    return (
        OrganizationPeriod.objects.filter(organization=org, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .select_related("parent")
        .first()
    )
