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


def _open_period(org: Organization, parent: Organization | None, day: dt.date) -> None:
    OrganizationPeriod.objects.filter(organization=org, valid_to__isnull=True).update(valid_to=day)
    OrganizationPeriod.objects.create(
        organization=org, parent=parent, name=org.name, valid_from=day
    )


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
    OrganizationEvent.objects.create(
        organization=org,
        kind=OrgEventKind.CREATED,
        date=day,
        decision_number=decision_number,
        to_parent=parent,
        new_name=org.name,
        actor=actor,
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
    OrganizationEvent.objects.create(
        organization=org,
        kind=OrgEventKind.RENAMED,
        date=date,
        decision_number=decision_number,
        old_name=old,
        new_name=name,
        actor=actor,
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
    org.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.path.startswith(org.path):
        raise ValidationError(
            {"new_parent": _("An organization cannot be moved under itself or its own sub-unit.")}
        )
    if new_parent.is_dissolved:
        raise ValidationError({"new_parent": _("The target organization has been dissolved.")})
    check_kind_under(org.kind, new_parent)
    old_parent = org.get_parent()
    org.move(new_parent, pos="last-child")
    org.refresh_from_db()
    OrganizationEvent.objects.create(
        organization=org,
        kind=OrgEventKind.MOVED,
        date=date,
        decision_number=decision_number,
        from_parent=old_parent,
        to_parent=new_parent,
        actor=actor,
    )
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
