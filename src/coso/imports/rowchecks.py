"""Checking a member file, step 4: each row's required fields and the registry's own rules
(`Member.clean` through `members.services.rule_errors`, in Python, no query), on every row, so
a row shows all its problems at once; each message names its column (`columns.at`). A row
that matches a member is checked again as the record the import would store (the file's
values over the registry's, `existing.Update`), unless it was refused already."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from django.utils.translation import gettext as _

from coso.core.dates import EARLIEST_DATE
from coso.core.rules import rules_for
from coso.members.choices import MemberStatus
from coso.members.services import rule_errors

from .columns import FIELD_INDEX, ROW_FIELDS, Errors, at, column_label
from .convert import ConvertedRow
from .existing import E, Update

_BIRTH, _ADMITTED, _RECOGNIZED, _CARD = (
    FIELD_INDEX["birth_date"], FIELD_INDEX["admitted_on"], FIELD_INDEX["recognized_on"],
    FIELD_INDEX["party_card_number"],
)  # fmt: skip


@cache
def _youngest_years() -> int:
    """The youngest admission age in whole years, at least (the rule counts months)."""
    months = min(r.value for r in rules_for("admission_min_age_months"))
    return -(-months // 12)


def may_break_rules(record: Sequence, status: str, today: dt.date) -> bool:
    """A quick screen of the dates and card `Member.clean` looks at: rows that pass it cannot
    fail `clean`, so only the others pay for running it (a year difference one more than the
    youngest admission age is a cheap lower bound of the age checks). Text, phone and
    addresses were checked cell by cell (`cells`, `convert`)."""
    birth, admitted, recognized = record[_BIRTH], record[_ADMITTED], record[_RECOGNIZED]
    youngest = _youngest_years()
    if birth is not None and (
        birth > today or birth < EARLIEST_DATE or today.year - birth.year <= youngest
    ):
        return True
    if admitted is not None:
        if admitted > today or admitted < EARLIEST_DATE:
            return True
        if birth is not None and admitted.year - birth.year <= youngest:
            return True
        if recognized is not None and recognized < admitted:
            return True
    if recognized is not None and (recognized > today or recognized < EARLIEST_DATE):
        return True
    if record[_CARD] and status == MemberStatus.PROBATIONARY:
        return True
    return False


def rule_messages(record: Sequence, status: str, unreadable: set[str] | None = None) -> list[str]:
    """`Member.clean` on the row's values (no instance, no query), each message naming its
    column. Fields whose cell could not be read were reported by the cell reader (their value
    is None here): the rules between the values that were read still run."""
    found = rule_errors({f: record[FIELD_INDEX[f]] for f in ROW_FIELDS}, status)
    return [
        at(key, m) if key in FIELD_INDEX else m
        for key, messages in found.items()
        if not unreadable or key not in unreadable
        for m in messages
    ]


def name_column(present: set[str]) -> str:
    """The name's column: "full name", or the name parts the file has."""
    if "full_name" in present or not {"family_name", "given_name"} & present:
        return column_label("full_name")
    return ", ".join(column_label(k) for k in ("family_name", "given_name") if k in present)


def required_errors(row: ConvertedRow, present: set[str]) -> list[str]:
    r = row.record
    problems = []
    unreadable = row.unreadable or ()
    if (not r[FIELD_INDEX["given_name"]] or not r[FIELD_INDEX["family_name"]]) and not {
        "full_name",
        "family_name",
        "given_name",
    } & set(unreadable):
        problems.append(
            f"{name_column(present)}: "
            + _("The full name needs at least a family name and a given name.")
        )
    if not r[FIELD_INDEX["sex"]] and "sex" not in unreadable:
        problems.append(_("%(column)s is required.") % {"column": column_label("sex")})
    if not r[FIELD_INDEX["birth_date"]] and "birth_date" not in unreadable:
        problems.append(_("%(column)s is required.") % {"column": column_label("birth_date")})
    if not row.org_code:
        problems.append(
            _("%(column)s is required.") % {"column": column_label("organization_code")}
        )
    if (
        not r[FIELD_INDEX["cccd"]]
        and not r[FIELD_INDEX["party_card_number"]]
        and not {"cccd", "party_card_number"} & set(unreadable)
    ):
        columns = [column_label(k) for k in ("cccd", "party_card_number") if k in present]
        problems.append(
            f"{', '.join(columns) or column_label('cccd')}: "
            + _(
                "A row needs a citizen ID (CCCD) or a party card number, so that the member "
                "can be recognized in later imports."
            )
        )
    return problems


def check_records(
    rows: list[ConvertedRow],
    present: set[str],
    today: dt.date,
    updates: dict[int, Update],
    refused: set[int],
) -> tuple[Errors, Errors]:
    """Required fields and the record's own rules, on every row: a row with an unreadable or
    missing cell still has its other values checked, so all its problems show at once. Then
    the rules on the record each matched row would store (`updates`), when it changes and the
    row has no problem (`refused`: the rows refused by the other steps). Returns both, by row
    index."""
    problems: Errors = {}
    for i, row in enumerate(rows):
        found = required_errors(row, present)
        status = row.status or MemberStatus.OFFICIAL
        if may_break_rules(row.record, status, today):
            found.extend(rule_messages(row.record, status, row.unreadable))
        if found:
            problems[i] = found
    stored: Errors = {}
    for i, update in updates.items():
        if update.changes and i not in refused and i not in problems:
            found = rule_messages(update.record, update.existing[E["status"]])
            if found:
                stored[i] = found
    return problems, stored
