"""Issuing a document on a phone (390×844), in a real browser: a cell secretary opens a
candidate, issues the cell's resolution from the documents panel, and downloads it."""

import os
from pathlib import Path

import pytest

from coso.admission import services as admission_services
from coso.admission.choices import Step
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import advance, candidate_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_secretary_issues_the_resolution_on_a_phone(
    live_server, page, tmp_path, tree, members, cell_secretary
):
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    candidate = admission_services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    advance(candidate, Step.CELL_RESOLUTION, members, tree)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/admission/candidates/{candidate.pk}/")
    assert fits_the_phone(page)
    page.click("#documents-panel a:has-text('Nghị quyết')")
    page.wait_for_url(f"**/documents/issue/cell_resolution/{candidate.pk}/")
    assert page.locator("#id_issued_on").input_value() == "05/07/2023"
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "document-issue-390.png"), full_page=True)
    page.fill("#id_signer_name", "Nguyễn Văn An")
    page.fill("#id_present", "3")
    page.click("#issue-form button[type=submit]")
    page.wait_for_url("**/documents/*/")
    assert "01-NQ/CB" in page.locator("#symbol").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "document-issued-390.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=Tải tệp PDF")
    assert download.value.suggested_filename == "01-NQ-CB.pdf"
