"""Reports up the tree (DOMAIN.md §14): the schedule a superior sets for its subtree and the
reports its organizations owe under it, drafted by coso with the HD 11-HD/BTCTW figures filled
from the membership log and the narrative written by the secretary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref
from coso.core.scope import ScopedQuerySet
from coso.orgs.models import Organization, organization_ref

from ..choices import FIGURES, ReportKind, ReportLevel, ReportStatus

#: months a period of each kind spans (it ends on its cutoff, "as of" day)
SPAN_MONTHS = {ReportKind.MONTHLY: 1, ReportKind.QUARTERLY: 3, ReportKind.HALF_YEAR: 6,
               ReportKind.YEAR: 12}  # fmt: skip
ROMAN = ("I", "II", "III", "IV")


def _cutoff(year: int, month: int, day: int) -> dt.date:
    """Day `day` of the month, or its last day when the month is shorter."""
    while year and month:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1
    raise ValueError(day)


def _months_back(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 - n
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class Period:
    """One period a schedule asks a report for: from `start` to `end` (its cutoff, both
    included), due on `due_on`."""

    start: dt.date
    end: dt.date
    due_on: dt.date
    label: str


class ReportScheduleQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def covering(self, org: Organization) -> ReportScheduleQuerySet:
        """The schedules set above ``org`` (by one of its strict ancestors)."""
        return self.filter(organization__path__in=org.ancestor_paths(self_too=False))


class ReportSchedule(Recorded):
    """The reports a superior asks of its subtree: a kind (monthly, quarterly, half-year,
    year), the cutoff of each period (the day of the month, and the month for a half-year or
    year report: "as of 15/6"), the days after the cutoff the report is due, and which level
    of organization owes it (the grassroots organizations by default)."""

    organization = organization_ref("report_schedules", _("set by"))
    kind = models.CharField(_("kind of report"), max_length=12, choices=ReportKind.choices)
    level = models.CharField(
        _("owed by"), max_length=12, choices=ReportLevel.choices, default=ReportLevel.GRASSROOTS
    )
    day = models.PositiveSmallIntegerField(_("as of day"))
    month = models.PositiveSmallIntegerField(_("as of month"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("due days after the cutoff"), default=0)
    starts_on = models.DateField(_("first period ending on or after"))

    objects = ReportScheduleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["organization", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="report_schedule_kind"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="schedule_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.organization})"

    def _cutoff_months(self) -> tuple[int, ...]:
        if self.kind == ReportKind.MONTHLY:
            return tuple(range(1, 13))
        if self.kind == ReportKind.QUARTERLY:
            return (3, 6, 9, 12)
        return (self.month or (6 if self.kind == ReportKind.HALF_YEAR else 12),)

    def _label(self, end: dt.date) -> str:
        if self.kind == ReportKind.MONTHLY:
            return f"Tháng {end.month:02d}/{end.year}"
        if self.kind == ReportKind.QUARTERLY:
            return f"Quý {ROMAN[(end.month - 1) // 3]}/{end.year}"
        if self.kind == ReportKind.HALF_YEAR:
            return f"6 tháng đầu năm {end.year}"
        return f"Năm {end.year}"

    def period_ending(self, end: dt.date) -> Period | None:
        """The schedule's period whose cutoff is `end`; None when `end` is no cutoff of it."""
        if end.month not in self._cutoff_months() or _cutoff(end.year, end.month, self.day) != end:
            return None
        y, m = _months_back(end.year, end.month, SPAN_MONTHS[self.kind])
        start = _cutoff(y, m, self.day) + dt.timedelta(days=1)
        return Period(start, end, end + dt.timedelta(days=self.due_days), self._label(end))

    def periods(self, first_due: dt.date, last_due: dt.date) -> list[Period]:
        """The periods due from `first_due` to `last_due` (both included), ending on or after
        `starts_on`, oldest first."""
        out: list[Period] = []
        lo = max(first_due - dt.timedelta(days=self.due_days), self.starts_on)
        hi = last_due - dt.timedelta(days=self.due_days)
        y, m = lo.year, lo.month
        while (y, m) <= (hi.year, hi.month):
            if m in self._cutoff_months():
                end = _cutoff(y, m, self.day)
                if lo <= end <= hi:
                    out.append(self.period_ending(end))
            y, m = _months_back(y, m, -1)
        return out

    def owes_q(self, prefix: str = "") -> Q:
        """The organizations that owe this schedule's reports (its subtree's level)."""
        from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS  # noqa: PLC0415 (light)

        q = Q(**{f"{prefix}path__startswith": self.organization.path}) & ~Q(
            **{f"{prefix}pk": self.organization_id}
        )
        q &= Q(**{f"{prefix}dissolved_on__isnull": True})
        if self.level == ReportLevel.GRASSROOTS:
            return q & Q(**{f"{prefix}kind__in": GRASSROOTS_KINDS})
        if self.level == ReportLevel.CELLS:
            return q & Q(**{f"{prefix}kind__in": CELL_KINDS})
        return q & Q(**{f"{prefix}depth": self.organization.depth + 1})


class ReportQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class Report(Recorded):
    """One organization's report for one period of a schedule: the HD 11 figures coso fills
    from the data (refreshed while a draft), the narrative the secretary writes, and the
    steps: submitted, returned with comments, accepted by the superior."""

    organization = organization_ref("reports", _("reporting organization"))
    schedule = models.ForeignKey(
        ReportSchedule, models.PROTECT, related_name="reports", verbose_name=_("schedule")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("as of"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures_on = models.DateTimeField(_("figures computed at"))
    version = models.PositiveIntegerField(default=1)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("submitted by"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("reviewed by"))
    comment = models.TextField(_("superior's comments"), blank=True)

    # the HD 11-HD/BTCTW figures (choices.FIGURES), filled from the data
    members_start = models.IntegerField(_("members at the start"), default=0)
    admitted = models.IntegerField(_("admitted"), default=0)
    reinstated = models.IntegerField(_("re-admitted"), default=0)
    transferred_in = models.IntegerField(_("transferred in"), default=0)
    died = models.IntegerField(_("died"), default=0)
    transferred_out = models.IntegerField(_("transferred out"), default=0)
    struck_off = models.IntegerField(_("struck off"), default=0)
    expelled = models.IntegerField(_("expelled"), default=0)
    resigned = models.IntegerField(_("resigned"), default=0)
    members_end = models.IntegerField(_("members at the end"), default=0)
    official_end = models.IntegerField(_("official members at the end"), default=0)
    probationary_end = models.IntegerField(_("probationary members at the end"), default=0)
    recognized = models.IntegerField(_("recognized as official"), default=0)
    exempted = models.IntegerField(_("exempted"), default=0)
    badges = models.IntegerField(_("badges awarded"), default=0)
    # the narrative sections (choices.NARRATIVE), written by the secretary
    political_situation = models.TextField(_("political and ideological situation"), blank=True)
    political_tasks = models.TextField(_("leadership of political tasks"), blank=True)
    party_building = models.TextField(_("party building"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    next_tasks = models.TextField(_("next period's tasks"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "organization", "period_end"], name="report_one_per_period"
            ),
        ]
        indexes = [models.Index(fields=["schedule", "period_end", "status"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.label}"

    @property
    def period(self) -> Period | None:
        """The schedule's period the report is for; None once the superior has changed the
        schedule so that the report's end is no longer one of its cutoffs."""
        return self.schedule.period_ending(self.period_end)

    @property
    def label(self) -> str:
        """The period's name ("Tháng 11/2026"), or its dates when the schedule has changed."""
        period = self.period
        if period is not None:
            return period.label
        return f"{self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"

    @property
    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _label in FIGURES}
