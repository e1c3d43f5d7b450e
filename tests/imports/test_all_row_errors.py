"""Every problem of a row at once, each naming its column (issue 15, item 4): in the plan, on
the preview page and in the errors file; the row corrected imports; nothing is written while
a row is wrong."""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coso.imports.models import ImportJob, ImportStatus
from coso.imports.planning import plan_member_import
from coso.imports.services import ImportBlocked, import_members
from coso.members.models import Member
from tests.helpers import as_rows, member_row, snapshot, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

#: one row, three problems in three columns: a cell that cannot be read (sex), a rule of the
#: record between two values that were read (admitted at 14), an unknown organization
THREE = {"sex": "X", "admitted_on": "01/01/2004", "org": "KHONG-CO"}
THREE_MESSAGES = [
    "Sex: X is not a sex (Nam or Nữ).",
    "Admission date: The admission date cannot be before the member's 18th birthday.",
    "Organization code: No organization has the code KHONG-CO.",
]
THREE_MESSAGES_VI = [
    "Giới tính: X không phải là giới tính (Nam hoặc Nữ).",
    "Ngày vào Đảng: Ngày vào Đảng không được trước ngày đảng viên đủ 18 tuổi.",
    "Mã tổ chức đảng: Không có tổ chức đảng nào mang mã KHONG-CO.",
]


def errors_of(plan) -> dict[int, list[str]]:
    return {e.row: e.messages for e in plan.errors}


def test_three_problems_in_three_columns_give_three_messages(tree, write_file):
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1), member_row(2, **THREE)])))
    before = snapshot()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert snapshot() == before
    plan = plan_member_import(path, filename="ds.xlsx")
    assert errors_of(plan) == {3: THREE_MESSAGES}
    assert plan.counts() == {"total": 2, "new": 1, "updated": 0, "unchanged": 0, "invalid": 1}
    with translation.override("vi"):
        assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {3: THREE_MESSAGES_VI}
    assert snapshot() == before


def test_every_kind_of_problem_in_one_row(tree, write_file):
    """Two unreadable cells, a required field, a rule between the values that were read (the
    age rule needs the unreadable birth date: left out, not reported twice), a repeat."""
    rows = [
        member_row(1),
        member_row(
            2,
            sex="",
            birth_date="31/02/1990",
            email="khong-phai-thu",
            admitted_on="19/05/2015",
            recognized_on="19/05/2014",
            cccd=member_row(1)["cccd"],
        ),
    ]
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    before = snapshot()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert snapshot() == before
    assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {
        3: [
            "Date of birth: 31/02/1990 is not a valid date.",
            "Email: khong-phai-thu is not an e-mail address.",
            "Sex is required.",
            "Recognition date: The recognition date cannot be before the admission date.",
            "Citizen ID (CCCD): The citizen ID (CCCD) 001090000001 repeats row 2.",
        ]
    }


def test_number_in_use_is_reported_with_the_rows_other_problems(
    tree, members, cell_secretary, write_file
):
    binh = members["binh"]  # in DUK-BK-CK, outside the cell secretary's scope
    row = member_row(1, full_name=binh.full_name, cccd=binh.cccd, party_card_number="")
    row["phone"] = "abc"
    path = write_file("x.xlsx", xlsx_bytes(as_rows([row])))
    before = snapshot()
    plan = plan_member_import(path, filename="x.xlsx", user=cell_secretary)
    assert errors_of(plan) == {
        2: [
            "Phone: abc is not a Vietnamese phone number: 10 digits starting with 0 (11 for a "
            "landline starting with 02), or +84 followed by the number without its first 0.",
            f"Citizen ID (CCCD): The citizen ID (CCCD) {binh.cccd} cannot be used here. If it "
            "is right, ask the office of Đảng bộ Trường Đại học Bách khoa Hà Nội.",
        ]
    }
    assert snapshot() == before


def test_a_move_is_reported_with_the_rows_other_problems(tree, members, write_file):
    an = members["an"]  # in DUK-BK-CNTT
    row = member_row(
        1,
        org="DUK-KT",
        full_name=an.full_name,
        cccd=an.cccd,
        party_card_number="",
        birth_date="khong-ro",
    )
    path = write_file("x.xlsx", xlsx_bytes(as_rows([row])))
    before = snapshot()
    assert errors_of(plan_member_import(path, filename="x.xlsx")) == {
        2: [
            "Date of birth: khong-ro is not a date (dd/mm/yyyy).",
            "Organization code: This member belongs to DUK-BK-CNTT. Moving a member to another "
            "organization is a transfer, made on the member's page.",
        ]
    }
    assert snapshot() == before


def read_errors_file(client, job) -> list[tuple]:
    response = client.get(reverse("import_job_errors", args=[job.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_preview_page_and_errors_file_list_every_problem(login, office, tree):
    client = login(office)
    upload(client, xlsx_bytes(as_rows([member_row(1), member_row(2, **THREE)])))
    job = ImportJob.objects.get()
    assert (job.status, job.new_rows, job.invalid_rows) == (ImportStatus.PREVIEWED, 1, 1)
    assert job.preview["errors"] == [[3, THREE_MESSAGES]]
    page = html.unescape(client.get(reverse("import_job", args=[job.pk])).content.decode())
    for message in THREE_MESSAGES:
        assert f"<div>{message}</div>" in page
    values = read_errors_file(client, job)
    assert len(values) == 2
    assert (values[0][0], values[0][-1]) == ("Row", "Errors")
    # one row per row of the file, as it was there, its problems one per line
    assert values[1][0] == 3 and values[1][2] == "Nguyễn Văn Mới 2"
    assert values[1][-1] == "\n".join(THREE_MESSAGES)


def test_the_errors_file_corrected_imports(login, office, tree):
    """The clerk corrects the three cells in the downloaded errors file and uploads it."""
    client = login(office)
    upload(client, xlsx_bytes(as_rows([member_row(1, **THREE)])))
    job = ImportJob.objects.get()
    before = snapshot()
    client.post(reverse("import_job_confirm", args=[job.pk]))
    assert snapshot() == before
    response = client.get(reverse("import_job_errors", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    fixes = {"Giới tính": "Nam", "Ngày vào Đảng": "19/05/2015", "Mã tổ chức đảng": "DUK-BK-CNTT"}
    for header, value in fixes.items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    upload(client, out.getvalue(), name="da-sua.xlsx")
    fixed = ImportJob.objects.get(filename="da-sua.xlsx")
    assert (fixed.status, fixed.new_rows, fixed.invalid_rows) == (ImportStatus.PREVIEWED, 1, 0)
    client.post(reverse("import_job_confirm", args=[fixed.pk]))
    fixed.refresh_from_db()
    assert fixed.status == ImportStatus.DONE
    member = Member.objects.get()
    assert (member.full_name, member.sex, member.admitted_on, member.organization.code) == (
        "Nguyễn Văn Mới 1",
        "male",
        dt.date(2015, 5, 19),
        "DUK-BK-CNTT",
    )


@pytest.mark.django_db(transaction=True)
def test_refused_then_corrected_outside_a_transaction(tree, write_file):
    """The apply path as deployed (CI runs it on SQLite and PostgreSQL)."""
    wrong = write_file("sai.xlsx", xlsx_bytes(as_rows([member_row(1), member_row(2, **THREE)])))
    before = snapshot()
    with pytest.raises(ImportBlocked) as refused:
        import_members(wrong, filename="sai.xlsx")
    assert refused.value.messages == [
        "1 row(s) have errors; nothing was imported. Correct them, or choose to import only "
        "the valid rows."
    ]
    assert snapshot() == before
    assert errors_of(import_members(wrong, filename="sai.xlsx", dry_run=True).plan) == {
        3: THREE_MESSAGES
    }
    right = write_file("dung.xlsx", xlsx_bytes(as_rows([member_row(1), member_row(2)])))
    result = import_members(right, filename="dung.xlsx")
    assert (result.created, result.plan.invalid) == (2, 0)
    assert sorted(Member.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Mới 1",
        "Nguyễn Văn Mới 2",
    ]
