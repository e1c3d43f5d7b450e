"""The day of the month by which the cells under an organization plan their next monthly
meeting (`set_planning_day`): set by its committee (or a cell for itself), read by the to-do
list (`todo.UnplannedMeetingSource`). Out of the actor's editing scope: 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.scope import is_system
from coso.orgs.choices import CELL_KINDS, COMMITTEE_KINDS
from coso.orgs.models import Organization

from ..models import LAST_PLANNING_DAY, PlanningDay
from .parts import require_edit


@transaction.atomic
def set_planning_day(
    organization: Organization, day: int | None, *, actor=None
) -> PlanningDay | None:
    """Set the day (1 to 28) by which next month's monthly meeting is planned in
    `organization`'s subtree; None clears it (the cells follow the committee above, if any).
    Refused: a day outside 1–28, an organization that neither is a cell nor has a committee."""
    require_edit(actor, organization)
    if organization.kind not in CELL_KINDS and organization.kind not in COMMITTEE_KINDS:
        raise ValidationError(
            _("%(org)s has no cells to plan meetings.") % {"org": organization.name}
        )
    current = PlanningDay.objects.select_for_update().filter(organization=organization).first()
    user = None if is_system(actor) else actor
    if day is None:
        if current is not None:
            current._history_user = user
            current.delete()
        return None
    if not 1 <= day <= LAST_PLANNING_DAY:
        raise ValidationError(
            {"day": _("Choose a day from 1 to %(last)d: every month has it.")
                    % {"last": LAST_PLANNING_DAY}}
        )  # fmt: skip
    if current is not None and current.day == day:
        return current
    current = current or PlanningDay(organization=organization)
    current.day, current.set_by = day, user
    current._history_user = user
    current.save()
    return current
