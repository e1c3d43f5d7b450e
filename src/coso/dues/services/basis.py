"""A member's dues basis: the category, the income or region, and the voluntary extra, from a
month on."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member

from ..choices import INCOME_CATEGORIES, BasisCategory
from ..models import DuesBasis
from ..rates import base_amount, first_of_month
from .parts import lock_member, recompute


def _check(basis: DuesBasis, member: Member) -> None:
    if basis.category not in BasisCategory.values:
        raise ValidationError({"category": _("Choose the category of dues.")})
    if basis.category in INCOME_CATEGORIES and not basis.income:
        raise ValidationError({"income": _("Enter the monthly income the dues are a share of.")})
    if basis.category not in INCOME_CATEGORIES:
        basis.income = None
    if basis.category == BasisCategory.OTHER and basis.fixed_amount is not None:
        rates = rule_in_force("dues_rates", basis.valid_from, "valid_from")
        low, high = rates.value.get("other_min"), rates.value.get("other_max")
        if low is None:
            basis.fixed_amount = None
        elif not low <= basis.fixed_amount <= high:
            raise ValidationError(
                {
                    "fixed_amount": _(
                        "The amount must be between %(low)s and %(high)s đồng (%(basis)s)."
                    )
                    % {"low": f"{low:,}", "high": f"{high:,}", "basis": rates.legal_basis}
                }
            )
    # the month's amount under the rules in force: a missing region is refused here
    base_amount(basis, member, basis.valid_from)


@transaction.atomic
def set_basis(
    member: Member,
    *,
    category: str,
    valid_from: dt.date,
    income: int | None = None,
    region: int | None = None,
    fixed_amount: int | None = None,
    voluntary_extra: int = 0,
    note: str = "",
    actor=None,
) -> DuesBasis:
    """Record what `member`'s dues are computed from, from the month of `valid_from` on (a
    basis already starting that month is replaced); the ledger's months from then on are
    recomputed."""
    member = lock_member(member, actor)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(_("This member no longer pays dues."))
    if voluntary_extra is None or voluntary_extra < 0:
        raise ValidationError({"voluntary_extra": _("The voluntary extra cannot be negative.")})
    month = first_of_month(valid_from)
    basis = DuesBasis.objects.filter(member=member, valid_from=month).first() or DuesBasis(
        member=member, valid_from=month
    )
    basis.category, basis.income, basis.region = category, income, region
    basis.fixed_amount, basis.voluntary_extra, basis.note = fixed_amount, voluntary_extra, note
    basis.actor = actor
    _check(basis, member)
    basis.save()
    recompute(member, month)
    return basis
