"""The one writer of `MembershipEvent` rows.

Every service that records what happened to a member goes through `record_event`; the bulk
loaders build their rows with `event_row` and write them with `record_events` (same fields,
same checks, batched). Nothing else creates a `MembershipEvent`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from coso.members.choices import EventKind
from coso.members.models import Member, MembershipEvent
from coso.orgs.models import Organization

__all__ = ["event_row", "record_event", "record_events"]


def event_row(
    member: Member | None,
    kind: str,
    date: dt.date,
    *,
    actor=None,
    document_number: str = "",
    from_organization: Organization | None = None,
    to_organization: Organization | None = None,
    note: str = "",
) -> MembershipEvent:
    """An unsaved event row (`member` may be filled in later, by a bulk loader)."""
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind: {kind!r}")
    return MembershipEvent(
        member=member,
        kind=kind,
        date=date,
        actor=actor,
        document_number=document_number,
        from_organization=from_organization,
        to_organization=to_organization,
        note=note,
    )


def record_event(member: Member, kind: str, date: dt.date, **fields) -> MembershipEvent:
    """Write one event of `member` (fields as `event_row`)."""
    event = event_row(member, kind, date, **fields)
    event.save()
    return event


def record_events(
    events: Iterable[MembershipEvent], *, batch_size: int | None = None
) -> list[MembershipEvent]:
    """Write rows built by `event_row`, in batches (the bulk loaders)."""
    events = list(events)
    for ev in events:
        if ev.kind not in EventKind.values:
            raise ValueError(f"unknown event kind: {ev.kind!r}")
    return MembershipEvent.objects.bulk_create(events, batch_size=batch_size)
