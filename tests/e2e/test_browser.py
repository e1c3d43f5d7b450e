"""A real browser (Debian's chromium driven by Playwright) against the live server."""

import os
from pathlib import Path

import pytest

from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_search_without_accents_and_open_timeline(live_server, page, members, cell_secretary):
    page.goto(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("input[name=username]", "bithu_cntt")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/members/")
    page.fill("input[name=search]", "tran minh duc")
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Trần Minh Đức")
    link.wait_for()
    # only the match is listed, and nobody from another cell
    assert page.get_by_role("link", name="Nguyễn Văn An").count() == 0
    link.click()
    page.wait_for_url(f"{live_server.url}/members/{members['duc'].pk}/")
    body = page.locator("body").inner_text()
    assert "Trần Minh Đức" in body
    # the timeline holds the registration event with its organization
    assert "Chi bộ Khoa Công nghệ thông tin" in body


def test_other_cell_member_is_not_found(live_server, page, members, cell_secretary):
    sign_in(page, live_server.url, "bithu_cntt")
    response = page.goto(f"{live_server.url}/members/{members['binh'].pk}/")
    assert response.status == 404


def test_office_enrols_a_phone_then_logs_in_with_a_code(live_server, page, tmp_path, office):
    """On a phone (390×844): the office's first login goes to enrolment; the key is read off the
    page as a person would type it into the app; the next login asks for the app's code."""
    from base64 import b32decode

    from django_otp.oath import totp

    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "vanphong", lands_on="/account/two-step/?next=/")
    assert page.locator("#otp-setup svg").count() == 1
    assert page.locator("h1").inner_text() == "Thiết lập xác thực hai bước"
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "otp-setup-390.png"), full_page=True)

    page.click("#otp-setup summary")
    key = b32decode(page.locator("#otp-secret").inner_text().replace(" ", ""))
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.click("#otp-setup button[type=submit]")
    page.wait_for_url(f"{live_server.url}/account/?next=%2F")
    assert page.locator(".backup-code").count() == 10
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "otp-backup-codes-390.png"), full_page=True)
    page.get_by_role("link", name="Tôi đã cất giữ các mã, tiếp tục").click()
    page.wait_for_url(f"{live_server.url}/")

    # log out (the user menu sits behind the navbar toggler on a phone), and in again
    # (each waits for Bootstrap's animation to end: a click while the menu still slides open
    # can land beside the toggle)
    page.click("button.navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    page.click("a.dropdown-toggle")
    page.wait_for_selector("#main-nav .dropdown-menu.show")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/login/code/?next=/")
    assert page.locator("h1").inner_text() == "Xác thực hai bước"
    assert page.locator("input[name=code]").first.get_attribute("inputmode") == "numeric"
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "otp-verify-390.png"), full_page=True)
    # the code of the next 30-second step: the one used at enrolment cannot be used twice
    page.fill("#id_code", f"{totp(key, drift=1):06d}")
    page.click("#otp-verify form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Xin chào đồng chí vanphong"
