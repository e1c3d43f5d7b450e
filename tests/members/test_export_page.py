"""Member list export: exactly the scope, the filters, the values (and no formula injection)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.members import services
from tests.helpers import PERSONAS, SCOPE

# --- export -------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "No.",
    "Full name",
    "Other names",
    "Sex",
    "Date of birth",
    "Ethnicity",
    "Religion",
    "Citizen ID (CCCD)",
    "Hometown",
    "Hometown province",
    "Hometown province code",
    "Permanent address",
    "Permanent address: ward",
    "Permanent address: ward code",
    "Permanent address: province",
    "Permanent address: province code",
    "Current address",
    "Current address: ward",
    "Current address: ward code",
    "Current address: province",
    "Current address: province code",
    "Phone",
    "Email",
    "General education",
    "Professional qualification",
    "Political theory",
    "Foreign language",
    "IT level",
    "Occupation",
    "Workplace",
    "Position",
    "Record number",
    "Party card number",
    "Admission date",
    "Admitting cell",
    "Introducers",
    "Recognition date",
    "Organization code",
    "Organization name",
    "Status",
    "Leaving date",
    "Reason for leaving the party",
    "Leaving document number",
]


def read_export(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_export_holds_exactly_the_scope(login, personas, people, persona):
    names, outsider = SCOPE[persona]
    sheet = read_export(login(personas[persona]).get(reverse("member_export")))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADERS
    assert [r[1] for r in rows[1:]] == names
    assert [r[0] for r in rows[1:]] == list(range(1, len(names) + 1))
    assert people[outsider].full_name not in {r[1] for r in rows[1:]}


def test_export_follows_the_filters(login, personas, members):
    client = login(personas["office"])
    sheet = read_export(client.get(reverse("member_export"), {"search": "nguyen thi"}))
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Nguyễn Thị Hoa"]
    sheet = read_export(
        client.get(reverse("member_export"), {"organization": "DUK-KT", "ordering": "-name"})
    )
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Hoàng Văn Dũng",
        "Vũ Văn Ân",
    ]
    # the list page links to the export with the same filters
    page = client.get(reverse("member_list"), {"search": "duc", "page": 1}).content.decode()
    assert f'href="{reverse("member_export")}?search=duc"' in page


def test_export_values_and_formula_injection(login, personas, tree):
    member = services.register_member(
        {
            "family_name": '=HYPERLINK("http://x")',
            "middle_name": "",
            "given_name": "Test",
            "other_names": "+1",
            "sex": "female",
            "birth_date": dt.date(1979, 2, 28),
            "ethnicity": "Tày",
            "religion": "Phật giáo",
            "cccd": "001179000001",
            "hometown": "Xã Tân Lạc",
            "hometown_province": 25,
            "permanent_address": "12 Hàng Bạc",
            "permanent_ward": 70,
            "permanent_province": 1,
            "current_address": "@SUM(A1)",
            "phone": "-0912345678",
            "email": "test@example.com",
            "education_general": "12/12",
            "education_professional": "Thạc sĩ",
            "political_theory": "Trung cấp",
            "foreign_language": "Tiếng Anh B1",
            "it_level": "Cơ bản",
            "occupation": "Giảng viên",
            "workplace": "Trường Đại học Bách khoa Hà Nội",
            "position": "Trưởng bộ môn",
            "record_number": "LL-0001",
            "party_card_number": "01234567",
            "admitted_on": dt.date(2005, 3, 26),
            "admitting_organization": "Chi bộ Sinh viên",
            "introducers": "Nguyễn Văn A; Trần Thị B",
            "recognized_on": dt.date(2006, 3, 26),
        },
        organization=tree["DUK-BK-CNTT"],
    )
    sheet = read_export(login(personas["cell_secretary"]).get(reverse("member_export")))
    row = next(sheet.iter_rows(min_row=2))
    values = dict(zip(EXPORT_HEADERS, (c.value for c in row), strict=True))
    assert values == {
        "No.": 1,
        "Full name": '\'=HYPERLINK("http://x") Test',
        "Other names": "'+1",
        "Sex": "Female",
        "Date of birth": dt.datetime(1979, 2, 28),
        "Ethnicity": "Tày",
        "Religion": "Phật giáo",
        "Citizen ID (CCCD)": "001179000001",
        "Hometown": "Xã Tân Lạc",
        "Hometown province": "Phú Thọ",
        "Hometown province code": 25,
        "Permanent address": "12 Hàng Bạc",
        "Permanent address: ward": "Phường Hoàn Kiếm",
        "Permanent address: ward code": 70,
        "Permanent address: province": "Thành phố Hà Nội",
        "Permanent address: province code": 1,
        "Current address": "'@SUM(A1)",
        "Current address: ward": None,
        "Current address: ward code": None,
        "Current address: province": None,
        "Current address: province code": None,
        "Phone": "'-0912345678",
        "Email": "test@example.com",
        "General education": "12/12",
        "Professional qualification": "Thạc sĩ",
        "Political theory": "Trung cấp",
        "Foreign language": "Tiếng Anh B1",
        "IT level": "Cơ bản",
        "Occupation": "Giảng viên",
        "Workplace": "Trường Đại học Bách khoa Hà Nội",
        "Position": "Trưởng bộ môn",
        "Record number": "LL-0001",
        "Party card number": "01234567",
        "Admission date": dt.datetime(2005, 3, 26),
        "Admitting cell": "Chi bộ Sinh viên",
        "Introducers": "Nguyễn Văn A; Trần Thị B",
        "Recognition date": dt.datetime(2006, 3, 26),
        "Organization code": "DUK-BK-CNTT",
        "Organization name": "Chi bộ Khoa Công nghệ thông tin",
        "Status": "Official",
        "Leaving date": None,
        "Reason for leaving the party": None,
        "Leaving document number": None,
    }
    by_header = dict(zip(EXPORT_HEADERS, row, strict=True))
    assert by_header["Full name"].data_type == "s"  # a string, not a formula
    assert all(c.data_type != "f" for c in row)
    assert by_header["Date of birth"].number_format == "dd/mm/yyyy"
    assert member.full_name.startswith("=")  # stored as typed; only the export escapes it
