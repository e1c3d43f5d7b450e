"""The standing committee's office reads the plan in a real browser: from home, the plan's four
main targets for the whole bloc on one page, then a chosen cell's figures in three clicks
(counted); and the dashboard on a phone (390×844): no sideways scroll, the tables as cards,
every link and button a thumb's 44 px."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.browser import MEASURE, PHONE, SCROLL_WIDTH, SMALL_TARGETS, sign_in_verified
from tests.plans.dashboard_setup import MAIN, make_plan
from tests.plans.test_dashboard_measures import admit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
#: the links of the page a thumb must hit (the values, the children, the year picker)
TAPS = """() => [...document.querySelectorAll('main a.link-tap, #children-table a, #year-picker a, #rank-by a')]
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && r.height < 43.5)
  .map(([e, r]) => `${e.id || e.innerText.trim().slice(0, 30)}: ${Math.round(r.height)}`)"""


@pytest.fixture
def bloc(tree):
    make_plan(tree["DUK"], first=YEAR - 2, last=YEAR + 4)
    for code, month in (("DUK-BK-CNTT", 3), ("DUK-BK-CNTT", 5), ("DUK-KT", 4)):
        admit(tree[code], dt.date(YEAR, month, 2))
    return tree


def test_from_home_the_bloc_s_targets_then_a_cell_in_three_clicks(live_server, page, bloc, office):
    sign_in_verified(page, live_server.url, "vanphong")
    clicks = 0

    def click(selector: str) -> None:
        nonlocal clicks
        page.click(selector)
        page.wait_for_load_state()
        clicks += 1

    click("#home-plan")
    assert page.url == f"{live_server.url}/organizations/DUK/plan/"
    # the four main targets of the whole bloc, each with its value and its words
    for measure, *_rest in MAIN:
        card = page.locator(f"#target-{measure}")
        assert card.is_visible()
        assert card.locator("svg.trend-chart").count() == 1
    assert page.inner_text("#value-admissions") == "3"
    assert page.inner_text("#status-admissions").strip() == "✓ Đạt"
    assert page.inner_text("#status-thematic_meetings").strip() == "✗ Chưa đạt"
    click("#children-table a:has-text('Đảng bộ Trường Đại học Bách khoa Hà Nội')")
    click("#children-table a:has-text('Chi bộ Khoa Công nghệ thông tin')")
    assert page.url.startswith(f"{live_server.url}/organizations/DUK-BK-CNTT/plan/")
    assert page.inner_text("#dashboard-org") == "Chi bộ Khoa Công nghệ thông tin (DUK-BK-CNTT)"
    assert page.inner_text("#value-admissions") == "2"
    assert clicks == 3


def test_the_dashboard_on_a_phone(live_server, page, tmp_path, bloc, office):
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/organizations/DUK/plan/")
    page.screenshot(path=str(shots / "plans-dashboard-390.png"), full_page=True)
    found = page.evaluate(MEASURE, ["#trend-table", "#children-table"])
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    assert found["bad"] == []
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate(TAPS) == []
    for table in ("#trend-table", "#children-table"):
        assert found["lists"][table]["header"] == "none"
        assert found["lists"][table]["wide"] == 0
        assert found["lists"][table]["block"] == found["lists"][table]["rows"] > 0
    # the charts fit the card
    widths = page.evaluate(
        "[...document.querySelectorAll('svg.trend-chart')].map(s => s.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= PHONE["width"]


def test_the_superior_splits_a_target_on_a_phone(live_server, page, tmp_path, bloc, office):
    """From the dashboard to the shares page, one child's quota set by the form, on 390×844:
    no sideways scroll, the table as cards, every button a thumb's 44 px."""
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/organizations/DUK/plan/")
    page.locator("#split-targets").click()
    page.wait_for_url(f"{live_server.url}/organizations/DUK/plan/shares/?year={YEAR}")
    page.select_option("#id_organization", "DUK-BK")
    page.fill("#id_goal_min", "95")  # the first target: a share of the members, in %
    page.locator("#share-form button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    page.screenshot(path=str(shots / "plans-shares-390.png"), full_page=True)
    row = page.locator("#shares tbody tr", has_text="DUK-BK")
    assert row.locator("td").nth(1).inner_text().endswith("95")
    found = page.evaluate(MEASURE, ["#shares"])
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    assert found["bad"] == [] and page.evaluate(SMALL_TARGETS) == []
    assert found["lists"]["#shares"]["header"] == "none"
    assert found["lists"]["#shares"]["block"] == found["lists"]["#shares"]["rows"] == 2
