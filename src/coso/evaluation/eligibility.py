"""Who is not graded in a period, and why (HD 21-HD/BTCTW 2019 §II.6, kept since; rule
`grading_min_months`): a member exempted from party work and meetings, a member admitted (an
organization founded) less than the rule's months before the period's end. They are listed with
the reason; a self-assessment of one of them is refused with it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from coso.core.dates import add_months, format_date
from coso.core.rules import rule_in_force
from coso.members.choices import ACTIVE_STATUSES, MemberStatus
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import NotGraded
from .models import EvaluationPeriod


def admitted_after(period: EvaluationPeriod) -> dt.date:
    """Admitted (founded) after this day: not graded in the period."""
    months = rule_in_force("grading_min_months", period.ends_on).value
    return add_months(period.ends_on, -months)


def member_reason(member: Member, period: EvaluationPeriod) -> str:
    """Why ``member`` is not graded in ``period`` ("" when they are)."""
    if member.status not in ACTIVE_STATUSES:
        return NotGraded.LEFT.label
    if member.status == MemberStatus.EXEMPTED:
        return NotGraded.EXEMPTED.label
    if member.admitted_on and member.admitted_on > admitted_after(period):
        return _reason_late(member.admitted_on, period, _("admitted on %(date)s"))
    return ""


def organization_reason(org: Organization, period: EvaluationPeriod) -> str:
    if org.established_on and org.established_on > admitted_after(period):
        return _reason_late(org.established_on, period, _("founded on %(date)s"))
    return ""


def _reason_late(day: dt.date, period: EvaluationPeriod, what: str) -> str:
    rule = rule_in_force("grading_min_months", period.ends_on)
    return _("%(what)s, less than %(months)d months before %(end)s: reviewed, not graded "
             "(%(basis)s)") % {"what": what % {"date": format_date(day)}, "months": rule.value,
                               "end": format_date(period.ends_on),
                               "basis": rule.legal_basis}  # fmt: skip


def not_graded_members(period: EvaluationPeriod, org: Organization):
    """The active members of ``org``'s subtree not graded in ``period`` (one query), in
    Vietnamese order: a queryset of `Member`."""
    return (
        Member.objects.filter(organization__path__startswith=org.path, status__in=ACTIVE_STATUSES)
        .filter(Q(status=MemberStatus.EXEMPTED) | Q(admitted_on__gt=admitted_after(period)))
        .select_related("organization")
        .order_by("sort_key", "pk")
    )


def graded_members(period: EvaluationPeriod, org: Organization):
    """The members of ``org``'s subtree to be graded in ``period``: a queryset of `Member`."""
    return Member.objects.filter(
        organization__path__startswith=org.path,
        status__in=(MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY),
    ).exclude(admitted_on__gt=admitted_after(period))
