"""The yearly plan and its schedule (DOMAIN §6, §15; KH 74-KH/ĐUK §III.5):

- `adopt_plan`: a committee's or its inspection committee's plan for a year (one each);
- `schedule`: an inspection or supervision of the plan (regular or thematic), of one
  organization or member of the subtree, within the plan's year.

Each step is atomic, locks its subject, re-checks under the lock and refuses with a Vietnamese
message, writing nothing. Out of scope: 404 (`OutOfScope`). ``actor=None`` is the system.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.orgs.models import Organization

from ..choices import Activity, InspectionKind
from ..models import Inspection, InspectionPlan
from .parts import check_body, check_subject, require_handler, text


@transaction.atomic
def adopt_plan(
    organization: Organization,
    *,
    body: str,
    year: int,
    title: str,
    adopted_on: dt.date,
    document_number: str = "",
    actor=None,
) -> InspectionPlan:
    """Adopt `organization`'s plan for `year`. Refused: a body it does not have, a plan of that
    body for that year already, a date in the future or outside the year and the one before."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    require_handler(actor, organization)
    check_body(organization, body)
    title = text(title, "title", _("Write the plan's title."))
    check_not_future(adopted_on, "adopted_on")
    if adopted_on.year not in (year - 1, year):
        raise ValidationError(
            {"adopted_on": _("A plan for %(year)s is adopted in %(year)s or late in the year "
                             "before.") % {"year": year}}
        )  # fmt: skip
    if InspectionPlan.objects.filter(organization=organization, body=body, year=year).exists():
        raise ValidationError(_("%(org)s already has this plan for %(year)s.")
                              % {"org": organization.name, "year": year})  # fmt: skip
    plan = InspectionPlan(
        organization=organization, body=body, year=year, title=title, adopted_on=adopted_on,
        document_number=(document_number or "").strip(), actor=actor,
    )  # fmt: skip
    plan._history_user = actor
    plan.save()
    return plan


@transaction.atomic
def schedule(
    plan: InspectionPlan,
    *,
    activity: str,
    kind: str,
    topic: str,
    starts_on: dt.date,
    ends_on: dt.date,
    subject_organization: Organization | None = None,
    subject_member=None,
    actor=None,
) -> Inspection:
    """Put an inspection or a supervision of one subject in the plan. Refused: an unplanned
    kind (signs of violation are opened, not planned), a subject outside the subtree, dates
    outside the plan's year or ending before they start."""
    plan = InspectionPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    require_handler(actor, plan.organization)
    if activity not in Activity.values:
        raise ValidationError({"activity": _("Choose inspection or supervision.")})
    if kind not in (InspectionKind.REGULAR, InspectionKind.THEMATIC):
        raise ValidationError(
            {"kind": _("A plan schedules regular or thematic inspections; one on signs of "
                       "violation is opened from a supervision or a feedback item.")}
        )  # fmt: skip
    topic = text(topic, "topic", _("Write what is inspected."))
    check_subject(plan.organization, subject_organization, subject_member)
    if starts_on.year != plan.year or ends_on.year != plan.year:
        raise ValidationError(
            {"starts_on": _("The plan is for %(year)s: schedule within that year.")
             % {"year": plan.year}}
        )  # fmt: skip
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes on or after the start.")})
    inspection = Inspection(
        organization=plan.organization, body=plan.body, plan=plan, activity=activity, kind=kind,
        subject_organization=subject_organization, subject_member=subject_member, topic=topic,
        starts_on=starts_on, ends_on=ends_on, actor=actor,
    )  # fmt: skip
    inspection._history_user = actor
    inspection.save()
    return inspection
