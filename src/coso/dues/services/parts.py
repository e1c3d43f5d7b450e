"""What the dues steps share: who may act, the locks, and the ledger rows recomputed when a
member's basis or relief changes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.scope import covers, is_system, user_paths
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit
from coso.members.models import Member
from coso.orgs.models import Organization

from ..models import DuesBasis, DuesMonth, DuesRelief
from ..rates import basis_on, first_of_month, monthly_amount


def may_collect(actor, org: Organization) -> bool:
    """Whether the actor may keep `org`'s dues (no query: the user's editing paths)."""
    return is_system(actor) or covers(user_paths(actor, edit=True), org.path)


def lock_member(member: Member, actor) -> Member:
    """The member, locked, within the actor's editing scope (else a 404)."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=member.pk)
    )
    require_edit(actor, member.organization)
    return member


def lock_organization(org: Organization, actor) -> Organization:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    require_edit(actor, org)
    return org


def month_of(day: dt.date, field: str = "month") -> dt.date:
    """The month (its first day) of `day`; a month after the current one is refused."""
    month = first_of_month(day)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError({field: _("Dues cannot be kept for a month still to come.")})
    return month


def recompute(member: Member, since: dt.date) -> int:
    """Recompute the amount due of `member`'s ledger rows from month `since` on (after a change
    of basis or relief); returns how many changed."""
    rows = list(DuesMonth.objects.filter(member=member, month__gte=since))
    if not rows:
        return 0
    bases = list(DuesBasis.objects.filter(member=member))
    reliefs = list(DuesRelief.objects.filter(member=member))
    changed = []
    for row in rows:
        basis = basis_on(bases, row.month)
        if basis is None:
            continue
        amount = monthly_amount(basis, reliefs, member, row.month)
        if (row.due, row.relief) != (amount.due, amount.relief):
            row.due, row.relief = amount.due, amount.relief
            changed.append(row)
    DuesMonth.objects.bulk_update(changed, ["due", "relief"])
    return len(changed)
