"""Issue 16 on a phone (390×844, Debian's chromium): a cell secretary reads the to-do list
with its overdue items apart (the cell's code typed in lower case), goes from their cell's
page to its admission board, transfers and to-do, exports candidates, and comes back from a
letter's receive page; no page scrolls sideways and each control is on the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coso.admission import services as admission
from coso.admission.models import Candidate
from coso.members.choices import TransferKind
from coso.members.services import transfers
from tests.helpers import PASSWORD, candidate_data, scenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 390


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def _on_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


@pytest.fixture
def cell_day(tree, members, cell_secretary):
    scenario(tree, members)
    late = admission.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    Candidate.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=9))
    return transfers.issue_transfer(
        members["anh"],
        kind=TransferKind.PERMANENT,
        to=tree["DUK-BK-CNTT"],
        letter_number="346-GT/CĐ Thương mại",
        issued_on=timezone.localdate(),
    )


def test_a_cell_secretarys_day_on_a_phone(live_server, page, cell_day):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "bithu_cntt")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # home counts the active members, as the member list shows them by default
    assert _fits(page) and _on_screen(page, "#member-total")
    total = page.locator("#member-total").inner_text()
    page.click("#member-total")
    page.wait_for_url(f"{live_server.url}/members/")
    assert page.locator("#member-count").inner_text() == f"{total} đảng viên"
    assert page.locator("#id_status").input_value() == "active"
    assert "Đảng bộ Trường Đại học Bách khoa Hà Nội" in page.locator("#member-table").inner_text()
    assert _fits(page)

    # the to-do list, the cell typed in lower case with spaces: the overdue items first
    page.goto(f"{live_server.url}/todo/?organization=%20duk-bk-cntt%20")
    assert page.locator("#organization-error").count() == 0
    badge = page.locator("#todo-overdue-badge").inner_text()
    assert badge.endswith("quá hạn") and int(badge.split()[0]) >= 3
    assert page.locator("#todo-items .todo-group").first.inner_text() == "Quá hạn"
    assert "Hồ sơ kết nạp" in page.locator("#todo-items").inner_text()
    assert "quá hạn 9 ngày" in page.locator("#todo-items").inner_text().lower()
    assert _fits(page) and _on_screen(page, "#todo-overdue-badge")
    page.select_option("#todo-overdue", "1")
    page.click("#todo-filters button[type=submit]")
    page.wait_for_url("**overdue=1**")
    assert "Sắp đến hạn" not in page.locator("#todo-items").inner_text()
    assert _fits(page)

    # an unknown code says so
    page.goto(f"{live_server.url}/todo/?organization=khong-co")
    assert "Không có tổ chức mã khong-co" in page.locator("#organization-error").inner_text()

    # the cell's page leads to its admission board, transfers and to-do
    page.goto(f"{live_server.url}/organizations/duk-bk-cntt/")
    for link in ("#org-admission-link", "#org-transfers-link", "#org-todo-link"):
        assert _on_screen(page, link), link
    assert _fits(page)
    page.click("#org-transfers-link")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK-CNTT/transfers/")
    assert "346-GT/CĐ Thương mại" in page.locator("#transfers-inbox").inner_text()
    assert _on_screen(page, "#transfers-export") and _fits(page)

    # receiving a letter: and back without receiving it
    page.goto(f"{live_server.url}/transfers/{cell_day.pk}/receive/")
    assert _on_screen(page, "#action-back") and _fits(page)
    page.click("#action-back")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK-CNTT/transfers/")

    # the candidates: sortable, with an export of the list
    page.goto(f"{live_server.url}/admission/candidates/")
    assert _on_screen(page, "#candidate-export") and _fits(page)
    with page.expect_download() as download:
        page.click("#candidate-export")
    assert download.value.suggested_filename.endswith(".xlsx")
