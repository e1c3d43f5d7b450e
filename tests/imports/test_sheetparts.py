"""A large sheet parsed in parts, in parallel, gives exactly the rows of the whole sheet."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter

from coso.core.sheets import reader, sheetparts
from coso.core.sheets.reader import FileRefused
from coso.imports.reader import read_table
from tests.helpers import as_rows, headers_vi, member_row


def _aligned(table):
    """The table's rows as the importer sees them: cut or padded to the header's width (a
    run of rows that stops short of the last column gives shorter lists)."""
    width = len(table.headers)
    return [(n, (list(c) + [""] * width)[:width]) for n, c in table.rows]


def _rows_both_ways(monkeypatch, data):
    """(rows read in parts, rows read whole, how many parts) of the .xlsx `data`."""
    calls = []
    real = sheetparts.parse_in_parts

    def counting(*args):
        parts = real(*args)
        calls.append(len(parts) if parts else 0)
        return parts

    monkeypatch.setattr(reader, "parse_in_parts", counting)
    monkeypatch.setattr(sheetparts, "PARALLEL_SHEET_BYTES", 1)
    monkeypatch.setattr(sheetparts, "_parts_count", lambda: 3)
    table = read_table(data, "f.xlsx")
    in_parts = (table.sheet_name, table.headers, _aligned(table))
    monkeypatch.setattr(sheetparts, "PARALLEL_SHEET_BYTES", 10**12)
    table = read_table(data, "f.xlsx")
    whole = (table.sheet_name, table.headers, _aligned(table))
    return in_parts, whole, max(calls)


def test_openpyxl_workbook_with_shared_strings_titles_offset_and_blank_rows(monkeypatch):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Ghi chú"
    notes["A1"] = "Danh sách gửi kèm"
    ws = wb.create_sheet("Đảng viên")
    ws["B1"] = "DANH SÁCH ĐẢNG VIÊN"  # a title above the table, one column in
    ws.merge_cells("B1:E1")
    headers = headers_vi()
    for c, h in enumerate(headers, start=2):
        ws.cell(row=3, column=c, value=h)
    rows = as_rows([member_row(n) for n in range(1, 301)])
    r = 4
    for n, row in enumerate(rows):
        if n % 50 == 49:
            r += 1  # a blank row now and then
        for c, v in enumerate(row, start=2):
            if v != "":
                ws.cell(row=r, column=c, value=v)
        r += 1
    out = io.BytesIO()
    wb.save(out)
    (in_parts, whole, parts) = _rows_both_ways(monkeypatch, out.getvalue())
    assert parts == 3
    assert in_parts == whole
    assert in_parts[0] == "Đảng viên"
    numbers = [n for n, _cells in in_parts[2]]
    assert len(numbers) == 300 and numbers[0] == 4 and numbers[-1] == 4 + 300 + 5
    assert in_parts[2][0][1][1:4] == [1, "Nguyễn Văn Mới 1", ""]  # column A stays column A


def test_xlsxwriter_workbook_with_dates(monkeypatch):
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("Đảng viên")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for c, h in enumerate(headers_vi()):
        ws.write_string(0, c, h)
    for r in range(1, 401):
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, f"Trần Thị Hoa {r}")
        ws.write_datetime(r, 4, dt.datetime(1990, 1, 1) + dt.timedelta(days=r), date_format)
    wb.close()
    in_parts, whole, parts = _rows_both_ways(monkeypatch, out.getvalue())
    assert parts == 3
    assert in_parts == whole
    assert [n for n, _c in in_parts[2]] == list(range(2, 402))
    assert in_parts[2][-1][1][4] == dt.date(1991, 2, 5)


def test_merged_cells_in_the_table_are_still_refused(monkeypatch):
    monkeypatch.setattr(sheetparts, "PARALLEL_SHEET_BYTES", 1)
    monkeypatch.setattr(sheetparts, "_parts_count", lambda: 2)
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, h in enumerate(headers_vi(), start=1):
        ws.cell(row=1, column=c, value=h)
    for r, row in enumerate(as_rows([member_row(n) for n in range(1, 201)]), start=2):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    ws.merge_cells("B150:B151")  # inside the second half of the rows
    out = io.BytesIO()
    wb.save(out)
    assert sheetparts.parse_in_parts(out.getvalue(), 0, ws.title) is not None
    with pytest.raises(FileRefused) as refused:
        read_table(out.getvalue(), "f.xlsx")
    assert "B150:B151" in refused.value.message


def test_rows_without_numbers_are_parsed_whole(monkeypatch):
    monkeypatch.setattr(sheetparts, "PARALLEL_SHEET_BYTES", 1)
    monkeypatch.setattr(sheetparts, "_parts_count", lambda: 2)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 101):
        ws.cell(row=r, column=1, value=r)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert sheetparts.parse_in_parts(data, 0, ws.title) is not None
    plain = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(plain, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'(<row) r="\d+"', rb"\1", content)
            dst.writestr(name, content)
    assert sheetparts.parse_in_parts(plain.getvalue(), 0, ws.title) is None
    assert sheetparts.parse_in_parts(data, 0, "another name") is None
