"""Exemptions from dues and reductions of them, each by a decision on the member's
application (QĐ 01-QĐ/TW; QĐ 342-QĐ/TW before)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coso.core.dates import add_months, add_years, check_not_future, format_date
from coso.core.rules import rule_in_force
from coso.core.services import require_decision_number
from coso.members.models import Member

from ..choices import ReliefKind, ReliefReason
from ..models import DuesRelief
from ..rates import first_of_month
from .parts import lock_member, recompute


def _check_long_membership(member: Member, month: dt.date) -> None:
    years = rule_in_force("dues_exempt_membership_years", month, "valid_from")
    reached = add_years(member.admitted_on, years.value) if member.admitted_on else None
    if reached is None or first_of_month(reached) > month:
        raise ValidationError(
            {
                "reason": _(
                    "Exemption for long membership needs %(n)d years in the party by the "
                    "first month (%(basis)s); this member reaches them on %(date)s."
                )
                % {
                    "n": years.value,
                    "basis": years.legal_basis,
                    "date": format_date(reached) if reached else "—",
                }
            }
        )


def _reduction_end(month: dt.date, percent: int | None, months: int | None) -> dt.date:
    percents = rule_in_force("dues_reduction_percents", month, "valid_from")
    if percent not in percents.value:
        raise ValidationError(
            {
                "percent": _("A reduction is one of %(list)s per cent (%(basis)s).")
                % {
                    "list": ", ".join(str(p) for p in percents.value),
                    "basis": percents.legal_basis,
                }
            }
        )
    longest = rule_in_force("dues_reduction_max_months", month, "valid_from")
    if not months or not 1 <= months <= longest.value:
        raise ValidationError(
            {
                "months": _("A reduction lasts 1 to %(n)d months (%(basis)s).")
                % {"n": longest.value, "basis": longest.legal_basis}
            }
        )
    return add_months(month, months)


@transaction.atomic
def grant_relief(
    member: Member,
    *,
    kind: str,
    reason: str,
    valid_from: dt.date,
    decision_number: str,
    decision_date: dt.date,
    percent: int | None = None,
    months: int | None = None,
    actor=None,
) -> DuesRelief:
    """Exempt `member` from dues or reduce them from the month of `valid_from`, by decision: a
    reduction for `months` months (the rule's most), an exemption for `months` or until ended.
    The ledger's months it covers are recomputed."""
    member = lock_member(member, actor)
    number = require_decision_number(decision_number)
    check_not_future(decision_date, "decision_date")
    if kind not in ReliefKind.values:
        raise ValidationError({"kind": _("Choose exemption or reduction.")})
    if reason not in ReliefReason.values:
        raise ValidationError({"reason": _("Choose the reason.")})
    month = first_of_month(valid_from)
    if kind == ReliefKind.REDUCTION:
        valid_to = _reduction_end(month, percent, months)
    else:
        if reason == ReliefReason.HARDSHIP:
            raise ValidationError(
                {"reason": _("Economic hardship is a ground for a reduction, not exemption.")}
            )
        if reason == ReliefReason.LONG_MEMBERSHIP:
            _check_long_membership(member, month)
        percent, valid_to = None, add_months(month, months) if months else None
    overlapping = DuesRelief.objects.filter(member=member).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=month)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lt=valid_to)
    if overlapping.exists():
        raise ValidationError(
            {"valid_from": _("The member already has an exemption or reduction in these months.")}
        )
    relief = DuesRelief.objects.create(
        member=member,
        kind=kind,
        reason=reason,
        percent=percent,
        valid_from=month,
        valid_to=valid_to,
        decision_number=number,
        decision_date=decision_date,
        actor=actor,
    )
    recompute(member, month)
    return relief
