"""A target split down to one organization for one year (each grassroots organization's admission
quota), set by its superior: one step, `set_target_share`."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.scope import require_edit
from coso.orgs.models import Organization

from ..choices import Unit
from ..models import Target, TargetShare

HUNDRED = Decimal(100)


def _check_goal(target: Target, year: int, goal_min, goal_max) -> None:
    errors = {}
    if not target.first_year <= year <= target.last_year:
        errors["year"] = _("The target applies from %(first)d to %(last)d.") % {
            "first": target.first_year,
            "last": target.last_year,
        }
    if goal_min is None and goal_max is None:
        errors["goal_min"] = _("Give at least a lower or an upper goal.")
    for name, goal in (("goal_min", goal_min), ("goal_max", goal_max)):
        if goal is None:
            continue
        if goal < 0:
            errors[name] = _("A goal cannot be negative.")
        elif target.unit == Unit.PERCENT and goal > HUNDRED:
            errors[name] = _("A share cannot exceed 100%.")
        elif target.unit == Unit.COUNT and goal != goal.to_integral_value():
            errors[name] = _("A count is a whole number.")
    if goal_min is not None and goal_max is not None and goal_min > goal_max:
        errors["goal_max"] = _("The upper goal is below the lower one.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_target_share(
    target: Target,
    organization: Organization,
    *,
    year: int,
    goal_min: Decimal | None,
    goal_max: Decimal | None = None,
    actor=None,
) -> TargetShare:
    """Set `organization`'s goal for `target` in `year` (it replaces the target's goal on the
    organization's figures). Only its superior may (an editing role reaching the parent; out of
    scope is a 404 that changes nothing); the organization must be under the plan's issuer and
    standing. A repeated call with the same goals changes nothing; a new goal replaces the old
    one (the share's history keeps both)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    parent = organization.get_parent()
    require_edit(actor, parent)
    target = Target.objects.select_related("plan__organization").get(pk=target.pk)
    issuer = target.plan.organization
    if not organization.path.startswith(issuer.path) or organization.pk == issuer.pk:
        raise ValidationError(
            {"organization": _("The organization is not under the plan's issuer.")}
        )
    if organization.is_dissolved:
        raise ValidationError({"organization": _("The organization has been dissolved.")})
    goal_min = None if goal_min is None else Decimal(goal_min)
    goal_max = None if goal_max is None else Decimal(goal_max)
    _check_goal(target, year, goal_min, goal_max)
    share = (
        TargetShare.objects.select_for_update()
        .filter(target=target, organization=organization, year=year)
        .first()
    )
    if share is None:
        return TargetShare.objects.create(
            target=target,
            organization=organization,
            year=year,
            goal_min=goal_min,
            goal_max=goal_max,
            actor=actor,
        )
    if (share.goal_min, share.goal_max) != (goal_min, goal_max):
        share.goal_min, share.goal_max, share.actor = goal_min, goal_max, actor
        share.save(update_fields=["goal_min", "goal_max", "actor"])
    return share
