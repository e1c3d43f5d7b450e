"""The planning day on an organization's calendar: the day of the month by which its cells plan
next month's monthly meeting (its own, or the one it follows from a committee above), and the
form that sets it (posted to `views.planning_day`, which calls `services.set_planning_day`)."""

from __future__ import annotations

from typing import NamedTuple

from coso.core.db.compiled import CompiledQuery, Path
from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS
from coso.orgs.models import Organization

from .forms import PlanningDayForm
from .queries import PLANNING_DEPTH, planning_days_over


class Governing(NamedTuple):
    """The planning day that governs an organization, and whose it is."""

    day: int
    organization_id: int
    organization_name: str


def _governing(path: str | None = None, **prefixes: str):
    return planning_days_over(path, prefixes=list(prefixes.values()) or None).values_list(
        "day", "organization_id", "organization__name"
    )[:1]


#: on every calendar: compiled once (core/db/compiled.py), with the path's prefixes as its
#: values (the path itself in the places past its depth)
GOVERNING = CompiledQuery(_governing, **{f"p{i}": Path for i in range(1, PLANNING_DEPTH + 1)})


def planning_day_of(org: Organization) -> Governing | None:
    """The planning day that governs `org`: its own, else the nearest committee's above (one
    query)."""
    places = len(GOVERNING.kinds)
    if org.depth > places:  # deeper than the compiled query's places: built anew
        rows = list(_governing(org.path))
    else:
        step = Organization.steplen
        rows = GOVERNING.rows(
            **{f"p{i}": org.path[: step * min(i, org.depth)] for i in range(1, places + 1)}
        )
    return Governing(*rows[0]) if rows else None


def planning_context(org: Organization, editable: bool, form=None) -> dict:
    settable = editable and (org.kind in CELL_KINDS or org.kind in COMMITTEE_KINDS)
    governing = planning_day_of(org)
    own = governing if governing and governing.organization_id == org.pk else None
    if settable and form is None:
        form = PlanningDayForm(initial={"day": own.day if own else None})
    return {"planning_day": governing, "planning_form": form if settable else None}
