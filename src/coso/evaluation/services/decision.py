"""The decision on grades (quyết định công nhận kết quả xếp loại) and a change of a decided one.

The deciding level (the grassroots committee for its members and cells, the superior's standing
committee for its grassroots organizations) decides many evaluations at once: each grade is
checked against the rules that cap it, then the quota is counted over the unit's decided grades
after this decision (a refusal writes nothing). The decision is issued through the documents
register when no number is given by hand. A decided evaluation is locked: `change_grade` keeps
the earlier grade in a `GradeChange` with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.rules import rule_in_force
from coso.core.services import require_decision_number
from coso.orgs.models import Organization

from ..choices import Stage, SubjectKind
from ..models import Evaluation, EvaluationPeriod, GradeChange, GradeDecision
from .parts import check_open, lock_evaluation, lock_period, needs_verification, require_edit
from .rules import QuotaStatus, check_grade, check_quota, member_cases
from .writes import write_evaluations

#: what a decision writes of each evaluation
DECIDED = ("grade", "decided_on", "decision", "stage", "legal_basis")


def _locked_rows(period, unit, kind, grades: Mapping[int, str] | None) -> list[Evaluation]:
    rows = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("member", "organization", "quota_unit")
        .filter(period=period, quota_unit=unit, subject_kind=kind)
    )
    if grades is not None:
        rows = rows.filter(pk__in=list(grades))
    else:
        rows = rows.filter(stage__in=(Stage.REVIEWED, Stage.VERIFIED))
    found = list(rows.order_by("sort_key", "pk"))
    if grades is not None and len(found) != len(grades):
        raise ValidationError(_("Some evaluations are not %(unit)s's to decide in %(period)s.")
                              % {"unit": unit.name, "period": period.label})  # fmt: skip
    if not found:
        raise ValidationError(_("Nothing to decide: no evaluation of %(unit)s is reviewed.")
                              % {"unit": unit.name})  # fmt: skip
    return found


def _check_ready(ev: Evaluation, on: dt.date) -> None:
    if ev.stage == Stage.DECIDED:
        raise ValidationError(_("%(name)s was decided on %(date)s: change it with a reason.")
                              % {"name": ev.subject_name, "date": format_date(ev.decided_on)})  # fmt: skip
    if ev.stage == Stage.SELF_ASSESSED:
        raise ValidationError(_("%(name)s has not been reviewed yet.") % {"name": ev.subject_name})
    if needs_verification(ev) and ev.stage != Stage.VERIFIED:
        raise ValidationError(_("%(name)s has not been verified by the level above yet.")
                              % {"name": ev.subject_name})  # fmt: skip
    if on < (ev.verified_on or ev.reviewed_on):
        raise ValidationError({"decided_on": _(
            "The decision comes after the review and verification of %(name)s (%(date)s).")
            % {"name": ev.subject_name,
               "date": format_date(ev.verified_on or ev.reviewed_on)}})  # fmt: skip


@transaction.atomic
def decide_grades(
    period: EvaluationPeriod,
    unit: Organization,
    *,
    kind: str,
    on: dt.date,
    grades: Mapping[int, str] | None = None,
    number: str = "",
    signer_name: str = "",
    actor=None,
) -> tuple[GradeDecision, QuotaStatus]:
    """``unit`` decides the grades of its ``kind`` (members or organizations) in ``period``:
    ``grades`` maps evaluation ids to grades (None: every reviewed one, as proposed). Refused as
    a whole: one not reviewed (an organization decided by a superior: not verified), a grade a
    rule caps lower, the quota exceeded (naming the rule and the counts), the period closed."""
    require_edit(actor, unit)
    unit = Organization.objects.select_for_update().get(pk=unit.pk)  # one decider at a time
    period = lock_period(period)
    check_open(period)
    check_not_future(on, "decided_on")
    rows = _locked_rows(period, unit, kind, grades)
    basis = rule_in_force("excellent_quota_ratio", period.ends_on).legal_basis
    decision = GradeDecision(period=period, organization=unit, subject_kind=kind,
                             decided_on=on, number=number.strip(), actor=actor)  # fmt: skip
    decision.save()
    errors = []
    # the members' discipline read once (an organization's is read for it: they are few)
    cases = (
        member_cases(period, [ev.member_id for ev in rows]) if kind == SubjectKind.MEMBER else None
    )
    for ev in rows:
        ev.period = period
        grade = ev.proposed_grade if grades is None else grades[ev.pk]
        try:
            _check_ready(ev, on)
            check_grade(ev, grade, period, cases=cases)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        ev.grade, ev.decided_on, ev.decision = grade, on, decision
        ev.stage, ev.legal_basis = Stage.DECIDED, basis[:255]
    if errors:
        raise ValidationError(errors)
    # the decided grades in the history too (a later change keeps them)
    write_evaluations([], rows, DECIDED, actor=actor)
    status = check_quota(period, unit, kind)
    if not decision.number:
        _issue(decision, actor, signer_name)
    return decision, status


def _issue(decision: GradeDecision, actor, signer_name: str) -> None:
    """The decision issued through the register, its number the register's."""
    # lazy: the document kind is this app's own module, which imports the services' models
    from ..documents import issue_grade_decision

    document = issue_grade_decision(decision, actor=actor, signer_name=signer_name)
    decision.document = document
    decision.number = document.number
    decision.save(update_fields=["document", "number"])


@transaction.atomic
def change_grade(
    evaluation: Evaluation,
    *,
    grade: str,
    reason: str,
    on: dt.date,
    decision_number: str = "",
    actor=None,
) -> GradeChange:
    """Change a decided (locked) grade: the deciding level records the reason and the number of
    its decision; the earlier grade is kept. Refused: not decided yet, no reason, the same
    grade, a grade a rule caps lower, the quota exceeded."""
    ev = lock_evaluation(evaluation, actor=None)
    require_edit(actor, ev.quota_unit)
    Organization.objects.select_for_update().filter(pk=ev.quota_unit_id).first()
    if ev.stage != Stage.DECIDED:
        raise ValidationError(_("%(name)s is not decided yet: the grade is set by the decision.")
                              % {"name": ev.subject_name})  # fmt: skip
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("A decided grade changes only with a reason.")})
    if grade == ev.grade:
        raise ValidationError({"grade": _("The grade is already %(grade)s.")
                               % {"grade": ev.get_grade_display()}})  # fmt: skip
    check_not_future(on, "changed_on")
    if on < ev.decided_on:
        raise ValidationError({"changed_on": _("A change comes after the decision (%(date)s).")
                               % {"date": format_date(ev.decided_on)}})  # fmt: skip
    check_grade(ev, grade, ev.period)
    number = require_decision_number(decision_number) if decision_number else ""
    change = GradeChange(evaluation=ev, old_grade=ev.grade, new_grade=grade, reason=reason,
                         changed_on=on, decision_number=number, actor=actor)  # fmt: skip
    change.save()
    ev.grade = grade
    ev._history_user = actor
    ev.save(update_fields=["grade"])
    check_quota(ev.period, ev.quota_unit, ev.subject_kind)
    return change
