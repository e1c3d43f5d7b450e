"""The probation list on a phone (390×844), in a real browser: its rows as cards, no sideways
scroll, with the recognition vote's date and lateness and the member record's due date."""

import datetime as dt
import os
from pathlib import Path

import pytest

from coso.admission import services
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import probationary_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

D = dt.date


def test_the_probation_list_fits_a_phone(live_server, page, tmp_path, cell_secretary, tree):
    cell = tree["DUK-BK-CNTT"]
    for i in range(3):
        probationary_member(cell, f"Phương Anh Ngọc {i}", admitted_on=D(2025, 6, 2))
    late = probationary_member(cell, "Late", family="Trần", admitted_on=D(2024, 9, 2))
    services.recognize(
        late,
        vote_date=D(2025, 11, 3),
        votes_for=3,
        votes_against=0,
        official_count=3,
        decision_number="9-QĐ/ĐUK",
        decision_date=D(2025, 11, 5),
    )
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/admission/probation/")
    assert page.locator("#probation-table > tbody > tr").count() == 3
    assert not page.locator("#probation-table > thead").is_visible()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "probation-390.png"), full_page=True)
    page.select_option("#id_outcome", "recognized")
    page.click("#probation-filter button[type=submit]:not([name])")
    page.wait_for_url(f"{live_server.url}/admission/probation/?organization=&outcome=recognized")
    card = page.locator("#probation-table > tbody > tr")
    assert card.count() == 1
    assert "03/11/2025" in card.inner_text() and "Xét chậm" in card.inner_text()
    assert fits_the_phone(page)
