"""Who may act for an organization's meetings."""

from __future__ import annotations

from coso.core.scope import OutOfScope, can_edit, is_system
from coso.orgs.models import Organization


def require_edit(actor, org: Organization) -> None:
    """The actor may act for `org`'s meetings (an editing role reaching it), else a 404."""
    if not is_system(actor) and not can_edit(actor, org):
        raise OutOfScope


def may_record(actor, org: Organization) -> bool:
    return is_system(actor) or can_edit(actor, org)
