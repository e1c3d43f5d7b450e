"""Open admission deadlines kept in step with the working-day calendar: registered with
`core.deadlines.register_stored_deadlines` when the app starts (a day swap entered, changed or
deleted recomputes the files whose count spans that day)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from coso.core.deadlines import (
    ceremony_due_on,
    decision_due_on,
    member_record_due_on,
    recognition_vote_due_on,
)

from ..choices import CandidateStatus, Step
from ..models import AdmissionStep, Candidate, Probation

__all__ = ["refresh_admission_deadlines"]


@transaction.atomic
def refresh_admission_deadlines(day: dt.date) -> int:
    """Recompute the working-day deadlines of files still open whose count spans `day`: the
    decision after the cell's resolution, the ceremony after the decision is received, the
    recognition vote after the probation, the member record (1-HSĐV) after the ceremony."""
    changed = 0
    waiting = Candidate.objects.select_for_update().filter(
        status=CandidateStatus.IN_PROGRESS, due_on__gte=day
    )
    for c in waiting.filter(step=Step.CELL_RESOLUTION, step_on__lt=day):
        changed += _set(c, decision_due_on(c.step_on))
    decided = AdmissionStep.objects.filter(step=Step.DECISION, received_on__lt=day)
    for c in waiting.filter(step=Step.DECISION, pk__in=decided.values("candidate_id")):
        received = decided.get(candidate_id=c.pk).received_on
        changed += _set(c, ceremony_due_on(received))
    probations = Probation.objects.select_for_update().filter(
        outcome="", ends_on__lt=day, vote_due_on__gte=day
    )
    for p in probations:
        due = recognition_vote_due_on(p.started_on)
        if due != p.vote_due_on:
            Probation.objects.filter(pk=p.pk).update(vote_due_on=due)
            changed += 1
    records = Probation.objects.select_for_update().filter(
        member_record_on__isnull=True, started_on__lt=day, member_record_due_on__gte=day
    )
    for p in records:
        due = member_record_due_on(p.started_on)
        if due != p.member_record_due_on:
            Probation.objects.filter(pk=p.pk).update(member_record_due_on=due)
            changed += 1
    return changed


def _set(candidate: Candidate, due: dt.date) -> int:
    if due == candidate.due_on:
        return 0
    Candidate.objects.filter(pk=candidate.pk).update(due_on=due)
    return 1
