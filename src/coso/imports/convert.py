"""Step 1 of checking a member file: converting its cells, column by column.

A step of rows (a few thousand) is transposed into columns; each column is read by its
`cells` reader in one list comprehension (text columns on a fast path for plain strings, equal
texts sharing one string object), and the rows are assembled again as record lists in
`ROW_FIELDS` order. A cell that cannot be read leaves None and a message for its row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _

from coso.core.text import invisible_character, nfc, split_full_name
from coso.core.validators import text_error

from . import cells, matching
from .columns import DEPARTURE_KEYS, ROW_FIELDS
from .reader import Table

DATE_FIELDS = ("birth_date", "admitted_on", "recognized_on")
_PLACE_KINDS = ("province", "ward", "province_code", "ward_code")


def _text_column(values: Sequence, pool: dict[str, str]) -> list[str]:
    """Text cells; equal values share one string object (`pool`): a 200,000-row file repeats
    its ethnicities, occupations and workplaces thousands of times."""
    text = cells.text
    setdefault = pool.setdefault
    return [
        setdefault(s, s)
        for s in [
            v.strip() if v.__class__ is str and v[:1] != "'" else text(v)
            for v in values  # fast path: plain strings
        ]
    ]


def _checked_text(values: list, errors: dict[int, list[str]], label: str, failed: set[int]) -> list:
    """Text cells composed (NFC) and refused with invisible characters, as the registry's
    models do (`core.validators`); one pass over the whole column when it is clean."""
    joined = "\n".join([v for v in values if v])
    if unicodedata.is_normalized("NFC", joined) and not invisible_character(joined):
        return values
    out = []
    for i, v in enumerate(values):
        if v:
            v = nfc(v)
            problem = text_error(v)
            if problem:
                errors.setdefault(i, []).append(f"{label}: {problem}")
                failed.add(i)
                v = ""
        out.append(v)
    return out


_READERS: dict[str, Callable[[Any], Any]] = {
    "sex": matching.sex,
    "status": matching.status,
    "cccd": cells.cccd,
    "party_card_number": cells.card,
    "phone": cells.phone,
    "email": cells.email,
    "birth_date": cells.date,
    "admitted_on": cells.date,
    "recognized_on": cells.date,
    "full_name": cells.name,
    "family_name": cells.name,
    "middle_name": cells.name,
    "given_name": cells.name,
    "organization_code": cells.text,
    "left_on": cells.date,
    "leaving_reason": matching.leaving_reason,
}


def _read_column(
    key: str,
    values: Sequence,
    errors: dict[int, list[str]],
    label: str,
    failed: set[int],
    pool: dict[str, str],
) -> list[Any]:
    reader = _READERS.get(key)
    if reader is None:
        return _text_column(values, pool)
    if key in DATE_FIELDS:
        # most date cells are real dates: skip the function call for them
        date_types = (dt.date,)
        try:
            return [
                v if v.__class__ in date_types else (None if v == "" else reader(v)) for v in values
            ]
        except cells.CellError:
            pass
    else:
        try:
            return [reader(v) for v in values]
        except cells.CellError:
            pass
    out = []
    for i, v in enumerate(values):
        try:
            out.append(reader(v))
        except cells.CellError as e:
            errors.setdefault(i, []).append(f"{label}: {e}")
            failed.add(i)
            out.append(None)
    return out


@dataclass(slots=True)
class ConvertedRow:
    number: int
    record: list
    org_code: str
    status: str
    full_name: str | None  # as written in a "full name" column (None: name parts were given)
    unreadable: set[str] | None = None  # keys whose cell had an error
    #: (leaving date, reason, document number) when the file has a departure's columns
    departure: tuple | None = None


def convert_rows(
    table: Table, step_rows: list[tuple[int, list]], today: dt.date, pool: dict[str, str]
):
    """Convert a step of rows column by column; returns (rows, {index: messages})."""
    width = len(table.columns)
    numbers = [n for n, _c in step_rows]
    raw = [c if len(c) == width else (list(c) + [""] * width)[:width] for _n, c in step_rows]
    columns = list(zip(*raw, strict=True)) if raw else []
    errors: dict[int, list[str]] = {}
    failed: dict[str, set[int]] = {}  # key -> indexes of rows whose cell could not be read
    parsed: dict[str, list] = {}
    places: dict[str, Sequence] = {}  # provinces and wards, by name and by code
    for index, col in enumerate(table.columns):
        if col is None or col.kind == "ignore":
            continue
        if col.kind in _PLACE_KINDS:
            places[col.key] = columns[index]
            continue
        values = _read_column(
            col.key, columns[index], errors, col.label, failed.setdefault(col.key, set()), pool
        )
        if col.kind in ("text", "name"):
            values = _checked_text(values, errors, col.label, failed.setdefault(col.key, set()))
        if (
            col.max_length
            and col.kind in ("text", "name")
            and values
            and max(map(len, values)) > col.max_length  # one C-level pass; rarely true
        ):
            for i, v in enumerate(values):
                if v and len(v) > col.max_length:
                    errors.setdefault(i, []).append(
                        _("%(column)s: at most %(n)d characters (this one has %(m)d).")
                        % {"column": col.label, "n": col.max_length, "m": len(v)}
                    )
        parsed[col.key] = values
    matching.resolve_places(parsed, places, errors, failed)

    n = len(numbers)
    full_names = parsed.get("full_name")
    if full_names is not None:
        split = [split_full_name(v or "") for v in full_names]
        for j, name in enumerate(("family_name", "middle_name", "given_name")):
            if name not in parsed:
                parsed[name] = [s[j] for s in split]
    none = [None] * n
    field_columns = [parsed.get(f, none) for f in ROW_FIELDS]
    records = [list(r) for r in zip(*field_columns, strict=True)] if n else []
    codes = parsed.get("organization_code") or [""] * n
    statuses = parsed.get("status") or [""] * n
    rows = [
        ConvertedRow(
            numbers[i], records[i], codes[i], statuses[i], full_names[i] if full_names else None
        )
        for i in range(n)
    ]
    departures = [parsed.get(k) for k in DEPARTURE_KEYS]
    if any(d is not None for d in departures):
        filled = [d if d is not None else none for d in departures]
        for row, departure in zip(rows, zip(*filled, strict=True), strict=True):
            row.departure = departure
    for key, indexes in failed.items():
        for i in indexes:
            if rows[i].unreadable is None:
                rows[i].unreadable = set()
            rows[i].unreadable.add(key)
    return rows, errors


#: rows converted per step (cells are converted column by column within a step)
STEP = 2000


def convert_table(
    table, today: dt.date, progress: Callable[[str, int, int], None] | None
) -> tuple[list[ConvertedRow], dict[int, list[str]]]:
    """Every row converted, STEP rows at a time, with the cells that could not be read."""
    rows: list[ConvertedRow] = []
    errors: dict[int, list[str]] = {}
    iterator = iter(table.rows)
    pool: dict[str, str] = {}
    while True:
        step = list(islice(iterator, STEP))
        if not step:
            break
        converted, step_errors = convert_rows(table, step, today, pool)
        base = len(rows)
        for i, msgs in step_errors.items():
            errors[base + i] = msgs
        rows.extend(converted)
        if progress:
            progress("read", len(rows), 0)
    return rows, errors
