"""A cell secretary ticks who paid this month's dues on a phone (390×844), in a real browser:
the sheet fits the screen, every line is a thumb's target, three taps and one save."""

import datetime as dt
import os
from pathlib import Path

import pytest

from coso.dues import services
from coso.dues.models import DuesMonth
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MARCH = dt.date(2026, 3, 1)


def test_dues_ticked_on_a_phone(live_server, page, tmp_path, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    people = []
    for given in ("An", "Bình", "Chi", "Dũng", "Hà"):
        m = make_member(cntt, given)
        services.set_basis(m, category="salary", income=8_000_000, valid_from=dt.date(2025, 1, 1))
        people.append(m)
    services.open_month(cntt, MARCH)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/organizations/DUK-BK-CNTT/dues/2026/3/")
    assert fits_the_phone(page)
    heights = page.eval_on_selector_all(
        "#dues-sheet li label", "els => els.map(e => e.offsetHeight)"
    )
    assert len(heights) == 5 and min(heights) >= 44
    for m in people[:3]:
        page.click(f"label[for=paid-{m.pk}]")
    page.fill("#id_paid_on", "10/03/2026")
    page.screenshot(path=str(shots / "dues-sheet-390.png"), full_page=True)
    page.click("#dues-sheet button[type=submit]")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK-CNTT/dues/2026/3/")
    assert "3/5" in page.locator("#sheet-totals").inner_text()
    assert sorted(
        DuesMonth.objects.filter(paid=80_000).values_list("member_id", flat=True)
    ) == sorted(m.pk for m in people[:3])
