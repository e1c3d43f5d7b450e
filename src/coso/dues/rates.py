"""A member's monthly dues by the rules in force on the month's first day: QĐ 342-QĐ/TW before
February 2026, QĐ 01-QĐ/TW from then (`coso.core.rules`, keys `dues_rates`,
`regional_minimum_wage`, `retirement_age_months`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.dates import age_in_months
from coso.core.rules import rule_in_force, value

from .choices import BasisCategory, MonthRelief, ReliefKind


@dataclass(frozen=True)
class Amount:
    """A month's dues: the amount due, the relief applied and the rule's legal basis."""

    due: int
    relief: str
    legal_basis: str


def whole_dong(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def base_amount(basis, member, month: dt.date) -> tuple[int, str]:
    """The amount before relief and extra, and the legal basis, for `month` (its first day)."""
    r = rule_in_force("dues_rates", month, "month")
    rates = r.value
    category = basis.category
    if category == BasisCategory.SALARY:
        amount = whole_dong(basis.income * rates["salary"])
    elif category == BasisCategory.BENEFIT:
        amount = whole_dong(basis.income * rates.get("benefit", rates["salary"]))
    elif category == BasisCategory.PENSION:
        amount = whole_dong(basis.income * rates["pension"])
    elif "student" in rates and category == BasisCategory.STUDENT:
        amount = rates["student"]
    elif "other_min" in rates:  # QĐ 342: what the cell set, within the rule's bounds
        low, high = rates["other_min"], rates["other_max"]
        amount = min(max(basis.fixed_amount or low, low), high)
    else:  # QĐ 01: a share of the regional minimum wage, by age
        amount = whole_dong(other_share(basis, member, month, rates))
    return amount, r.legal_basis


def other_share(basis, member, month: dt.date, rates) -> Decimal:
    if basis.region is None:
        raise ValidationError(
            {"region": _("A member paying by the regional minimum wage needs the region.")}
        )
    wage = value("regional_minimum_wage", month)[basis.region]
    retirement = value("retirement_age_months", month)[member.sex]
    if age_in_months(member.birth_date, month) >= retirement:
        return wage * rates["other_above_retirement_min_wage"]
    return wage * rates["other_below_retirement_min_wage"]


def monthly_amount(basis, reliefs, member, month: dt.date) -> Amount:
    """`member`'s dues for `month` from their basis in force and the reliefs (any order) that
    may cover it: an exemption makes it nothing, a reduction takes its share off; the
    voluntary extra is added to what is not exempt."""
    amount, legal_basis = base_amount(basis, member, month)
    relief = MonthRelief.NONE
    for r in reliefs:
        if not r.covers(month):
            continue
        if r.kind == ReliefKind.EXEMPTION:
            return Amount(0, MonthRelief.EXEMPT, legal_basis)
        amount = whole_dong(Decimal(amount) * (100 - r.percent) / 100)
        relief = MonthRelief.REDUCED
    return Amount(amount + basis.voluntary_extra, relief, legal_basis)


def basis_on(bases, month: dt.date):
    """The basis in force for `month` among a member's `bases` (None: none yet)."""
    best = None
    for b in bases:
        if b.valid_from <= month and (best is None or b.valid_from > best.valid_from):
            best = b
    return best
