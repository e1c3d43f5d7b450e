"""A grassroots organization's cells (and party groups) graded at once as organizations: each
one's report (form 01), the committee's proposal and its decision, as far as each row goes
(the cells' side of `grade_members`; the demo and an import of a whole grassroots
organization use it). The same checks as `self_assess`, `review` and `decide_grades`: the
organization graded in the period, the score sheet, the rules that cap a grade, the order of
the dates, the quota over the unit's organizations after the batch. All or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.core.text import fold
from coso.discipline.queries import penalties_between
from coso.orgs.models import Organization

from ..choices import GOOD_OR_BETTER, Form, Grade, Stage, SubjectKind
from ..eligibility import organization_reason
from ..models import Evaluation, EvaluationPeriod, GradeDecision
from .bulk import Dates, RowsRefused, _check_dates
from .parts import check_covers, check_open, lock_period, quota_unit_of, require_edit
from .rules import QuotaStatus, allowed_excellent, check_grades, check_score_sheet, quota_refusal
from .writes import write_evaluations


@dataclass
class CellRow:
    line: int
    organization: Organization
    self_grade: str
    proposed_grade: str = ""
    grade: str = ""
    score: Decimal | None = None
    tasks_on_time: int | None = None
    tasks_beyond: int | None = None


def _row_errors(period, unit, row: CellRow, taken: set, cases) -> tuple[list[str], Evaluation]:
    org = row.organization
    errors = []
    if org.pk in taken:
        errors.append(_("%(name)s has already reported in %(period)s.")
                      % {"name": org.name, "period": period.label})  # fmt: skip
    if quota_unit_of(SubjectKind.ORGANIZATION, org, period.ends_on).pk != unit.pk:
        errors.append(_("%(name)s is not graded by %(unit)s.") % {"name": org.name,
                                                                  "unit": unit.name})  # fmt: skip
    reason = organization_reason(org, period)
    if reason:
        errors.append(_("%(name)s is not graded in %(period)s: %(reason)s.")
                      % {"name": org.name, "period": period.label, "reason": reason})  # fmt: skip
    ev = Evaluation(period=period, subject_kind=SubjectKind.ORGANIZATION, organization=org,
                    quota_unit=unit, form=Form.COLLECTIVE_01, score=row.score,
                    tasks_on_time=row.tasks_on_time, tasks_beyond=row.tasks_beyond)  # fmt: skip
    try:
        check_score_sheet(ev, period.ends_on)
    except ValidationError as error:
        return [*errors, *error.messages], ev
    if row.grade and not row.proposed_grade:
        errors.append(_("A grade is decided on the cell's proposal: give the grade proposed."))
    grades = {"self_grade": row.self_grade, "proposed_grade": row.proposed_grade,
              "grade": row.grade}  # fmt: skip
    errors.extend(check_grades(ev, grades, period, cases=cases))
    return errors, ev


def _quota(period, unit, rows: list[CellRow]) -> QuotaStatus:
    others = Evaluation.objects.filter(
        period=period, quota_unit=unit, subject_kind=SubjectKind.ORGANIZATION
    ).aggregate(base=Count("pk", filter=Q(grade__in=GOOD_OR_BETTER)),
                top=Count("pk", filter=Q(grade=Grade.EXCELLENT)))  # fmt: skip
    base = others["base"] + sum(1 for r in rows if r.grade in GOOD_OR_BETTER)
    top = others["top"] + sum(1 for r in rows if r.grade == Grade.EXCELLENT)
    on = period.ends_on
    return QuotaStatus(unit, SubjectKind.ORGANIZATION, base, allowed_excellent(base, on), top,
                       rule_in_force("excellent_quota_ratio", on).legal_basis)  # fmt: skip


@transaction.atomic
def grade_cells(
    period: EvaluationPeriod, unit: Organization, rows: list[CellRow], *, dates: Dates,
    number: str = "", actor=None,
) -> GradeDecision | None:  # fmt: skip
    """``unit`` (a grassroots organization) records its cells' reports (none made yet), its
    proposals and its decision on their grades. Refused as a whole (`RowsRefused`)."""
    require_edit(actor, unit)
    unit = Organization.objects.select_for_update().get(pk=unit.pk)
    period = lock_period(period)
    check_open(period)
    check_covers(period, unit)
    taken = set(
        Evaluation.objects.filter(
            period=period, subject_kind=SubjectKind.ORGANIZATION,
            organization_id__in=[r.organization.pk for r in rows],
        ).values_list("organization_id", flat=True)
    )  # fmt: skip
    refused = [(0, m) for m in _check_dates(period, dates, rows)]
    # no discipline in the period (most years): no sub-unit or leader to look for, row by row
    cases = None if penalties_between(period.starts_on, period.ends_on).exists() else {}
    evaluations = []
    for row in rows:
        errors, ev = _row_errors(period, unit, row, taken, cases)
        taken.add(row.organization.pk)
        refused.extend((row.line, m) for m in errors)
        evaluations.append(ev)
    quota = _quota(period, unit, rows)
    if quota.over and not refused:
        refused.extend((0, m) for m in quota_refusal(period, quota).messages)
    if refused:
        raise RowsRefused(refused)
    decision = None
    if any(r.grade for r in rows):
        decision = GradeDecision(period=period, organization=unit,
                                 subject_kind=SubjectKind.ORGANIZATION,
                                 decided_on=dates.decided_on, number=number.strip(),
                                 actor=actor)  # fmt: skip
        decision.save()
    basis = rule_in_force("excellent_quota_ratio", period.ends_on).legal_basis[:255]
    for ev, row in zip(evaluations, rows, strict=True):
        ev.self_grade, ev.self_assessed_on, ev.stage = (row.self_grade, dates.self_assessed_on,
                                                        Stage.SELF_ASSESSED)  # fmt: skip
        if row.proposed_grade:
            ev.proposed_grade, ev.reviewed_on = row.proposed_grade, dates.reviewed_on
            ev.stage = Stage.REVIEWED
        if row.grade:
            ev.grade, ev.decided_on, ev.decision = row.grade, dates.decided_on, decision
            ev.stage, ev.legal_basis = Stage.DECIDED, basis
        ev.sort_key = fold(row.organization.name)[:255]
        ev.search_text = fold(f"{row.organization.name} {row.organization.code}")[:255]
        ev.actor = actor
    write_evaluations(evaluations, [], (), actor=actor)
    return decision
