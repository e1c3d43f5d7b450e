"""Helpers for the import tests: member files built for real with xlsxwriter, openpyxl and csv."""

import csv
import datetime as dt
import io

import pytest
import xlsxwriter
from django.utils import translation

from coso.imports.columns import template_headers
from coso.members.models import Member, MembershipEvent, Placement


def headers_vi():
    with translation.override("vi"):
        return template_headers()


def member_row(n, org="DUK-BK-CNTT", **over):
    """One row in the template's layout (dict by import key, turned into a list)."""
    values = {
        "number": n,
        "full_name": f"Nguyễn Văn Mới {n}",
        "sex": "Nam",
        "birth_date": "15/03/1990",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": f"0010900{n:05d}",
        "party_card_number": f"7{n:07d}",
        "admitted_on": "19/05/2015",
        "recognized_on": "19/05/2016",
        "organization_code": org,
        "status": "Chính thức",
    }
    values.update(over)
    return values


def as_rows(dicts):
    from coso.imports.columns import export_keys

    keys = ["number", *export_keys()]
    return [[d.get(k, "") for k in keys] for d in dicts]


def xlsx_bytes(rows, headers=None, *, sheets=None, merge=None, first_sheet_empty=False):
    """An .xlsx made with xlsxwriter: `rows` of cells under `headers` (default: the template's)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    if first_sheet_empty:
        wb.add_worksheet("Ghi chú")
    ws = wb.add_worksheet("Đảng viên")
    headers = headers_vi() if headers is None else headers
    for c, h in enumerate(headers):
        ws.write_string(0, c, h)
    if merge:
        ws.merge_range(*merge)
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date_format)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            elif v != "":
                ws.write_string(r, c, str(v))
    wb.close()
    return out.getvalue()


def csv_bytes(rows, headers=None):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headers_vi() if headers is None else headers)
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def snapshot():
    """What an import writes: counts that must not move when a file is refused."""
    return (
        Member.objects.count(),
        Member.history.count(),
        Placement.objects.count(),
        MembershipEvent.objects.count(),
    )


@pytest.fixture
def write_file(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted by their English msgid (the Vietnamese catalog translates them)."""
    with translation.override("en"):
        yield
