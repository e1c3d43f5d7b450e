"""Checking a member file, step 3: the rows against the registry and the tree.

The organizations (one query per ~900 codes), the CCCD and party card numbers repeated in the
file, the existing members matched by CCCD and then by party card number (one query per ~900
numbers), and each row classified as new, updated (with the field-by-field changes),
unchanged or invalid (with all its messages, each naming its column: every check runs on
every row). Nothing is written. `planning.plan_member_import` runs the steps in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from coso.accounts.scope import scope_paths
from coso.members.choices import ACTIVE_STATUSES, MemberStatus, Sex
from coso.members.forms.member import province_name, ward_name
from coso.members.models import Member
from coso.members.privacy import number_in_use
from coso.members.services import ChangedMember, NewMember
from coso.orgs.models import Organization

from .columns import FIELD_INDEX, ROW_FIELDS, column_label
from .convert import ConvertedRow
from .leavers import departure, departure_changes, recorded_departures
from .rowchecks import Errors, at, rule_messages

#: changes and errors kept in the preview shown on the page (the counts are always complete)
PREVIEW_LIMIT = 500

#: fields stored as NULL when empty (the others store "")
_NULLABLE = {f for f in ROW_FIELDS if Member._meta.get_field(f).null}
_MODEL_DEFAULTS = {"ethnicity": "Kinh"}  # blank cell in a new row: the model's default
_ETHNICITY, _RELIGION = FIELD_INDEX["ethnicity"], FIELD_INDEX["religion"]


def _in_chunk() -> int:
    return 900 if connection.vendor == "sqlite" else 10_000


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class RowChange:
    row: int
    member_id: int
    full_name: str
    changes: list[tuple[str, str, str]]  # (field label, old, new)


@dataclass
class ImportPlan:
    """What importing a file would do. `new` and `changed` are ready for the writers."""

    filename: str
    sheet_name: str
    kind: str
    total: int = 0
    new: list[NewMember] = field(default_factory=list)
    new_rows: list[int] = field(default_factory=list)
    changed: list[ChangedMember] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    #: the template's example rows, left out (`reader.Table.examples`)
    examples: list[int] = field(default_factory=list)

    @property
    def invalid(self) -> int:
        return len(self.errors)

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "new": len(self.new),
            "updated": len(self.changed),
            "unchanged": self.unchanged,
            "invalid": self.invalid,
        }

    def preview(self) -> dict[str, Any]:
        """A JSON-able summary for the page: counts, the first errors and changes."""
        return {
            **self.counts(),
            "sheet_name": self.sheet_name,
            "ignored_headers": self.ignored_headers,
            "examples": self.examples,
            "errors": [[e.row, e.messages] for e in self.errors[:PREVIEW_LIMIT]],
            "changes": [
                [c.row, c.full_name, [list(x) for x in c.changes]]
                for c in self.changes[:PREVIEW_LIMIT]
            ],
        }


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


# --- step 3: organizations and existing members (set-based queries) -------------------------


def _organizations(codes: set[str]) -> dict[str, tuple[int, str, bool]]:
    found: dict[str, tuple[int, str, bool]] = {}
    for chunk in _chunks(sorted(codes), _in_chunk()):
        for pk, code, path, dissolved in Organization.objects.filter(code__in=chunk).values_list(
            "pk", "code", "path", "dissolved_on"
        ):
            found[code] = (pk, path, dissolved is not None)
    return found


_EXISTING = [
    "id", "version", "organization_id", "organization__path", "organization__code", "status",
    "full_name", "created_at", *ROW_FIELDS,
]  # fmt: skip
_E = {name: i for i, name in enumerate(_EXISTING)}


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
        for row in qs.values_list(*_EXISTING):
            found[row[_E[attr]]] = row
    return found


# --- showing values in the preview -----------------------------------------------------------


def _show(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if name == "sex":
        return str(dict(Sex.choices).get(value, value))
    if name.endswith("_province"):
        return province_name(value)
    if name.endswith("_ward"):
        return ward_name(value)
    return str(value)


# --- the plan --------------------------------------------------------------------------------


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


def _match_existing(
    plan: ImportPlan,
    rows: list[ConvertedRow],
    present: set[str],
    scope: Scope,
    errors: Errors,
    repeated: set[int],
    *,
    lock: bool,
) -> None:
    """Existing members, by CCCD then by party card number: each matched row is planned as
    an update (or unchanged); the others are noted in `plan.new_rows` (indexes)."""
    cccd_i, card_i = FIELD_INDEX["cccd"], FIELD_INDEX["party_card_number"]
    by_cccd = _existing("cccd", {r.record[cccd_i] for r in rows if r.record[cccd_i]}, lock=lock)
    by_card = _existing(
        "party_card_number", {r.record[card_i] for r in rows if r.record[card_i]}, lock=lock
    )
    recorded = recorded_departures(
        e[_E["id"]]
        for e in (*by_cccd.values(), *by_card.values())
        if e[_E["status"]] not in ACTIVE_STATUSES
    )
    matched_rows: dict[int, int] = {}  # member id -> row number
    for i, row in enumerate(rows):
        cccd, card = row.record[cccd_i], row.record[card_i]
        a = by_cccd.get(cccd) if cccd else None
        b = by_card.get(card) if card else None
        existing = a or b
        if a is not None and b is not None and a[0] != b[0]:
            precise = _(
                "The citizen ID (CCCD) %(cccd)s and the party card number %(card)s belong "
                "to two different members."
            ) % {"cccd": cccd, "card": card}
            message = _in_use(scope, a, "cccd", precise)
            column = f"{column_label('cccd')}, {column_label('party_card_number')}"
            if message != precise:
                column = column_label("cccd")
            else:
                message = _in_use(scope, b, "party_card_number", precise)
                if message != precise:
                    column = column_label("party_card_number")
            errors.setdefault(i, []).append(f"{column}: {message}")
            continue
        if existing is None:
            plan.new_rows.append(i)  # `_plan_new` checks it (rows with errors included)
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
        problem = _match_problem(row, existing, scope)
        if problem:
            errors.setdefault(i, []).append(problem)
            continue
        changed_departure = departure_changes(row, member_id, recorded, present)
        if changed_departure:
            errors.setdefault(i, []).extend(changed_departure)
            continue
        if i not in errors:
            _plan_update(plan, i, row, existing, present, errors)


def _plan_new(
    plan: ImportPlan,
    rows: list[ConvertedRow],
    orgs: dict[str, tuple[int, str, bool]],
    present: set[str],
    errors: Errors,
) -> None:
    """The new members, with blanks as the model stores them; a member who has left with
    the departure of the row (`leavers.departure`)."""
    not_null_absent = [FIELD_INDEX[f] for f in ROW_FIELDS if f not in _NULLABLE]
    religion_absent = "religion" not in present
    for i in plan.new_rows:
        row = rows[i]
        status = row.status or MemberStatus.OFFICIAL
        if i in errors:
            continue
        record = row.record
        if not record[_ETHNICITY]:
            record[_ETHNICITY] = _MODEL_DEFAULTS["ethnicity"]
        for j in not_null_absent:
            if record[j] is None:
                record[j] = ""
        if religion_absent:
            record[_RELIGION] = "Không"  # the model's default
        plan.new.append(
            NewMember(record, orgs[row.org_code][0], status, left=departure(row, status))
        )


def _in_use(scope: Scope, existing: tuple, attr: str, precise: str) -> str:
    """`members.privacy.number_in_use` for a matched member: `precise` only if the uploading
    user may see the member's record, else whose office to ask."""
    return number_in_use(
        scope.user,
        existing[_E["organization__path"]],
        precise,
        label=str(Member._meta.get_field(attr).verbose_name),
        value=existing[_E[attr]],
    )


def _match_problem(row: ConvertedRow, existing: tuple, scope: Scope) -> str | None:
    if not scope.allows(existing[_E["organization__path"]]):
        precise = _(
            "The citizen ID (CCCD) or party card number already belongs to a member outside "
            "the part of the tree you may import into."
        )
        cccd = row.record[FIELD_INDEX["cccd"]]
        by = "cccd" if cccd and cccd == existing[_E["cccd"]] else "party_card_number"
        return at(by, _in_use(scope, existing, by, precise))
    if row.org_code and row.org_code != existing[_E["organization__code"]]:
        return at(
            "organization_code",
            _(
                "This member belongs to %(code)s. Moving a member to another organization is a "
                "transfer, made on the member's page."
            )
            % {"code": existing[_E["organization__code"]]},
        )
    if row.status and row.status != existing[_E["status"]]:
        return at(
            "status",
            _(
                "The status differs from the registry (%(status)s). Status changes need a "
                "decision and are made on the member's page."
            )
            % {"status": MemberStatus(existing[_E["status"]]).label},
        )
    return None


def _plan_update(
    plan: ImportPlan,
    i: int,
    row: ConvertedRow,
    existing: tuple,
    present: set[str],
    errors: dict[int, list[str]],
) -> None:
    record = [existing[_E[f]] for f in ROW_FIELDS]
    changes: list[tuple[str, str, str]] = []
    name_parts = ("family_name", "middle_name", "given_name")
    if "full_name" in present and not set(name_parts) & present:
        # one "full name" column: compare it whole, so a compound given or family name the
        # registry split differently is not a change
        if row.full_name != existing[_E["full_name"]]:
            for f in name_parts:
                record[FIELD_INDEX[f]] = row.record[FIELD_INDEX[f]]
            changes.append((column_label("full_name"), existing[_E["full_name"]], row.full_name))
        skip = set(name_parts)
    else:
        skip = set()
    for f in ROW_FIELDS:
        if f in skip or f not in present:
            continue
        new = row.record[FIELD_INDEX[f]]
        old = record[FIELD_INDEX[f]]
        if f in _MODEL_DEFAULTS and not new:
            continue  # a blank ethnicity keeps the registry's value
        if (old if old != "" else None) == (new if new != "" else None):
            continue
        if new is None and f not in _NULLABLE:
            new = ""
        record[FIELD_INDEX[f]] = new
        changes.append((column_label(f), _show(f, old), _show(f, new)))
    if not changes:
        plan.unchanged += 1
        return
    status = existing[_E["status"]]
    problems = rule_messages(record, status)
    if problems:
        errors.setdefault(i, []).extend(problems)
        return
    plan.changed.append(
        ChangedMember(
            member_id=existing[_E["id"]],
            expected_version=existing[_E["version"]],
            record=record,
            organization_id=existing[_E["organization_id"]],
            status=status,
            created_at=existing[_E["created_at"]],
        )
    )
    plan.changes.append(
        RowChange(row.number, existing[_E["id"]], existing[_E["full_name"]], changes)
    )


def plan_rows(
    table,
    rows: list[ConvertedRow],
    errors: Errors,
    present: set[str],
    scope: Scope,
    *,
    filename: str = "",
    progress: Callable[[str, int, int], None] | None = None,
    lock: bool = False,
) -> ImportPlan:
    """The plan of the converted and checked `rows` of `table`: their organizations (open, in
    scope), the numbers repeated in the file, the members they match; `errors` gathers every
    row's messages."""
    plan = ImportPlan(
        filename=filename,
        sheet_name=table.sheet_name,
        kind=table.kind,
        ignored_headers=table.ignored_headers,
        present=sorted(present),
        total=len(rows),
    )
    if progress:
        progress("check", 0, len(rows))
    orgs = _organizations({r.org_code for r in rows if r.org_code})
    _check_organizations(rows, orgs, scope, errors)
    repeated = _check_repeats(rows, errors)
    _match_existing(plan, rows, present, scope, errors, repeated, lock=lock)
    if progress:
        progress("check", len(rows), len(rows))
    _plan_new(plan, rows, orgs, present, errors)
    plan.new_rows = [rows[i].number for i in plan.new_rows if i not in errors]
    plan.errors = [RowError(rows[i].number, msgs) for i, msgs in sorted(errors.items())]
    return plan
