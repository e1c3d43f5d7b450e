"""Checking a member file, step 5: the plan, what the import will do.

The checks before it (`convert`, `existing`, `leavers`, `rowchecks`) each gave their messages
by row; a row with any is invalid, with all its messages in the order of the checks. The
others are new members (`NewMember`, blanks as the model stores them, a member who has left
with the departure of the row) or matched members, changed (`ChangedMember`, with the
field-by-field changes shown in the preview) or unchanged. Nothing is written:
`services.import_members` writes a plan in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coso.members.choices import ACTIVE_STATUSES, REMOVAL_STATUS, MemberStatus, Sex
from coso.members.forms.member import province_name, ward_name
from coso.members.services import ChangedMember, Departure, NewMember

from .columns import FIELD_INDEX, ROW_FIELDS, Errors, column_label
from .convert import ConvertedRow
from .existing import MODEL_DEFAULTS, NULLABLE, E, Matches, Update

#: changes and errors kept in the preview shown on the page (the counts are always complete)
PREVIEW_LIMIT = 500
#: the removal event that leaves each status (`REMOVAL_STATUS` read backwards)
LEAVING_KIND = {status: kind for kind, status in REMOVAL_STATUS.items()}

_ETHNICITY, _RELIGION = FIELD_INDEX["ethnicity"], FIELD_INDEX["religion"]
_NO_DEPARTURE = (None, "", "")


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


def departure(row: ConvertedRow, status: str) -> Departure | None:
    """The departure of a checked row whose status is that of a member who left, else None."""
    if status in ACTIVE_STATUSES:
        return None
    left_on, reason, document = row.departure or _NO_DEPARTURE
    return Departure(LEAVING_KIND[status], left_on, document or "", reason or "")


def _plan_new(
    plan: ImportPlan,
    rows: list[ConvertedRow],
    matches: Matches,
    present: set[str],
    errors: Errors,
) -> None:
    """The new members, with blanks as the model stores them; a member who has left with
    the departure of the row (`departure`)."""
    not_null_absent = [FIELD_INDEX[f] for f in ROW_FIELDS if f not in NULLABLE]
    religion_absent = "religion" not in present
    for i in matches.new:
        row = rows[i]
        status = row.status or MemberStatus.OFFICIAL
        if i in errors:
            continue
        record = row.record
        if not record[_ETHNICITY]:
            record[_ETHNICITY] = MODEL_DEFAULTS["ethnicity"]
        for j in not_null_absent:
            if record[j] is None:
                record[j] = ""
        if religion_absent:
            record[_RELIGION] = "Không"  # the model's default
        plan.new.append(
            NewMember(record, matches.orgs[row.org_code][0], status, left=departure(row, status))
        )
        plan.new_rows.append(row.number)


def _show(name: str, value) -> str:
    """A value as the preview shows it."""
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


def _plan_update(plan: ImportPlan, row: ConvertedRow, update: Update) -> None:
    existing = update.existing
    plan.changed.append(
        ChangedMember(
            member_id=existing[E["id"]],
            expected_version=existing[E["version"]],
            record=update.record,
            organization_id=existing[E["organization_id"]],
            status=existing[E["status"]],
            created_at=existing[E["created_at"]],
        )
    )
    changes = [
        (column_label(f), old, new)  # the full name, as written
        if f == "full_name"
        else (column_label(f), _show(f, old), _show(f, new))
        for f, old, new in update.changes
    ]
    plan.changes.append(RowChange(row.number, existing[E["id"]], existing[E["full_name"]], changes))


def build_plan(
    table,
    rows: list[ConvertedRow],
    present: set[str],
    matches: Matches,
    checks: Sequence[Errors],
    *,
    filename: str = "",
) -> ImportPlan:
    """The plan of the checked `rows` of `table`: `checks` are the steps' messages by row, in
    the order of the steps; a row with none is new, changed or unchanged (`matches`)."""
    errors: Errors = {}
    for found in checks:
        for i, messages in found.items():
            errors.setdefault(i, []).extend(messages)
    plan = ImportPlan(
        filename=filename,
        sheet_name=table.sheet_name,
        kind=table.kind,
        ignored_headers=table.ignored_headers,
        present=sorted(present),
        total=len(rows),
    )
    _plan_new(plan, rows, matches, present, errors)
    for i, update in matches.updates.items():
        if i in errors:
            continue
        if not update.changes:
            plan.unchanged += 1
            continue
        _plan_update(plan, rows[i], update)
    plan.errors = [RowError(rows[i].number, msgs) for i, msgs in sorted(errors.items())]
    return plan
