"""A resolution's tasks on a phone (390×844), in a real browser: the secretary gives a task on
the meeting's page, reviews it at the next meeting and reads the organization's list; the
member marks their own task done from /my/meetings/. No sideways scroll; screenshots in
COSO_SCREENSHOTS (when set) for a person to look at."""

import datetime as dt
import os

import pytest
from django.contrib.auth import get_user_model

from coso.meetings import services
from coso.meetings.models import ResolutionTask
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD
from tests.meetings.roster import MEETING_DAY, meeting_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


def _shot(page, name):
    folder = os.environ.get("COSO_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_the_task_pages_on_a_phone(live_server, page, tree, cell_secretary):
    cell = meeting_cell(tree)
    cntt = tree["DUK-BK-CNTT"]
    meeting = services.plan_meeting(cntt, kind="regular", date=MEETING_DAY, topic="Tháng 11")
    services.add_task(meeting, what="Rà soát hồ sơ đảng viên", due_on=D(2026, 11, 20),
                      body="committee")  # fmt: skip
    following = services.plan_meeting(cntt, kind="regular", date=D(2026, 12, 3))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/tasks/add/")
    page.fill("#id_what", "Chuẩn bị nội dung sinh hoạt chuyên đề quý I năm 2027")
    page.select_option("#id_assignee", str(cell["An"].pk))
    page.fill("#id_due_on", "15/12/2026")
    _shot(page, "task-add")
    assert fits_the_phone(page)
    page.click("#task-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/#tasks")
    assert fits_the_phone(page)
    assert ResolutionTask.objects.filter(member=cell["An"]).count() == 1
    page.goto(f"{live_server.url}/meetings/{following.pk}/")
    page.locator("#tasks").scroll_into_view_if_needed()
    _shot(page, "task-meeting")
    assert fits_the_phone(page)
    page.click("#review-tasks li:first-child a:text('Kiểm điểm')")
    page.fill("#id_note", "Cấp ủy hoàn thành trong tháng 12")
    page.click("#review-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/meetings/{following.pk}/#tasks")
    assert ResolutionTask.objects.get(body="committee").reviewed_at == following
    page.goto(f"{live_server.url}/organizations/DUK-BK-CNTT/tasks/")
    _shot(page, "task-list")
    assert fits_the_phone(page)
    assert page.locator("#task-list [data-task]").count() == 2

    user = get_user_model().objects.create_user("dv_an", password=PASSWORD)
    cell["An"].user = user
    cell["An"].save(update_fields=["user"])
    page.context.clear_cookies()
    sign_in(page, live_server.url, "dv_an")
    page.goto(f"{live_server.url}/my/meetings/")
    _shot(page, "task-my")
    assert fits_the_phone(page)
    page.click("#member-tasks a:text('Báo đã hoàn thành')")
    page.fill("#id_note", "Đã gửi đề cương cho cấp ủy")
    page.click("#done-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/meetings/")
    assert ResolutionTask.objects.get(member=cell["An"]).done_note == "Đã gửi đề cương cho cấp ủy"
