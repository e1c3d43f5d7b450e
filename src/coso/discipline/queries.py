"""The read side of discipline: a subtree's cases for a list, and the penalties of a year (for
the annual evaluation: a member disciplined in the year is graded INCOMPLETE; an organization
with a disciplined sub-unit or leader cannot be EXCELLENT)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from coso.orgs.models import Organization

from .models import DisciplineCase


def penalties_in_year(year: int, *, organization: Organization | None = None, user=None):
    """The cases whose penalty was decided in ``year`` and stands (not annulled on appeal),
    of members and organizations in ``organization``'s subtree (an organization disciplined
    counts in its own subtree too), visible to ``user`` when given: a queryset of
    `DisciplineCase` with the member and the organization disciplined joined."""
    return penalties_between(
        dt.date(year, 1, 1), dt.date(year, 12, 31), organization=organization, user=user
    )


def penalties_between(
    first: dt.date, last: dt.date, *, organization: Organization | None = None, user=None
):
    """As `penalties_in_year`, for the decisions dated ``first`` to ``last`` (inclusive): an
    evaluation period's."""
    rows = DisciplineCase.objects if user is None else DisciplineCase.objects.visible_to(user)
    rows = rows.penalized().filter(decision_on__range=(first, last))
    if organization is not None:
        rows = rows.filter(
            Q(organization__path__startswith=organization.path)
            | Q(subject_organization__path__startswith=organization.path)
        )
    return rows.select_related("member", "subject_organization", "organization").order_by(
        "decision_on", "pk"
    )


def case_list(user, organization: Organization, *, q: str = "", status: str = ""):
    """The cases handled in ``organization``'s subtree that ``user`` may see, in Vietnamese
    order of the subject's name (one query for a page)."""
    rows = DisciplineCase.objects.visible_to(user).in_subtree(organization)
    if q:
        rows = rows.search(q)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("organization").vn_ordered()
