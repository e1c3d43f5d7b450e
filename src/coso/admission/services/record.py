"""The step writer: an admission step's row and the candidate moved on to it, the last thing
every step does (the step's checks are done by then, in `parts` and `eligibility`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from coso.core.audit import save_versioned

from ..models import AdmissionStep, Candidate


@dataclass(frozen=True)
class Paper:
    """What every step's row keeps the same way, as the step's caller gave it: who enters the
    step, the scan of its paper, the paper's number (stripped when written) and a note."""

    actor: Any
    attachment: Any = None
    document_number: str = ""
    note: str = ""


def write_step(
    candidate: Candidate,
    step: str,
    paper: Paper,
    *,
    date: dt.date,
    due_next: dt.date | None,
    **fields: Any,
) -> AdmissionStep:
    """Save the step's row with its paper and move the candidate on to it."""
    row = AdmissionStep(
        candidate=candidate,
        step=step,
        date=date,
        actor=paper.actor,
        document_number=paper.document_number.strip(),
        note=paper.note,
        **fields,
    )
    if paper.attachment:
        row.attachment = paper.attachment
    row.save()
    candidate.step = step
    candidate.step_on = date
    candidate.due_on = due_next
    save_versioned(candidate, paper.actor)
    return row
