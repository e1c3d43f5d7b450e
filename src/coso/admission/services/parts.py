"""What opens a step (the candidate locked in the actor's scope, the order of steps, the date,
the rows of the steps before it) and the checks the admission, probation and delegation
services share."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import certificate_valid_until
from coso.core.rules import rule_in_force
from coso.core.scope import OutOfScope, is_system
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit

from ..choices import CandidateStatus, Step
from ..models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    AdmissionStep,
    Candidate,
)


def check_attachment(attachment, field: str = "attachment") -> None:
    if not attachment:
        return
    try:
        FileExtensionValidator(ATTACHMENT_EXTENSIONS)(attachment)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if getattr(attachment, "size", 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {field: _("The file is larger than %(mb)d MB.") % {"mb": ATTACHMENT_MAX_BYTES >> 20}}
        )


def lock_candidate(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("cell").get(pk=candidate.pk)


def lock_editable(candidate: Candidate, actor) -> Candidate:
    """The candidate locked, if ``actor`` may change its cell's records (`Candidate`'s
    `editable_by`, in the locking query itself); otherwise `OutOfScope`, a 404. The system
    (`SYSTEM`) may change any."""
    rows = Candidate.objects if is_system(actor) else Candidate.objects.editable_by(actor)
    locked = rows.select_for_update().select_related("cell").filter(pk=candidate.pk).first()
    if locked is None:
        raise OutOfScope
    return locked


def check_in_progress(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.IN_PROGRESS:
        raise ValidationError(
            _("The candidate's admission is closed (%(status)s).")
            % {"status": candidate.get_status_display()}
        )


def check_order(candidate: Candidate, step: str, day: dt.date) -> str:
    """Refuse a step out of the order in force on ``day``; returns that rule's legal basis."""
    check_in_progress(candidate)
    if step == Step.AWARENESS_COURSE:
        if candidate.step:
            raise ValidationError(
                _("%(step)s is already recorded for this candidate.") % {"step": Step(step).label}
            )
        # the first step; the certificate may be older than the regulations coso knows
        return ""
    order = rule_in_force("admission_steps", day)
    steps = list(order.value)
    expected = steps[steps.index(candidate.step) + 1] if candidate.step else steps[0]
    if step != expected:
        if candidate.step and steps.index(step) <= steps.index(candidate.step):
            message = _("%(step)s is already recorded for this candidate.") % {
                "step": Step(step).label
            }
        else:
            message = _(
                "Step out of order: %(step)s comes after %(previous)s, which is not recorded "
                "yet. The steps of an admission follow one another in a fixed order "
                "(%(basis)s)."
            ) % {
                "step": Step(step).label,
                "previous": Step(steps[steps.index(step) - 1]).label,
                "basis": order.legal_basis,
            }
        raise ValidationError(message)
    if candidate.step_on and day < candidate.step_on:
        raise ValidationError(
            {
                "date": _(
                    "The date of this step (%(date)s) cannot be before the previous step, "
                    "%(previous)s (%(previous_date)s)."
                )
                % {
                    "date": _d(day),
                    "previous": Step(candidate.step).label,
                    "previous_date": _d(candidate.step_on),
                }
            }
        )
    return order.legal_basis


def begin_step(candidate: Candidate, step: str, day: dt.date, actor) -> tuple[Candidate, str]:
    """What every step checks first: the candidate locked, the actor's right to edit its cell,
    the step's order and a date not in the future. Returns the locked candidate and the legal
    basis of the order in force on ``day``."""
    candidate = lock_editable(candidate, actor)
    basis = check_order(candidate, step, day)
    _check_not_future(day)
    return candidate, basis


def step_row(candidate: Candidate, step: str) -> AdmissionStep:
    """The row of a step the candidate has passed (the decision, for the ceremony)."""
    return AdmissionStep.objects.get(candidate=candidate, step=step)


def certificate_deadline(candidate: Candidate, on: dt.date) -> dt.date | None:
    """The last day the certificate is valid (the deadline for the cell's consideration)."""
    certificate = (
        AdmissionStep.objects.filter(candidate=candidate, step=Step.AWARENESS_COURSE)
        .values_list("date", flat=True)
        .first()
    )
    if certificate is None:
        return None
    try:
        return certificate_valid_until(certificate, on)
    except ValidationError:  # no rule on that date (history before 2021)
        return None
