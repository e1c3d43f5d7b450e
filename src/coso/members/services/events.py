"""The one writer of `MembershipEvent` rows.

Every service that records what happened to a member goes through `record_event`; the bulk
loaders build their rows with `event_row` and write them with `record_events` (same fields,
same checks, batched); the COPY loaders (`members.db.bulk_copy`) hand tuples to `copy_events`
or have `derive_events` write one event per member just written. Nothing else creates a
`MembershipEvent`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction

from coso.core.db.fastload import TableWriter, id_filter
from coso.members.choices import REMOVAL_STATUS, EventKind, LeavingReason
from coso.members.models import Member, MembershipEvent
from coso.orgs.models import Organization

__all__ = [
    "COPY_FIELDS",
    "COPY_FIELDS_WITH_REASON",
    "copy_events",
    "derive_events",
    "event_row",
    "record_event",
    "record_events",
]


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
    reason: str = "",
) -> MembershipEvent:
    """An unsaved event row (`member` may be filled in later, by a bulk loader)."""
    _check_kind(kind, reason)
    return MembershipEvent(
        member=member,
        kind=kind,
        date=date,
        actor=actor,
        document_number=document_number,
        from_organization=from_organization,
        to_organization=to_organization,
        note=note,
        reason=reason,
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
        _check_kind(ev.kind)
    return MembershipEvent.objects.bulk_create(events, batch_size=batch_size)


#: the columns of a tuple handed to `copy_events`
COPY_FIELDS = (
    "member_id",
    "kind",
    "date",
    "document_number",
    "from_organization_id",
    "to_organization_id",
    "note",
    "actor_id",
)
#: the columns of a tuple handed to `copy_events(..., with_reason=True)`: a departure's reason
#: (`LeavingReason`) last
COPY_FIELDS_WITH_REASON = (*COPY_FIELDS, "reason")
_KIND = COPY_FIELDS.index("kind")
_REASON = COPY_FIELDS_WITH_REASON.index("reason")


def _check_kind(kind: str, reason: str = "") -> None:
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind: {kind!r}")
    if reason and (reason not in LeavingReason.values or kind not in REMOVAL_STATUS):
        raise ValueError(f"reason {reason!r} for an event {kind!r}")


def _checked(rows: Iterable[Sequence], with_reason: bool) -> Iterable[Sequence]:
    for row in rows:
        _check_kind(row[_KIND], row[_REASON] if with_reason else "")
        yield row


def copy_events(
    rows: Iterable[Sequence], *, now: dt.datetime | None = None, with_reason: bool = False
) -> None:
    """Write event tuples (`COPY_FIELDS` order; `COPY_FIELDS_WITH_REASON` with `with_reason`,
    for departures with their `LeavingReason`) at COPY speed, in the caller's transaction: the
    same columns, kind and reason checks as `event_row`, no model instance per row."""
    fields = COPY_FIELDS_WITH_REASON if with_reason else COPY_FIELDS
    TableWriter(MembershipEvent, fields, now=now).write(_checked(rows, with_reason))


def derive_events(
    member_ids: Sequence[int],
    *,
    kind: str,
    day: dt.date,
    note: str = "",
    actor_id: int | None = None,
    now: dt.datetime,
) -> None:
    """One `kind` event for each member of `member_ids` just written, dated from the member's
    admission (else `day`), into the member's organization: one INSERT ... SELECT from the
    members' rows, no Python per row (`bulk_copy.copy_register_members`)."""
    _check_kind(kind)
    if not member_ids:
        return
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    where, where_params = id_filter(member_ids, conn)
    when = conn.ops.adapt_datetimefield_value(now) if conn.vendor == "sqlite" else now
    start_day = day.isoformat() if conn.vendor == "sqlite" else day
    columns = ", ".join(qn(c) for c in (*COPY_FIELDS, "created_at"))
    with conn.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(MembershipEvent._meta.db_table)} ({columns}) "
            f"SELECT {qn('id')}, %s, COALESCE({qn('admitted_on')}, %s), '', NULL, "
            f"{qn('organization_id')}, %s, %s, %s "
            f"FROM {qn(Member._meta.db_table)} WHERE {where}",
            [kind, start_day, note, actor_id, when, *where_params],
        )
