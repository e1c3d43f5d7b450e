"""Bad files get one clear message and change nothing (each file is built for real)."""

import io
import os
import zipfile

import pytest

from coso.core.sheets.reader import FileRefused
from coso.imports.services import ImportBlocked, import_members
from tests.helpers import (
    as_rows,
    csv_bytes,
    headers_vi,
    importing,
    member_row,
    refused,
    snapshot,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_empty_file(tree, write_file):
    assert (
        refused(importing(write_file, "rong.xlsx", b""), raises=FileRefused).text
        == "The file is empty."
    )
    assert (
        refused(importing(write_file, "rong.csv", b"  \n"), raises=FileRefused).text
        == "The file is empty."
    )


def test_workbook_with_no_data(tree, write_file):
    data = xlsx_bytes([], headers=[])
    assert (
        refused(importing(write_file, "trong.xlsx", data), raises=FileRefused).text
        == "The file is empty: no sheet holds any data."
    )


def test_headers_only(tree, write_file):
    message = "The file has a header row but no members below it."
    assert (
        refused(importing(write_file, "chi-tieu-de.xlsx", xlsx_bytes([])), raises=FileRefused).text
        == message
    )
    assert (
        refused(importing(write_file, "chi-tieu-de.csv", csv_bytes([])), raises=FileRefused).text
        == message
    )


def test_text_file_renamed_xlsx(tree, write_file):
    message = refused(
        importing(write_file, "ghi-chu.xlsx", "Danh sách đảng viên\nNguyễn Văn An\n".encode()),
        raises=FileRefused,
    ).text
    assert message == (
        "The file is named like an Excel workbook but is not one. Open it in Excel and save it "
        "as .xlsx."
    )


def test_png_renamed_xlsx(tree, write_file):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    message = refused(importing(write_file, "anh.xlsx", png), raises=FileRefused).text
    assert message == "The file is a PNG file, not a spreadsheet (.xlsx or .csv)."


def test_password_protected_workbook(tree, write_file):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(xlsx_bytes(as_rows([member_row(1)])))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("mat-khau", encrypted)
    data = encrypted.getvalue()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real OLE2 container
    assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    message = refused(importing(write_file, "mat-khau.xlsx", data), raises=FileRefused).text
    assert message.startswith("The workbook is protected with a password.")


def test_truncated_workbook(tree, write_file):
    data = xlsx_bytes(as_rows([member_row(1)]))
    message = refused(
        importing(write_file, "hong.xlsx", data[: len(data) // 2]), raises=FileRefused
    ).text
    assert message == "The workbook is damaged (incomplete or corrupt) and cannot be read."


def test_zip_that_is_not_a_workbook(tree, write_file):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "xin chào")
    message = refused(importing(write_file, "nen.xlsx", out.getvalue()), raises=FileRefused).text
    assert message == "The file is a zip archive but not an Excel workbook (.xlsx)."


def test_ten_megabytes_of_random_bytes(tree, write_file):
    data = os.urandom(10 * 1024 * 1024)
    if data.startswith((b"PK", b"\xd0\xcf")):
        data = b"\x00" + data[1:]
    message = refused(importing(write_file, "ngau-nhien.xlsx", data), raises=FileRefused).text
    assert message == (
        "The file is named like an Excel workbook but is not one. Open it in Excel and save it "
        "as .xlsx."
    )
    message = refused(importing(write_file, "ngau-nhien.csv", data), raises=FileRefused).text
    assert message.startswith("The file is neither an Excel workbook (.xlsx) nor a CSV text file")


def test_wrong_headers(tree, write_file):
    data = xlsx_bytes([["a", "b", "c"]], headers=["Cột 1", "Cột 2", "Cột 3"])
    message = refused(importing(write_file, "sai.xlsx", data), raises=FileRefused).text
    assert message.startswith("No header row was recognized in the first 10 rows.")


def test_missing_required_headers(tree, write_file):
    headers = ["STT", "Họ và tên", "Giới tính", "Ghi chú"]
    data = xlsx_bytes([[1, "Nguyễn Văn An", "Nam", ""]], headers=headers)
    message = refused(importing(write_file, "thieu.xlsx", data), raises=FileRefused).text
    assert message == (
        "The file lacks the column(s): Date of birth, Organization code, Citizen ID (CCCD)."
    )


def test_same_column_twice(tree, write_file):
    headers = [*headers_vi(), "CCCD"]
    message = refused(
        importing(write_file, "trung-cot.xlsx", xlsx_bytes([], headers=headers)), raises=FileRefused
    ).text
    assert message == "The columns Số CCCD and CCCD hold the same data; keep one."


def test_merged_header_cells(tree, write_file):
    headers = headers_vi()
    data = xlsx_bytes(as_rows([member_row(1)]), merge=(0, 1, 0, 2, headers[1]))
    message = refused(importing(write_file, "gop-o.xlsx", data), raises=FileRefused).text
    assert message.startswith("The header row has merged cells (B1:C1).")


def test_data_on_the_second_sheet_is_found(tree, write_file):
    """The first sheet is empty (or holds notes): the table on the second sheet is read."""
    data = xlsx_bytes(as_rows([member_row(1)]), first_sheet_empty=True)
    result = import_members(write_file("trang-2.xlsx", data), filename="trang-2.xlsx")
    assert result.plan.sheet_name == "Đảng viên"
    assert result.plan.counts() == {
        "total": 1,
        "new": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
    }


def blocked(write_file, rows, **kwargs):
    before = snapshot()
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx", **kwargs)
    assert snapshot() == before
    plan = import_members(path, filename="ds.xlsx", dry_run=True, **kwargs).plan
    return {e.row: e.messages for e in plan.errors}, plan


def test_cccd_of_eleven_digits(tree, write_file):
    errors, plan = blocked(write_file, [member_row(1), member_row(2, cccd="00109000002")])
    assert errors == {
        3: ["Citizen ID (CCCD): The citizen ID (CCCD) 00109000002 must be exactly 12 digits."]
    }
    assert plan.counts()["new"] == 1


def test_same_cccd_twice(tree, write_file):
    errors, _plan = blocked(
        write_file, [member_row(1), member_row(2), member_row(3, cccd=member_row(1)["cccd"])]
    )
    assert errors == {4: ["Citizen ID (CCCD): The citizen ID (CCCD) 001090000001 repeats row 2."]}


def test_same_card_twice_and_card_of_another_member(tree, members, write_file):
    taken = members["an"]
    taken.party_card_number = "12345678"
    taken.save()
    errors, plan = blocked(
        write_file,
        [
            member_row(1, party_card_number="55555555"),
            member_row(2, party_card_number="55555555"),
            member_row(3, party_card_number="12345678"),
        ],
    )
    assert errors == {3: ["Party card number: The party card number 55555555 repeats row 2."]}
    # row 4 carries An's card number: it is An, and the preview shows what would change
    (change,) = plan.changes
    assert (change.row, change.member_id) == (4, taken.pk)
    assert ("Citizen ID (CCCD)", taken.cccd, "001090000003") in change.changes


def test_organization_outside_the_users_scope(tree, cell_secretary, write_file):
    errors, _plan = blocked(
        write_file, [member_row(1), member_row(2, org="DUK-KT")], user=cell_secretary
    )
    assert errors == {
        3: [
            "Organization code: The organization DUK-KT is outside the part of the tree you may "
            "import into."
        ]
    }


def test_unknown_organization_and_bad_cells(tree, write_file):
    errors, _plan = blocked(
        write_file,
        [
            member_row(1, org="KHONG-CO"),
            member_row(2, birth_date="31/02/1990", sex="X"),
            member_row(3, birth_date="01/01/2000", admitted_on="01/01/2010"),
            member_row(4, full_name="An", email="khong-phai-thu"),
        ],
    )
    assert errors[2] == ["Organization code: No organization has the code KHONG-CO."]
    assert errors[3] == [
        "Sex: X is not a sex (Nam or Nữ).",
        "Date of birth: 31/02/1990 is not a valid date.",
    ]
    assert errors[4] == [
        "Admission date: The admission date cannot be before the member's 18th birthday."
    ]
    assert errors[5] == [
        "Email: khong-phai-thu is not an e-mail address.",
        "Full name: The full name needs at least a family name and a given name.",
    ]
