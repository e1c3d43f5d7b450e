"""The meeting pages as a cell secretary uses them: plan, record the attendance in one request
(the exceptions only), vote, adopt; the figures shown; refusals shown on the page with nothing
written; out of scope is a 404; fixed query counts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from coso.accounts.models import RoleAssignment
from coso.accounts.services import add_user
from coso.meetings import services
from coso.meetings.models import Meeting
from tests.helpers import PASSWORD, make_member, queries, refused

from .conftest import DAY

D = dt.date


def _sheet_data(cell, **marks):
    """The sheet as posted: every person called with the default, then `marks`."""
    data = {}
    for given, member in cell.items():
        if given == "Nam":
            continue  # away: not on the sheet
        data[f"p{member.pk}"] = "exempted" if given == "Minh" else "present"
        data[f"r{member.pk}"] = ""
    for given, (presence, reason) in marks.items():
        data[f"p{cell[given].pk}"], data[f"r{cell[given].pk}"] = presence, reason
    return data


def test_plan_from_the_calendar(login, tree, cell, cell_secretary):
    client = login(cell_secretary)
    page = client.get(reverse("meeting_calendar", args=["DUK-BK-CNTT"]), {"year": 2026})
    assert page.status_code == 200
    assert "Thematic meetings in 2026: 0 (at least 4 a year)." in page.content.decode()
    response = client.post(
        reverse("meeting_plan", args=["DUK-BK-CNTT"]),
        {"kind": "thematic", "date": "20/11/2026", "topic": "Học tập và làm theo Bác"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert (meeting.kind, meeting.date, meeting.topic) == (
        "thematic",
        D(2026, 11, 20),
        "Học tập và làm theo Bác",
    )
    assert meeting.history.latest().history_user == cell_secretary
    page = client.get(reverse("meeting_calendar", args=["DUK-BK-CNTT"]), {"year": 2026})
    assert "Thematic meetings in 2026: 1 (at least 4 a year)." in page.content.decode()


def test_plan_refused_on_the_page(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    result = refused(
        lambda: client.post(
            reverse("meeting_plan", args=["DUK-BK-CNTT"]),
            {"kind": "regular", "date": "25/11/2026"},
        ),
        "already has its monthly meeting in 11/2026",
        status=400,
    )
    assert 'id="plan" open' in result.text


def test_attendance_in_one_request(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    sheet = client.get(reverse("meeting_attendance", args=[meeting.pk]))
    html = sheet.content.decode()
    assert sheet.status_code == 200
    # ten called (Nam is away), everyone present but the exempted Minh
    assert html.count('value="present" checked') == 9
    assert html.count('value="exempted" checked') == 1
    assert "Nguyễn Văn Nam" not in html
    data = _sheet_data(cell, Bình=("excused", "Ốm"), Chi=("absent", ""), Minh=("present", ""))
    response = client.post(reverse("meeting_attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.vote_base, meeting.voters_present, meeting.status) == (8, 6, "held")
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Absent with a reason: 1 — Nguyễn Văn Bình (Ốm)" in page
    assert "Absent without a reason: 1 — Nguyễn Văn Chi" in page
    assert "Voters present: 6 of 8; a quorum needs 6." in page
    # the sheet again shows the stored marks
    html = client.get(reverse("meeting_attendance", args=[meeting.pk])).content.decode()
    assert html.count('value="excused" checked') == 1 and 'value="Ốm"' in html


def test_attendance_refused_on_the_page(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    refused(
        lambda: client.post(
            reverse("meeting_attendance", args=[meeting.pk]),
            _sheet_data(cell, An=("excused", "")),
        ),
        "Nguyễn Văn An is absent with a reason: write the reason.",
        status=400,
    )


def test_vote_and_adopt(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    services.record_attendance(meeting)
    response = client.post(
        reverse("meeting_vote", args=[meeting.pk]),
        {"subject": "Nghị quyết tháng 11", "votes_for": 4, "votes_against": 3, "abstaining": 0},
    )
    assert response.status_code == 302
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "For 4, against 3, abstaining 0, of 7" in page and "passed" in page
    refused(
        lambda: client.post(
            reverse("meeting_vote", args=[meeting.pk]),
            {"subject": "Kết luận", "votes_for": 8, "votes_against": 0, "abstaining": 0},
        ),
        "8 votes were counted but only 7 members who vote are present.",
        status=400,
    )
    response = client.post(
        reverse("meeting_adopt", args=[meeting.pk]),
        {"starts_at": "14:00", "ends_at": "15:50", "conclusion": "Thống nhất."},
    )
    assert response.status_code == 302
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Minutes adopted" in page and "meeting-actions" not in page
    assert "record-attendance" not in page


def test_out_of_scope_is_a_404(login, tree, cell, meeting):
    outsider = add_user(
        "bithu_kt", organization=tree["DUK-KT"], role="secretary", password=PASSWORD
    )
    client = login(outsider)
    for name in ("meeting_detail", "meeting_attendance"):
        refused(lambda n=name: client.get(reverse(n, args=[meeting.pk])), status=404)
    for name in ("meeting_attendance", "meeting_vote", "meeting_adopt"):
        refused(lambda n=name: client.post(reverse(n, args=[meeting.pk]), {}), status=404)
    refused(lambda: client.get(reverse("meeting_calendar", args=["DUK-BK-CNTT"])), status=404)


def test_a_member_sees_the_figures_not_the_names(login, tree, cell, meeting):
    """A plain member of the cell sees the meeting and its figures, not who was absent (a
    personal record), and has no sheet and no actions."""
    services.record_attendance(meeting, exceptions={cell["Chi"].pk: ("absent", "")})
    reader = add_user(
        "dangvien_cntt", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD
    )
    client = login(reader)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Absent without a reason: 1" in page and "Nguyễn Văn Chi" not in page
    assert "record-attendance" not in page and "meeting-actions" not in page
    refused(lambda: client.get(reverse("meeting_attendance", args=[meeting.pk])), status=404)


def _meetings(tree, n):
    for month in range(1, n + 1):
        services.plan_meeting(
            tree["DUK-BK-CNTT"], kind="regular", date=D(2025, month, 10), topic=f"Tháng {month}"
        )


def test_calendar_and_detail_query_counts(login, tree, cell, cell_secretary):
    client = login(cell_secretary)
    url = reverse("meeting_calendar", args=["DUK-BK-CNTT"])
    _meetings(tree, 2)
    few = queries(lambda: client.get(url, {"year": 2025}))
    Meeting.objects.all().delete()
    _meetings(tree, 12)
    assert queries(lambda: client.get(url, {"year": 2025})) == few
    small = Meeting.objects.order_by("date").first()
    services.record_attendance(small)
    detail = reverse("meeting_detail", args=[small.pk])
    client.get(detail)  # the first visit reads what the process then keeps
    before = queries(lambda: client.get(detail))
    big = services.plan_meeting(tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY)
    services.record_attendance(big, exceptions={cell["An"].pk: ("absent", "")})
    assert queries(lambda: client.get(reverse("meeting_detail", args=[big.pk]))) == before


def test_a_grassroots_calendar_lists_its_cells(login, tree, cell, bk_secretary):
    from coso.orgs import services as org_services

    client = login(bk_secretary)
    services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="regular", date=D(2026, 3, 3), with_thematic=True, topic="T"
    )
    url = reverse("meeting_calendar", args=["DUK-BK"])
    page = client.get(url, {"year": 2026}).content.decode()
    assert "1 monthly, 1 thematic, 0 other" in page and "0 monthly, 0 thematic, 0 other" in page
    few = queries(lambda: client.get(url, {"year": 2026}))
    for i in range(8):
        org_services.create_organization(
            tree["DUK-BK"], code=f"DUK-BK-X{i}", name=f"Chi bộ X{i}", kind="cell",
            established_on=D(2015, 1, 1),
        )  # fmt: skip
    assert queries(lambda: client.get(url, {"year": 2026})) == few


def test_repeated_absences_are_flagged(login, tree, cell, cell_secretary, bk_secretary):
    """Three monthly meetings missed without a reason in a year (the rule's number) flag the
    member, with the dates; two do not; an excused absence does not count."""
    for month, absent in ((2, ["Chi", "Dũng"]), (4, ["Chi", "Dũng"]), (6, ["Chi"]), (8, [])):
        m = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=D(2026, month, 9))
        marks = {cell[g].pk: ("absent", "") for g in absent}
        if month == 6:
            marks[cell["Dũng"].pk] = ("excused", "Ốm")
        services.record_attendance(m, exceptions=marks)
    for user, code in ((cell_secretary, "DUK-BK-CNTT"), (bk_secretary, "DUK-BK")):
        page = login(user).get(reverse("meeting_calendar", args=[code]), {"year": 2026})
        html = page.content.decode()
        assert "Absent without a reason from 3 or more monthly meetings" in html
        assert "Nguyễn Văn Chi" in html and "09/02/2026, 09/04/2026, 09/06/2026" in html
        assert "Nguyễn Văn Dũng" not in html
    page = login(cell_secretary).get(
        reverse("meeting_calendar", args=["DUK-BK-CNTT"]), {"year": 2025}
    )
    assert 'id="absences"' not in page.content.decode()


def test_repeated_absences_are_those_of_the_records_the_user_reads(login, tree, cell, bk_secretary):
    """A user who sees the grassroots organization's calendar but reads the records of one of
    its cells only is shown that cell's absentees; the grassroots secretary sees them all, in
    name order, each with the organization of their last absence."""
    binh = make_member(tree["DUK-BK-CK"], "Bình", family="Lê")
    for month in (3, 5, 7):
        for code, who in (("DUK-BK-CNTT", cell["Chi"]), ("DUK-BK-CK", binh)):
            m = services.plan_meeting(tree[code], kind="regular", date=D(2026, month, 12))
            services.record_attendance(m, exceptions={who.pk: ("absent", "")})
    ck_secretary = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary")
    RoleAssignment.objects.create(user=ck_secretary, organization=tree["DUK-BK"], role="member")
    url = reverse("meeting_calendar", args=["DUK-BK"])
    html = login(ck_secretary).get(url, {"year": 2026}).content.decode()
    assert "Lê Văn Bình" in html and "Nguyễn Văn Chi" not in html
    assert "Chi bộ Khoa Cơ khí · 12/03/2026, 12/05/2026, 12/07/2026" in html
    html = login(bk_secretary).get(url, {"year": 2026}).content.decode()
    assert html.index("Lê Văn Bình") < html.index("Nguyễn Văn Chi")
    assert "Chi bộ Khoa Công nghệ thông tin · 12/03/2026, 12/05/2026, 12/07/2026" in html


def test_the_calendar_takes_a_code_in_any_case(login, tree, cell, cell_secretary):
    page = login(cell_secretary).get("/organizations/duk-bk-cntt/meetings/")
    assert page.status_code == 200 and "Chi bộ Khoa Công nghệ thông tin" in page.content.decode()
