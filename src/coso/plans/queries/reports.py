"""The read side of reports up the tree: the reports an organization owes (from the schedules
above it: periods and due dates computed, never stored), the superior's view of a period (who
has submitted, who is late, who is accepted or returned, and the consolidated HD 11 table), and
the to-do list's source of reports due.

The periods come from the schedules (a few rows) in Python; everything per organization is SQL:
the owing organizations are a filter of the tree (`ReportSchedule.owes_q`), a report sent is
an `Exists`, so the to-do list and the superior's view run a fixed number of queries at any
size (no loop per organization)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.queries.screening import Source, TodoKind
from coso.orgs.models import Organization

from ..choices import SENT_STATUSES, ReportStatus
from ..models import Period, Report, ReportSchedule
from .movement import movement_by, total

#: how far back an unsent report is still chased on the to-do list (the superior's page keeps
#: every period)
CHASED_DAYS = 366


def _sent(schedule: ReportSchedule, period: Period) -> Exists:
    return Exists(
        Report.objects.filter(
            schedule=schedule,
            organization=OuterRef("pk"),
            period_end=period.end,
            status__in=SENT_STATUSES,
        )
    )


class ReportDueSource(Source):
    """An organization owing a report not yet sent (submitted or accepted) for a period of a
    schedule above it, due by the horizon: one item per organization, by its earliest due
    date (an organization late on several reports is one item naming the oldest)."""

    kind = TodoKind.REPORT_DUE
    path = "path"
    member = ""
    on_members = False
    due_field = "todo_due_on"

    @property
    def ordering(self) -> tuple[str, ...]:
        return ("todo_due_on", "path", "id")

    def _terms(self, by: dt.date) -> list[tuple[Q, ReportSchedule, Period]]:
        """(condition on the organization, schedule, period) of every period due by `by`,
        earliest due first (one query: the schedules)."""
        terms = []
        if not hasattr(self, "_schedules"):  # one query per source, however often asked
            self._schedules = list(ReportSchedule.objects.select_related("organization"))
        for schedule in self._schedules:
            for period in schedule.periods(self.today - dt.timedelta(days=CHASED_DAYS), by):
                terms.append((schedule.owes_q() & ~Q(_sent(schedule, period)), schedule, period))
        return sorted(terms, key=lambda t: (t[2].due_on, t[1].pk))

    @staticmethod
    def _any(terms) -> Q:
        q = Q(pk__in=[])
        for cond, _s, _p in terms:
            q |= cond
        return q

    def queryset(self):
        return Organization.objects.filter(self._any(self._terms(self.horizon)))

    def late(self):
        return self._any(self._terms(self.today - dt.timedelta(days=1)))

    def rows(self, qs):
        terms = self._terms(self.horizon)

        def first(value, output):
            whens = [When(cond, then=Value(value(s, p))) for cond, s, p in terms]
            return Case(*whens, default=Value(None), output_field=output)

        return qs.annotate(
            todo_due_on=first(lambda s, p: p.due_on, DateField()),
            todo_end=first(lambda s, p: p.end, DateField()),
            todo_schedule=first(lambda s, p: s.pk, IntegerField()),
            todo_label=first(lambda s, p: f"{p.label}|{s.organization.name}", CharField()),
        ).order_by(*self.ordering)

    def person(self, row) -> tuple[None, str, str]:
        return None, row.name, row.path

    def organization_of(self, row):
        return row

    def detail(self, row) -> str:
        label, superior = row.todo_label.split("|", 1)
        return _("Report %(period)s to %(superior)s, due %(date)s.") % {
            "period": label, "superior": superior, "date": format_date(row.todo_due_on)}  # fmt: skip

    def url(self, row) -> str:
        return reverse("report_owed", args=[row.code, row.todo_schedule, row.todo_end.isoformat()])


# --- the superior's view -----------------------------------------------------------------


@dataclass
class Owed:
    """One organization owing the period's report, its report's state and its figures."""

    organization: Organization
    report_id: int | None
    status: str
    submitted_on: dt.date | None
    due_on: dt.date
    today: dt.date
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> bool:
        return self.status in SENT_STATUSES

    @property
    def late_days(self) -> int:
        """Days late: past the due date and not sent, or sent after it."""
        if self.submitted_on is not None and self.status != ReportStatus.RETURNED:
            return max((self.submitted_on - self.due_on).days, 0)
        return max((self.today - self.due_on).days, 0)

    @property
    def status_label(self) -> str:
        if not self.status:
            return _("Not started")
        return str(ReportStatus(self.status).label)


@dataclass
class Overview:
    schedule: ReportSchedule
    period: Period
    rows: list[Owed]
    total: dict[str, int]

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.status == ReportStatus.ACCEPTED)

    @property
    def returned(self) -> int:
        return sum(1 for r in self.rows if r.status == ReportStatus.RETURNED)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.sent)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if not r.sent and r.late_days > 0)


def owed(schedule: ReportSchedule, period: Period, today: dt.date) -> list[Owed]:
    """The organizations owing `period`'s report under `schedule`, in the tree's order, each
    with its report (one query)."""
    rows = (
        Organization.objects.filter(schedule.owes_q())
        .annotate(
            report=FilteredRelation(
                "reports", condition=Q(reports__schedule=schedule, reports__period_end=period.end)
            ),
            report_pk=F("report__id"),
            report_status=F("report__status"),
            report_submitted_on=F("report__submitted_on"),
        )
        .only("id", "code", "name", "short_name", "path", "depth", "kind")
        .order_by("path")
    )
    return [
        Owed(o, o.report_pk, o.report_status or "", o.report_submitted_on, period.due_on, today)
        for o in rows
    ]


def overview(schedule: ReportSchedule, period: Period, today: dt.date) -> Overview:
    """The superior's view of one period: the owing organizations with their reports and
    their HD 11 figures (from the data, restated on today's tree), and the total: ten queries
    whatever the number of organizations."""
    rows = owed(schedule, period, today)
    figures = movement_by(
        schedule.organization.path, [r.organization.path for r in rows], period.start, period.end
    )
    for r in rows:
        r.figures = figures[r.organization.path]
    return Overview(schedule, period, rows, total(r.figures for r in rows))


def owing_schedules(org: Organization):
    """The schedules above `org` whose reports it owes."""
    schedules = ReportSchedule.objects.covering(org).select_related("organization")
    return [s for s in schedules if Organization.objects.filter(s.owes_q(), pk=org.pk).exists()]


def current_period(schedule: ReportSchedule, today: dt.date) -> Period | None:
    """The latest period due on or before `today` (else the first one), for the page's
    default."""
    due = schedule.periods(today - dt.timedelta(days=400), today)
    if due:
        return due[-1]
    ahead = schedule.periods(today, today + dt.timedelta(days=400))
    return ahead[0] if ahead else None
