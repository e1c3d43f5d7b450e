"""The evaluation tests' year: the bloc (DUK) opens the evaluation of 2025 (scores) or 2024
(grades without points); helpers to self-assess, review and decide in one line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coso.discipline.choices import CaseStatus, Penalty, Step, SubjectKind
from coso.discipline.models import DisciplineCase
from coso.evaluation import services

D = dt.date
ASSESSED = D(2025, 12, 1)
REVIEWED = D(2025, 12, 10)
DECIDED = D(2026, 1, 5)


def open_year(tree, year: int = 2025, actor=None):
    return services.open_period(
        tree["DUK"], kind="year", year=year, cells_due_on=D(year, 12, 15),
        grassroots_due_on=D(year + 1, 1, 10), superior_due_on=D(year + 1, 1, 20),
        opened_on=D(year, 11, 15), actor=actor,
    )  # fmt: skip


def points(period) -> bool:
    return period.year >= 2025


def assess(period, grade, *, member=None, organization=None, score=95, on_time=100, beyond=40,
           on=None, actor=None, **extra):  # fmt: skip
    """Self-assess with a score (2025+) or without (before)."""
    sheet = {}
    if points(period):
        sheet = {"score": Decimal(score), "tasks_on_time": on_time, "tasks_beyond": beyond}
    return services.self_assess(
        period, member=member, organization=organization, form="" if organization else "2A",
        self_grade=grade, on=on or D(period.year, 12, 1), actor=actor, **sheet, **extra,
    )  # fmt: skip


def reviewed(period, grade, *, member=None, organization=None, proposed=None, actor=None, **kw):
    ev = assess(period, grade, member=member, organization=organization, actor=actor, **kw)
    return services.review(ev, grade=proposed or grade, on=D(period.year, 12, 10), actor=actor)


def disciplined(member, organization, on: dt.date, penalty=Penalty.REPRIMAND):
    """A decided case (the discipline app's steps are tested there): the penalty stands."""
    return DisciplineCase.objects.create(
        organization=organization, subject_kind=SubjectKind.MEMBER, member=member,
        breach="Vi phạm quy định", breach_on=on - dt.timedelta(days=30), offence="art9",
        proposed_penalty=penalty, opened_on=on - dt.timedelta(days=20),
        status=CaseStatus.DECIDED, step=Step.DECISION, step_on=on, penalty=penalty,
        decided_by=organization, decision_number="05-QĐ/CB", decision_on=on,
        subject_name=str(member), sort_key=member.sort_key,
    )  # fmt: skip
