"""Restructuring of the organization tree: each step one transaction and one dated event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future as _check_date

from .choices import ALLOWED_CHILDREN, OrgEventKind, OrgKind
from .models import Organization, OrganizationEvent, OrganizationPeriod


def check_kind_under(kind: str, parent: Organization | None) -> None:
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


def check_target(
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


def record_org_event(
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


def end_organization(
    org: Organization, kind: str, date: dt.date, decision_number: str, actor, **details
) -> None:
    """Dissolve `org` on `date` (a merge or a dissolution): the decision, the event, and the
    end of its open period."""
    org.dissolved_on = date
    org.dissolved_decision = decision_number
    org.save(update_fields=["dissolved_on", "dissolved_decision"])
    record_org_event(org, kind, date, decision_number, actor, **details)
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
    # a code is read whatever its letter case (`by_code`): "duk-bk" is DUK-BK's, taken
    if Organization.objects.by_code(code) is not None:
        raise ValidationError({"code": _("The code %(code)s is already in use.") % {"code": code}})
    check_kind_under(kind, parent)
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
    record_org_event(
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
    record_org_event(
        org, OrgEventKind.RENAMED, date, decision_number, actor, old_name=old, new_name=name
    )
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
    check_target(
        org,
        new_parent,
        "new_parent",
        inside=_("An organization cannot be moved under itself or its own sub-unit."),
        dissolved=_("The target organization has been dissolved."),
    )
    check_kind_under(org.kind, new_parent)
    old_parent = org.get_parent()
    org.move(new_parent, pos="last-child")
    org.refresh_from_db()
    moved = {"from_parent": old_parent, "to_parent": new_parent}
    record_org_event(org, OrgEventKind.MOVED, date, decision_number, actor, **moved)
    _open_period(org, new_parent, date)
    return org


def org_on_date(org: Organization, day: dt.date) -> OrganizationPeriod | None:
    """The organization's parent and name as they were on `day`."""
    return (
        OrganizationPeriod.objects.filter(organization=org, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .select_related("parent")
        .first()
    )
