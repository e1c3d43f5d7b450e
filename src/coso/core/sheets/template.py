"""A data-entry template as an .xlsx: the table's header row with the required columns marked,
an example row, drop-down lists (Excel data validation) and a notes sheet explaining each column.

Needs nothing of coso: the caller says what each column is (`TemplateColumn`). Written with
xlsxwriter (the template is small; the exports use the streamed writer of `writer.py`).

The workbook holds three sheets, in this order:

1. the table (`sheet_name`): a bold header row (required columns marked "*" and filled in
   `REQUIRED_FILL`, the others in `OPTIONAL_FILL`), frozen, then the example row (italic, grey,
   first cell `example_marker`), then `rows` empty rows that carry the drop-downs and formats;
2. the notes (`notes_name`): one row per column: its header, whether it is required, how to
   write it, the example;
3. the lists the drop-downs read (`lists_name`), hidden: a list longer than 255 characters
   cannot be written inside the validation itself, so every list lives there.

The table comes first: an importer that reads the first sheet holding a header row reads it,
and the other two sheets hold no row that looks like the table's header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .writer import safe_text

#: header fill of a required column, and of the others (ARGB as openpyxl reads them back)
REQUIRED_FILL, OPTIONAL_FILL = "#FCE4D6", "#EDEDED"
EXAMPLE_FILL = "#FFF2CC"
#: the mark after a required column's header (importers fold punctuation away)
REQUIRED_MARK = " *"
#: data rows under the example that carry the drop-downs and the formats
TEMPLATE_ROWS = 2000


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    width: int = 14
    required: bool = False
    #: the note's "how to write it" text
    note: str = ""
    example: Any = None
    #: a drop-down of these values; `strict`: other values are refused (else only warned)
    choices: Sequence[str] = ()
    strict: bool = True
    #: the cells are text (leading zeros kept) or dates (dd/mm/yyyy)
    text: bool = False
    date: bool = False


@dataclass(frozen=True)
class TemplateTexts:
    """The words the workbook shows, in the caller's language."""

    sheet_name: str
    notes_name: str
    lists_name: str
    notes_headers: Sequence[str]  # column, required, how to write it, example
    required: str  # "Bắt buộc"
    optional: str  # "Không bắt buộc"
    example_marker: str
    list_prefix: str  # before a list's header on the lists sheet ("Danh sách")
    choose_title: str  # the drop-down's prompt title
    not_in_list: str  # the error shown for a value outside a strict list
    notes_footer: Sequence[str] = ()


def header_text(column: TemplateColumn) -> str:
    return column.header + (REQUIRED_MARK if column.required else "")


def _example_cell(ws, row: int, col: int, value: Any, fmt, date_fmt) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, safe_text(str(value)), fmt)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def write_template(
    target: str | IO[bytes],
    columns: Sequence[TemplateColumn],
    texts: TemplateTexts,
    *,
    rows: int = TEMPLATE_ROWS,
) -> None:
    """Write the template workbook to `target` (a path or a binary file object)."""
    wb = xlsxwriter.Workbook(target, {"in_memory": True})
    base = {"valign": "top", "text_wrap": True, "bold": True, "border": 1}
    required_fmt = wb.add_format({**base, "bg_color": REQUIRED_FILL, "font_color": "#C00000"})
    optional_fmt = wb.add_format({**base, "bg_color": OPTIONAL_FILL})
    example = {"italic": True, "font_color": "#595959", "bg_color": EXAMPLE_FILL}
    example_fmt = wb.add_format(example)
    example_text_fmt = wb.add_format({**example, "num_format": "@"})
    example_date_fmt = wb.add_format({**example, "num_format": "dd/mm/yyyy"})
    text_fmt = wb.add_format({"num_format": "@"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    table = wb.add_worksheet(texts.sheet_name[:31])
    notes = wb.add_worksheet(texts.notes_name[:31])
    lists = wb.add_worksheet(texts.lists_name[:31])
    lists.hide()
    last = rows + 1  # the example row, then `rows` rows (0-based last row index)
    list_col = 0
    for col, column in enumerate(columns):
        cell_fmt = text_fmt if column.text else date_fmt if column.date else None
        table.set_column(col, col, column.width, cell_fmt)
        table.write_string(
            0, col, header_text(column), required_fmt if column.required else optional_fmt
        )
        if column.text:
            ex_fmt = example_text_fmt
        else:
            ex_fmt = example_fmt
        _example_cell(table, 1, col, column.example, ex_fmt, example_date_fmt)
        if column.choices:
            letter = xl_col_to_name(list_col)
            lists.write_string(0, list_col, f"{texts.list_prefix} {column.header}")
            for i, value in enumerate(column.choices, start=1):
                lists.write_string(i, list_col, value)
            lists.set_column(list_col, list_col, 30)
            source = f"='{texts.lists_name[:31]}'!${letter}$2:${letter}${len(column.choices) + 1}"
            table.data_validation(
                1,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": source,
                    "input_title": texts.choose_title[:32],
                    "input_message": column.note[:255],
                    "error_type": "stop" if column.strict else "warning",
                    "error_title": column.header[:32],
                    "error_message": texts.not_in_list[:255],
                },
            )
            list_col += 1
    table.freeze_panes(1, 0)
    table.set_row(0, 45)
    _write_notes(wb, notes, columns, texts)
    wb.close()


def _write_notes(wb, notes, columns: Sequence[TemplateColumn], texts: TemplateTexts) -> None:
    head = wb.add_format({"bold": True, "bg_color": OPTIONAL_FILL, "border": 1, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    bold = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
    for col, (header, width) in enumerate(zip(texts.notes_headers, (28, 16, 70, 24), strict=False)):
        notes.write_string(0, col, header, head)
        notes.set_column(col, col, width)
    for row, column in enumerate(columns, start=1):
        notes.write_string(row, 0, header_text(column), bold if column.required else wrap)
        notes.write_string(row, 1, texts.required if column.required else texts.optional, wrap)
        notes.write_string(row, 2, column.note, wrap)
        notes.write_string(row, 3, safe_text(_shown(column.example)), wrap)
    for i, line in enumerate(texts.notes_footer, start=len(columns) + 2):
        notes.write_string(i, 0, line)
    notes.freeze_panes(1, 0)
