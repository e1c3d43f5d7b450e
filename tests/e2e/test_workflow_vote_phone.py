"""Voting on an admission at a cell's meeting on a phone (390×844), in a real browser: the
secretary picks the candidate, types the counts and the step is recorded; the meeting, the
candidate's page and the probation's page fit the phone and link to each other."""

import os
from pathlib import Path

import pytest

from coso.accounts.services import add_user
from coso.meetings import services
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD
from tests.meetings.workflow_cell import DAY, workflow_cell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admission_voted_at_a_meeting_on_a_phone(live_server, page, tmp_path, tree):
    ck = workflow_cell(tree)
    add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary", password=PASSWORD)
    meeting = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=DAY)
    meeting = services.record_attendance(meeting)
    services.record_workflow_vote(
        meeting, workflow="recognition", subject_id=ck["Lan"].pk, votes_for=9, votes_against=1
    )
    shots = Path(os.environ.get("COSO_SCREENSHOT_DIR") or tmp_path)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "bithu_ck")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    form = page.locator("#workflow-vote-form")
    assert form.is_visible() and fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-workflow-vote-390.png"), full_page=True)
    form.locator("select[name=subject]").select_option(f"admission:{ck['candidate'].pk}")
    form.locator("input[name=votes_for]").fill("8")
    form.locator("input[name=votes_against]").fill("2")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    assert "Kết nạp quần chúng Lê Thị Mai vào Đảng" in page.locator("#votes").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "meeting-workflow-voted-390.png"), full_page=True)
    page.locator(
        f"#votes a.workflow-link[href='/admission/candidates/{ck['candidate'].pk}/']"
    ).click()
    page.wait_for_url(f"{live_server.url}/admission/candidates/{ck['candidate'].pk}/")
    assert "10/11/2026" in page.locator("[data-step=cell_resolution]").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "candidate-voted-at-meeting-390.png"), full_page=True)
    page.goto(f"{live_server.url}/admission/probation/{ck['Lan'].pk}/")
    assert "10/11/2026" in page.locator("#probation-vote").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=str(shots / "probation-voted-at-meeting-390.png"), full_page=True)
