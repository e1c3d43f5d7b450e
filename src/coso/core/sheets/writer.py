"""Writing spreadsheets from plain rows: .xlsx (streamed, `xlsxstream`) and CSV (line by line).

The writers take plain rows (tuples) so any export (members, organizations, the to-do list,
the import's error list, the CLI's `coso export members`) can feed them from a
`values_list(...).iterator()` without per-row queries; memory stays flat whatever the number of
rows. Text is guarded against formula injection (`safe_text`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from .xlsxstream import write_stream_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: first characters `safe_text` puts an apostrophe before: a leading apostrophe too, so that a
#: reader dropping the guard (`coso.imports.cells.text`) gives back "'=x" as it was
GUARDED_PREFIXES = (*FORMULA_PREFIXES, "'")


def safe_text(value: str) -> str:
    """Defuse spreadsheet formula injection: prefix a leading = + - @ (tab, CR) with an apostrophe
    (and a leading apostrophe, so that the guard is dropped unambiguously on the way back).

    xlsxwriter's write_string never stores a formula; the prefix keeps the value inert when the
    file is re-saved as CSV or opened by tools that re-evaluate text.
    """
    if value and value.startswith(GUARDED_PREFIXES):
        return "'" + value
    return value


_PLAIN = (int, float, bool, dt.date, dt.datetime, type(None))


def write_xlsx(
    target: str | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> int:
    """Write `headers` and `rows` to an .xlsx file (path or binary file object); return the row count.

    Cells by Python type: None is left empty, dates are real dates shown dd/mm/yyyy, numbers are
    numbers, everything else is written as a string (never a formula) after `safe_text`.
    The sheet is streamed into the zip row by row (`coso.core.sheets.xlsxstream`): memory stays
    flat and 500,000 rows take seconds, not minutes.
    """

    def safe_rows():
        for row in rows:
            yield [
                safe_text(v)
                if v.__class__ is str
                else (v if isinstance(v, _PLAIN) else safe_text(str(v)))
                for v in row
            ]

    return write_stream_xlsx(
        target, [str(h) for h in headers], safe_rows(), sheet_name=sheet_name, widths=widths
    )


# --- CSV: streamed row by row -------------------------------------------------------------

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool | int | float):
        return value
    return safe_text(str(value))


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV (with the BOM Excel needs to read Vietnamese), one encoded line at a time;
    dates dd/mm/yyyy, text guarded by `safe_text`. Memory does not grow with the rows."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([str(h) for h in headers]).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_cell(v) for v in row]))
        if len(batch) >= 500:  # a few hundred lines per chunk sent
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()
