"""Bulk loading of members with their placements and membership events.

The one fast path for putting many members into the registry at once: the spreadsheet importer
and the demo generator both go through `bulk_load_members`. Rows are validated in full first
(pure Python, plus one query per ~900 identity numbers for duplicates already in the database),
then written with `bulk_create` in batches inside one transaction: no query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coso.members.choices import ACTIVE_STATUSES, EventKind, MemberStatus, PlacementKind
from coso.members.db import bulk_copy
from coso.members.db.bulk_copy import (
    RECORD_FIELDS,
    ChangedMember,
    Departure,
    NewMember,
    copy_register_members,
    copy_update_members,
    derived_values,
)
from coso.members.models import Member, MembershipEvent, Placement
from coso.members.privacy import card_in_use, cccd_in_use
from coso.members.services.events import event_row, record_events
from coso.members.services.registry import check_record

__all__ = [
    "BulkLoadError",
    "ChangedMember",
    "Departure",
    "MemberRow",
    "NewMember",
    "RECORD_FIELDS",
    "bulk_load_members",
    "check_rows",
    "copy_load_members",
    "copy_register_members",
    "copy_update_members",
    "derived_values",
]

DEFAULT_BATCH_SIZE = 2000
_IN_CHUNK = 900  # values per `IN (...)` lookup, below SQLite's 999 parameters


@dataclass
class MemberRow:
    """One member to load: the registry record and its history.

    `member` is an unsaved Member with `organization` (where the member holds official
    activity now, or held it last) and `status` set. `placements` and `events` are unsaved
    rows whose `member` is filled in on load. An active member needs exactly one open
    official placement, in `member.organization`; a member who has left needs none.
    """

    member: Member
    placements: list[Placement] = field(default_factory=list)
    events: list[MembershipEvent] = field(default_factory=list)

    @classmethod
    def registered(
        cls,
        member: Member,
        *,
        active_from: dt.date,
        note: str = "",
        document_number: str = "",
        actor=None,
    ) -> MemberRow:
        """A member entered into the registry as `register_member` would: one open placement
        in `member.organization` from `active_from` and one "registered" event."""
        org = member.organization
        return cls(
            member=member,
            placements=[Placement(organization=org, valid_from=active_from)],
            events=[
                event_row(
                    None,
                    EventKind.REGISTERED,
                    active_from,
                    to_organization=org,
                    document_number=document_number,
                    note=note,
                    actor=actor,
                )
            ],
        )


class BulkLoadError(ValidationError):
    """Rows that cannot be loaded; `row_errors` is [(0-based row index, message), ...]."""

    def __init__(self, row_errors: list[tuple[int, str]]):
        self.row_errors = row_errors
        super().__init__(
            [
                _("Row %(row)d: %(message)s") % {"row": i + 1, "message": msg}
                for i, msg in row_errors
            ]
        )


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _row_problems(row: MemberRow, today: dt.date) -> list[str]:
    m = row.member
    problems: list[str] = []
    if m.organization_id is None:
        problems.append(_("The member has no organization."))
    if m.status not in MemberStatus.values:
        problems.append(_("Unknown status %(status)s.") % {"status": m.status})
    try:
        check_record(m)
    except ValidationError as e:
        problems.extend(e.messages)
    open_official = []
    for p in row.placements:
        if p.valid_from > today:
            problems.append(_("A placement starts in the future."))
        if p.valid_to is not None and (p.valid_to < p.valid_from or p.valid_to > today):
            problems.append(_("A placement has an invalid end date."))
        if p.kind == PlacementKind.OFFICIAL and p.valid_to is None:
            open_official.append(p)
    official = sorted(
        (p for p in row.placements if p.kind == PlacementKind.OFFICIAL),
        key=lambda p: p.valid_from,
    )
    for before, after in zip(official, official[1:], strict=False):
        if before.valid_to is None or before.valid_to > after.valid_from:
            problems.append(_("Official placements overlap."))
            break
    if m.status in ACTIVE_STATUSES:
        if len(open_official) != 1:
            problems.append(_("An active member needs exactly one current official placement."))
        elif open_official[0].organization_id != m.organization_id:
            problems.append(
                _("The current official placement is not in the member's organization.")
            )
    elif open_official:
        problems.append(_("A member who has left cannot have a current official placement."))
    for ev in row.events:
        if ev.date > today:
            problems.append(_("An event is dated in the future."))
            break
    return problems


def check_rows(rows: Sequence[MemberRow], actor=None) -> list[tuple[int, str]]:
    """Every problem in `rows`, as [(0-based row index, message)]; empty when all is well.

    Checks each record as `register_member` does (`registry.check_record`: the fields'
    validators and `Member.clean`), the placement log (no overlap, exactly one
    current official placement for an active member, in its organization, none for a member
    who has left), dates not in the future, and duplicate CCCD or party card numbers within
    the rows and against the database (one query per ~900 numbers), a number in use worded
    for `actor` as `register_member` words it (`privacy.cccd_in_use` / `card_in_use`).
    """
    today = timezone.localdate()
    errors: list[tuple[int, str]] = []
    for i, row in enumerate(rows):
        row.member.compute_derived()
        errors.extend((i, msg) for msg in _row_problems(row, today))
    for attr, label, in_use in (
        ("cccd", _("citizen ID (CCCD)"), cccd_in_use),
        ("party_card_number", _("party card number"), card_in_use),
    ):
        first_row: dict[str, int] = {}
        for i, row in enumerate(rows):
            value = getattr(row.member, attr)
            if not value:
                continue
            if value in first_row:
                errors.append(
                    (
                        i,
                        _("The %(label)s %(value)s repeats row %(row)d.")
                        % {"label": label, "value": value, "row": first_row[value] + 1},
                    )
                )
            else:
                first_row[value] = i
        values = list(first_row)
        for chunk in _chunks(values, _IN_CHUNK):
            taken = Member.objects.filter(**{f"{attr}__in": chunk}).select_related("organization")
            for holder in taken:
                errors.append((first_row[getattr(holder, attr)], in_use(actor, holder)))
    errors.sort(key=lambda e: e[0])
    return errors


def bulk_load_members(
    rows: Iterable[MemberRow],
    *,
    actor=None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    validate: bool = True,
    history: bool = True,
    change_reason: str = "",
) -> list[Member]:
    """Create members with their placements and membership events, in one transaction.

    - `rows`: `MemberRow`s (the record plus its placement log and events).
    - `actor`: the user recorded on events without one and on the history records.
    - `validate`: run `check_rows` first and raise `BulkLoadError` (nothing written) on any
      problem. Turn it off only for rows already checked by the caller.
    - `history`: write one django-simple-history "created" record per member, in bulk.

    Derived fields (full name, sort key, folded search text) are computed here, since
    `bulk_create` bypasses `Member.save`. Returns the saved members, in row order.
    """
    rows = list(rows)
    if validate:
        problems = check_rows(rows, actor)
        if problems:
            raise BulkLoadError(problems)
    else:
        for row in rows:
            row.member.compute_derived()
    members = [row.member for row in rows]
    with transaction.atomic():
        if history:
            saved = bulk_create_with_history(
                members,
                Member,
                batch_size=batch_size,
                default_user=actor,
                default_change_reason=change_reason,
            )
        else:
            saved = Member.objects.bulk_create(members, batch_size=batch_size)
        if saved and saved[0].pk is None:
            raise RuntimeError("bulk_load_members needs a database that returns inserted ids")
        placements: list[Placement] = []
        events: list[MembershipEvent] = []
        for row in rows:
            for p in row.placements:
                p.member = row.member
                placements.append(p)
            for ev in row.events:
                ev.member = row.member
                if ev.actor_id is None and actor is not None:
                    ev.actor = actor
                events.append(ev)
        Placement.objects.bulk_create(placements, batch_size=batch_size)
        record_events(events, batch_size=batch_size)
    return members


def copy_load_members(
    rows: Sequence[MemberRow],
    *,
    actor=None,
    change_reason: str = "",
    history: bool = True,
    validate: bool = True,
) -> list[Member]:
    """`bulk_load_members` at COPY speed (PostgreSQL COPY, SQLite executemany): the members
    (ids set on the instances), their history, placements and events. `validate`: the same
    `check_rows` first (`BulkLoadError`, nothing written); off only for rows already checked,
    e.g. the generated national demo."""
    rows = list(rows)
    with transaction.atomic():
        if validate:
            problems = check_rows(rows, actor)
            if problems:
                raise BulkLoadError(problems)
        return bulk_copy.copy_rows(rows, actor=actor, change_reason=change_reason, history=history)
