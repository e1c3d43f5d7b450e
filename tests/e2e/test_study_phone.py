"""The study pages on a phone (390×844), in a real browser: the secretary adopts the year's
plan and records a member's commitment on the organization's study page; the member signs
their own on /my/study/. No sideways scroll on any of them."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from coso.meetings.models import Commitment, StudyPlan
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD
from tests.meetings.roster import meeting_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_study_pages_on_a_phone(live_server, page, tree, cell_secretary):
    cell = meeting_cell(tree)
    year = timezone.localdate().year
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_cntt")
    page.goto(f"{live_server.url}/organizations/DUK-BK-CNTT/meetings/")
    page.click("#study-link")
    assert fits_the_phone(page)
    page.click("#plan summary")
    page.fill("#id_theme", "Thực hành tiết kiệm theo gương Bác")
    page.fill("#id_actions", "1. Học chuyên đề tháng 3.\n2. Mỗi người hai việc làm.")
    page.click("#plan button[type=submit]")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK-CNTT/study/?year={year}")
    assert StudyPlan.objects.get().theme == "Thực hành tiết kiệm theo gương Bác"
    page.click("#commitments > details > summary")
    page.select_option("#id_member", str(cell["Bình"].pk))
    page.fill("#id_action_1", "Lên lớp đúng giờ, chuẩn bị bài giảng chu đáo")
    page.fill("#id_action_2", "Hướng dẫn hai sinh viên nghiên cứu khoa học")
    page.click("#sign-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/organizations/DUK-BK-CNTT/study/?year={year}")
    assert fits_the_phone(page)
    assert Commitment.objects.get().member == cell["Bình"]

    user = get_user_model().objects.create_user("dv_an", password=PASSWORD)
    cell["An"].user = user
    cell["An"].save(update_fields=["user"])
    page.context.clear_cookies()
    sign_in(page, live_server.url, "dv_an")
    page.goto(f"{live_server.url}/my/study/")
    assert "Thực hành tiết kiệm theo gương Bác" in page.locator("#plan").inner_text()
    page.fill("#id_action_1", "Tiết kiệm điện, nước tại đơn vị")
    page.fill("#id_action_2", "Giải quyết hồ sơ đúng hạn")
    page.click("#current button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/study/")
    assert fits_the_phone(page)
    assert Commitment.objects.get(member=cell["An"]).actions == [
        "Tiết kiệm điện, nước tại đơn vị",
        "Giải quyết hồ sơ đúng hạn",
    ]
