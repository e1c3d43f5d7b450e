"""Shared pieces of the four-good and grade-decision tests: a checklist of two criteria a
pillar set by the grassroots committee, a year's period and organizations' evaluations."""

from __future__ import annotations

import datetime as dt

from coso.evaluation.choices import Form, PeriodKind, Pillar, Stage, SubjectKind
from coso.evaluation.models import Evaluation, EvaluationPeriod, FourGoodCriterion
from coso.evaluation.services import four_good


def checklist(org, per_pillar: int = 2) -> dict[str, list[FourGoodCriterion]]:
    """`per_pillar` criteria of each pillar set by `org` (the system acting)."""
    return {
        p: [four_good.add_criterion(org, pillar=p, text=f"{p} {i}") for i in range(per_pillar)]
        for p in Pillar.values
    }


def year_period(org, year: int, **extra) -> EvaluationPeriod:
    fields = {
        "organization": org, "kind": PeriodKind.YEAR, "year": year, "label": f"Năm {year}",
        "starts_on": dt.date(year, 1, 1), "ends_on": dt.date(year, 12, 31),
        "cells_due_on": dt.date(year, 12, 20), "grassroots_due_on": dt.date(year + 1, 1, 10),
        "superior_due_on": dt.date(year + 1, 1, 25), "opened_on": dt.date(year, 11, 1),
        **extra,
    }  # fmt: skip
    return EvaluationPeriod.objects.create(**fields)


def evaluation(period, org, *, member=None, grade="", quota_unit=None, **extra) -> Evaluation:
    """An evaluation made directly (no workflow): decided when `grade` is given."""
    kind = SubjectKind.MEMBER if member else SubjectKind.ORGANIZATION
    fields = {
        "period": period, "subject_kind": kind, "member": member, "organization": org,
        "quota_unit": quota_unit or org.get_parent() or org,
        "form": Form.MEMBER_2A if member else Form.COLLECTIVE_01,
        "self_grade": grade or "good", "self_assessed_on": period.ends_on,
        "grade": grade, "stage": Stage.DECIDED if grade else Stage.SELF_ASSESSED,
        "decided_on": period.ends_on if grade else None,
        "sort_key": member.sort_key if member else org.name,
        **extra,
    }  # fmt: skip
    return Evaluation.objects.create(**fields)
