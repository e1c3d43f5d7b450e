"""What opens a step (the case locked in the actor's scope, the order of steps, the date) and
the step writer (the step's row and the case moved on to it), shared by every step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.core.scope import OutOfScope, is_system
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit

from ..choices import CaseStatus, Step
from ..models import CaseStep, DisciplineCase


def lock_case(case: DisciplineCase, actor) -> DisciplineCase:
    """The case locked, if ``actor`` may change the records of the organization handling it;
    otherwise `OutOfScope` (a 404)."""
    rows = DisciplineCase.objects if is_system(actor) else DisciplineCase.objects.editable_by(actor)
    locked = (
        # the case's row only (its subject joined for reading: an outer join cannot be locked)
        rows.select_for_update(of=("self",))
        .select_related("organization", "member", "subject_organization")
        .filter(pk=case.pk)
        .first()
    )
    if locked is None:
        raise OutOfScope
    return locked


def check_open(case: DisciplineCase) -> None:
    if case.status == CaseStatus.DEFERRED:
        raise ValidationError(
            _("The case is deferred until %(until)s (%(reason)s): resume it first.")
            % {"until": _d(case.deferred_until) or "—", "reason": case.deferral_reason}
        )
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is closed."))


def check_order(case: DisciplineCase, step: str, day: dt.date) -> None:
    """Refuse a step that may not follow the case's last one, or dated before it."""
    check_open(case)
    if step not in case.next_steps:
        done = case.steps.filter(step=step).exists()
        if done:
            message = _("%(step)s is already recorded for this case.")
        else:
            message = _(
                "Step out of order: %(step)s cannot follow %(previous)s. The steps of a "
                "discipline case follow one another: the self-review, the cell's meeting and "
                "vote, the decision or the proposal upward (%(basis)s)."
            )
        basis = rule_in_force("discipline_vote_ratio", day).legal_basis
        raise ValidationError(
            message % {"step": Step(step).label, "previous": Step(case.step).label, "basis": basis}
        )
    if day < case.step_on:
        raise ValidationError(
            {
                "date": _(
                    "The date of this step (%(date)s) cannot be before the previous step, "
                    "%(previous)s (%(previous_date)s)."
                )
                % {
                    "date": _d(day),
                    "previous": Step(case.step).label,
                    "previous_date": _d(case.step_on),
                }
            }
        )
    check_not_future(day)


def begin_step(case: DisciplineCase, step: str, day: dt.date, actor) -> DisciplineCase:
    """What every step checks first: the case locked in the actor's scope, the order, the
    date (not before the last step, not in the future)."""
    case = lock_case(case, actor)
    check_order(case, step, day)
    return case


def save_case(case: DisciplineCase, actor) -> None:
    case._history_user = actor
    case.save()


def write_step(case: DisciplineCase, step: str, *, date: dt.date, actor, **fields: Any) -> CaseStep:
    """Save the step's row and move the case on to it (the last thing a step does)."""
    fields["document_number"] = fields.get("document_number", "").strip()
    row = CaseStep(case=case, step=step, date=date, actor=actor, **fields)
    row._history_user = actor
    row.save()
    case.step = step
    case.step_on = date
    save_case(case, actor)
    return row
