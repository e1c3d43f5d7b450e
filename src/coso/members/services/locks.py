"""The lock every member step takes first: the member's row, refused when no longer active."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member

__all__ = ["NOT_ACTIVE", "NOT_TRANSFERABLE", "lock_active"]

NOT_ACTIVE = gettext_lazy("%(name)s is no longer active (%(status)s).")
NOT_TRANSFERABLE = gettext_lazy("Only an active member can be transferred; %(name)s is %(status)s.")


def lock_active(member: Member, *, field: str = "member", message=NOT_ACTIVE) -> Member:
    """The member's row, locked (with its organization); a `ValidationError` on `field` when
    the member is no longer active, `message` naming them and their status."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=member.pk)
    )
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(
            {
                field: str(message)
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            }
        )
    return member
