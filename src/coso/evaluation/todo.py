"""The evaluation periods on the to-do list (Việc cần làm), by the calendar a period sets:

- a cell with members not yet reviewed (no evaluation of the period with a proposed grade),
  due the period's `cells_due_on`: one item per cell;
- a grassroots organization (the unit its members' quota counts in) with members' evaluations
  not decided, due `grassroots_due_on`;
- an organization deciding organizations' grades (the unit their quota counts in: the
  superior) with organizations' evaluations not decided, due `superior_due_on`.

Only the open periods count, and only those covering the organization (opened by it or an
ancestor). Each source is one query over the organizations, the periods and what is pending
as correlated subqueries (no loop per cell or period): the to-do list aggregates them with the
others. An organization covered by several open periods is one item, due by the earliest. On
PostgreSQL a cell is first checked from two index ranges (its active members, the members
reviewed with it as their organization), its members probed one at a time only where those
differ (`CellReviewSource._not_all_reviewed_here`).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.members.queries.screening import Source, TodoKind
from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS, GRASSROOTS_KINDS
from coso.orgs.models import Organization, ancestor_paths

from .choices import PeriodStatus, Stage, SubjectKind
from .models import Evaluation, EvaluationPeriod


class PeriodSource(Source):
    """An organization's item (the rows are organizations, scoped by their own path) while an
    open period covering it has work pending there by its date (`due_field` of the period)."""

    path = "path"
    member = ""
    on_members = False
    kinds: frozenset = frozenset()
    due_field = "todo_due_on"

    @property
    def ordering(self) -> tuple[str, ...]:
        return ("todo_due_on", "path", "id")

    #: the period's date this source is due by
    period_due = ""

    def pending(self):
        """The periods' condition of work pending on the organization (`OuterRef("pk")` of
        the period's queryset is the period, `OuterRef(OuterRef("pk"))` the organization)."""
        raise NotImplementedError

    def periods(self, by=None):
        """The open periods covering the organization (`OuterRef`) with work pending there,
        due by `by` (the horizon)."""
        by = self.horizon if by is None else by
        return EvaluationPeriod.objects.filter(
            self.pending(),
            status=PeriodStatus.OPEN,
            # opened by the organization or an ancestor: its path is one of the organization's
            # prefixes (an IN on the path index; a prefix test against every organization's
            # path was a scan of the tree for each row listed: 65 s at the city's root)
            organization__path__in=ancestor_paths(OuterRef("path")),
            **{f"{self.period_due}__lte": by},
        )

    def queryset(self):
        return Organization.objects.filter(
            Exists(self.periods()), kind__in=self.kinds, dissolved_on__isnull=True
        )

    def late(self):
        return Q(Exists(self.periods(by=self.today - dt.timedelta(days=1))))

    def rows(self, qs):
        first = self.periods().order_by(self.period_due, "pk")
        return qs.annotate(
            todo_due_on=Subquery(first.values(self.period_due)[:1]),
            todo_period=Subquery(first.values("label")[:1]),
        ).order_by(*self.ordering)

    def person(self, row) -> tuple[None, str, str]:
        return None, row.name, row.path

    def organization_of(self, row):
        return row

    def url(self, row) -> str:
        return reverse("org_detail", args=[row.code])


class CellReviewSource(PeriodSource):
    """A cell with members not yet reviewed in an open period (due: the cells' date)."""

    kind = TodoKind.EVALUATION_CELL_REVIEW
    kinds = frozenset(CELL_KINDS)
    period_due = "cells_due_on"

    def pending(self):
        reviewed = Evaluation.objects.filter(
            member=OuterRef("pk"), period=OuterRef(OuterRef("pk"))
        ).exclude(proposed_grade="")
        waiting = Member.objects.filter(
            organization=OuterRef(OuterRef("pk")), status__in=ACTIVE_STATUSES
        ).exclude(Exists(reviewed))
        if connection.vendor != "postgresql":
            return Q(Exists(waiting))
        return Q(self._not_all_reviewed_here(), Exists(waiting))

    @staticmethod
    def _not_all_reviewed_here():
        """PostgreSQL: a cheap necessary condition, checked first. A member not reviewed
        anywhere is not among the members reviewed with the cell as their organization, so
        the cell's active members are not all in that list; it holds for few cells (those
        items, and the cells a reviewed member moved into), and only those are then probed a
        member at a time (`waiting`). Two index range scans a cell (`member_active_cell`,
        `evaluation_reviewed_cell`) instead of an index probe per member: at city scale,
        1,000,000 probes (1.6 s) when every member is reviewed."""
        from django.contrib.postgres.expressions import ArraySubquery
        from django.contrib.postgres.lookups import ContainedBy

        active = Member.objects.filter(
            organization=OuterRef(OuterRef("pk")), status__in=ACTIVE_STATUSES
        )
        reviewed_here = Evaluation.objects.filter(
            organization=OuterRef(OuterRef("pk")),
            period=OuterRef("pk"),
            member__isnull=False,
        ).exclude(proposed_grade="")
        return ~Q(
            ContainedBy(
                ArraySubquery(active.order_by().values("pk")),
                ArraySubquery(reviewed_here.order_by().values("member_id")),
            )
        )

    def detail(self, row) -> str:
        return _("%(period)s: members not yet reviewed at the cell (by %(date)s).") % {
            "period": row.todo_period,
            "date": format_date(row.todo_due_on),
        }


class MembersDecisionSource(PeriodSource):
    """A grassroots organization with members' evaluations not decided (due: the grassroots
    organizations' date)."""

    kind = TodoKind.EVALUATION_MEMBERS_DECISION
    kinds = frozenset(GRASSROOTS_KINDS)
    period_due = "grassroots_due_on"
    subject_kind = SubjectKind.MEMBER

    def pending(self):
        open_ = Evaluation.objects.filter(
            period=OuterRef("pk"),
            quota_unit=OuterRef(OuterRef("pk")),
            subject_kind=self.subject_kind,
        ).exclude(stage=Stage.DECIDED)
        return Q(Exists(open_))

    def detail(self, row) -> str:
        return _("%(period)s: members' grades not yet decided (by %(date)s).") % {
            "period": row.todo_period,
            "date": format_date(row.todo_due_on),
        }


class OrganizationsDecisionSource(MembersDecisionSource):
    """The organization deciding organizations' grades (their quota unit: the superior) with
    organizations' evaluations not decided (due: the superior's date)."""

    kind = TodoKind.EVALUATION_ORGANIZATIONS_DECISION
    kinds = frozenset(COMMITTEE_KINDS)
    period_due = "superior_due_on"
    subject_kind = SubjectKind.ORGANIZATION

    def detail(self, row) -> str:
        return _("%(period)s: organizations' grades not yet decided (by %(date)s).") % {
            "period": row.todo_period,
            "date": format_date(row.todo_due_on),
        }


SOURCES = (CellReviewSource, MembersDecisionSource, OrganizationsDecisionSource)
