"""The step writer: an admission step's row and the candidate moved on to it, the last thing
every step does (the step's checks are done by then, in `parts` and `eligibility`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coso.core.audit import save_versioned

from ..models import AdmissionStep, Candidate


def write_step(
    candidate: Candidate,
    step: str,
    *,
    date: dt.date,
    due_next: dt.date | None,
    actor,
    attachment=None,
    document_number: str = "",
    **fields: Any,
) -> AdmissionStep:
    """Save the step's row (its document number stripped) and move the candidate on to it."""
    row = AdmissionStep(
        candidate=candidate,
        step=step,
        date=date,
        actor=actor,
        document_number=document_number.strip(),
        **fields,
    )
    if attachment:
        row.attachment = attachment
    row.save()
    candidate.step = step
    candidate.step_on = date
    candidate.due_on = due_next
    save_versioned(candidate, actor)
    return row
