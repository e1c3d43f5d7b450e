"""Opening and closing an evaluation period (QĐ 366: by year, term, quarter or when needed)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.rules import rule_in_force
from coso.core.services import check_not_before
from coso.orgs.models import Organization

from ..choices import PeriodKind, PeriodStatus
from ..models import EvaluationPeriod
from .parts import lock_period, require_edit


def _span(kind: str, year: int, starts_on, ends_on) -> tuple[dt.date, dt.date]:
    if kind == PeriodKind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if starts_on is None or ends_on is None:
        raise ValidationError({"starts_on": _("Give the first and the last day evaluated.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first.")})
    return starts_on, ends_on


def _check_calendar(ends_on, cells, grassroots, superior) -> None:
    check_not_before(cells, ends_on - dt.timedelta(days=62), "cells_due_on", _(
        "The cells' date cannot be more than two months before the period ends (%(date)s)."))  # fmt: skip
    check_not_before(grassroots, cells, "grassroots_due_on", _(
        "The grassroots organizations finish after the cells (%(date)s)."))  # fmt: skip
    check_not_before(superior, grassroots, "superior_due_on", _(
        "The superior finishes after the grassroots organizations (%(date)s)."))  # fmt: skip


@transaction.atomic
def open_period(
    organization: Organization,
    *,
    kind: str,
    year: int,
    cells_due_on: dt.date,
    grassroots_due_on: dt.date,
    superior_due_on: dt.date,
    opened_on: dt.date,
    label: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    actor=None,
) -> EvaluationPeriod:
    """``organization`` (a superior, or a grassroots committee for its own subtree) opens a
    period for its subtree with its calendar. Refused: a period of the same kind and start
    opened already by it or above it, a calendar out of order, a year the rules do not know."""
    require_edit(actor, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Choose the kind of period.")})
    check_not_future(opened_on, "opened_on")
    starts_on, ends_on = _span(kind, year, starts_on, ends_on)
    rule_in_force("grade_thresholds", ends_on)  # a year before every rule is refused
    _check_calendar(ends_on, cells_due_on, grassroots_due_on, superior_due_on)
    taken = (
        EvaluationPeriod.objects.covering(organization)
        .filter(kind=kind, starts_on=starts_on)
        .select_related("organization")
        .first()
    )
    if taken is not None:
        raise ValidationError(_("%(opener)s has already opened %(period)s.")
                              % {"opener": taken.organization.name, "period": taken.label})  # fmt: skip
    if not label:
        label = _("Evaluation of %(year)d") % {"year": year} if kind == PeriodKind.YEAR else (
            _("Evaluation %(kind)s %(from)s–%(to)s") % {
                "kind": PeriodKind(kind).label.lower(), "from": format_date(starts_on),
                "to": format_date(ends_on)})  # fmt: skip
    period = EvaluationPeriod(
        organization=organization, kind=kind, year=year, label=label[:120],
        starts_on=starts_on, ends_on=ends_on, cells_due_on=cells_due_on,
        grassroots_due_on=grassroots_due_on, superior_due_on=superior_due_on,
        opened_on=opened_on, actor=actor,
    )  # fmt: skip
    period.save()
    return period


@transaction.atomic
def close_period(period: EvaluationPeriod, *, closed_on: dt.date, actor=None) -> EvaluationPeriod:
    """Close the period: its evaluations no longer change (a decided grade may still be
    changed with a reason)."""
    require_edit(actor, period.organization)
    period = lock_period(period)
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError(_("%(period)s is already closed.") % {"period": period.label})
    check_not_future(closed_on, "closed_on")
    check_not_before(closed_on, period.opened_on, "closed_on",
                     _("A period closes after it opened (%(date)s)."))  # fmt: skip
    period.status = PeriodStatus.CLOSED
    period.closed_on = closed_on
    period.save(update_fields=["status", "closed_on"])
    return period
