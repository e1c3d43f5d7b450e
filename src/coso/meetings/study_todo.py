"""The study on the to-do list (Việc cần làm): a cell with no study plan for the year after
the rule's day (`study_plan_due`), and the members of a cell that has its plan who have not
signed their commitment within the rule's days of it (`study_commitment_days_after_plan`).

As for the meetings (`todo.py`), only a cell that records its meetings in coso is watched for
its plan; a member is watched once their organization has adopted the year's plan.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.members.queries.screening import Flag, Source, TodoKind
from coso.orgs.models import Organization

from .models import Commitment, StudyPlan
from .queries import study_due, study_rule
from .todo import CellSource


class StudyPlanMissingSource(CellSource):
    """Cells with no study plan for this year after the rule's day (due: that day)."""

    kind = TodoKind.STUDY_PLAN_MISSING

    def queryset(self):
        year = self.today.year
        due = study_due("study_plan_due", year)
        if due > self.horizon:
            return Organization.objects.none()
        adopted = StudyPlan.objects.filter(organization=OuterRef("pk"), year=year)
        return self.cells(dt.date(year, 1, 1), due).exclude(Exists(adopted))

    def due(self, row) -> dt.date:
        return study_due("study_plan_due", self.today.year)

    def late(self):
        return self.due(None) < self.today

    def detail(self, row) -> str:
        return _("No study plan is adopted for %(year)d (due %(date)s).") % {
            "year": self.today.year,
            "date": format_date(self.due(row)),
        }

    def flag(self, row) -> Flag:
        flag = super().flag(row)
        flag.url = reverse("study_organization", args=[row.code])
        return flag


class CommitmentMissingSource(Source):
    """Official and probationary members of an organization with this year's plan who have not
    signed their commitment within the rule's days of it (due: the plan's day plus those)."""

    kind = TodoKind.COMMITMENT_MISSING
    path = "organization__path"
    member = ""

    def days(self) -> int:
        return study_rule("study_commitment_days_after_plan", self.today.year).value

    def planned(self, horizon: dt.date) -> Q:
        """The member's organization adopted this year's plan early enough for the commitment
        to be due by `horizon` (the plans' organizations first: the members are read through
        their organization's index, not every member in scope)."""
        latest = horizon - dt.timedelta(days=self.days())
        plans = StudyPlan.objects.filter(year=self.today.year, adopted_on__lte=latest)
        return Q(organization_id__in=plans.values("organization_id"))

    def late(self):
        return self.planned(self.today - dt.timedelta(days=1))

    def queryset(self):
        year = self.today.year
        signed = Commitment.objects.filter(member=OuterRef("pk"), year=year)
        adopted = StudyPlan.objects.filter(organization=OuterRef("organization"), year=year)
        return (
            Member.objects.filter(status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY])
            .filter(self.planned(self.horizon))
            .exclude(Exists(signed))
            .annotate(plan_adopted_on=Subquery(adopted.values("adopted_on")[:1]))
        )

    def due(self, row) -> dt.date:
        return row.plan_adopted_on + dt.timedelta(days=self.days())

    def detail(self, row) -> str:
        return _("No personal study commitment is signed for %(year)d.") % {"year": self.today.year}
