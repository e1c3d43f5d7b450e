"""Importing a grassroots organization's grades from Excel: the template, the whole file
checked (every row's problems with its number, the quota over the file), all or nothing, the
exact values written through `grade_members`, and the denied path."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from coso.evaluation.models import Evaluation, GradeDecision
from tests.evaluation.grading_setup import numbered_year, open_year
from tests.helpers import make_member, refused, snapshot, xlsx_bytes

HEADERS = [
    "Số thẻ đảng viên", "Họ và tên", "Mã chi bộ", "Mẫu (2A, 2B, 2C)", "Điểm (trên 100)",
    "Điểm: tiêu chí chung", "Điểm: kết quả nhiệm vụ", "Nhiệm vụ đúng hạn (%)",
    "Nhiệm vụ vượt yêu cầu (%)", "Đảng viên tự xếp loại", "Chi bộ đề xuất", "Xếp loại quyết định",
]  # fmt: skip
EN_HEADERS = [
    "Party card number", "Full name", "Cell code", "Form (2A, 2B, 2C)", "Score (of 100)",
    "Points: common criteria", "Points: task results", "Tasks on time (%)",
    "Tasks beyond requirement (%)", "Grade proposed by the member", "Grade proposed by the cell",
    "Grade decided",
]  # fmt: skip
EXCELLENT, GOOD = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"


@pytest.fixture
def bk(tree, members):
    return numbered_year(tree, members)


def _row(card, grade=GOOD, *, score=85, decided=None, proposed=None, beyond=10):
    return [card, "", "", "2A", score, 25, score - 25, 100, beyond, grade,
            proposed or grade, decided or grade]  # fmt: skip


def _url(tree, period, code="DUK-BK"):
    return reverse("evaluation_import", args=[code, period.pk])


def _post(client, tree, period, rows, code="DUK-BK", **extra):
    f = io.BytesIO(xlsx_bytes(rows, HEADERS))
    f.name = "xep-loai.xlsx"
    data = {"file": f, "self_assessed_on": "01/12/2025", "reviewed_on": "10/12/2025",
            "decided_on": "20/12/2025", "number": "15-QĐ/ĐU", **extra}  # fmt: skip
    return client.post(_url(tree, period, code), data)


def test_the_template_lists_the_members_to_grade(login, office, tree, bk):
    login(office)
    response = login(office).get(reverse("evaluation_import_template", args=["DUK-BK", bk.pk]))
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == EN_HEADERS  # the page's language (Vietnamese headers are read too)
    # by cell (path), then given name in Vietnamese order; card, name, cell code, form 2A, the rest empty
    assert [r[:4] for r in rows[1:]] == [
        ["01000001", "Nguyễn Văn An", "DUK-BK-CNTT", "2A"],
        ["01000002", "Trần Minh Đức", "DUK-BK-CNTT", "2A"],
        ["01000003", "Nguyễn Thị Hoa", "DUK-BK-CNTT", "2A"],
        ["01000005", "Phạm Thị Ánh", "DUK-BK-CK", "2A"],
        ["01000004", "Lê Văn Bình", "DUK-BK-CK", "2A"],
    ]
    assert all(v is None for r in rows[1:] for v in r[4:])


def test_a_file_is_written_through_the_steps(login, office, tree, bk, members):
    rows = [
        _row("01000001", EXCELLENT, score=95, beyond=40),
        _row("01000002"), _row("01000003"), _row("01000004"), _row("01000005"),
        ["", "Lê Văn Bình", "DUK-BK-CK", "", "", "", "", "", "", "", "", ""],  # nothing to grade
    ]  # fmt: skip
    rows.pop(4)
    rows.insert(4, ["", "phạm thị ánh", "duk-bk-ck", "2B", "72,5", "22,5", 50, 100, "0%",
                    "HTTNV", "httnv", GOOD])  # fmt: skip
    response = _post(login(office), tree, bk, rows)
    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    assert "5 new self-assessments, 5 proposals of the cells, 5 grades decided." in page
    assert "1 of 5 GOOD-or-better may be EXCELLENT; 1 proposed" in page
    assert "1 row without grades was skipped." in page
    decision = GradeDecision.objects.get()
    assert (decision.number, decision.organization, decision.decided_on) == (
        "15-QĐ/ĐU",
        tree["DUK-BK"],
        dt.date(2025, 12, 20),
    )
    got = {
        ev.member.given_name: (ev.form, ev.score, ev.criteria_points, ev.task_points,
                               ev.tasks_on_time, ev.tasks_beyond, ev.self_grade,
                               ev.proposed_grade, ev.grade, ev.stage, ev.reviewed_on,
                               ev.decision_id, ev.quota_unit.code)
        for ev in Evaluation.objects.members().select_related("member", "quota_unit")
    }  # fmt: skip
    assert got["An"] == ("2A", Decimal("95.00"), Decimal("25.00"), Decimal("70.00"), 100, 40,
                         "excellent", "excellent", "excellent", "decided",
                         dt.date(2025, 12, 10), decision.pk, "DUK-BK")  # fmt: skip
    assert got["Ánh"] == ("2B", Decimal("72.50"), Decimal("22.50"), Decimal("50.00"), 100, 0,
                          "good", "good", "good", "decided", dt.date(2025, 12, 10),
                          decision.pk, "DUK-BK")  # fmt: skip
    assert sorted(got) == ["An", "Bình", "Hoa", "Ánh", "Đức"]


def test_one_bad_row_writes_nothing_and_every_row_is_named(login, office, tree, bk):
    rows = [
        _row("01000001", EXCELLENT, score=80),  # 80 reaches at most GOOD
        _row("01000002"),
        _row("99999999"),  # nobody
        _row("01000004", "Giỏi"),  # not a grade
        _row("01000005", score=120),
    ]
    client = login(office)
    result = refused(lambda: _post(client, tree, bk, rows), status=400)
    text = result.text
    problems = re.findall(r"<li>(.*?)</li>", text.split('id="grades-errors"')[1].split("</ul>")[0])
    basis = "(QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW (31/10/2025))"
    grades = ("(Completed tasks excellently, Completed tasks well, Completed tasks, Did not "
              "complete tasks)")  # fmt: skip
    assert [html.unescape(p) for p in problems] == [
        f"Row 2: A score of 80 of 100 reaches at most “Completed tasks well” {basis}.",
        "Row 2: “Completed tasks excellently” needs at least 30% of tasks beyond requirement; "
        f"10% are {basis}.",
        "Row 4: No member of this organization has the party card number 99999999.",
        f"Row 5: Grade proposed by the member: “Giỏi” is not a grade {grades}.",
        f"Row 5: Grade proposed by the cell: “Giỏi” is not a grade {grades}.",
        f"Row 5: Grade decided: “Giỏi” is not a grade {grades}.",
        "Row 6: Between 0 and 70 points on the sheet.",
    ]  # the good row (3) is not named; the quota is not counted over a partial file
    assert "7 problems: nothing was imported." in text
    assert not Evaluation.objects.members().exists()


def test_the_quota_is_counted_over_the_whole_file(login, office, tree, bk):
    rows = [_row("01000001", EXCELLENT, score=95, beyond=40),
            _row("01000002", EXCELLENT, score=95, beyond=40),
            _row("01000003"), _row("01000004"), _row("01000005")]  # fmt: skip
    client = login(office)
    result = refused(lambda: _post(client, tree, bk, rows), status=400)
    assert (
        "graded GOOD or better in Đảng bộ Trường Đại học Bách khoa Hà Nội (QĐ 366-QĐ/TW"
        in result.text
    )
    assert "5 are GOOD or better, so at most 1 may be EXCELLENT; this would make 2." in (
        result.text
    )


def test_out_of_scope_is_404_and_changes_nothing(login, cell_secretary, tree, bk):
    client = login(cell_secretary)
    before = snapshot()
    assert _post(client, tree, bk, [_row("01000001")]).status_code == 404
    response = client.get(reverse("evaluation_import_template", args=["DUK-BK", bk.pk]))
    assert response.status_code == 404
    assert snapshot() == before


def test_a_period_not_covering_the_organization_is_404(login, office, tree, bk):
    other = open_year(tree["DUK-KT"], 2024)
    assert login(office).get(_url(tree, other)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_import_outside_a_transaction(tree, members, login, office):
    period = numbered_year(tree, members)
    make_member(
        tree["DUK-BK-CK"],
        "Cường",
        admitted_on=dt.date(2025, 10, 1),
        recognized_on=None,
        status="probationary",
    )  # admitted late: not graded
    rows = [_row(f"0100{n:04d}") for n in range(1, 6)]
    assert _post(login(office), tree, period, rows).status_code == 200
    assert Evaluation.objects.members().filter(stage="decided").count() == 5
