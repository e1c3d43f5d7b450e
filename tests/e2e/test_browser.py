"""A real browser (Debian's chromium driven by Playwright) against the live server."""

import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(tmp_path):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="vi-VN")
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        browser.close()


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
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "bithu_cntt")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/members/{members['binh'].pk}/")
    assert response.status == 404
