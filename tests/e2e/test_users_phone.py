"""Users and roles on a phone (390×844), in a real browser: a cell secretary creates a user,
sees the password once, and the list, the user's page and the forms fit the screen."""

import os
from pathlib import Path

import pytest

from tests.e2e.browser import PHONE, fits_the_phone, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_secretary_creates_a_user_on_a_phone(live_server, page, tmp_path, cell_secretary):
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "Người dùng và vai trò"
    assert page.locator("#users li").count() == 1
    assert fits_the_phone(page)
    page.click("a.btn[href='/accounts/users/new/']")
    page.fill("input[name=username]", "nguyen_lan")
    page.fill("input[name=full_name]", "Nguyễn Thị Lan")
    page.fill("input[name=organization]", "duk-bk-cntt")
    page.select_option("select[name=role]", "member")
    page.fill("input[name=valid_from]", "01/02/2025")
    assert fits_the_phone(page)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#new-password")
    assert "Đã tạo người dùng nguyen_lan." in page.content()
    assert (
        "Đảng viên – Chi bộ Khoa Công nghệ thông tin" in page.locator("#current-roles").inner_text()
    )
    assert "Tạo tài khoản" in page.locator("#history").inner_text()
    assert fits_the_phone(page)
    for button in page.locator("#user-actions .btn").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44
    page.screenshot(path=str(shots / "user-detail-390.png"), full_page=True)
    page.goto(f"{live_server.url}/accounts/users/?q=lan")
    assert page.locator("#users li").count() == 1
    assert fits_the_phone(page)
