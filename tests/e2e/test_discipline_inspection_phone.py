"""The discipline and inspection pages on a phone (390×844), in a real browser, as the
grassroots committee's secretary: the list of cases as cards, a case with the form of its next
step (the cell's vote), the committee's inspections and one inspection, and its feedback page.
No page scrolls sideways; every button, every row's link and the tabs between inspections and
feedback are a thumb's target (44 px); the vote is recorded from the phone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from coso.discipline.models import DisciplineCase
from coso.inspection import services as inspection
from tests.discipline.cell import cell_people, held_meeting, open_member_case, reviewed_case
from tests.e2e.browser import MEASURE, PHONE, sign_in_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date

#: the links a thumb follows on each page: each at least 44 px high
TARGETS = "#case-table .card-name a, #inspection-list a, #feedback-list a, #inspection-nav a"
HEIGHTS = "els => els.filter(e => e.offsetWidth).map(e => e.getBoundingClientRect().height)"


def _data(tree):
    ck = cell_people(tree)
    for name in ("An01", "An03", "An04"):
        open_member_case(ck[name])
    case = reviewed_case(ck["An02"])
    meeting = held_meeting(tree, ck)
    bk = tree["DUK-BK"]
    plan = inspection.adopt_plan(bk, body="committee", year=2026, title="Kế hoạch kiểm tra, "
                                 "giám sát năm 2026 của Đảng ủy", adopted_on=D(2026, 1, 5))  # fmt: skip
    one = inspection.schedule(
        plan, activity="inspection", kind="regular", starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 31), subject_organization=tree["DUK-BK-CK"],
        topic="Việc thu, nộp, quản lý và sử dụng đảng phí của chi bộ",
    )  # fmt: skip
    inspection.set_team(one, leader=ck["An05"], members=[ck["An06"]])
    inspection.add_finding(
        one, finding="Sổ thu đảng phí ghi chưa đầy đủ", recorded_on=D(2026, 3, 9)
    )
    for i, summary in enumerate(("Phản ánh về việc sinh hoạt nơi cư trú của đảng viên",
                                 "Góp ý về việc công khai tài chính của chi bộ")):  # fmt: skip
        inspection.receive_feedback(
            about_member=ck[f"An1{i}"], committee=bk, channel="letter", sender_kind="citizen",
            summary=summary, content="Nội dung", received_on=D(2026, 11, 2 + i),
            sender_name="Ông Nguyễn Văn Hùng",
        )  # fmt: skip
    return case, meeting, one


def test_discipline_and_inspection_on_a_phone(live_server, page, tmp_path, tree, bk_secretary):
    case, meeting, one = _data(tree)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "bithu_bk")
    pages = {
        "discipline-list": ("/discipline/", ["#case-table"]),
        "discipline-case": (f"/discipline/cases/{case.pk}/", []),
        "inspection-list": ("/organizations/DUK-BK/inspections/", []),
        "inspection": (f"/inspections/{one.pk}/", []),
        "feedback-list": ("/organizations/DUK-BK/feedback/", []),
    }
    for name, (path, lists) in pages.items():
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        found = page.evaluate(MEASURE, lists)
        assert found["width"] <= PHONE["width"], (path, found["width"])
        assert found["bad"] == [], (path, found["bad"])
        for sel, rows in found["lists"].items():
            assert rows["header"] == "none", (path, sel)
            assert rows["rows"] == 4 and rows["wide"] == 0 and rows["block"] == 4, (path, rows)
        heights = page.eval_on_selector_all(TARGETS, HEIGHTS)
        assert all(h >= 43.5 for h in heights), (path, heights)
        page.screenshot(path=str(shots / f"{name}-390.png"), full_page=True)
    # the lists show their rows, the tabs lead to each other
    assert page.locator("#feedback-list li").count() == 2
    assert page.locator("#inspection-nav a.active").inner_text() in ("Góp ý, phản ánh", "Feedback")

    # the next step, from the case's page: the cell's vote, 13 of the 25 official members
    page.goto(f"{live_server.url}/discipline/cases/{case.pk}/")
    assert page.locator("#case-offence").inner_text().startswith("Điều 9 — ")
    form = page.locator("#step-cell_vote")
    assert form.is_visible()
    form.locator("select[name=cell_vote-meeting]").select_option(str(meeting.pk))
    form.locator("input[name=cell_vote-votes_for]").fill("13")
    form.locator("input[name=cell_vote-votes_against]").fill("4")
    page.screenshot(path=str(shots / "discipline-case-vote-390.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/discipline/cases/{case.pk}/")
    case = DisciplineCase.objects.get(pk=case.pk)
    assert (case.step, case.voted_penalty) == ("cell_vote", "reprimand")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
