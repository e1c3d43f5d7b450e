"""The day swaps on a phone (390×844), in a real browser: a reader's list fits the screen, and
the year can be changed with the menu's form."""

import os
from pathlib import Path

import pytest

from tests.e2e.browser import PHONE, fits_the_phone, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_day_swaps_fit_a_phone(live_server, page, tmp_path, cell_secretary):
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/calendar/day-swaps/?year=2026")
    assert page.locator("h1").inner_text() == "Hoán đổi ngày làm việc năm 2026"
    assert page.locator("#swaps li").count() == 3
    # the holiday that a shipped swap makes worked says so
    assert "đã hoán đổi" in page.locator("#holidays li").last.inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "day-swaps-390.png"), full_page=True)
    page.select_option("#year", "2025")
    page.click("#year-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/calendar/day-swaps/?year=2025")
    assert (
        "Chưa nhập hoán đổi ngày làm việc nào cho năm 2025." in page.locator("#swaps").inner_text()
    )
