"""A grassroots organization's members graded at once (the import of its grades): each member's
self-assessment, the cell's proposal and the committee's decision, as far as each row goes.

The same checks as `self_assess`, `review` and `decide_grades` (the same functions: the subject
graded in the period, the score sheet, the rules that cap a grade, collectives before
individuals, heads before deputies, the order of the dates, the quota counted over the unit
after the batch), made for many rows with a fixed number of queries whatever the number of rows
or cells. Every row's refusals are collected with its line; the whole batch is refused if one
row is, and nothing is written. The rows and their history records (who, when) are written at
COPY speed (`writes.write_evaluations`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.rules import rule_in_force
from coso.core.text import fold
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import GOOD_OR_BETTER, Grade, Stage, SubjectKind
from ..eligibility import member_reason, organization_reason
from ..models import Evaluation, EvaluationPeriod, GradeDecision
from .assessment import MEMBER_FORMS
from .decision import _issue
from .parts import check_covers, check_open, lock_period, member_quota_units, require_edit
from .review import heads_not_reviewed
from .rules import (
    QuotaStatus,
    allowed_excellent,
    check_grades,
    check_score_sheet,
    member_cases,
    quota_refusal,
)
from .writes import write_evaluations

#: the score sheet's fields a row may carry
SHEET = ("criteria_points", "task_points", "score", "tasks_on_time", "tasks_beyond")
WRITTEN = (
    "form", *SHEET, "self_grade", "self_assessed_on", "proposed_grade", "reviewed_on", "grade",
    "decided_on", "decision", "legal_basis", "stage", "sort_key", "search_text",
)  # fmt: skip


@dataclass
class GradeRow:
    """One member's row: the self-assessment, and the cell's proposal and the committee's
    decision when given (a decision needs the proposal)."""

    line: int
    member: Member
    form: str
    self_grade: str
    proposed_grade: str = ""
    grade: str = ""
    criteria_points: Decimal | None = None
    task_points: Decimal | None = None
    score: Decimal | None = None
    tasks_on_time: int | None = None
    tasks_beyond: int | None = None


class RowsRefused(ValidationError):
    """The batch refused: each refusal with its row's line (0: the whole file)."""

    def __init__(self, rows: list[tuple[int, str]]):
        self.rows = rows
        super().__init__([self.text(line, message) for line, message in rows])

    @staticmethod
    def text(line: int, message: str) -> str:
        return _("Row %(line)d: %(message)s") % {"line": line, "message": message} if line else (
            message)  # fmt: skip


@dataclass(frozen=True)
class Dates:
    self_assessed_on: dt.date
    reviewed_on: dt.date | None = None
    decided_on: dt.date | None = None


@dataclass
class BatchDone:
    created: int
    updated: int
    reviewed: int
    decided: int
    decision: GradeDecision | None
    quota: QuotaStatus


def _check_dates(period: EvaluationPeriod, dates: Dates, rows: list[GradeRow]) -> list[str]:
    errors = []
    pairs = (("self_assessed_on", dates.self_assessed_on, period.opened_on, _(
        "The self-assessment comes after the period opened (%(date)s).")),
        ("reviewed_on", dates.reviewed_on, dates.self_assessed_on, _(
            "The review comes after the self-assessment (%(date)s).")),
        ("decided_on", dates.decided_on, dates.reviewed_on, _(
            "The decision comes after the review and verification (%(date)s).")))  # fmt: skip
    for name, day, earliest, message in pairs:
        if day is None:
            continue
        try:
            check_not_future(day, name)
        except ValidationError as error:
            errors.extend(error.messages)
        if earliest is not None and day < earliest:
            errors.append(message % {"date": format_date(earliest)})
    if dates.reviewed_on is None and any(r.proposed_grade for r in rows):
        errors.append(_("Give the date of the cells' review: some rows propose a grade."))
    if dates.decided_on is None and any(r.grade for r in rows):
        errors.append(_("Give the date of the decision: some rows have a grade decided."))
    return errors


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


class _Batch:
    """The batch's reads, done once: the existing evaluations, the cells' reports, the
    discipline of the period, each cell's quota unit."""

    def __init__(self, period: EvaluationPeriod, unit: Organization, rows: list[GradeRow]):
        self.period, self.unit = period, unit
        ids = [r.member.pk for r in rows]
        self.existing = {
            ev.member_id: ev
            for ev in Evaluation.objects.select_for_update(of=("self",)).filter(
                period=period, member_id__in=ids
            )
        }
        self.cases = member_cases(period, ids)
        cells = {r.member.organization_id for r in rows}
        self.reported = set(
            Evaluation.objects.filter(
                period=period, subject_kind=SubjectKind.ORGANIZATION, organization_id__in=cells
            ).values_list("organization_id", flat=True)
        ) | {  # a cell reviewed but not graded (founded too late) holds no member back
            org.pk
            for org in {r.member.organization for r in rows}
            if organization_reason(org, period)
        }
        self.units = member_quota_units({r.member.organization for r in rows}, unit, period.ends_on)
        # heads before deputies: the deputies the batch reviews, the members it reviews
        reviewed = {r.member.pk: r.member.organization for r in rows if r.proposed_grade}
        self.heads_first = heads_not_reviewed(period, reviewed, reviewed.keys())

    def unit_of(self, cell: Organization) -> Organization:
        return self.units[cell.pk]


def _row_errors(batch: _Batch, row: GradeRow, dates: Dates, seen: set) -> tuple[list, Evaluation]:
    """The row's refusals, and its evaluation filled in (not saved)."""
    period, member = batch.period, row.member
    cell = member.organization
    errors: list[str] = []
    if member.pk in seen:
        errors.append(_("%(name)s is on two rows.") % {"name": member})
    seen.add(member.pk)
    if batch.unit_of(cell).pk != batch.unit.pk or not cell.path.startswith(batch.unit.path):
        errors.append(_("%(name)s is not graded by %(unit)s.") % {"name": member,
                                                                  "unit": batch.unit.name})  # fmt: skip
    reason = member_reason(member, period)
    if reason:
        errors.append(_("%(name)s is not graded in %(period)s: %(reason)s.")
                      % {"name": member, "period": period.label, "reason": reason})  # fmt: skip
    ev = batch.existing.get(member.pk)
    if ev is not None and ev.stage != Stage.SELF_ASSESSED:
        errors.append(_("%(name)s was already reviewed on %(date)s.")
                      % {"name": member, "date": format_date(ev.reviewed_on)})  # fmt: skip
    if ev is None:
        ev = Evaluation(period=period, subject_kind=SubjectKind.MEMBER, member=member,
                        organization=cell, quota_unit=batch.unit)  # fmt: skip
    if row.form not in MEMBER_FORMS:
        errors.append(_("Choose the form: 2A, 2B or 2C."))
    ev.form = row.form
    for name in SHEET:
        setattr(ev, name, getattr(row, name))
    ev.shortcomings_fixed = True if ev.pk is None else ev.shortcomings_fixed
    try:
        check_score_sheet(ev, period.ends_on)
    except ValidationError as error:
        return [*errors, *_messages(error)], ev
    if row.proposed_grade and cell.pk not in batch.reported:
        basis = rule_in_force("grade_thresholds", period.ends_on).legal_basis
        errors.append(_(
            "Collectives before individuals: %(cell)s's own report (form 01) comes before its "
            "members are reviewed (%(basis)s).") % {"cell": cell.name, "basis": basis})  # fmt: skip
    if row.proposed_grade and member.pk in batch.heads_first:
        errors.append(batch.heads_first[member.pk])
    if row.grade and not row.proposed_grade:
        errors.append(_("A grade is decided on the cell's proposal: give the grade proposed."))
    grades = {"self_grade": row.self_grade, "proposed_grade": row.proposed_grade,
              "grade": row.grade}  # fmt: skip
    errors.extend(check_grades(ev, grades, period, cases=batch.cases))
    return errors, ev


def _fill(ev: Evaluation, row: GradeRow, dates: Dates, decision, basis: str, actor) -> None:
    member = row.member
    ev.self_grade, ev.self_assessed_on, ev.stage = row.self_grade, dates.self_assessed_on, (
        Stage.SELF_ASSESSED)  # fmt: skip
    if row.proposed_grade:
        ev.proposed_grade, ev.reviewed_on, ev.stage = (
            row.proposed_grade, dates.reviewed_on, Stage.REVIEWED)  # fmt: skip
    if row.grade:
        ev.grade, ev.decided_on, ev.decision = row.grade, dates.decided_on, decision
        ev.stage, ev.legal_basis = Stage.DECIDED, basis[:255]
    ev.sort_key = member.sort_key
    ev.search_text = fold(f"{member.full_name} {member.party_card_number or ''}")[:255]
    if ev.pk is None:
        ev.actor = actor


def _quota_after(batch: _Batch, rows: list[GradeRow]) -> QuotaStatus:
    """The unit's decided grades once the batch is written: the others' (one query) and the
    batch's."""
    others = (
        Evaluation.objects.filter(period=batch.period, quota_unit=batch.unit,
                                  subject_kind=SubjectKind.MEMBER)
        .exclude(member_id__in=[r.member.pk for r in rows])
        .aggregate(base=Count("pk", filter=Q(grade__in=GOOD_OR_BETTER)),
                   top=Count("pk", filter=Q(grade=Grade.EXCELLENT)))
    )  # fmt: skip
    base = others["base"] + sum(1 for r in rows if r.grade in GOOD_OR_BETTER)
    top = others["top"] + sum(1 for r in rows if r.grade == Grade.EXCELLENT)
    on = batch.period.ends_on
    basis = rule_in_force("excellent_quota_ratio", on).legal_basis
    return QuotaStatus(batch.unit, SubjectKind.MEMBER, base, allowed_excellent(base, on), top,
                       basis)  # fmt: skip


@transaction.atomic
def grade_members(
    period: EvaluationPeriod,
    unit: Organization,
    rows: list[GradeRow],
    *,
    dates: Dates,
    number: str = "",
    signer_name: str = "",
    check_only: bool = False,
    actor=None,
) -> BatchDone | None:
    """``unit`` (a grassroots organization) records its members' self-assessments, their
    cells' proposals and its decision on their grades, as far as each row goes. Refused as a
    whole (`RowsRefused`, every row's refusals with its line): what `self_assess`, `review` and
    `decide_grades` refuse, and the quota exceeded over the unit's decided grades after the
    batch. ``check_only``: check, write nothing, return None."""
    require_edit(actor, unit)
    unit = Organization.objects.select_for_update().get(pk=unit.pk)  # one decider at a time
    period = lock_period(period)
    check_open(period)
    check_covers(period, unit)
    batch = _Batch(period, unit, rows)
    refused = [(0, m) for m in _check_dates(period, dates, rows)]
    seen: set = set()
    evaluations = []
    for row in rows:
        errors, ev = _row_errors(batch, row, dates, seen)
        refused.extend((row.line, m) for m in errors)
        evaluations.append(ev)
    quota = _quota_after(batch, rows)
    # over a file with refused rows the counts would be partial: the quota waits for them
    if quota.over and not refused and not check_only:
        refused.extend((0, m) for m in quota_refusal(period, quota).messages)
    if refused:
        raise RowsRefused(rows=refused)
    if check_only:
        return None
    return _write(batch, rows, evaluations, dates, number, signer_name, actor, quota)


def _write(batch, rows, evaluations, dates, number, signer_name, actor, quota) -> BatchDone:
    decision = None
    if any(r.grade for r in rows):
        decision = GradeDecision(period=batch.period, organization=batch.unit,
                                 subject_kind=SubjectKind.MEMBER, decided_on=dates.decided_on,
                                 number=number.strip(), actor=actor)  # fmt: skip
        decision.save()
    basis = rule_in_force("excellent_quota_ratio", batch.period.ends_on).legal_basis
    for ev, row in zip(evaluations, rows, strict=True):
        _fill(ev, row, dates, decision, basis, actor)
    new = [ev for ev in evaluations if ev.pk is None]
    old = [ev for ev in evaluations if ev.pk is not None]
    write_evaluations(new, old, WRITTEN, actor=actor)
    if decision is not None and not decision.number:
        _issue(decision, actor, signer_name)
    return BatchDone(
        created=len(new), updated=len(old),
        reviewed=sum(1 for r in rows if r.proposed_grade),
        decided=sum(1 for r in rows if r.grade), decision=decision, quota=quota,
    )  # fmt: skip
