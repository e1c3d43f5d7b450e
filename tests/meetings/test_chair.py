"""Who chaired and who took the minutes: named at adoption among the members present, shown on
the meeting page, taken by the API; anyone else is refused and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.meetings import services
from coso.meetings.models import Meeting
from tests.helpers import client_for, refused
from tests.meetings.roster import MEETING_DAY as DAY

T = dt.time
ADOPT = {"starts_at": T(14, 0), "ends_at": T(15, 45), "conclusion": "Chi bộ thống nhất."}


def test_the_chair_and_the_minute_taker_are_members_present(cell, meeting):
    meeting = services.record_attendance(meeting, exceptions={cell["Chi"].pk: ("absent", "")})
    present = "Choose a member who was present at the meeting."
    # absent, exempted and not on the roster (another cell's member): refused, nothing written
    refused(lambda: services.adopt_minutes(meeting, **ADOPT, chair_id=cell["Chi"].pk), present,
            field="chair")  # fmt: skip
    refused(
        lambda: services.adopt_minutes(meeting, **ADOPT, minute_taker_id=cell["Minh"].pk),
        present,
        field="minute_taker",
    )
    refused(lambda: services.adopt_minutes(meeting, **ADOPT, chair_id=cell["Nam"].pk), present)
    meeting = services.adopt_minutes(
        meeting, **ADOPT, chair_id=cell["An"].pk, minute_taker_id=cell["Lan"].pk
    )
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.chair, stored.minute_taker, stored.status) == (
        cell["An"],
        cell["Lan"],
        "adopted",
    )


def test_not_naming_them_is_allowed(cell, meeting, cell_secretary, login):
    meeting = services.record_attendance(meeting)
    response = login(cell_secretary).post(
        f"/meetings/{meeting.pk}/adopt/",
        {
            "starts_at": "14:00",
            "ends_at": "15:45",
            "conclusion": "x",
            "chair": "",
            "minute_taker": "",
        },
    )
    assert response.status_code == 302
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.chair_id, stored.minute_taker_id) == ("adopted", None, None)


def test_the_page_offers_those_present_and_shows_them(tree, cell, meeting, cell_secretary, login):
    services.record_attendance(meeting, exceptions={cell["Chi"].pk: ("absent", "")})
    client = login(cell_secretary)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    chair_box = page[
        page.index('name="chair"') : page.index("</select>", page.index('name="chair"'))
    ]
    assert "Nguyễn Văn An" in chair_box and "Nguyễn Văn Chi" not in chair_box
    response = client.post(
        f"/meetings/{meeting.pk}/adopt/",
        {"starts_at": "14:00", "ends_at": "15:45", "conclusion": "Thống nhất.",
         "chair": cell["An"].pk, "minute_taker": cell["Bình"].pk},
    )  # fmt: skip
    assert response.status_code == 302
    shown = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Chair: Nguyễn Văn An" in shown and "Minute-taker: Nguyễn Văn Bình" in shown


def test_the_api_takes_them(cell, meeting, cell_secretary):
    services.record_attendance(meeting, exceptions={cell["Chi"].pk: ("absent", "")})
    api = client_for(cell_secretary)
    url = f"/api/v1/meetings/{meeting.pk}/adopt/"
    body = {"starts_at": "14:00", "ends_at": "15:45", "conclusion": "Thống nhất."}
    bad = api.post(url, {**body, "chair_id": cell["Chi"].pk}, format="json")
    assert bad.status_code == 400 and Meeting.objects.get(pk=meeting.pk).status != "adopted"
    # an id beyond the database's integers is a 400 too (found by schemathesis)
    huge = api.post(url, {**body, "minute_taker_id": 2**63}, format="json")
    assert huge.status_code == 400 and "minute_taker_id" in huge.json()
    ok = api.post(url, {**body, "chair_id": cell["An"].pk, "minute_taker_id": None}, format="json")
    assert ok.status_code == 200, ok.content
    assert Meeting.objects.get(pk=meeting.pk).chair == cell["An"]


@pytest.mark.django_db(transaction=True)
def test_adopting_with_a_chair_outside_a_wrapping_transaction(tree, cell):
    """The step commits on its own (PostgreSQL in CI)."""
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="T")
    meeting = services.record_attendance(meeting)
    meeting = services.adopt_minutes(meeting, **ADOPT, chair_id=cell["An"].pk)
    assert Meeting.objects.get(pk=meeting.pk).chair_id == cell["An"].pk
