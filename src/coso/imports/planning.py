"""Checking a member file in full and deciding, row by row, what the import will do.

`plan_member_import` runs the steps once each, in order, each with its own module:
`reader.read_table` finds the table, `convert` reads each cell, `existing` finds the rows'
organizations (one query per ~900 codes) and matches existing members by CCCD and then by
party card number (one query per ~900 numbers), `leavers` checks the departures, `rowchecks`
the required fields and the registry's own rules (`Member.clean`, run in Python on each row,
no query), and `plan` classifies each row as new, updated (with the field-by-field changes),
unchanged or invalid (with all its messages, each naming its column, in the order of the
steps: every check runs on every row). No step calls back into one before it, and nothing is
written: `services.import_members` writes a plan in one transaction.

The number of queries depends on the number of distinct codes and identity numbers divided
by the chunk size, never on the number of rows one by one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.sheets.reader import FileRefused
from coso.orgs.models import Organization

from .convert import convert_table
from .existing import match_rows
from .leavers import check_departures
from .matching import CODE_COLUMNS
from .plan import ImportPlan, build_plan
from .reader import read_table
from .rowchecks import check_records

__all__ = ["ImportPlan", "plan_member_import"]


def plan_member_import(
    source,
    *,
    filename: str = "",
    user=None,
    organization: Organization | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    lock: bool = False,
) -> ImportPlan:
    """Read and check the whole file; return what the import would do (writes nothing).

    - `source`: a path or the file's bytes; `filename` helps recognize the format.
    - `user`: whose editing scope rows must fall in (None: the system, full scope).
    - `organization`: rows must fall inside its subtree (the CLI's --org, the page's choice).
    - `progress(phase, done, total)`: called while reading ("read") and checking ("check").
    - `lock`: lock the matched members (PostgreSQL `FOR UPDATE`) when planning inside the
      transaction that applies the plan.

    Raises `FileRefused` when the file cannot be read as a member table at all.
    """
    today = timezone.localdate()
    table = read_table(source, filename)
    present = {c.key for c in table.columns if c is not None}
    present |= {CODE_COLUMNS[k] for k in present & CODE_COLUMNS.keys()}  # a code fills its field
    rows, read = convert_table(table, today, progress)
    if not rows and table.examples:
        raise FileRefused(
            _("Only the template's example row is filled: write the members below it.")
        )
    if not rows:
        raise FileRefused(_("The file has a header row but no members below it."))
    matches = match_rows(
        rows, present, user=user, organization=organization, progress=progress, lock=lock
    )
    departures, changed_departures = check_departures(rows, today, present, matches)
    refused = {*read, *departures, *matches.errors, *changed_departures}
    records, stored = check_records(rows, present, today, matches.updates, refused)
    # each row's messages in the order a clerk reads the row: its cells, its record, its
    # departure, then what the registry says of it
    checks = (read, records, departures, matches.errors, changed_departures, stored)
    plan = build_plan(table, rows, present, matches, checks, filename=filename)
    plan.examples = table.examples  # the template's example rows, left out
    return plan
