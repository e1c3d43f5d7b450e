"""The awards pages on a phone (390×844), in a real browser, as the grassroots committee's
secretary: the badges due on an occasion (ticked and proposed from the phone), the badges, a
badge's page with its next step, the commendations. No page scrolls sideways; every tick (its
label), fold and button is at least 44 px."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from coso.awards import services
from coso.awards.models import BadgeAward
from tests.awards.conftest import old_member
from tests.e2e.browser import MEASURE, PHONE, SCROLL_WIDTH, SMALL_TARGETS, sign_in_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_awards_on_a_phone(live_server, page, tmp_path, tree, bk_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    due = [old_member(cntt, "Bảo", D(1996, 9, 2)), old_member(ck, "Đào", D(1986, 1, 2)),
           old_member(ck, "Lâm", D(1990, 3, 12), gap=True)]  # fmt: skip
    services.record_commendation(
        member=due[0], level="bloc", kind="merit", reason="Hoàn thành xuất sắc nhiệm vụ",
        year=2025, decision_number="15-QĐ/ĐUK", decision_on=D(2026, 1, 10),
        issued_by="Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội",
    )  # fmt: skip
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in_verified(page, live_server.url, "bithu_bk")
    due_url = f"{live_server.url}/awards/org/DUK-BK/due/?occasion=2026-09-02"
    page.goto(due_url)
    assert page.locator("#due-table tbody tr").count() == 3
    # each tick's target is its label, a thumb's size; tapping the label ticks the box
    ticks = page.locator("#due-table label.tick")
    assert [round(min(b["width"], b["height"])) >= 44 for b in
            (ticks.nth(i).bounding_box() for i in range(3))] == [True] * 3  # fmt: skip
    page.locator("#due-table label.tick").filter(
        has=page.locator(f'input[value="{due[1].pk}"]')).click()  # fmt: skip
    assert page.locator(f'input[name=member][value="{due[1].pk}"]').is_checked()
    page.screenshot(path=str(shots / "awards-due-390.png"), full_page=True)
    page.locator("#propose-selected").click()
    page.wait_for_url("**/awards/org/DUK-BK/badges/**")
    award = BadgeAward.objects.get()
    assert (award.member_id, award.years, award.occasion) == (due[1].pk, 40, D(2026, 9, 2))
    pages = {
        "awards-due": "/awards/org/DUK-BK/due/?occasion=2026-09-02",
        "awards-badges": "/awards/org/DUK-BK/badges/",
        "awards-badge": f"/awards/badges/{award.pk}/",
        "awards-commendations": "/awards/org/DUK-BK/commendations/",
        "awards-member": f"/awards/members/{due[0].pk}/",
        "member": f"/members/{due[0].pk}/",
    }
    for name, path in pages.items():
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        found = page.evaluate(MEASURE, [])
        assert found["width"] <= PHONE["width"], (path, found["width"])
        assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], path
        assert found["bad"] == [], (path, found["bad"])
        assert page.evaluate(SMALL_TARGETS) == [], path
        page.screenshot(path=str(shots / f"{name}-390.png"), full_page=True)
