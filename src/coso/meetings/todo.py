"""The cells' meetings on the to-do list (Việc cần làm): last month's monthly meeting not
recorded, next month's not planned by the committee's day (`PlanningDay`), and thematic
meetings behind the quarters gone by (at least one a quarter, by the
rule of thematic meetings a year).

Only a cell that records its meetings in coso is watched: from the first meeting it recorded
on. A committee that does not keep meetings here is not flooded with one item a cell a month.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import add_months, format_date
from coso.core.rules import value
from coso.members.queries.screening import Source, TodoKind
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from .choices import MeetingKind
from .models import THEMATIC, Meeting
from .queries import planning_days_over


def _last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def _quarters_gone(today: dt.date) -> tuple[int, int, dt.date]:
    """(year, quarters gone by in it, the last day of the last one): the current year's, or
    last year's four in its first quarter."""
    done = (today.month - 1) // 3
    if done == 0:
        return today.year - 1, 4, dt.date(today.year - 1, 12, 31)
    end = dt.date(today.year, 3 * done + 1, 1) - dt.timedelta(days=1)
    return today.year, done, end


class CellSource(Source):
    """A cell's item: the rows are organizations (scoped by their own path)."""

    path = "path"
    member = ""
    on_members = False
    ordering = ("path", "id")

    def rows(self, qs):
        return qs.order_by(*self.ordering)

    def cells(self, start: dt.date, end: dt.date):
        """The cells open through [start, end] that record their meetings in coso: one
        recorded before `end` (before `start` already, for a month that must be recorded)."""
        recorded = Meeting.objects.filter(organization=OuterRef("pk"), date__lt=end)
        return (
            Organization.objects.filter(kind__in=CELL_KINDS)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
            .filter(Exists(recorded))
        )

    def person(self, row) -> tuple[None, str, str]:
        return None, row.name, row.path

    def organization_of(self, row):
        return row

    def url(self, row) -> str:
        return reverse("meeting_calendar", args=[row.code])


class MissingMeetingSource(CellSource):
    """Cells with no monthly meeting recorded last month (due: that month's last day)."""

    kind = TodoKind.MEETING_MISSING

    def queryset(self):
        start, end = _last_month(self.today)
        if end > self.horizon:
            return Organization.objects.none()
        held = Meeting.objects.filter(
            organization=OuterRef("pk"), kind=MeetingKind.REGULAR, date__range=(start, end)
        )
        return self.cells(start, start).exclude(Exists(held))

    def due(self, row) -> dt.date:
        return _last_month(self.today)[1]

    def late(self):
        return _last_month(self.today)[1] < self.today

    def detail(self, row) -> str:
        start, _end = _last_month(self.today)
        return _("No monthly meeting is recorded for %(month)s.") % {
            "month": f"{start.month:02d}/{start.year}"
        }


def _next_month(today: dt.date) -> tuple[dt.date, dt.date]:
    start = add_months(today.replace(day=1), 1)
    return start, add_months(start, 1) - dt.timedelta(days=1)


class UnplannedMeetingSource(CellSource):
    """Cells under an organization that set a planning day (`PlanningDay`: the deepest one
    wins) with no monthly meeting planned for next month (due: that day of this month). One
    query: the day is a subquery."""

    kind = TodoKind.MEETING_UNPLANNED

    def queryset(self):
        if self.horizon < self.today.replace(day=1):
            return Organization.objects.none()
        last_day = self.horizon.day if self.horizon.month == self.today.month else 31
        start, end = _next_month(self.today)
        planned = Meeting.objects.filter(
            organization=OuterRef("pk"), kind=MeetingKind.REGULAR, date__range=(start, end)
        )
        return (
            self.cells(self.today, self.today)
            .annotate(plan_day=Subquery(planning_days_over(OuterRef("path")).values("day")[:1]))
            .filter(plan_day__lte=last_day)
            .exclude(Exists(planned))
        )

    def due(self, row) -> dt.date:
        return self.today.replace(day=row.plan_day)

    def late(self):
        # the overdue list's horizon is yesterday: this month's days before today
        return Q(plan_day__lt=self.today.day)

    def detail(self, row) -> str:
        start, _end = _next_month(self.today)
        return _("Plan the monthly meeting of %(month)s by %(date)s.") % {
            "month": f"{start.month:02d}/{start.year}",
            "date": format_date(self.due(row)),
        }


class ThematicBehindSource(CellSource):
    """Cells with fewer thematic meetings in the year than the quarters gone by (due: the last
    quarter's last day)."""

    kind = TodoKind.THEMATIC_BEHIND

    def needed(self) -> tuple[int, int, dt.date]:
        year, quarters, end = _quarters_gone(self.today)
        per_year = value("thematic_meetings_per_year_min", end)
        return year, -(-per_year * quarters // 4), end

    def queryset(self):
        year, needed, end = self.needed()
        if end > self.horizon:
            return Organization.objects.none()
        # counted for each cell in scope (a correlated count), not for every organization
        held = (
            Meeting.objects.filter(organization=OuterRef("pk"), date__year=year, date__lte=end)
            .filter(THEMATIC)
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.cells(dt.date(year, 1, 1), end)
            .alias(thematic_held=Coalesce(Subquery(held), 0))
            .filter(thematic_held__lt=needed)
        )

    def late(self):
        return self.needed()[2] < self.today

    def due(self, row) -> dt.date:
        return self.needed()[2]

    def detail(self, row) -> str:
        year, needed, end = self.needed()
        return _("At least %(n)d thematic meetings were due in %(year)d by %(date)s.") % {
            "n": needed,
            "year": year,
            "date": format_date(end),
        }
