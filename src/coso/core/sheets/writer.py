"""Writing spreadsheets from plain rows: .xlsx and CSV, both streamed.

The writers take plain rows (tuples) so any export (members, organizations, the to-do list,
the import's error list, the CLI's `coso export members`) can feed them from a
`values_list(...).iterator()` without per-row queries; memory stays flat whatever the number of
rows. Text is guarded against formula injection (`safe_text`).

The .xlsx writer is a minimal one of its own: xlsxwriter (even in constant_memory mode) spends
≈ 8 µs of Python per cell, so 500,000 members × 35 columns is more than two minutes. This one
builds each row's XML with one string join and streams it straight into the zip (deflate
level 1), so the time is a few microseconds per cell. It writes what the exports need and
nothing more: one sheet, a bold header row with frozen panes and an autofilter, column widths,
inline strings, numbers, booleans and dates (real dates shown dd/mm/yyyy). Text never becomes a
formula: cells are inline strings, guarded by `safe_text`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

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


# --- .xlsx: streamed row by row ----------------------------------------------------------

EXCEL_EPOCH = dt.date(1899, 12, 30)
#: characters XML 1.0 cannot hold; Excel writes them as _xHHHH_
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# style 0: default; 1: date dd/mm/yyyy; 2: bold, wrapped, top-aligned (the header)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    name, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _text(value: str) -> str:
    value = escape(value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _cell_writer(letter: str) -> Callable[[Any, int], str]:
    def cell(value: Any, row: int) -> str:
        cls = value.__class__
        if cls is str:
            if not value:
                return ""
            value = safe_text(value)
            space = ' xml:space="preserve"' if value[0] == " " or value[-1] == " " else ""
            return f'<c r="{letter}{row}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
        if value is None:
            return ""
        if cls is bool:
            return f'<c r="{letter}{row}" t="b"><v>{int(value)}</v></c>'
        if cls is int or cls is float:
            return f'<c r="{letter}{row}"><v>{value!r}</v></c>'
        if cls is dt.datetime:
            value = value.replace(tzinfo=None)
            serial = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
            return f'<c r="{letter}{row}" s="1"><v>{serial!r}</v></c>'
        if cls is dt.date:
            return f'<c r="{letter}{row}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>'
        return cell(str(value), row)

    return cell


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
    numbers, everything else is written as an inline string (never a formula) after `safe_text`.
    """
    width = len(headers)
    letters = [column_letter(i) for i in range(max(width, 1))]
    writers = [_cell_writer(letter) for letter in letters]
    sheet_name = sheet_name[:31]
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            head = [
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                '<sheetFormatPr defaultRowHeight="15"/>'
            ]
            if widths:
                head.append("<cols>")
                head.extend(
                    f'<col min="{i + 1}" max="{i + 1}" width="{w + 0.71:.2f}" customWidth="1"/>'
                    for i, w in enumerate(widths)
                )
                head.append("</cols>")
            head.append('<sheetData><row r="1">')
            head.extend(
                f'<c r="{letters[i]}1" t="inlineStr" s="2"><is><t>{_text(str(h))}</t></is></c>'
                for i, h in enumerate(headers)
            )
            head.append("</row>")
            out.write("".join(head).encode())
            batch: list[str] = []
            for count, row in enumerate(rows, start=1):
                n = count + 1
                batch.append(
                    f'<row r="{n}">'
                    + "".join([w(v, n) for w, v in zip(writers, row, strict=False)])
                    + "</row>"
                )
                if len(batch) >= 500:
                    out.write("".join(batch).encode())
                    batch = []
            if batch:
                out.write("".join(batch).encode())
            tail = "</sheetData>"
            if width:
                tail += f'<autoFilter ref="A1:{letters[width - 1]}{max(count, 1) + 1}"/>'
            out.write((tail + "</worksheet>").encode())
        last = f"{letters[max(width, 1) - 1]}{max(count, 1) + 1}"
        zf.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f'hidden="1">{_text(_quote_sheet(sheet_name))}!$A$1:${last[: -len(str(max(count, 1) + 1))]}'
            f"${max(count, 1) + 1}</definedName></definedNames></workbook>",
        )
    return count


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


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
