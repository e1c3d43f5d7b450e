"""The member template (.xlsx): required columns marked, an example row that is never imported,
drop-downs (data validation lists) for the columns read from a list, the notes sheet
"Hướng dẫn"; read back with openpyxl, and a round trip: the template filled with two rows
imports those two and not the example. The background progress speaks plain Vietnamese."""

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from vietnam_provinces import Province

from coso.imports.models import ImportJob, ImportStatus
from coso.imports.template import province_order
from coso.members.choices import ETHNICITIES, LeavingReason
from coso.members.models import Member
from tests.helpers import PASSWORD, headers_vi, snapshot, upload

pytestmark = pytest.mark.django_db

REQUIRED = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã tổ chức đảng"]
STATUSES = [
    "Dự bị", "Chính thức", "Miễn công tác và sinh hoạt đảng", "Chuyển sinh hoạt đi", "Xóa tên",
    "Khai trừ", "Xin ra khỏi Đảng", "Từ trần",
]  # fmt: skip


def template(client):
    response = client.get(reverse("import_template", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def drop_downs(wb) -> dict[str, tuple[str, str, list[str]]]:
    """Each validated column's header -> (range, error style, the values of its list)."""
    sheet, lists = wb["Đảng viên"], wb["Danh mục"]
    headers = {c.column_letter: c.value for c in sheet[1]}
    out = {}
    for dv in sheet.data_validations.dataValidation:
        assert dv.type == "list" and dv.showDropDown is not True  # the arrow is shown
        ref = str(dv.sqref)
        source = dv.formula1.split("!")[1].replace("$", "")
        values = [c.value for row in lists[source] for c in row]
        out[headers[ref.split(":")[0][:-1].rstrip("0123456789")]] = (
            ref,
            dv.errorStyle or "stop",
            values,
        )
    return out


def test_sheets_headers_required_marks_and_example_row(login, office):
    wb = template(login(office))
    assert wb.sheetnames == ["Đảng viên", "Hướng dẫn", "Danh mục"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "hidden"]
    sheet = wb["Đảng viên"]
    headers = [c.value for c in sheet[1]]
    assert headers == [h + " *" if h in REQUIRED else h for h in headers_vi()]
    assert [h for h in headers if h.endswith(" *")] == [h + " *" for h in REQUIRED]
    fills = {c.value: c.fill.fgColor.rgb for c in sheet[1]}
    assert {fills[h + " *"] for h in REQUIRED} == {"FFFCE4D6"}
    assert {f for h, f in fills.items() if not h.endswith("*")} == {"FFEDEDED"}
    assert sheet.freeze_panes == "A2"
    example = dict(zip(headers, (c.value for c in sheet[2]), strict=True))
    assert example["Số"] == "Ví dụ"
    assert (example["Họ và tên *"], example["Giới tính *"], example["Số CCCD *"]) == (
        "Nguyễn Văn An",
        "Nam",
        "001090012345",
    )
    assert example["Ngày sinh *"].date().isoformat() == "1990-03-15"
    assert sheet.cell(2, 5).number_format == "dd/mm/yyyy"
    assert sheet["B2"].font.i is True and sheet["B2"].fill.fgColor.rgb == "FFFFF2CC"
    # the office reaches the whole tree: its first organization is the example's
    assert (example["Mã tổ chức đảng *"], example["Tình trạng"]) == ("DUK", "Chính thức")
    assert sheet.max_row == 2  # nothing else written: the drop-downs carry no values


def test_drop_downs_cover_the_columns_read_from_a_list(login, office):
    lists = drop_downs(template(login(office)))
    provinces = sorted((p.name for p in Province.iter_all()), key=province_order)
    assert len(provinces) == 34
    assert provinces[:6] == [
        "An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Thành phố Cần Thơ", "Thành phố Đà Nẵng",
    ]  # fmt: skip
    assert lists == {
        "Giới tính *": ("D2:D2002", "stop", ["Nam", "Nữ"]),
        "Dân tộc": ("F2:F2002", "warning", ETHNICITIES),
        "Tôn giáo": ("G2:G2002", "warning", lists["Tôn giáo"][2]),
        "Quê quán: tỉnh, thành phố": ("J2:J2002", "stop", provinces),
        "Nơi thường trú: tỉnh, thành phố": ("O2:O2002", "stop", provinces),
        "Nơi ở hiện nay: tỉnh, thành phố": ("T2:T2002", "stop", provinces),
        "Mã tổ chức đảng *": (
            "AL2:AL2002",
            "warning",
            ["DUK", "DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT"],
        ),
        "Tình trạng": ("AN2:AN2002", "stop", STATUSES),
        "Lý do ra khỏi Đảng": ("AP2:AP2002", "stop", lists["Lý do ra khỏi Đảng"][2]),
    }
    assert lists["Tôn giáo"][2][:3] == ["Không", "Phật giáo", "Công giáo"]
    assert len(lists["Lý do ra khỏi Đảng"][2]) == len(LeavingReason.choices) == 8


def test_notes_sheet_explains_each_column(login, office):
    wb = template(login(office))
    notes = list(wb["Hướng dẫn"].iter_rows(values_only=True))
    headers = [c.value for c in wb["Đảng viên"][1]]
    assert notes[0] == ("Cột", "Bắt buộc", "Cách ghi", "Ví dụ")
    assert [r[0] for r in notes[1 : len(headers) + 1]] == headers
    rows = {r[0]: r for r in notes[1 : len(headers) + 1]}
    assert all(r[2] for r in rows.values())  # every column is explained
    assert rows["Giới tính *"] == (
        "Giới tính *",
        "Bắt buộc",
        "Chọn trong danh sách: Nam hoặc Nữ.",
        "Nam",
    )
    assert rows["Ngày sinh *"][2:] == (
        "Ngày tháng năm: dd/mm/yyyy (ví dụ 15/03/1990) hoặc ô ngày của Excel.",
        "15/03/1990",
    )
    assert rows["Số"][1:3] == (
        "Không bắt buộc",
        "Số thứ tự, không được nhập. Dòng ví dụ ghi “Ví dụ” ở cột này và không bao giờ được "
        "nhập: để nguyên hoặc xóa đi.",
    )
    assert rows["Dân tộc"][2] == "Chọn trong danh sách 54 dân tộc. Để trống: Kinh."
    assert notes[len(headers) + 2][0].startswith("Các cột có dấu * là bắt buộc")


def test_the_filled_template_imports_its_rows_and_not_the_example(login, office, tree):
    client = login(office)
    wb = template(client)
    sheet = wb["Đảng viên"]
    column = {c.value.rstrip(" *"): c.column for c in sheet[1]}
    people = [
        ("Trần Thị Bình", "Nữ", "02/09/1992", "001192000001", "DUK-BK-CNTT"),
        ("Lê Văn Cường", "Nam", "20/11/1988", "001088000002", "DUK-KT"),
    ]
    for row, person in enumerate(people, start=3):
        sheet.cell(row, column["Số"], row - 2)
        for header, value in zip(REQUIRED, person, strict=True):
            sheet.cell(row, column[header], value)
    out = io.BytesIO()
    wb.save(out)
    upload(client, out.getvalue(), name="mau-nhap-dang-vien.xlsx")
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.new_rows, job.invalid_rows) == ("previewed", 2, 2, 0)
    assert job.preview["examples"] == [2]
    page = client.get(reverse("import_job", args=[job.pk]))
    assert "Row 2 is the template's example: it was left out." in page.content.decode()
    client.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    stored = Member.objects.order_by("cccd").values_list(
        "full_name", "sex", "birth_date", "cccd", "organization__code", "status"
    )
    assert [(n, s, str(b), c, o, st) for n, s, b, c, o, st in stored] == [
        ("Lê Văn Cường", "male", "1988-11-20", "001088000002", "DUK-KT", "official"),
        ("Trần Thị Bình", "female", "1992-09-02", "001192000001", "DUK-BK-CNTT", "official"),
    ]
    assert not Member.objects.filter(cccd="001090012345").exists()


def test_the_example_row_alone_adds_nobody_and_is_itself_a_valid_row(login, office, tree):
    client = login(office)
    wb = template(client)
    out = io.BytesIO()
    wb.save(out)
    before = snapshot(Member=(Member, ("cccd",)))
    upload(client, out.getvalue(), name="mau.xlsx")
    job = ImportJob.objects.get()
    assert (job.status, job.message) == (
        "refused",
        "Only the template's example row is filled: write the members below it.",
    )
    assert snapshot(Member=(Member, ("cccd",))) == before
    # with its mark replaced by a number, the example is a member the importer takes as it is
    wb["Đảng viên"]["A2"] = 1
    out = io.BytesIO()
    wb.save(out)
    upload(client, out.getvalue(), name="mau-1.xlsx")
    job = ImportJob.objects.exclude(status="refused").get()
    assert (job.total_rows, job.new_rows, job.invalid_rows) == (1, 1, 0), job.preview


def test_a_cell_secretary_gets_their_cell_and_a_reader_no_template(
    client, login, cell_secretary, tree
):
    wb = template(login(cell_secretary))
    sheet = wb["Đảng viên"]
    codes = drop_downs(wb)["Mã tổ chức đảng *"][2]
    assert codes == ["DUK-BK-CNTT"]
    assert (sheet["AL2"].value, sheet["AM2"].value) == (
        "DUK-BK-CNTT",
        "Chi bộ Khoa Công nghệ thông tin",
    )
    from coso.accounts.services import add_user

    reader = add_user("doc", organization=tree["DUK"], role="member", password=PASSWORD)
    client.logout()
    client.force_login(reader)
    assert client.get(reverse("import_template", args=["xlsx"])).status_code == 404


def test_background_progress_speaks_plain_vietnamese(office, tree):
    job = ImportJob(user=office, organization=tree["DUK"], filename="ds.xlsx", status="queued")
    with translation.override("vi"):
        html = render_to_string("imports/_progress.html", {"job": job})
    assert "db_worker" not in html and "coso" not in html
    assert (
        "Tệp đang chờ đến lượt xử lý; trang này tự cập nhật, đồng chí có thể rời trang và quay "
        "lại sau." in html
    )
