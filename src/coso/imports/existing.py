"""Checking a member file, step 2: the rows against the registry and the tree.

The organizations (one query per ~900 codes), the CCCD and party card numbers repeated in the
file, and the existing members matched by CCCD and then by party card number (one query per
~900 numbers): each row is found new, matched (with the record the import would store, the
file's values over the registry's, and the fields that change), or refused with a message
naming its column. A number that belongs to a member the user may not see is worded last, by
`members.privacy` (whose office to ask). Nothing is written and no rule of the record is run
here: `leavers` and `rowchecks` check the rows next, `plan` puts the plan together;
`planning.plan_member_import` runs the steps in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from coso.accounts.scope import scope_paths
from coso.members.choices import ACTIVE_STATUSES, MemberStatus
from coso.members.models import Member
from coso.members.privacy import number_in_use
from coso.orgs.models import Organization

from .columns import FIELD_INDEX, ROW_FIELDS, Errors, at, column_label
from .convert import ConvertedRow

#: fields stored as NULL when empty (the others store "")
NULLABLE = {f for f in ROW_FIELDS if Member._meta.get_field(f).null}
#: blank cell in a new row: the model's default; in a matched row: the registry's value
MODEL_DEFAULTS = {"ethnicity": "Kinh"}


def _in_chunk() -> int:
    return 900 if connection.vendor == "sqlite" else 10_000


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class Scope:
    """Where rows may go: the user's editing scope, within the chosen organization's subtree."""

    def __init__(self, user=None, root: Organization | None = None):
        self.user = user
        self.user_paths = None if user is None else scope_paths(user, edit=True)
        self.root_path = root.path if root is not None else None

    def allows(self, path: str) -> bool:
        if self.root_path is not None and not path.startswith(self.root_path):
            return False
        if self.user_paths is None:
            return True
        return any(path.startswith(p) for p in self.user_paths)


# --- organizations and existing members (set-based queries) --------------------------------


def _organizations(codes: set[str]) -> dict[str, tuple[int, str, bool]]:
    found: dict[str, tuple[int, str, bool]] = {}
    for chunk in _chunks(sorted(codes), _in_chunk()):
        for pk, code, path, dissolved in Organization.objects.filter(code__in=chunk).values_list(
            "pk", "code", "path", "dissolved_on"
        ):
            found[code] = (pk, path, dissolved is not None)
    return found


EXISTING = [
    "id", "version", "organization_id", "organization__path", "organization__code", "status",
    "full_name", "created_at", *ROW_FIELDS,
]  # fmt: skip
E = {name: i for i, name in enumerate(EXISTING)}


def _taken(attr: str, values: set[str]) -> list[str]:
    """Which of `values` some member already has in `attr`: plain SQL on the unique index,
    one statement per chunk (most imported rows are new, so this is usually empty)."""
    table = connection.ops.quote_name(Member._meta.db_table)
    column = connection.ops.quote_name(Member._meta.get_field(attr).column)
    taken: list[str] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(sorted(values), _in_chunk()):
            if connection.vendor == "postgresql":  # one array parameter, not 10,000
                sql = f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)"
                params = [list(chunk)]
            else:
                sql = f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})"
                params = list(chunk)
            cursor.execute(sql, params)
            taken.extend(r[0] for r in cursor.fetchall())
    return taken


def _existing(attr: str, values: set[str], *, lock: bool) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for chunk in _chunks(_taken(attr, values), _in_chunk()):
        qs = Member.objects.filter(**{f"{attr}__in": chunk})
        if lock and connection.vendor == "postgresql":
            qs = qs.select_for_update(of=("self",))
        for row in qs.values_list(*EXISTING):
            found[row[E[attr]]] = row
    return found


# --- the rows against the registry -----------------------------------------------------------


@dataclass
class Update:
    """A matched row: the member's values as read (`EXISTING` order), the record the import
    would store and the fields that change, as (key, registry's value, file's value)."""

    existing: tuple
    record: list
    changes: list[tuple[str, object, object]]


@dataclass
class Matches:
    """What `match_rows` found: the organizations by code, the rows that match no member
    (`new`, indexes), the matched rows (`updates`, by index, in row order; those whose record
    would not change included), the ids of the members read who have left (`left_ids`), and
    the messages of the rows refused here (organizations, repeats, matches, in that order)."""

    orgs: dict[str, tuple[int, str, bool]]
    new: list[int] = field(default_factory=list)
    updates: dict[int, Update] = field(default_factory=dict)
    left_ids: list[int] = field(default_factory=list)
    errors: Errors = field(default_factory=dict)


def _check_organizations(
    rows: list[ConvertedRow], orgs: dict[str, tuple[int, str, bool]], scope: Scope, errors: Errors
) -> None:
    """Each row's organization exists, is open, and lies in scope."""
    for i, row in enumerate(rows):
        if not row.org_code:
            continue
        org = orgs.get(row.org_code)
        if org is None:
            problem = _("No organization has the code %(code)s.")
        elif not scope.allows(org[1]):
            problem = _(
                "The organization %(code)s is outside the part of the tree you may import into."
            )
        elif org[2]:
            problem = _("The organization %(code)s has been dissolved.")
        else:
            continue
        errors.setdefault(i, []).append(at("organization_code", problem % {"code": row.org_code}))


def _check_repeats(rows: list[ConvertedRow], errors: Errors) -> set[int]:
    """A CCCD or party card number that stands twice in the file; returns the rows that
    repeat an earlier one."""
    repeated: set[int] = set()
    for attr in ("cccd", "party_card_number"):
        idx, label = FIELD_INDEX[attr], Member._meta.get_field(attr).verbose_name
        first: dict[str, int] = {}
        for i, row in enumerate(rows):
            value = row.record[idx]
            if not value:
                continue
            if value in first:
                repeated.add(i)
                errors.setdefault(i, []).append(
                    at(
                        attr,
                        _("The %(label)s %(value)s repeats row %(row)d.")
                        % {"label": label, "value": value, "row": rows[first[value]].number},
                    )
                )
            else:
                first[value] = i
    return repeated


def _match_problem(row: ConvertedRow, existing: tuple) -> str | None:
    """A row matching a member it may not change: another organization, another status."""
    if row.org_code and row.org_code != existing[E["organization__code"]]:
        return at(
            "organization_code",
            _(
                "This member belongs to %(code)s. Moving a member to another organization is a "
                "transfer, made on the member's page."
            )
            % {"code": existing[E["organization__code"]]},
        )
    if row.status and row.status != existing[E["status"]]:
        return at(
            "status",
            _(
                "The status differs from the registry (%(status)s). Status changes need a "
                "decision and are made on the member's page."
            )
            % {"status": MemberStatus(existing[E["status"]]).label},
        )
    return None


def _update(row: ConvertedRow, existing: tuple, present: set[str]) -> Update:
    """The record a matched row would store: the registry's values, with the file's in the
    columns it has (a blank ethnicity keeps the registry's value)."""
    record = [existing[E[f]] for f in ROW_FIELDS]
    changes: list[tuple[str, object, object]] = []
    name_parts = ("family_name", "middle_name", "given_name")
    if "full_name" in present and not set(name_parts) & present:
        # one "full name" column: compare it whole, so a compound given or family name the
        # registry split differently is not a change
        if row.full_name != existing[E["full_name"]]:
            for f in name_parts:
                record[FIELD_INDEX[f]] = row.record[FIELD_INDEX[f]]
            changes.append(("full_name", existing[E["full_name"]], row.full_name))
        skip = set(name_parts)
    else:
        skip = set()
    for f in ROW_FIELDS:
        if f in skip or f not in present:
            continue
        new = row.record[FIELD_INDEX[f]]
        old = record[FIELD_INDEX[f]]
        if f in MODEL_DEFAULTS and not new:
            continue  # a blank ethnicity keeps the registry's value
        if (old if old != "" else None) == (new if new != "" else None):
            continue
        if new is None and f not in NULLABLE:
            new = ""
        record[FIELD_INDEX[f]] = new
        changes.append((f, old, new))
    return Update(existing, record, changes)


def _match_rows(
    rows: list[ConvertedRow], present: set[str], scope: Scope, matches: Matches, *, lock: bool
) -> list[tuple]:
    """Existing members, by CCCD then by party card number: a matched row becomes an update
    of `matches`; the others are noted in `matches.new`. Returns the refusals that name a
    member's number, to be worded by `_word_numbers_in_use`: (index, the member or the
    two members, the row's CCCD and card number)."""
    repeated = _check_repeats(rows, matches.errors)
    cccd_i, card_i = FIELD_INDEX["cccd"], FIELD_INDEX["party_card_number"]
    by_cccd = _existing("cccd", {r.record[cccd_i] for r in rows if r.record[cccd_i]}, lock=lock)
    by_card = _existing(
        "party_card_number", {r.record[card_i] for r in rows if r.record[card_i]}, lock=lock
    )
    matches.left_ids = [
        e[E["id"]]
        for e in (*by_cccd.values(), *by_card.values())
        if e[E["status"]] not in ACTIVE_STATUSES
    ]
    errors = matches.errors
    in_use: list[tuple] = []
    matched_rows: dict[int, int] = {}  # member id -> row number
    for i, row in enumerate(rows):
        cccd, card = row.record[cccd_i], row.record[card_i]
        a = by_cccd.get(cccd) if cccd else None
        b = by_card.get(card) if card else None
        existing = a or b
        if a is not None and b is not None and a[0] != b[0]:
            in_use.append((i, (a, b), cccd, card))  # two members: worded below
            continue
        if existing is None:
            matches.new.append(i)  # `plan` checks it (rows with errors included)
            continue
        by = "cccd" if a is not None else "party_card_number"
        member_id = existing[0]
        if member_id in matched_rows:
            if i not in repeated:  # else said already: "... repeats row N"
                errors.setdefault(i, []).append(
                    at(
                        by,
                        _("This member is also in row %(row)d.") % {"row": matched_rows[member_id]},
                    )
                )
            continue
        matched_rows[member_id] = row.number
        if not scope.allows(existing[E["organization__path"]]):
            in_use.append((i, (existing,), cccd, card))  # outside the scope: worded below
            continue
        problem = _match_problem(row, existing)
        if problem:
            errors.setdefault(i, []).append(problem)
            continue
        matches.updates[i] = _update(row, existing, present)
    return in_use


def _word_numbers_in_use(in_use: list[tuple], scope: Scope, errors: Errors) -> None:
    """The refusals that name a member's number (`_match_rows`): precise only if the
    uploading user may see the member's record, else whose office to ask
    (`members.privacy.number_in_use`)."""

    def worded(existing: tuple, attr: str, precise: str) -> str:
        return number_in_use(
            scope.user,
            existing[E["organization__path"]],
            precise,
            label=str(Member._meta.get_field(attr).verbose_name),
            value=existing[E[attr]],
        )

    for i, members, cccd, card in in_use:
        if len(members) == 1:  # a member outside the part of the tree the user imports into
            (existing,) = members
            precise = _(
                "The citizen ID (CCCD) or party card number already belongs to a member "
                "outside the part of the tree you may import into."
            )
            by = "cccd" if cccd and cccd == existing[E["cccd"]] else "party_card_number"
            errors.setdefault(i, []).append(at(by, worded(existing, by, precise)))
            continue
        a, b = members
        precise = _(
            "The citizen ID (CCCD) %(cccd)s and the party card number %(card)s belong "
            "to two different members."
        ) % {"cccd": cccd, "card": card}
        message = worded(a, "cccd", precise)
        column = f"{column_label('cccd')}, {column_label('party_card_number')}"
        if message != precise:
            column = column_label("cccd")
        else:
            message = worded(b, "party_card_number", precise)
            if message != precise:
                column = column_label("party_card_number")
        errors.setdefault(i, []).append(f"{column}: {message}")


def match_rows(
    rows: list[ConvertedRow],
    present: set[str],
    *,
    user=None,
    organization: Organization | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    lock: bool = False,
) -> Matches:
    """The converted `rows` against the registry: their organizations (open, in `user`'s
    editing scope and `organization`'s subtree), the numbers repeated in the file, the members
    they match (locked with `lock` on PostgreSQL, when planning inside the transaction that
    applies the plan)."""
    scope = Scope(user, organization)
    if progress:
        progress("check", 0, len(rows))
    matches = Matches(orgs=_organizations({r.org_code for r in rows if r.org_code}))
    _check_organizations(rows, matches.orgs, scope, matches.errors)
    in_use = _match_rows(rows, present, scope, matches, lock=lock)
    if progress:
        progress("check", len(rows), len(rows))
    _word_numbers_in_use(in_use, scope, matches.errors)
    return matches
