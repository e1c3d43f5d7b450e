"""Exports as CSV and organizations (the member .xlsx is tested with the member pages), and the
`coso import` / `coso export` commands."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coso.members import services as member_services
from coso.members.models import Member
from tests.helpers import as_rows, member_row, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(text[1:])))


def test_member_csv_holds_the_scope_and_filters(login, personas, members):
    rows = read_csv(login(personas["cell_secretary"]).get(reverse("member_export_csv")))
    assert rows[0][:3] == ["No.", "Full name", "Other names"]
    assert sorted(r[1] for r in rows[1:]) == ["Nguyễn Thị Hoa", "Nguyễn Văn An", "Trần Minh Đức"]
    rows = read_csv(
        login(personas["office"]).get(reverse("member_export_csv"), {"organization": "DUK-KT"})
    )
    assert [r[1] for r in rows[1:]] == ["Vũ Văn Ân", "Hoàng Văn Dũng"]  # Vietnamese order
    assert rows[1][rows[0].index("Date of birth")] == "01/01/1985"


def test_csv_escapes_formulas(login, office, tree):
    member_services.register_member(
        {"family_name": "=CMD()", "given_name": "An", "sex": "male", "other_names": "@x",
         "birth_date": __import__("datetime").date(1980, 1, 1), "phone": "+84912345678",
         "cccd": "001080000001"},
        organization=tree["DUK-KT"],
    )  # fmt: skip
    rows = read_csv(login(office).get(reverse("member_export_csv")))
    header = rows[0]
    assert rows[1][header.index("Full name")] == "'=CMD() An"
    assert rows[1][header.index("Other names")] == "'@x"
    assert rows[1][header.index("Phone")] == "'+84912345678"


def test_csv_export_query_count_is_flat(login, office, tree):
    client = login(office)
    from coso.members.services.bulk import MemberRow, bulk_load_members

    def add(n, start):
        rows = []
        for i in range(start, start + n):
            m = Member(family_name="Lê", given_name=f"X{i}", sex="male", organization=tree["DUK-KT"],
                       birth_date=__import__("datetime").date(1980, 1, 1), cccd=f"{i:012d}")  # fmt: skip
            rows.append(
                MemberRow.registered(m, active_from=__import__("datetime").date(2020, 1, 1))
            )
        bulk_load_members(rows)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(reverse("member_export_csv")).streaming_content)
        return len(ctx.captured_queries)

    add(10, 1)
    small = count()
    add(150, 100)
    assert count() == small


def test_organizations_export(login, personas, members):
    response = login(personas["bk_secretary"]).get(reverse("organization_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Code", "Name")
    header = rows[0]
    by_code = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_code) == ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]  # scope, tree order
    assert by_code["DUK-BK-CNTT"]["Parent organization code"] == "DUK-BK"
    assert by_code["DUK-BK-CNTT"]["Members"] == 3
    assert by_code["DUK-BK"]["Kind"] == "Grassroots party committee" or by_code["DUK-BK"]["Kind"]
    rows = read_csv(login(personas["office"]).get(reverse("organization_export", args=["csv"])))
    assert [r[1] for r in rows[1:]] == ["DUK", "DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT"]
    assert login(personas["office"]).get("/organizations/export.pdf").status_code == 404


def test_cli_export_then_import_round_trip(members, tmp_path, capsys):
    for suffix in ("xlsx", "csv"):
        path = tmp_path / f"bk.{suffix}"
        call_command("export", "members", "--org", "DUK-BK", "-o", str(path))
        assert "Đã ghi 5 dòng" in capsys.readouterr().out
        before = snapshot()
        call_command("import", "members", str(path), "--org", "DUK-BK")
        out = capsys.readouterr().out
        assert "5 dòng — mới 0, cập nhật 0, không đổi 5, lỗi 0." in out
        assert snapshot() == before
    call_command("export", "organizations", "-o", str(tmp_path / "org.csv"))
    assert "Đã ghi 5 dòng" in capsys.readouterr().out


def test_cli_import_dry_run_errors_and_user_scope(tree, cell_secretary, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx_bytes(as_rows([member_row(1), member_row(2, cccd="1")])))
    call_command("import", "members", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "2 dòng — mới 1, cập nhật 0, không đổi 0, lỗi 1." in out and "dòng 3:" in out
    with pytest.raises(CommandError, match="1 row"):
        call_command("import", "members", str(path))
    assert Member.objects.count() == 0
    call_command("import", "members", str(path), "--skip-invalid")
    assert Member.objects.count() == 1
    with pytest.raises(CommandError, match="không có quyền sửa DUK-KT"):
        call_command("import", "members", str(path), "--org", "DUK-KT", "--user", "bithu_cntt")
    with pytest.raises(CommandError, match="Không có tổ chức mã NOPE"):
        call_command("import", "members", str(path), "--org", "NOPE")
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="not one"):
        call_command("import", "members", str(bad))


def test_streaming_xlsx_writer_reads_back_in_openpyxl_and_calamine(tmp_path):
    import datetime as dt

    import python_calamine

    from coso.core.sheets.writer import write_xlsx

    path = tmp_path / "x.xlsx"
    rows = [
        [1, " lề ", dt.date(2001, 2, 3), 2.5, True, None, "a\x01b", "=1+1", "<&>\"'"],
        [2, "", dt.datetime(2020, 1, 2, 3, 4), -3, False, "x", "", "@SUM(A1)", "Đảng"],
    ]
    headers = ["No.", "Tên", "Ngày", "Số", "Có", "Rỗng", "Điều khiển", "Công thức", "Ký tự"]
    assert write_xlsx(path, headers, rows, sheet_name="Đảng viên", widths=[6] * 9) == 2
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "Đảng viên" and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I3"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(headers)
    assert values[1] == (1, " lề ", dt.datetime(2001, 2, 3), 2.5, True, None, "a_x0001_b",
                         "'=1+1", "<&>\"'")  # fmt: skip
    assert values[2][2] == dt.datetime(2020, 1, 2, 3, 4) and values[2][7] == "'@SUM(A1)"
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    calamine = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert calamine.to_python()[1][:3] == [1.0, " lề ", dt.date(2001, 2, 3)]
