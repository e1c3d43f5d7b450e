"""COPY-speed loading of members: record tuples instead of model instances.

`coso.members.services.bulk.bulk_load_members` builds Member instances and goes through `bulk_create`:
right for the bloc demo, too slow for a national load (5.6 million members) or for an import
that must keep pace with the spreadsheet reader. The functions here take plain tuples in
`RECORD_FIELDS` order and write them with `coso.core.db.fastload` (PostgreSQL COPY, SQLite
executemany), with the same rows `bulk_load_members` writes: the member with its derived
columns, its django-simple-history record, its placements and its membership events. They are
re-exported by `coso.members.services.bulk`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.audit import ConcurrentEditError
from coso.core.db.fastload import TableWriter, allocate_ids, id_filter
from coso.core.text import SORT_KEY_MAX_LENGTH, search_words
from coso.core.text import component_key as text_component_key
from coso.members.choices import EventKind, MemberStatus, PlacementKind
from coso.members.models import Member, Placement
from coso.members.services.events import copy_events, derive_events
from coso.members.services.registry import EDITABLE_FIELDS

RECORD_FIELDS: list[str] = list(EDITABLE_FIELDS)
_I = {name: i for i, name in enumerate(RECORD_FIELDS)}


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return fold_words(word)


@lru_cache(maxsize=1 << 16)
def component_key(part: str) -> str:
    # name_sort_key(family, middle, given) is the concatenation of the three components'
    # keys (given, family, middle); caching one component at a time is exact
    return text_component_key(part)


def fold_words(text: str) -> str:
    return " ".join(search_words(text))


def _fold_text(text: str) -> str:
    return " ".join([f for w in text.split() if (f := _fold_word(w))])


_FAMILY, _MIDDLE, _GIVEN, _OTHER, _CCCD, _CARD = (
    _I["family_name"], _I["middle_name"], _I["given_name"], _I["other_names"], _I["cccd"],
    _I["party_card_number"],
)  # fmt: skip


def _squeeze(text: str | None) -> str:
    """Whitespace collapsed as `Member.compute_derived` does (cheap when already clean)."""
    if not text:
        return ""
    if "  " in text or text[0].isspace() or text[-1].isspace() or "\t" in text or "\n" in text:
        return " ".join(text.split())
    return text


def derived_values(record: Sequence) -> tuple[str, str, str, str, str, str]:
    """(family, middle, given, full_name, sort_key, search_text) as `Member.compute_derived`
    computes them, with the per-word work cached (names repeat a lot)."""
    family = _squeeze(record[_FAMILY])
    middle = _squeeze(record[_MIDDLE])
    given = _squeeze(record[_GIVEN])
    full_name = " ".join([p for p in (family, middle, given) if p])
    sort_key = (component_key(given) + component_key(family) + component_key(middle))[
        :SORT_KEY_MAX_LENGTH
    ]
    parts = [_fold_text(full_name)]
    other = record[_OTHER]
    if other:
        parts.append(_fold_text(other))
    for number in (record[_CCCD], record[_CARD]):
        if number:
            # numbers are unique: a plain one is its own word; others are folded (not cached)
            parts.append(
                number.lower() if number.isascii() and number.isalnum() else fold_words(number)
            )
    search_text = " ".join([p for p in parts if p])[:400]
    return family, middle, given, full_name, sort_key, search_text


def _member_columns() -> list[str]:
    names = ["family_name", "middle_name", "given_name"]
    return [
        "id",
        *names,
        *(f for f in RECORD_FIELDS if f not in names and f != "other_names"),
        "other_names",
        "full_name",
        "sort_key",
        "search_text",
        "organization_id",
        "status",
        "version",
    ]


def _history_columns() -> list[str]:
    return [c for c in _member_columns() if c not in ("sort_key", "search_text")] + [
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]


_NAME_PARTS = ("family_name", "middle_name", "given_name", "other_names")
_REST = [_I[f] for f in RECORD_FIELDS if f not in _NAME_PARTS]
_REST_CCCD = [f for f in RECORD_FIELDS if f not in _NAME_PARTS].index("cccd")
_REST_CARD = [f for f in RECORD_FIELDS if f not in _NAME_PARTS].index("party_card_number")


def _member_tuple(member_id, record, organization_id, status, version) -> tuple:
    """One members_member row in `_member_columns()` order, derived columns computed."""
    family, middle, given, full_name, sort_key, search_text = derived_values(record)
    rest = [record[i] for i in _REST]
    if not rest[_REST_CCCD]:
        rest[_REST_CCCD] = None  # unique columns store NULL, never ""
    if not rest[_REST_CARD]:
        rest[_REST_CARD] = None
    other = " ".join((record[_I["other_names"]] or "").split())
    return (member_id, family, middle, given, *rest, other, full_name, sort_key, search_text,
            organization_id, status, version)  # fmt: skip


_MEMBER_COLS_INDEX = {c: i for i, c in enumerate(_member_columns())}
_HISTORY_DROP = (_MEMBER_COLS_INDEX["sort_key"], _MEMBER_COLS_INDEX["search_text"])


def _history_tuple(member_row: tuple, reason: str, kind: str, user_id) -> tuple:
    s, t = _HISTORY_DROP
    return (*member_row[:s], *member_row[t + 1 :], reason, kind, user_id)


@dataclass(slots=True)
class Departure:
    """How a member entered with a status of one who left (`REMOVAL_STATUS`) left: what
    `remove_member` records. `kind` is the removal event's kind, `date` the leaving date,
    `reason` a `LeavingReason` (or "")."""

    kind: str
    date: dt.date
    document_number: str = ""
    reason: str = ""


@dataclass(slots=True)
class NewMember:
    """A member to register: a record tuple (`RECORD_FIELDS` order), where and since when;
    `left` for a member who has already left (status one of `REMOVAL_STATUS`'s)."""

    record: Sequence
    organization_id: int
    status: str = MemberStatus.OFFICIAL
    active_from: dt.date | None = None
    left: Departure | None = None


def copy_register_members(
    rows: Sequence[NewMember],
    *,
    actor_id: int | None = None,
    change_reason: str = "",
    note: str = "",
    event_kind: str = EventKind.REGISTERED,
    progress: Callable[[int], None] | None = None,
    chunk: int = 5000,
) -> list[int]:
    """Register members as `register_member` does, at COPY speed, in the caller's transaction.

    Each member gets its record (derived columns computed here), a django-simple-history
    "created" record with `change_reason`, one open official placement in its organization
    from `active_from` (default: admission date, else today) and one `event_kind` event.
    A member who has already left (`NewMember.left`) gets what `register_member` followed by
    `remove_member` leave: the placement closed on the leaving date (none without a start:
    no `active_from` nor admission date), the `event_kind` event and the departure's event
    (`_register_departed`). Rows must already be validated (see `coso.imports.planning`).
    Returns the new ids.
    `progress(n)` is called after every `chunk` members with the number written so far.
    """
    if not rows:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("copy_register_members must run inside a transaction")
    now = timezone.now()
    today = timezone.localdate()
    ids = allocate_ids(Member, len(rows))
    members = TableWriter(Member, _member_columns(), now=now)
    histories = TableWriter(
        Member.history.model,
        _history_columns(),
        constants={"history_date": now, "created_at": now},
        now=now,
    )
    placements = TableWriter(
        Placement,
        ["member_id", "organization_id", "valid_from"],
        constants={"kind": PlacementKind.OFFICIAL, "valid_to": None},
        now=now,
    )
    admitted = _I["admitted_on"]
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        part_ids = ids[start : start + len(part)]
        member_rows = [
            _member_tuple(part_ids[i], r.record, r.organization_id, r.status, 1)
            for i, r in enumerate(part)
        ]
        members.write(member_rows)
        if any(r.left is not None for r in part):
            gone = [i for i, r in enumerate(part) if r.left is not None]
            histories.write(
                _history_tuple(member_rows[i], change_reason, "+", actor_id) for i in gone
            )
            _register_departed(
                [(part_ids[i], part[i]) for i in gone],
                now=now, actor_id=actor_id, event_kind=event_kind, note=note,
            )  # fmt: skip
            stay = [i for i, r in enumerate(part) if r.left is None]
            part = [part[i] for i in stay]
            part_ids = [part_ids[i] for i in stay]
            member_rows = [member_rows[i] for i in stay]
        if part and any(r.active_from for r in part):
            histories.write(_history_tuple(m, change_reason, "+", actor_id) for m in member_rows)
            starts = [r.active_from or r.record[admitted] or today for r in part]
            placements.write(
                (part_ids[i], r.organization_id, starts[i]) for i, r in enumerate(part)
            )
            copy_events(
                (part_ids[i], event_kind, starts[i], "", None, r.organization_id, note, actor_id)
                for i, r in enumerate(part)
            )
        elif part:
            # history, placement and event follow from the member rows just written: the
            # database copies them over (INSERT ... SELECT), no Python per row
            _derive_rows(part_ids, now=now, today=today, actor_id=actor_id,
                         change_reason=change_reason, history_type="+", event_kind=event_kind,
                         note=note)  # fmt: skip
        del member_rows
        if progress:
            progress(min(start + chunk, len(rows)))
    return list(ids)


def _register_departed(
    rows: Sequence[tuple[int, NewMember]],
    *,
    now: dt.datetime,
    actor_id: int | None,
    event_kind: str,
    note: str,
) -> None:
    """The placement and events of members entered after they left (their member and history
    rows are written): an official placement in the member's organization from `active_from`
    (else the admission date) closed on the leaving date (`valid_to` is exclusive, as
    `remove_member` closes it), none without a start; the `event_kind` event from that start
    (else the leaving date) and the departure's event with its decision and reason."""
    admitted = _I["admitted_on"]
    starts = [(r.active_from or r.record[admitted]) for _id, r in rows]
    TableWriter(
        Placement,
        ["member_id", "organization_id", "valid_from", "valid_to"],
        constants={"kind": PlacementKind.OFFICIAL},
        now=now,
    ).write(
        (member_id, r.organization_id, start, r.left.date)
        for (member_id, r), start in zip(rows, starts, strict=True)
        if start is not None
    )
    events = []
    for (member_id, r), start in zip(rows, starts, strict=True):
        org, left = r.organization_id, r.left
        events.append(
            (member_id, event_kind, start or left.date, "", None, org, note, actor_id, "")
        )
        events.append((member_id, left.kind, left.date, left.document_number, org, None, note,
                       actor_id, left.reason))  # fmt: skip
    copy_events(events, now=now, with_reason=True)


def _derive_rows(
    ids: Sequence[int],
    *,
    now: dt.datetime,
    today: dt.date,
    actor_id,
    change_reason: str,
    history_type: str,
    event_kind: str | None = None,
    note: str = "",
) -> None:
    """Write, from the members_member rows of `ids` as they now are, one history record each
    and, with `event_kind`, one open official placement and one event each (from the
    admission date, else today)."""
    conn = transaction.get_connection()
    qn = conn.ops.quote_name
    where, where_params = id_filter(ids, conn)
    member_table = qn(Member._meta.db_table)
    member_columns = {f.attname for f in Member._meta.concrete_fields}
    when = conn.ops.adapt_datetimefield_value(now) if conn.vendor == "sqlite" else now
    day = today.isoformat() if conn.vendor == "sqlite" else today
    # history: every historical column from the member row, plus who, when and why
    history = Member.history.model
    targets, exprs, params = [], [], []
    for f in history._meta.concrete_fields:
        if f.attname == "history_id":
            continue
        targets.append(qn(f.column))
        if f.attname in member_columns:
            exprs.append(qn(Member._meta.get_field(f.attname).column))
        else:
            value = {
                "history_date": when,
                "history_change_reason": change_reason,
                "history_type": history_type,
                "history_user_id": actor_id,
            }[f.attname]
            exprs.append("%s")
            params.append(value)
    with conn.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(targets)}) "
            f"SELECT {', '.join(exprs)} FROM {member_table} WHERE {where}",
            [*params, *where_params],
        )
        if event_kind is None:
            return
        start = f"COALESCE({qn('admitted_on')}, %s)"
        cursor.execute(
            f"INSERT INTO {qn(Placement._meta.db_table)} "
            f"({qn('member_id')}, {qn('organization_id')}, {qn('kind')}, {qn('valid_from')}, "
            f"{qn('valid_to')}) SELECT {qn('id')}, {qn('organization_id')}, %s, {start}, NULL "
            f"FROM {member_table} WHERE {where}",
            [PlacementKind.OFFICIAL, day, *where_params],
        )
    derive_events(ids, kind=event_kind, day=today, note=note, actor_id=actor_id, now=now)


@dataclass(slots=True)
class ChangedMember:
    """An existing member whose registry fields change: the full new record tuple."""

    member_id: int
    expected_version: int
    record: Sequence
    organization_id: int
    status: str
    created_at: dt.datetime


def copy_update_members(
    rows: Sequence[ChangedMember],
    *,
    actor_id: int | None = None,
    change_reason: str = "",
    progress: Callable[[int], None] | None = None,
    chunk: int = 2000,
) -> int:
    """Write new registry values of existing members, in the caller's transaction.

    Each row bumps the member's version (optimistic locking: a member saved by someone else
    since it was read makes the whole call fail with `ConcurrentEditError`) and gets a
    django-simple-history "changed" record with `change_reason`. Returns the rows updated.
    """
    if not rows:
        return 0
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("copy_update_members must run inside a transaction")
    now = timezone.now()
    columns = _member_columns()[1:]  # without id
    qn = conn.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in columns if c != "version")
    sql = (
        f"UPDATE {qn(Member._meta.db_table)} SET {sets}, {qn('version')} = %s, "
        f"{qn('updated_at')} = %s WHERE {qn('id')} = %s AND {qn('version')} = %s"
    )
    when = conn.ops.adapt_datetimefield_value(now)
    histories = TableWriter(
        Member.history.model,
        [*_history_columns(), "created_at"],
        constants={"history_date": now},
        now=now,
    )
    version_i = _MEMBER_COLS_INDEX["version"]
    date_cols = [
        i - 1
        for i, c in enumerate(_member_columns())
        if c in ("birth_date", "admitted_on", "recognized_on")
    ]
    updated = 0
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        member_rows = [
            _member_tuple(
                r.member_id, r.record, r.organization_id, r.status, r.expected_version + 1
            )
            for r in part
        ]
        params = []
        for m, r in zip(member_rows, part, strict=True):
            values = list(m[1:])
            if conn.vendor == "sqlite":
                for i in date_cols:
                    values[i] = values[i].isoformat() if values[i] is not None else None
            del values[version_i - 1]
            params.append((*values, r.expected_version + 1, when, r.member_id, r.expected_version))
        with conn.cursor() as cursor:
            cursor.executemany(sql, params)
            count = cursor.rowcount
        if count != len(part):
            raise ConcurrentEditError(
                _(
                    "Someone else changed some of these members while the import was running. "
                    "Check the file again and re-run the import."
                )
            )
        updated += count
        histories.write(
            (*_history_tuple(m, change_reason, "~", actor_id), r.created_at)
            for m, r in zip(member_rows, part, strict=True)
        )
        if progress:
            progress(start + len(part))
    return updated


def copy_rows(
    rows: Sequence,
    *,
    actor=None,
    change_reason: str = "",
    history: bool = True,
) -> list[Member]:
    """Write checked `services.bulk.MemberRow`s at COPY speed (PostgreSQL COPY, SQLite
    executemany): the members (ids set on the instances), their history, placements and
    events. The checks are the caller's: `services.bulk.copy_load_members`."""
    rows = list(rows)
    if not rows:
        return []
    now = timezone.now()
    actor_id = getattr(actor, "pk", actor)
    with transaction.atomic():
        ids = allocate_ids(Member, len(rows))
        member_rows = []
        for member_id, row in zip(ids, rows, strict=True):
            m = row.member
            m.pk = member_id
            record = [getattr(m, f) for f in RECORD_FIELDS]
            member_rows.append(_member_tuple(member_id, record, m.organization_id, m.status, 1))
        TableWriter(Member, _member_columns(), now=now).write(member_rows)
        if history:
            TableWriter(
                Member.history.model,
                _history_columns(),
                constants={"history_date": now, "created_at": now},
                now=now,
            ).write(_history_tuple(m, change_reason, "+", actor_id) for m in member_rows)
        del member_rows
        TableWriter(
            Placement, ["member_id", "organization_id", "kind", "valid_from", "valid_to"], now=now
        ).write(
            (row.member.pk, p.organization_id, p.kind, p.valid_from, p.valid_to)
            for row in rows
            for p in row.placements
        )
        copy_events(
            (row.member.pk, ev.kind, ev.date, ev.document_number, ev.from_organization_id,
             ev.to_organization_id, ev.note, ev.actor_id or actor_id)
            for row in rows
            for ev in row.events
        )  # fmt: skip
    return [row.member for row in rows]
