"""A cell graded at once (the grading page's one form): for each member a row entered by the
secretary, the self-assessment (`self_assess`, when the member has not filled in their own) and
the cell's review (`review`) at the meeting, all in one transaction: one refused row and
nothing is written; the refusals come back by member."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.meetings.models import Meeting
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import Form
from ..models import Evaluation, EvaluationPeriod
from .assessment import self_assess
from .parts import require_edit
from .review import review


@dataclass
class CellRow:
    """One member's line of the cell's grading form: the grade the cell proposes and, from
    2025, the score and the shares of tasks (used when the secretary enters the member's
    self-assessment)."""

    member: Member
    grade: str
    form: str = Form.MEMBER_2A
    score: Decimal | None = None
    tasks_on_time: int | None = None
    tasks_beyond: int | None = None
    answers: dict = field(default_factory=dict)


def _row(period, row: CellRow, on: dt.date, meeting, actor) -> Evaluation:
    ev = Evaluation.objects.filter(period=period, member=row.member).first()
    if ev is None:
        sheet = {"score": row.score, "tasks_on_time": row.tasks_on_time,
                 "tasks_beyond": row.tasks_beyond}  # fmt: skip
        ev = self_assess(period, member=row.member, on=on, self_grade=row.grade, form=row.form,
                         actor=actor, **sheet, **row.answers)  # fmt: skip
    return review(ev, grade=row.grade, on=on, meeting=meeting, actor=actor)


@transaction.atomic
def grade_cell(
    period: EvaluationPeriod,
    cell: Organization,
    rows: list[CellRow],
    *,
    on: dt.date,
    meeting: Meeting | None = None,
    actor=None,
) -> list[Evaluation]:
    """The cell reviews ``rows`` on ``on`` (at ``meeting``, whose date it must be): a member
    without a self-assessment gets the one the secretary enters (self-grade = the grade
    proposed), then the review. Refused as a whole, the messages keyed by the member's id
    (`ValidationError` with an error dict), when any row is refused by its step."""
    require_edit(actor, cell)
    done, errors = [], {}
    for row in rows:
        if row.member.organization_id != cell.pk:
            errors[str(row.member.pk)] = [_("%(name)s is not a member of %(cell)s.")
                                          % {"name": row.member, "cell": cell.name}]  # fmt: skip
            continue
        try:
            done.append(_row(period, row, on, meeting, actor))
        except ValidationError as error:
            errors[str(row.member.pk)] = error.messages
    if errors:
        raise ValidationError(errors)
    return done
