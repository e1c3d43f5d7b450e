"""Spreadsheet exports: a generic streaming .xlsx writer and the member registry columns.

The writer takes plain rows (tuples) so any export (members, organizations, the CLI's
`coso export members`) can feed it from a `values_list(...).iterator()` without per-row queries.
xlsxwriter runs in constant_memory mode: each row is flushed to a temporary file as soon as it
is written, so memory stays flat whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import MemberStatus, Sex
from .forms import province_name, ward_name
from .models import Member

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: rows fetched from the database per round trip
CHUNK_SIZE = 2000


def safe_text(value: str) -> str:
    """Defuse spreadsheet formula injection: prefix a leading = + - @ (tab, CR) with an apostrophe.

    xlsxwriter's write_string never stores a formula; the prefix keeps the value inert when the
    file is re-saved as CSV or opened by tools that re-evaluate text.
    """
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
    """
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(sheet_name[:31])
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, str(header), bold)
            if widths:
                sheet.set_column(col, col, widths[col])
        sheet.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(count, col, value.replace(tzinfo=None), date_format)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(count, col, value, date_format)
                elif isinstance(value, bool):
                    sheet.write_boolean(count, col, value)
                elif isinstance(value, int | float):
                    sheet.write_number(count, col, value)
                else:
                    sheet.write_string(count, col, safe_text(str(value)))
        if headers:
            sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
    finally:
        workbook.close()
    return count


# --- the member registry -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One export column: its header, the `values_list` path it reads and an optional converter."""

    header: Any
    source: str
    convert: Callable[[Any], Any] | None = None
    width: int = 16


def _field_header(name: str):
    return capfirst(Member._meta.get_field(name).verbose_name)


def _display(choices) -> Callable[[Any], Any]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _member_column(name: str, convert=None, width: int = 16) -> Column:
    return Column(_field_header(name), name, convert, width)


def member_columns() -> list[Column]:
    """Every registry field of a member, in the order of the party's member record."""
    return [
        _member_column("full_name", width=28),
        _member_column("other_names"),
        _member_column("sex", _display(Sex.choices), width=8),
        _member_column("birth_date", width=12),
        _member_column("ethnicity", width=10),
        _member_column("religion", width=12),
        _member_column("cccd", width=15),
        _member_column("hometown", width=24),
        _member_column("hometown_province", province_name),
        _member_column("permanent_address", width=28),
        _member_column("permanent_ward", ward_name),
        _member_column("permanent_province", province_name),
        _member_column("current_address", width=28),
        _member_column("current_ward", ward_name),
        _member_column("current_province", province_name),
        _member_column("phone", width=13),
        _member_column("email", width=24),
        _member_column("education_general", width=10),
        _member_column("education_professional", width=20),
        _member_column("political_theory"),
        _member_column("foreign_language"),
        _member_column("it_level"),
        _member_column("occupation", width=20),
        _member_column("workplace", width=28),
        _member_column("position", width=20),
        _member_column("record_number"),
        _member_column("party_card_number"),
        _member_column("admitted_on", width=12),
        _member_column("admitting_organization", width=24),
        _member_column("introducers", width=28),
        _member_column("recognized_on", width=12),
        Column(_("Organization code"), "organization__code", width=16),
        Column(_("Organization name"), "organization__name", width=36),
        _member_column("status", _display(MemberStatus.choices), width=14),
    ]


def member_rows(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[tuple]:
    """Rows for `columns`, numbered from 1, read in chunks with one query (no per-row queries)."""
    converters = [c.convert for c in columns]
    values = queryset.values_list(*(c.source for c in columns)).iterator(chunk_size=CHUNK_SIZE)
    for number, raw in enumerate(values, start=1):
        yield (number, *(conv(v) if conv else v for conv, v in zip(converters, raw, strict=True)))


def export_members_xlsx(queryset: QuerySet, target: str | IO[bytes]) -> int:
    """Write the members of `queryset` (already scoped, filtered and ordered) to an .xlsx file."""
    columns = member_columns()
    headers = [str(_("No.")), *(str(c.header) for c in columns)]
    widths = [6, *(c.width for c in columns)]
    return write_xlsx(
        target,
        headers,
        member_rows(queryset, columns),
        sheet_name=str(_("Members")),
        widths=widths,
    )
