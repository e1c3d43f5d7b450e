"""The office imports a grassroots organization's grades on a phone (390×844), in a real
browser: the page fits the screen (no sideways scroll) and says the import is done while one
waits; the file uploaded, the page tells what was written."""

import os
from pathlib import Path

import pytest

from coso.evaluation.models import Evaluation
from tests.e2e.browser import PHONE, fits_the_phone, sign_in_verified
from tests.evaluation.grading_setup import cell_reports, open_year
from tests.evaluation.test_import_grades import HEADERS, _row
from tests.helpers import xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_grades_imported_on_a_phone(live_server, page, tmp_path, tree, members, office):
    for n, key in enumerate(("an", "duc", "hoa", "binh", "anh"), start=1):
        members[key].party_card_number = f"0100{n:04d}"
        members[key].save(update_fields=["party_card_number"])
    period = open_year(tree["DUK"])
    cell_reports(period, tree["DUK-BK-CNTT"], tree["DUK-BK-CK"])
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    upload = tmp_path / "xep-loai.xlsx"
    upload.write_bytes(xlsx_bytes([_row(f"0100{n:04d}") for n in range(1, 6)], HEADERS))
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, office.username)
    url = f"{live_server.url}/organizations/DUK-BK/evaluation/{period.pk}/import/"
    page.goto(url)
    assert fits_the_phone(page)
    assert (
        page.locator("#grades-wait")
        .inner_text()
        .startswith(
            "Việc nhập được thực hiện ngay trong lúc chờ (vài giây cho vài nghìn đảng viên)"
        )
    )  # the browser's language: Vietnamese
    page.screenshot(path=str(shots / "grades-import-390.png"), full_page=True)
    page.set_input_files("#id_file", str(upload))
    page.fill("#id_self_assessed_on", "01/12/2025")
    page.fill("#id_reviewed_on", "10/12/2025")
    page.fill("#id_decided_on", "20/12/2025")
    page.fill("#id_number", "15-QĐ/ĐU")
    page.click("#grades-form button[type=submit]")
    page.wait_for_selector("#grades-done")
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "grades-import-done-390.png"), full_page=True)
    assert "Quyết định: 15-QĐ/ĐU" in page.locator("#grades-done").inner_text()
    assert Evaluation.objects.members().filter(stage="decided").count() == 5
