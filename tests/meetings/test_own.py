"""A member's own meetings: invitations and materials, excusing themselves beforehand (the
sheet then starts from it); only for their own meetings; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import Attendance
from tests.helpers import PASSWORD, refused


def _account(member, username="dv_an"):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def _ahead(tree, days=5):
    return services.plan_meeting(
        tree["DUK-BK-CNTT"],
        kind="extraordinary",
        date=timezone.localdate() + dt.timedelta(days=days),
    )


def test_excused_in_advance_starts_the_sheet(tree, cell):
    user = _account(cell["An"])
    meeting = _ahead(tree, days=0)
    row = services.excuse_in_advance(meeting, cell["An"], reason=" Đi công tác ", actor=user)
    assert (row.presence, row.reason, row.excused_in_advance) == ("excused", "Đi công tác", True)
    assert row.history.latest().history_user == user
    meeting = services.record_attendance(meeting)
    row = Attendance.objects.get(meeting=meeting, member=cell["An"])
    assert (row.presence, row.reason) == ("excused", "Đi công tác")
    assert (meeting.vote_base, meeting.voters_present) == (7, 6)


def test_excuse_refusals(tree, cell, meeting):
    user = _account(cell["An"])
    other = _account(cell["Bình"], "dv_binh")
    ahead = _ahead(tree)
    refused(
        lambda: services.excuse_in_advance(ahead, cell["An"], reason="x", actor=other),
        raises=OutOfScope,
    )
    refused(
        lambda: services.excuse_in_advance(ahead, cell["An"], reason="  ", actor=user),
        "Say why you cannot come.",
        field="reason",
    )
    refused(
        lambda: services.excuse_in_advance(meeting, cell["An"], reason="Ốm", actor=user),
        "The meeting is over: the secretary records who came.",
    )
    refused(
        lambda: services.excuse_in_advance(ahead, cell["Nam"], reason="Ốm"),
        "Nguyễn Văn Nam is not called to this meeting.",
    )


def test_my_meetings_page(login, tree, cell, meeting):
    user = _account(cell["An"])
    ahead = _ahead(tree)
    services.publish_material(ahead, kind="draft_resolution", title="Dự thảo nghị quyết")
    services.plan_meeting(
        tree["DUK-BK-CK"], kind="extraordinary", date=timezone.localdate() + dt.timedelta(3)
    )
    client = login(user)
    page = client.get(reverse("my_meetings")).content.decode()
    assert "Dự thảo nghị quyết" in page and page.count("I cannot come") == 1
    response = client.post(reverse("meeting_excuse", args=[ahead.pk]), {"reason": "Ốm"})
    assert response.status_code == 302
    page = client.get(reverse("my_meetings")).content.decode()
    assert "You have excused yourself: Ốm" in page
    # a meeting of another cell is not theirs: 404, nothing written
    elsewhere = services.plan_meeting(
        tree["DUK-BK-CK"], kind="regular", date=timezone.localdate() + dt.timedelta(4)
    )
    refused(
        lambda: client.post(reverse("meeting_excuse", args=[elsewhere.pk]), {"reason": "Ốm"}),
        status=404,
    )


def test_no_member_record_no_page(login, office):
    refused(lambda: login(office).get(reverse("my_meetings")), status=404)


OWN_LINKS = ('id="menu-my-meetings"', 'id="menu-my-study"', 'href="/my/meetings/"')


def test_the_menu_offers_ones_own_pages_only_with_a_member_record(
    login, tree, cell, office, cell_secretary
):
    # an office user and a cell secretary with no member record: no link to a 404
    for user in (office, cell_secretary):
        client = login(user)
        for url in ("/", "/members/", f"/organizations/{tree['DUK-BK-CNTT'].code}/"):
            page = client.get(url).content.decode()
            assert not any(link in page for link in OWN_LINKS), (user, url)
        client.logout()
    # the secretary linked to their member record: the menu offers both, and both answer
    cell["An"].user = cell_secretary
    cell["An"].save(update_fields=["user"])
    client = login(cell_secretary)
    page = client.get("/members/").content.decode()
    assert 'id="menu-my-meetings"' in page and 'id="menu-my-study"' in page
    assert client.get(reverse("my_meetings")).status_code == 200
    assert client.get(reverse("my_study")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_excused_in_advance_outside_a_wrapping_transaction(tree, cell):
    user = _account(cell["An"])
    meeting = _ahead(tree)
    services.excuse_in_advance(meeting, cell["An"], reason="Ốm", actor=user)
    row = Attendance.objects.get(meeting=meeting, member=cell["An"])
    assert (row.presence, row.reason, row.excused_in_advance) == ("excused", "Ốm", True)
