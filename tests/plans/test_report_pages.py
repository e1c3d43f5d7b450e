"""The reports' pages, files, API and to-do items: the superior's view of a period with its
exact figures and a fixed number of queries, the steps through the pages and the API, the
BC document (.docx, .pdf) and the .xlsx read back, the reports due on the to-do list."""

import datetime as dt
import io

import docx
import pytest
from python_calamine import CalamineWorkbook

from coso.documents.models import IssuedDocument
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.plans.documents import issue_report
from coso.plans.models import Report
from coso.plans.services import draft_report, set_schedule, submit_report
from tests.helpers import client_for, make_member, pdf_text, queries, refused
from tests.plans.reports_setup import (
    BK,
    KT,
    NARRATIVE_TEXT,
    YEAR_END,
    movement_year,
    written_report,
    year_schedule,
)

D = dt.date


def _cells(response) -> list[list]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_the_superiors_view_of_a_year(tree, members, office, login):
    movement_year(tree, members)
    schedule = year_schedule(tree)
    submit_report(written_report(tree, schedule), on=D(2025, 12, 22))  # 2 days late
    client = login(office)
    url = f"/reports/schedules/{schedule.pk}/?period=2025-12-15"
    client.get(url)  # the per-process caches
    n = queries(lambda: client.get(url))
    page = client.get(url)
    assert page.status_code == 200
    view = page.context["view"]
    rows = {r.organization.code: (r.status, r.late_days, r.figures) for r in view.rows}
    late = (timezone_today() - D(2025, 12, 20)).days
    assert rows == {"DUK-BK": ("submitted", 2, BK), "DUK-KT": ("", late, KT)}
    assert (view.submitted, view.late) == (1, 1)
    assert view.total["members_start"] == 8 and view.total["members_end"] == 7
    # more organizations, members and reports: the same number of queries
    from coso.orgs import services as org_services

    for i in range(3):
        org = org_services.create_organization(tree["DUK"], code=f"DUK-X{i}", name=f"Chi bộ X{i}",
                                               kind="grassroots_cell", established_on=D(2015, 1, 1))  # fmt: skip
        make_member(org, f"Xuân{i}")
        draft_report(org, schedule=schedule, period_end=YEAR_END)
    assert queries(lambda: client.get(url)) == n
    sheet = _cells(client.get(f"/reports/schedules/{schedule.pk}/xlsx/?period=2025-12-15"))
    assert sheet[0][:5] == ["Mã", "Tổ chức đảng", "Tình trạng", "Số ngày chậm",
                            "1. Đảng viên đầu kỳ"]  # fmt: skip
    assert sheet[1][:5] == ["DUK-BK", tree["DUK-BK"].name, "Submitted", 2, 6]
    assert sheet[-1][1] == "Tổng cộng" and sheet[-1][4] == 8 + 3


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_report_page_and_its_steps(tree, members, bk_secretary, office, login):
    movement_year(tree, members)
    schedule = year_schedule(tree)
    client = login(bk_secretary)
    owed = f"/reports/owed/DUK-BK/{schedule.pk}/2025-12-15/"
    assert client.get(owed).status_code == 200
    response = client.post(owed)
    report = Report.objects.get()
    assert response.url == f"/reports/{report.pk}/" and report.figures == BK
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200 and "Membership movement" in page.content.decode()
    data = {**NARRATIVE_TEXT, "version": report.version}
    assert client.post(f"/reports/{report.pk}/", data).status_code == 302
    # a stale version: 409, nothing saved
    refused(lambda: client.post(f"/reports/{report.pk}/", {**data, "proposals": "X"}),
            status=409)  # fmt: skip
    response = client.post(f"/reports/{report.pk}/submit/", {"submit-on": "20/12/2025"})
    assert response.status_code == 302
    # the grassroots secretary may not accept its own report: 404, nothing changed
    refused(lambda: client.post(f"/reports/{report.pk}/accept/", {"accept-on": "21/12/2025"}),
            status=404)  # fmt: skip
    office_client = login(office)
    assert office_client.post(f"/reports/{report.pk}/return/",
                              {"return-on": "21/12/2025", "return-comment": ""}).status_code == 400  # fmt: skip
    response = office_client.post(f"/reports/{report.pk}/return/",
                                  {"return-on": "21/12/2025", "return-comment": "Bổ sung."})  # fmt: skip
    assert response.status_code == 302
    assert Report.objects.get().status == "returned"
    sheet = _cells(client.get(f"/reports/{report.pk}/xlsx/"))
    assert sheet[0] == ["TT", "Chỉ tiêu", "Số lượng"]
    assert sheet[1] == ["1", "Đảng viên đầu kỳ", 6]
    assert sheet[2] == ["2", "Tăng trong kỳ", 3] and sheet[6] == ["3", "Giảm trong kỳ", 4]
    assert sheet[12] == ["4", "Đảng viên cuối kỳ", 5]


def test_the_report_as_a_bc_document(tree, members):
    movement_year(tree, members)
    schedule = year_schedule(tree)
    report = submit_report(written_report(tree, schedule), on=D(2025, 12, 20))
    issued = issue_report(report, signer_name="Trần Văn Hùng")
    assert issued.entry.symbol == "01-BC/ĐU"
    word = docx.Document(io.BytesIO(issued.docx.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "BÁO CÁO" in text and "năm 2025" in text
    assert "Tư tưởng đảng viên ổn định." in text
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["1", "Đảng viên đầu kỳ", "6"] in cells and ["4", "Đảng viên cuối kỳ", "5"] in cells
    pdf = pdf_text(issued.pdf.read(), squeeze=True)
    assert "Đảng viên đầu kỳ 6" in pdf and "Trần Văn Hùng" in pdf
    refused(lambda: issue_report(report, signer_name="Trần Văn Hùng"), "đã được cấp số")
    assert IssuedDocument.objects.count() == 1


def test_reports_due_on_the_to_do_list(tree, members, office, bk_secretary):
    today = D(2026, 11, 25)
    monthly = set_schedule(tree["DUK"], kind="monthly", day=20, starts_on=D(2026, 10, 1))
    items = [(f.organization_code, f.due_on, f.overdue) for f in
             todo_list(office, today=today, kinds=[TodoKind.REPORT_DUE]).items]  # fmt: skip
    # the earliest report not sent of each grassroots organization (October's, overdue)
    assert items == [("DUK-BK", D(2026, 10, 20), True), ("DUK-KT", D(2026, 10, 20), True)]
    for end in (D(2026, 10, 20), D(2026, 11, 20)):
        report = draft_report(tree["DUK-BK"], schedule=monthly, period_end=end)
        report.__dict__.update(NARRATIVE_TEXT)
        Report.objects.filter(pk=report.pk).update(**NARRATIVE_TEXT)
        submit_report(report, on=end)
    result = todo_list(office, today=today, kinds=[TodoKind.REPORT_DUE])
    flags = [(f.organization_code, f.due_on, f.overdue) for f in result.items]
    # BK's next one, December's, is within the to-do list's horizon (30 days)
    assert flags == [("DUK-KT", D(2026, 10, 20), True), ("DUK-BK", D(2026, 12, 20), False)]
    assert result.overdue_total == 1
    assert "Tháng 10/2026" in result.items[0].detail
    assert result.items[0].url == f"/reports/owed/DUK-KT/{monthly.pk}/2026-10-20/"
    mine = todo_list(bk_secretary, today=today, kinds=[TodoKind.REPORT_DUE])
    assert [f.organization_code for f in mine.items] == ["DUK-BK"]


def test_the_api(tree, members, office, bk_secretary):
    api = client_for(office)
    response = api.post("/api/v1/report-schedules/", {"organization": "DUK", "kind": "year",
                        "day": 15, "due_days": 5, "starts_on": "2024-01-01"}, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    schedule = response.json()["id"]
    bk = client_for(bk_secretary)
    response = bk.post("/api/v1/reports/", {"organization": "DUK-BK", "schedule": schedule,
                                            "period_end": "2025-12-15"}, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["members_start"] == 5 and report["label"] == "Năm 2025"
    url = f"/api/v1/reports/{report['id']}/"
    assert bk.post(url + "submit/", {"on": "2025-12-20"}, format="json").status_code == 400
    body = {**NARRATIVE_TEXT, "version": report["version"]}
    assert bk.post(url + "narrative/", body, format="json").status_code == 200
    assert bk.post(url + "narrative/", body, format="json").status_code == 409
    assert bk.post(url + "submit/", {"on": "2025-12-20"}, format="json").status_code == 200
    assert bk.post(url + "accept/", {"on": "2025-12-21"}, format="json").status_code == 404
    done = api.post(url + "accept/", {"on": "2025-12-21"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    view = api.get(f"/api/v1/report-schedules/{schedule}/overview/?period=2025-12-15").json()
    assert [(o["organization"], o["status"]) for o in view["organizations"]] == [
        ("DUK-BK", "accepted"), ("DUK-KT", "")]  # fmt: skip
    assert view["total"]["members_start"] == 7


@pytest.mark.django_db(transaction=True)
def test_issuing_outside_a_transaction(tree, members):
    schedule = year_schedule(tree)
    report = submit_report(written_report(tree, schedule), on=D(2025, 12, 20))
    issued = issue_report(report, signer_name="Trần Văn Hùng")
    assert issued.entry.symbol == "01-BC/ĐU"
