"""The register of documents issued on a phone (390×844): cards, no sideways scroll, the cancel
form opens and cancels."""

import os
from pathlib import Path

import pytest

from coso.documents import services
from coso.documents.models import RegisterEntry
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import D, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_register_on_a_phone(live_server, page, tree, cell_secretary):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    for i in range(3):
        services.issue_number(
            organization=tree["DUK-BK-CNTT"],
            doc_type="GGT",
            issued_on=D(2025, 9, 2),
            summary="Giấy giới thiệu sinh hoạt đảng tạm thời cho đồng chí Nguyễn Văn Khoa, "
            f"sinh viên tốt nghiệp năm 2025 (lần {i + 1})",
            subject=member,
            actor=cell_secretary,
        )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/documents/register/")
    assert page.locator("#register-table > tbody > tr").first.is_visible()
    assert not page.locator("#register-table > thead").is_visible()
    assert fits_the_phone(page)
    shots = Path(os.environ.get("COSO_SCREENSHOTS", "/tmp"))
    page.screenshot(path=str(shots / "register-390.png"), full_page=True)
    card = page.locator("#register-table > tbody > tr").first
    card.get_by_text("Hủy số này").click()
    card.locator("textarea[name=reason]").fill("Ghi nhầm ngày")
    card.get_by_role("button", name="Hủy số").click()
    page.wait_for_url(f"{live_server.url}/documents/register/")
    assert "Đã hủy số 03-GGT/CB" in page.locator("body").inner_text()
    assert RegisterEntry.objects.get(number=3).cancel_reason == "Ghi nhầm ngày"
    assert fits_the_phone(page)
