"""The reports up the tree on a phone (390×844), in a real browser: the office's view of a
year (who has submitted, who is late, the consolidated HD 11 table as cards), a grassroots
secretary's report with its figures and narrative form, the list. No page scrolls sideways;
every button is at least 44 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coso.plans.models import Report
from coso.plans.services import return_report, submit_report
from tests.e2e.browser import MEASURE, PHONE, SCROLL_WIDTH, SMALL_TARGETS, sign_in_verified
from tests.plans.reports_setup import D, movement_year, written_report, year_schedule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page, url, shots, name):
    assert page.goto(url).status == 200, url
    found = page.evaluate(MEASURE, [])
    assert found["width"] <= PHONE["width"], (url, found["width"])
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], url
    assert page.evaluate(SMALL_TARGETS) == [], url
    page.screenshot(path=str(shots / f"{name}-390.png"), full_page=True)


def test_reports_on_a_phone(live_server, page, tmp_path, tree, members, office, bk_secretary):
    movement_year(tree, members)
    schedule = year_schedule(tree)
    report = submit_report(written_report(tree, schedule), on=D(2025, 12, 22))
    return_report(report, comment="Bổ sung phần đánh giá.", on=D(2025, 12, 23), actor=office)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "vanphong")
    base = live_server.url
    _check(page, f"{base}/reports/schedules/{schedule.pk}/?period=2025-12-15", shots,
           "report-overview")  # fmt: skip
    assert page.locator("#overview-table tbody tr").count() == 2
    _check(page, f"{base}/reports/", shots, "reports")
    _check(page, f"{base}/reports/schedule/DUK/", shots, "report-schedule")
    page.context.clear_cookies()
    sign_in_verified(page, base, "bithu_bk")
    _check(page, f"{base}/reports/{Report.objects.get().pk}/", shots, "report-detail")
    assert "Bổ sung phần đánh giá." in page.locator("#report-comment").inner_text()
