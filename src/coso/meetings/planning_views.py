"""The planning day on an organization's calendar: the day of the month by which its cells plan
next month's monthly meeting (its own, or the one it follows from a committee above), and the
form that sets it (posted to `views.planning_day`, which calls `services.set_planning_day`)."""

from __future__ import annotations

from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS
from coso.orgs.models import Organization

from .forms import PlanningDayForm
from .models import PlanningDay
from .queries import planning_days_over


def planning_day_of(org: Organization) -> PlanningDay | None:
    """The planning day that governs `org`: its own, else the nearest committee's above (one
    query)."""
    return planning_days_over(org.path).select_related("organization").first()


def planning_context(org: Organization, editable: bool, form=None) -> dict:
    settable = editable and (org.kind in CELL_KINDS or org.kind in COMMITTEE_KINDS)
    governing = planning_day_of(org)
    own = governing if governing and governing.organization_id == org.pk else None
    if settable and form is None:
        form = PlanningDayForm(initial={"day": own.day if own else None})
    return {"planning_day": governing, "planning_form": form if settable else None}
