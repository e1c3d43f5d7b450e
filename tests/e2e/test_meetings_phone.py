"""A cell secretary records a monthly meeting on a phone (390×844), in a real browser: the
attendance sheet with everyone present, three exceptions tapped while the count of voters and
the quorum follow, one vote, the minutes adopted. Each tap, fill and choice is counted."""

import os
from pathlib import Path

import pytest

from coso.meetings import services
from coso.meetings.models import Meeting
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.meetings.roster import MEETING_DAY, meeting_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_meeting_recorded_on_a_phone(live_server, page, tmp_path, tree, cell_secretary):
    cell = meeting_cell(tree)
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=MEETING_DAY)
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/organizations/DUK-BK-CNTT/meetings/?year=2026")
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meetings-calendar-390.png"), full_page=True)

    actions = 0

    def act(call, *args):
        nonlocal actions
        actions += 1
        call(*args)

    act(page.click, "#meetings a")
    act(page.click, "#record-attendance")
    count = page.locator("#live-count")
    assert count.inner_text() == "Đảng viên biểu quyết có mặt: 7/7; cần ít nhất 5."
    act(page.click, f"label[for=id_p{cell['Bình'].pk}_1]")
    act(page.fill, f"#id_r{cell['Bình'].pk}", "Ốm")
    act(page.click, f"label[for=id_p{cell['Chi'].pk}_2]")
    act(page.click, f"label[for=id_p{cell['Minh'].pk}_0]")
    assert count.inner_text() == "Đảng viên biểu quyết có mặt: 6/8; cần ít nhất 6."
    assert fits_the_phone(page)
    # every mark is a thumb's size
    heights = page.eval_on_selector_all(".btn-mark", "els => els.map(e => e.offsetHeight)")
    assert min(heights) >= 44
    page.screenshot(path=str(shots / "meeting-attendance-390.png"), full_page=True)
    act(page.click, "#attendance-sheet button[type=submit]")
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    assert (
        "Đảng viên biểu quyết có mặt: 6/8; cần ít nhất 6." in page.locator("#quorum").inner_text()
    )

    act(page.fill, "#id_subject", "Nghị quyết tháng 11")
    act(page.fill, "#id_votes_for", "6")
    act(page.click, "#vote-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    act(page.fill, "#id_starts_at", "14:00")
    act(page.fill, "#id_ends_at", "15:45")
    act(page.fill, "#id_conclusion", "Chi bộ thống nhất nghị quyết tháng 11.")
    act(page.click, "#adopt-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    assert page.locator("#status").inner_text() == "Biên bản đã thông qua"
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-adopted-390.png"), full_page=True)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.vote_base, stored.voters_present, stored.status) == (8, 6, "adopted")
    assert stored.votes.get().passed
    # open, attendance with three exceptions (one with its reason), a vote and the adoption
    assert actions == 14


def test_a_member_excuses_themselves_on_a_phone(live_server, page, tmp_path, tree):
    """A plain member with their own account opens their meetings, reads the invitation and
    excuses themselves with a reason, on a phone."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from coso.meetings.models import Attendance
    from tests.helpers import PASSWORD

    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    cell = meeting_cell(tree)
    user = get_user_model().objects.create_user("dv_an", password=PASSWORD)
    cell["An"].user = user
    cell["An"].save(update_fields=["user"])
    ahead = services.plan_meeting(
        tree["DUK-BK-CNTT"],
        kind="regular",
        date=timezone.localdate() + dt.timedelta(days=4),
        topic="Sinh hoạt tháng",
    )
    services.publish_material(ahead, kind="draft_resolution", title="Dự thảo nghị quyết")
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "dv_an")
    page.goto(f"{live_server.url}/my/meetings/")
    assert "Dự thảo nghị quyết" in page.locator("#upcoming").inner_text()
    page.click("#upcoming summary")
    page.fill(f"#reason-{ahead.pk}", "Đi công tác")
    page.click("#upcoming button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/meetings/")
    assert "Đồng chí đã xin vắng: Đi công tác" in page.locator("#upcoming").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "my-meetings-390.png"), full_page=True)
    row = Attendance.objects.get(meeting=ahead, member=cell["An"])
    assert (row.presence, row.reason, row.excused_in_advance) == ("excused", "Đi công tác", True)
