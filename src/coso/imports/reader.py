"""Finding the member table in an uploaded spreadsheet: which sheet, which header row, which
columns; the file itself is opened and checked by `coso.core.sheets.reader`.

Which sheet: the first sheet whose first rows hold a recognizable header row. A workbook whose
first sheet is empty (or holds notes) and whose second sheet holds the table is read from the
second sheet, and the preview says which sheet was read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from coso.core.sheets.reader import FileRefused, Sheets, open_sheets

from .columns import ImportColumn, column_for_header, column_label, is_example, template_headers

#: where the header row may be: title lines above it are common in offices' files
HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    """The rows of the sheet that holds the members, with its recognized columns."""

    sheet_name: str
    header_row: int  # 1-based row number of the header in the file
    headers: list[str]
    columns: list[ImportColumn | None]  # per file column: what it holds (None: not ours)
    rows: Iterator[tuple[int, list]]  # (1-based row number, cells), blank rows left out
    ignored_headers: list[str] = field(default_factory=list)
    kind: str = "xlsx"
    #: the template's example rows left out (row numbers), known once `rows` is read through
    examples: list[int] = field(default_factory=list)


def _required_problem(keys: set[str]) -> str | None:
    missing = []
    if "full_name" not in keys and not {"family_name", "given_name"} <= keys:
        missing.append(column_label("full_name"))
    for key in ("sex", "birth_date", "organization_code"):
        if key not in keys:
            missing.append(column_label(key))
    if "cccd" not in keys and "party_card_number" not in keys:
        missing.append(column_label("cccd"))
    if missing:
        return _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
    return None


def _is_blank(row) -> bool:
    """No cell holds a value (empty, or only spaces). Stops at the first real value, usually
    the first cell: a plain loop, no generator to set up for each of the file's rows."""
    for v in row:
        if v and (v.__class__ is not str or not v.isspace()):
            return False
    return True


def _match_header(cells: list) -> tuple[list[ImportColumn | None], int]:
    columns = [column_for_header(c) if isinstance(c, str) and c.strip() else None for c in cells]
    return columns, sum(1 for c in columns if c is not None)


def _find_header(
    candidate_rows: list[tuple[int, list]],
) -> tuple[int, list, list[ImportColumn | None]] | None:
    """The first row recognizing at least three columns (or None)."""
    for number, cells in candidate_rows:
        columns, hits = _match_header(cells)
        if hits >= 3:
            return number, cells, columns
    return None


def _first_table(found_sheets: Sheets) -> Table:
    """The member table of the first of the file's sheets whose first rows hold a usable header
    row (see `coso.core.sheets.reader.Sheet`). The rows below the header are handed out as they
    are read, blank ones left out. Refuses the file with the first sheet's column problem, else
    `empty` when no sheet holds anything in its first rows, else for want of a header row."""
    kind, empty = found_sheets.kind, found_sheets.empty
    found_any = False
    first_problem: str | None = None
    for name, rows, check_merged in found_sheets.sheets:
        head = [
            (n, cells)
            for n, cells in itertools.islice(rows, HEADER_SEARCH_ROWS)
            if not _is_blank(cells)
        ]
        if not head:
            continue
        found_any = True
        found = _find_header(head)
        if found is None:
            continue
        number, headers, columns = found
        if check_merged is not None:
            check_merged(number)
        try:
            ignored = _check_columns(headers, columns)
        except FileRefused as refused:
            first_problem = first_problem or refused.message
            continue

        examples: list[int] = []
        at = next((i for i, c in enumerate(columns) if c is not None and c.key == "number"), None)

        def generate(head=head, rows=rows, number=number, at=at, examples=examples):
            for n, cells in itertools.chain((r for r in head if r[0] > number), rows):
                if _is_blank(cells):
                    continue
                # the template's example row ("Ví dụ" in the "No." column) is never imported
                if at is not None and at < len(cells) and is_example(cells[at]):
                    examples.append(n)
                    continue
                yield n, cells

        return Table(
            sheet_name=name,
            header_row=number,
            headers=[str(h).strip() if h is not None else "" for h in headers],
            columns=columns,
            rows=generate(),
            ignored_headers=ignored,
            kind=kind,
            examples=examples,
        )
    if first_problem:
        raise FileRefused(first_problem)
    raise FileRefused(empty if not found_any else _no_header_message())


def _check_columns(headers: list, columns: list[ImportColumn | None]) -> list[str]:
    seen: dict[str, str] = {}
    for header, col in zip(headers, columns, strict=False):
        if col is None:
            continue
        if col.key in seen and col.kind != "ignore":
            raise FileRefused(
                _("The columns %(first)s and %(second)s hold the same data; keep one.")
                % {"first": seen[col.key], "second": str(header).strip()}
            )
        seen[col.key] = str(header).strip()
    problem = _required_problem(set(seen))
    if problem:
        raise FileRefused(problem)
    return [
        str(h).strip()
        for h, c in zip(headers, columns, strict=False)
        if c is None and str(h or "").strip()
    ]


def read_table(source: str | Path | bytes, filename: str = "") -> Table:
    """Open `source` (a path or the file's bytes) and return its member table.

    Raises `FileRefused` with a clear message for an empty, unreadable, protected, too large
    or wrongly laid out file (`open_sheets` checks the file, then the sheets are searched)."""
    return _first_table(open_sheets(source, filename))


def _no_header_message() -> str:
    return _(
        "No header row was recognized in the first %(n)d rows. The first row of the table must "
        "hold the column names of the template, e.g. %(example)s."
    ) % {"n": HEADER_SEARCH_ROWS, "example": ", ".join(template_headers()[1:5])}
