"""Many study plans and commitments at once, for the demo (a bloc's or a city's year): the same
checks as `adopt_study_plan` and `sign_commitment` / `self_assess` / `comment_commitment` (the
rule's number of actions, a member in the party's care and in the organization named, one plan
an organization a year and one commitment a member a year, the self-assessment from the rule's
month, a comment only on an assessment), written in batches.

Only the system calls it (the demo generator): there is no actor and no history rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member

from ..models import Commitment, StudyPlan
from ..queries import study_rule

BATCH = 2_000


@dataclass(frozen=True)
class CommitmentRow:
    member_id: int
    organization_id: int
    year: int
    actions: tuple[str, ...]
    signed_on: dt.date
    self_assessment: str = ""
    assessed_on: dt.date | None = None
    cell_comment: str = ""


def _check_plans(plans: list[StudyPlan]) -> None:
    keys = {(p.organization_id, p.year) for p in plans}
    if len(keys) < len(plans):
        raise ValueError("two study plans of one organization in one year")
    orgs = {p.organization_id for p in plans}
    stored = set(
        StudyPlan.objects.filter(
            organization_id__in=orgs, year__in={p.year for p in plans}
        ).values_list("organization_id", "year")
    )
    if stored & keys:
        raise ValueError(f"study plans already adopted: {sorted(stored & keys)[:5]}")
    for p in plans:
        if not p.theme.strip() or not p.actions.strip():
            raise ValueError(f"a study plan without its theme or actions: {p.organization_id}")


def _check_commitment(row: CommitmentRow, where: dict[int, tuple[int, str]]) -> None:
    bounds = study_rule("study_commitment_actions", row.year).value
    if not bounds["min"] <= len([a for a in row.actions if a.strip()]) <= bounds["max"]:
        raise ValueError(f"commitment of {row.member_id}: {len(row.actions)} actions")
    org, status = where.get(row.member_id, (None, ""))
    if org != row.organization_id or status not in ACTIVE_STATUSES:
        raise ValueError(f"member {row.member_id} is not in organization {row.organization_id}")
    if row.assessed_on is not None:
        opens = study_rule("study_self_assessment_from_month", row.year).value
        if row.assessed_on < dt.date(row.year, opens, 1) or not row.self_assessment.strip():
            raise ValueError(f"commitment of {row.member_id}: self-assessed too early or blank")
    if row.cell_comment and row.assessed_on is None:
        raise ValueError(f"commitment of {row.member_id}: a comment before the assessment")


@transaction.atomic
def load_study(plans: Iterable[StudyPlan], commitments: Iterable[CommitmentRow]) -> tuple[int, int]:
    """Create unsaved `plans` and the `commitments`; returns how many of each. Refused (a
    ValueError, nothing written) as the steps refuse."""
    plans = list(plans)
    _check_plans(plans)
    StudyPlan.objects.bulk_create(plans, batch_size=BATCH)
    rows = sorted(commitments, key=lambda r: (r.member_id, r.year))
    if len({(r.member_id, r.year) for r in rows}) < len(rows):
        raise ValueError("two commitments of one member in one year")
    now = timezone.now()
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        ids = [r.member_id for r in chunk]
        where = {
            pk: (org, status)
            for pk, org, status in Member.objects.filter(pk__in=ids).values_list(
                "pk", "organization_id", "status"
            )
        }
        stored = set(Commitment.objects.filter(member_id__in=ids).values_list("member_id", "year"))
        made = []
        for row in chunk:
            _check_commitment(row, where)
            if (row.member_id, row.year) in stored:
                raise ValueError(f"member {row.member_id} already signed for {row.year}")
            made.append(
                Commitment(
                    member_id=row.member_id,
                    year=row.year,
                    actions=[a.strip() for a in row.actions if a.strip()],
                    signed_on=row.signed_on,
                    self_assessment=row.self_assessment,
                    assessed_on=row.assessed_on,
                    cell_comment=row.cell_comment,
                    commented_at=now if row.cell_comment else None,
                )
            )
        Commitment.objects.bulk_create(made, batch_size=BATCH)
    return len(plans), len(rows)
