"""The steps of reports up the tree (DOMAIN.md §14): a superior sets a schedule; an
organization drafts its report for a period (coso fills the HD 11 figures), writes the
narrative, submits it; the superior returns it with comments or accepts it. Each step is one
transaction that locks its subject, refuses with a Vietnamese message and writes nothing, and
leaves a history entry (simple-history) naming the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.audit import check_version, save_versioned, stored_values
from coso.core.dates import check_not_future
from coso.core.scope import require_edit
from coso.core.services import check_not_before
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from ..choices import NARRATIVE, ReportKind, ReportLevel, ReportStatus
from ..models import Report, ReportSchedule
from ..queries.movement import movement

#: the month of the cutoff a half-year and a year report take when none is given
DEFAULT_MONTH = {ReportKind.HALF_YEAR: 6, ReportKind.YEAR: 12}
NARRATIVE_FIELDS = tuple(name for name, _label in NARRATIVE)


def _check_schedule(kind: str, level: str, day: int, month: int | None, due_days: int) -> None:
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose the kind of report.")})
    if level not in ReportLevel.values:
        raise ValidationError({"level": _("Choose which organizations owe the report.")})
    if not 1 <= day <= 31:
        raise ValidationError({"day": _("The day is between 1 and 31.")})
    if month is not None and not 1 <= month <= 12:
        raise ValidationError({"month": _("The month is between 1 and 12.")})
    if kind in (ReportKind.MONTHLY, ReportKind.QUARTERLY) and month is not None:
        raise ValidationError({"month": _("A monthly or quarterly report takes no month.")})
    if due_days > 60:
        raise ValidationError({"due_days": _("A report is due at most 60 days after its date.")})


@transaction.atomic
def set_schedule(
    organization: Organization,
    *,
    kind: str,
    day: int,
    starts_on: dt.date,
    month: int | None = None,
    due_days: int = 0,
    level: str = ReportLevel.GRASSROOTS,
    actor=None,
) -> ReportSchedule:
    """``organization`` (a committee) sets, or changes, the reports of one kind its subtree
    owes: the cutoff of each period (the day, and the month of a half-year or year report:
    "as of 15/6"), the days after it the report is due, which level owes it, and the first
    period (ending on or after ``starts_on``). Refused: a cell (it has no subtree to ask), a
    day or month out of range."""
    require_edit(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.kind in CELL_KINDS:
        raise ValidationError(_("A cell has no subordinate organizations to ask for reports."))
    _check_schedule(kind, level, day, month, due_days)
    if kind in DEFAULT_MONTH and month is None:
        month = DEFAULT_MONTH[kind]
    schedule = (
        ReportSchedule.objects.select_for_update()
        .filter(organization=organization, kind=kind)
        .first()
    ) or ReportSchedule(organization=organization, kind=kind, actor=actor)
    schedule.level, schedule.day, schedule.month = level, day, month
    schedule.due_days, schedule.starts_on = due_days, starts_on
    schedule._history_user = actor
    schedule.save()
    return schedule


def _lock(report: Report) -> Report:
    rows = Report.objects.select_for_update(of=("self",))
    return rows.select_related("organization", "schedule__organization").get(pk=report.pk)


def _fill(report: Report) -> None:
    figures = movement(report.organization.path, report.period_start, report.period_end)
    for name, value in figures.items():
        setattr(report, name, value)
    report.figures_on = timezone.now()


def _check_open(report: Report) -> None:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(
            _("The report is %(status)s: it can no longer be changed.")
            % {"status": report.get_status_display().lower()}
        )


def _owes(organization: Organization, schedule: ReportSchedule) -> bool:
    return Organization.objects.filter(schedule.owes_q(), pk=organization.pk).exists()


@transaction.atomic
def draft_report(
    organization: Organization, *, schedule: ReportSchedule, period_end: dt.date, actor=None
) -> Report:
    """Draft ``organization``'s report for the period of ``schedule`` ending on ``period_end``
    with the HD 11 figures filled from the data; called again on a draft (or a returned
    report), refresh its figures. Refused: an organization that does not owe the schedule's
    reports, a date that is no period's cutoff, a period not yet begun, a report already
    submitted or accepted."""
    require_edit(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    schedule = ReportSchedule.objects.select_related("organization").get(pk=schedule.pk)
    if not _owes(organization, schedule):
        raise ValidationError(
            _("%(org)s does not owe the reports of this schedule.") % {"org": organization.name}
        )
    period = schedule.period_ending(period_end)
    if period is None or period_end < schedule.starts_on:
        raise ValidationError({"period_end": _("This date is not the end of a report period.")})
    if period.start > timezone.localdate():
        raise ValidationError({"period_end": _("The period has not begun yet.")})
    report = Report.objects.filter(
        schedule=schedule, organization=organization, period_end=period_end
    ).first()
    if report is None:
        report = Report(organization=organization, schedule=schedule, period_end=period_end,
                        period_start=period.start, due_on=period.due_on, actor=actor)  # fmt: skip
    else:
        report = _lock(report)
        _check_open(report)
    _fill(report)
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def save_narrative(
    report: Report, *, changes: dict[str, Any], expected_version: int, actor=None
) -> Report:
    """Save the narrative sections the secretary writes, opened at ``expected_version``:
    refused when someone saved the report since (409), or once it is submitted."""
    unknown = set(changes) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    require_edit(actor, report.organization)
    report = _lock(report)
    _check_open(report)
    check_version(report, expected_version)
    before = stored_values(report)
    for key, value in changes.items():
        setattr(report, key, (value or "").strip())
    save_versioned(report, actor, unless_equal_to=before)
    return report


@transaction.atomic
def submit_report(report: Report, *, on: dt.date, actor=None) -> Report:
    """Send the report to the superior on ``on`` with its figures refreshed. Refused: already
    submitted or accepted, a date before the period's end or in the future, a narrative
    section left empty."""
    require_edit(actor, report.organization)
    report = _lock(report)
    _check_open(report)
    check_not_future(on, "on")
    check_not_before(on, report.period_end, "on",
                     _("A report is submitted once its period has ended (%(date)s)."))  # fmt: skip
    empty = [str(label) for name, label in NARRATIVE if not getattr(report, name).strip()]
    if empty:
        raise ValidationError(
            _("Write every section of the report before submitting it: %(sections)s.")
            % {"sections": ", ".join(empty)}
        )
    _fill(report)
    report.status, report.submitted_on, report.submitted_by = ReportStatus.SUBMITTED, on, actor
    save_versioned(report, actor)
    return report


def _review(report: Report, on: dt.date, actor) -> Report:
    report = _lock(report)
    require_edit(actor, report.schedule.organization)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted report can be reviewed (this one is %(status)s).")
            % {"status": report.get_status_display().lower()}
        )
    check_not_future(on, "on")
    check_not_before(on, report.submitted_on, "on",
                     _("The review comes after the submission (%(date)s)."))  # fmt: skip
    report.reviewed_on, report.reviewed_by = on, actor
    return report


@transaction.atomic
def return_report(report: Report, *, comment: str, on: dt.date, actor=None) -> Report:
    """The superior returns a submitted report with its comments, to be revised and submitted
    again. Refused: no comment, a report not submitted, a date before its submission."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what is to be revised.")})
    report = _review(report, on, actor)
    report.status, report.comment = ReportStatus.RETURNED, comment
    save_versioned(report, actor)
    return report


@transaction.atomic
def accept_report(report: Report, *, on: dt.date, comment: str = "", actor=None) -> Report:
    """The superior accepts a submitted report (with an optional comment). Refused: a report
    not submitted, a date before its submission."""
    report = _review(report, on, actor)
    report.status, report.comment = ReportStatus.ACCEPTED, (comment or "").strip()
    save_versioned(report, actor)
    return report
