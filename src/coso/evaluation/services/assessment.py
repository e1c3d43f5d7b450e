"""The self-assessment (tự kiểm điểm): a member's form 2A, 2B or 2C, an organization's report
(form 01), with the 100-point sheet from 2025 and the grade the subject proposes. Done by the
member themselves or entered by the secretary (an editor of the member's cell); an
organization's by its own committee. It may be corrected until the review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.scope import OutOfScope
from coso.core.services import check_not_before
from coso.core.text import fold
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import Form, Stage, SubjectKind
from ..eligibility import member_reason, organization_reason
from ..models import Evaluation, EvaluationPeriod
from .parts import check_covers, check_open, is_self, lock_period, may_edit, quota_unit_of
from .rules import check_grade, check_score_sheet

#: what the subject fills in (the rest is the steps')
ANSWERS = (
    "strengths", "limitations", "fixes", "collective_responsibility", "plan",
    "shortcomings_fixed", "criteria_points", "task_points", "score", "tasks_on_time",
    "tasks_beyond",
)  # fmt: skip
MEMBER_FORMS = (Form.MEMBER_2A, Form.MEMBER_2B, Form.MEMBER_2C)


def _subject(member: Member | None, organization: Organization | None, actor):
    """The subject's kind and organization, the member locked; out of scope is a 404."""
    if (member is None) == (organization is None):
        raise ValidationError(_("Choose one member or one organization."))
    if member is not None:
        member = (
            Member.objects.select_for_update()
            .select_related("organization")
            .filter(pk=member.pk)
            .first()
        )
        if member is None:
            raise OutOfScope
        if not (may_edit(actor, member.organization) or is_self(actor, member.pk)):
            raise OutOfScope
        return SubjectKind.MEMBER, member, member.organization
    if not may_edit(actor, organization):
        raise OutOfScope
    return SubjectKind.ORGANIZATION, None, organization


def _form(kind: str, form: str) -> str:
    if kind == SubjectKind.ORGANIZATION:
        return Form.COLLECTIVE_01
    if form not in MEMBER_FORMS:
        raise ValidationError({"form": _("Choose the form: 2A, 2B or 2C.")})
    return form


def _not_graded(kind, member, org, period) -> None:
    reason = member_reason(member, period) if member else organization_reason(org, period)
    if reason:
        name = str(member) if member else org.name
        raise ValidationError(_("%(name)s is not graded in %(period)s: %(reason)s.")
                              % {"name": name, "period": period.label, "reason": reason})  # fmt: skip


@transaction.atomic
def self_assess(
    period: EvaluationPeriod,
    *,
    on: dt.date,
    self_grade: str,
    member: Member | None = None,
    organization: Organization | None = None,
    form: str = "",
    actor=None,
    **answers: Any,
) -> Evaluation:
    """Record (or correct, until the review) the subject's self-assessment and proposed grade.
    Refused: the period closed, a subject outside it or not graded in it (with the reason), a
    score against the period's rules (none before 2025, the sheet's parts from 2025), a grade
    a rule caps lower (the score, the tasks, a discipline in the period), a review done."""
    unknown = set(answers) - set(ANSWERS)
    if unknown:
        raise TypeError(f"unknown answers: {sorted(unknown)}")
    kind, member, org = _subject(member, organization, actor)
    period = lock_period(period)
    check_open(period)
    check_covers(period, org)
    _not_graded(kind, member, org, period)
    check_not_future(on, "self_assessed_on")
    check_not_before(on, period.opened_on, "self_assessed_on",
                     _("The self-assessment comes after the period opened (%(date)s)."))  # fmt: skip
    lookup = {"member": member} if member else {"organization": org, "subject_kind": kind}
    ev = Evaluation.objects.select_for_update().filter(period=period, **lookup).first()
    if ev is None:
        ev = Evaluation(period=period, subject_kind=kind, member=member, organization=org,
                        quota_unit=quota_unit_of(kind, org, period.ends_on), actor=actor)  # fmt: skip
    elif ev.stage != Stage.SELF_ASSESSED:
        raise ValidationError(_("The self-assessment was reviewed on %(date)s: it can no longer "
                                "be changed.") % {"date": format_date(ev.reviewed_on)})  # fmt: skip
    ev.form = _form(kind, form)
    for field in ANSWERS:
        if field in answers:
            setattr(ev, field, answers[field])
    check_score_sheet(ev, period.ends_on)
    check_grade(ev, self_grade, period, "self_grade")
    ev.self_grade = self_grade
    ev.self_assessed_on = on
    ev.stage = Stage.SELF_ASSESSED
    name = member.full_name if member else org.name
    ev.sort_key = member.sort_key if member else fold(org.name)[:255]
    code = (member.party_card_number or "") if member else org.code
    ev.search_text = fold(f"{name} {code}")[:255]
    ev._history_user = actor
    ev.save()
    return ev
