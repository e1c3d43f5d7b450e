"""A cell secretary grades the whole cell on a phone (390×844), in a real browser: the grading
page fits the screen (no sideways scroll), a grade and the score sheet for each member, the
meeting, one save; the quota line follows. The cell's four-good month ticked and saved from the
phone (the grid and the year's title follow), the year's results as cards and the grade import
page: none scrolls sideways, every tick, fold and button at least 44 px."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from coso.evaluation.models import Evaluation
from tests.e2e.browser import (
    MEASURE,
    PHONE,
    SCROLL_WIDTH,
    SMALL_TARGETS,
    fits_the_phone,
    sign_in,
    sign_in_verified,
)
from tests.evaluation.four_good_setup import checklist
from tests.evaluation.pages_setup import cell_reported, meeting, open_year
from tests.evaluation.test_results import graded  # noqa: F401 (a fixture: 2025 graded)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_graded_on_a_phone(live_server, page, tmp_path, tree, members, cell_secretary):
    period = open_year(tree)
    cell = tree["DUK-BK-CNTT"]
    cell_reported(period, cell)
    m = meeting(cell)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    url = f"{live_server.url}/organizations/DUK-BK-CNTT/evaluation/{period.pk}/"
    page.goto(url)
    assert fits_the_phone(page)
    for key, grade, score in (("an", "good", "85"), ("duc", "good", "80"),
                              ("hoa", "complete", "65")):  # fmt: skip
        pk = members[key].pk
        page.select_option(f"#id_grade_{pk}", grade)
        page.fill(f"#id_score_{pk}", score)
        page.fill(f"#id_on_time_{pk}", "100")
        page.fill(f"#id_beyond_{pk}", "10")
    page.select_option("#id_meeting", str(m.pk))
    page.screenshot(path=str(shots / "evaluation-cell-390.png"), full_page=True)
    page.click("#cell-grading button[type=submit]")
    page.wait_for_url(url)
    assert fits_the_phone(page)
    assert (
        "Được 0 xuất sắc trên 2 hoàn thành tốt trở lên; đề xuất 0"
        in page.locator("#quota-members").inner_text()
    )
    page.screenshot(path=str(shots / "evaluation-cell-done-390.png"), full_page=True)
    assert sorted(Evaluation.objects.members().values_list("proposed_grade", flat=True)) == [
        "complete", "good", "good"]  # fmt: skip


def fits(page, lists=()) -> dict:
    """The page at the phone's width: no sideways scroll, no target under a thumb's 44 px."""
    found = page.evaluate(MEASURE, list(lists))
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], page.url
    assert found["bad"] == [], (page.url, found["bad"])
    assert page.evaluate(SMALL_TARGETS) == [], page.url
    return found


def test_a_four_good_month_ticked_on_a_phone(live_server, page, tmp_path, tree, cell_secretary):
    criteria = checklist(tree["DUK-BK"])  # two criteria a pillar, set by the committee
    year = timezone.localdate().year
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    url = f"{live_server.url}/organizations/DUK-BK-CNTT/four-good/{year}/"
    page.goto(url)
    fits(page)
    page.select_option("#id_month", "1")
    missed = criteria["meetings"][1]
    for c in [c for items in criteria.values() for c in items if c != missed]:
        label = page.locator(f'label.tick[for="id_c{c.pk}"]')
        assert label.bounding_box()["height"] >= 44
        label.click()  # the label is the target: the box ticks
    page.screenshot(path=str(shots / "four-good-month-390.png"), full_page=True)
    page.click("#month button[type=submit]")
    page.wait_for_url(url)
    fits(page)
    january = page.locator("#four-good-grid tbody tr").first.locator("td")
    assert january.all_inner_texts() == ["✔", "✘", "✔", "✔"]
    assert page.locator("[data-title=not-awarded]").count() == 1
    page.screenshot(path=str(shots / "four-good-year-390.png"), full_page=True)


def test_the_results_and_the_import_on_a_phone(live_server, page, tmp_path, bk_secretary, graded):  # noqa: F811
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "bithu_bk")
    page.goto(f"{live_server.url}/organizations/DUK-BK/evaluation/results/2025/")
    found = fits(page, ["#evaluation-results"])
    # cards, not a table: the header hidden, each row a block within the screen
    assert found["lists"]["#evaluation-results"] == {"header": "none", "rows": 3, "wide": 0,
                                                     "block": 3}  # fmt: skip
    # a card's lines, by their labels: the counts by grade are the desk's (and the total's)
    shown = """tds => tds.filter(t => getComputedStyle(t).display !== 'none')
                      .map(t => t.dataset.label)"""
    rows = page.locator("#evaluation-results tbody tr")
    assert rows.first.locator("td[data-label]").evaluate_all(shown) == [
        "Đảng viên được xếp loại", "Chưa quyết định", "Đảng viên HTTNV trở lên", "Năm trước",
        "Tổ chức đảng được xếp loại", "Tổ chức đảng HTTNV trở lên", "Năm trước"]  # fmt: skip
    assert len(rows.last.locator("td[data-label]").evaluate_all(shown)) == 11
    page.screenshot(path=str(shots / "evaluation-results-390.png"), full_page=True)
    page.goto(f"{live_server.url}/organizations/DUK-BK/evaluation/{graded.pk}/import/")
    fits(page)
    page.screenshot(path=str(shots / "evaluation-import-390.png"), full_page=True)
