"""Checks the committee steps share: who may act, and how many seats are held at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from coso.core.scope import OutOfScope, can_edit, is_system
from coso.orgs.models import Organization


def require_superior_edit(actor, org: Organization) -> None:
    """A committee is elected and changed by decision of the superior: the actor needs an
    editing role reaching the organization's parent (the root: the organization itself).
    Anything else is a 404 (`OutOfScope`): the organization's committee does not exist for
    them. The system (`actor=None`: demo, import, command line) always may."""
    if is_system(actor):
        return
    parent = Organization.objects.filter(path=org.parent_path()).first() if org.depth > 1 else None
    if not can_edit(actor, parent or org):
        raise OutOfScope


def most_at_once(spans: Iterable[tuple[dt.date, dt.date | None]], start: dt.date) -> int:
    """The most of `spans` (from, to exclusive; None = open) held on one day from `start` on,
    counting one more span that starts on `start` and stays open (the one being added)."""
    spans = [(a, b) for a, b in spans if b is None or b > start]
    days = {start} | {a for a, _b in spans if a > start}
    return max(1 + sum(1 for a, b in spans if a <= day and (b is None or b > day)) for day in days)


def may_change(actor, org: Organization) -> bool:
    """Whether `actor` may change `org`'s committee (`require_superior_edit` passes)."""
    try:
        require_superior_edit(actor, org)
    except OutOfScope:
        return False
    return True
