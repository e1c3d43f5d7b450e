"""A meeting's minutes on a phone (390×844), in a real browser: the cell secretary opens the
adopted meeting, issues its minutes (BB) from the documents panel and downloads them."""

import os
from pathlib import Path

import pytest

from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.meetings.documents_setup import adopted_meeting, cell_secretary_on_roster
from tests.meetings.roster import meeting_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_secretary_issues_the_minutes_on_a_phone(live_server, page, tmp_path, tree,
                                                         cell_secretary):  # fmt: skip
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    cell = meeting_cell(tree)
    cell_secretary_on_roster(tree, cell)
    meeting = adopted_meeting(tree, cell, cell_secretary)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.locator("#documents-panel").scroll_into_view_if_needed()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-documents-390.png"), full_page=True)
    page.screenshot(path=str(shots / "meeting-documents-panel-390.png"))
    page.click("#documents-panel a:has-text('Biên bản')")
    page.wait_for_url(f"**/documents/issue/meeting_minutes/{meeting.pk}/")
    assert page.locator("#id_issued_on").input_value() == "10/11/2026"
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-minutes-issue-390.png"), full_page=True)
    page.click("#issue-form button[type=submit]")
    page.wait_for_url("**/documents/*/")
    assert "01-BB/CB" in page.locator("#symbol").inner_text()
    with page.expect_download() as download:
        page.click("text=Tải tệp PDF")
    assert download.value.suggested_filename == "01-BB-CB.pdf"
