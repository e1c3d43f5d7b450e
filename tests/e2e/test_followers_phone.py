"""The followers on a phone (390×844), in a real browser: BK's secretary assigns a member of
the committee to follow CNTT on the committee's followers page; the follower finds the cell's
next meeting and its material on /my/meetings/ (from the home page), a member of the cell
their invitation; the cell's meeting page names the follower. No sideways scroll."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from coso.committees import services as committee_services
from coso.meetings import services
from coso.meetings.models import Follower
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD, make_member, verified_login
from tests.meetings.roster import meeting_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _account(member, username):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])


def test_followers_and_invitations_on_a_phone(
    live_server, page, tree, bk_secretary, cell_secretary
):
    shots = Path(os.environ.get("COSO_SCREENSHOTS", "/tmp"))
    cell = meeting_cell(tree)
    quang = make_member(tree["DUK-BK-CK"], "Quang", family="Đỗ")
    term = committee_services.open_term(
        tree["DUK-BK"], start_year=2025, end_year=2030, congress_date=dt.date(2025, 7, 15)
    )
    committee_services.appoint(
        term, quang, post="committee_member", started_on=dt.date(2025, 7, 15)
    )
    page.set_viewport_size(PHONE)
    # a grassroots secretary has a second factor: their session, verified, is the browser's
    client = verified_login(Client(), bk_secretary)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/organizations/DUK-BK/meetings/")
    page.click("#followers-link")
    card = page.locator("li[data-cell=DUK-BK-CNTT]")
    card.locator("details.assign summary").click()
    card.locator("select[name=member]").select_option(str(quang.pk))
    card.locator("input[name=decision]").fill("15-QĐ/ĐU")
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "followers-assign-390.png"), full_page=True)
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đỗ Văn Quang" in page.locator("li[data-cell=DUK-BK-CNTT] .follower").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "followers-390.png"), full_page=True)
    assert Follower.objects.get().member == quang

    ahead = services.plan_meeting(
        tree["DUK-BK-CNTT"],
        kind="regular" if timezone.localdate().day < 25 else "extraordinary",
        date=timezone.localdate() + dt.timedelta(days=3),
        topic="Sinh hoạt chuyên đề: chuyển đổi số trong công tác đảng",
        with_thematic=timezone.localdate().day < 25,
        starts_at=dt.time(14, 0),
        place="Phòng họp B1-203",
    )
    services.publish_material(
        ahead,
        kind="draft_resolution",
        title="Dự thảo nghị quyết tháng",
        file=ContentFile(b"du thao", name="du-thao-nghi-quyet.txt"),
    )
    _account(quang, "cuv_quang")
    page.context.clear_cookies()
    sign_in(page, live_server.url, "cuv_quang")
    page.click("#home-my-meetings")
    followed = page.locator("#followed")
    assert "Phòng họp B1-203" in followed.inner_text()
    assert followed.locator("a", has_text="Dự thảo nghị quyết tháng").count() == 1
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "my-meetings-follower-390.png"), full_page=True)

    _account(cell["An"], "dv_an")
    page.context.clear_cookies()
    sign_in(page, live_server.url, "dv_an")
    page.goto(f"{live_server.url}/my/meetings/")
    upcoming = page.locator("#upcoming")
    assert "Phòng họp B1-203" in upcoming.inner_text()
    assert upcoming.locator("a", has_text="Dự thảo nghị quyết tháng").count() == 1
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "my-meetings-member-390.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/meetings/{ahead.pk}/")
    assert "Đỗ Văn Quang" in page.locator("#follower").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-follower-390.png"), full_page=True)
