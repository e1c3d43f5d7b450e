"""The meetings API: plan, record the attendance with its exceptions, vote, adopt; the list's
filters and query count; a refusal is a 400 with nothing changed; out of scope a 404."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.meetings import services
from coso.meetings.models import Meeting
from tests.helpers import PASSWORD, client_for, queries, refused, results

from .conftest import DAY

D = dt.date
URL = "/api/v1/meetings/"


def test_plan_attend_vote_adopt(tree, cell, cell_secretary):
    client = client_for(cell_secretary)
    made = client.post(
        URL,
        {"organization": "DUK-BK-CNTT", "kind": "regular", "date": "2026-11-10", "topic": "T11"},
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["status"] == "planned"
    rows = client.post(
        f"{URL}{pk}/attendance/",
        {
            "exceptions": [
                {"member": cell["Bình"].pk, "presence": "excused", "reason": "Công tác"},
                {"member": cell["Minh"].pk, "presence": "present"},
            ]
        },
        format="json",
    )
    assert rows.status_code == 200, rows.content
    assert [(r["member_name"], r["standing"], r["presence"], r["reason"]) for r in rows.json()][
        :3
    ] == [
        ("Nguyễn Văn An", "official", "present", ""),
        ("Nguyễn Văn Bình", "official", "excused", "Công tác"),
        ("Nguyễn Văn Chi", "official", "present", ""),
    ]
    vote = client.post(
        f"{URL}{pk}/votes/",
        {"subject": "Nghị quyết", "votes_for": 5, "votes_against": 2},
        format="json",
    )
    assert vote.json() | {"id": 0} == {
        "id": 0,
        "subject": "Nghị quyết",
        "votes_for": 5,
        "votes_against": 2,
        "abstaining": 0,
        "vote_base": 8,
        "passed": True,
        "legal_basis": "Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); HD 06-HD/TW (9/6/2025)",
        "workflow": "",
        "workflow_subject_id": None,
    }
    adopted = client.post(
        f"{URL}{pk}/adopt/",
        {"starts_at": "14:00", "ends_at": "16:00", "conclusion": "Thống nhất."},
        format="json",
    )
    body = adopted.json()
    assert (body["status"], body["vote_base"], body["voters_present"], len(body["votes"])) == (
        "adopted",
        8,
        7,
        1,
    )
    refused(
        lambda: client.post(f"{URL}{pk}/attendance/", {}, format="json"),
        "are locked",
        status=400,
    )


def test_refusals_are_400_and_write_nothing(tree, cell, cell_secretary, meeting):
    client = client_for(cell_secretary)
    refused(
        lambda: client.post(
            f"{URL}{meeting.pk}/attendance/",
            {"exceptions": [{"member": cell["An"].pk, "presence": "excused"}]},
            format="json",
        ),
        "Nguyễn Văn An is absent with a reason: write the reason.",
        status=400,
    )
    refused(
        lambda: client.post(
            URL,
            {"organization": "DUK-BK-CNTT", "kind": "regular", "date": "2026-11-20"},
            format="json",
        ),
        "already has its monthly meeting in 11/2026",
        status=400,
    )
    refused(lambda: client.get(URL, {"year": "0.5"}), status=400)
    refused(lambda: client.get(URL, {"kind": "party"}), status=400)


def test_out_of_scope_is_404(tree, cell, meeting):
    outsider = add_user(
        "bithu_kt", organization=tree["DUK-KT"], role="secretary", password=PASSWORD
    )
    client = client_for(outsider)
    assert results(client.get(URL)) == []
    for suffix in ("", "attendance/"):
        refused(lambda s=suffix: client.get(f"{URL}{meeting.pk}/{s}"), status=404)
    for suffix in ("attendance/", "votes/", "adopt/"):
        refused(lambda s=suffix: client.post(f"{URL}{meeting.pk}/{s}", {}), status=404)
    refused(
        lambda: client.post(
            URL, {"organization": "DUK-BK-CNTT", "kind": "regular", "date": "2026-12-01"}
        ),
        status=404,
    )


@pytest.mark.parametrize("n", [3, 30])
def test_list_filters(tree, cell, office, n):
    for i in range(n):
        services.plan_meeting(
            tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY - dt.timedelta(days=i)
        )
    services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=D(2025, 1, 5))
    client = client_for(office)
    body = client.get(URL, {"organization": "DUK-BK-CNTT", "year": 2026, "page_size": 100})
    assert len(results(body)) == n
    assert [r["date"] for r in results(body)][:2] == ["2026-11-10", "2026-11-09"]
    assert [r["organization"] for r in results(client.get(URL, {"year": 2025}))] == ["DUK-BK-CK"]


def test_list_query_count_is_fixed(tree, cell, office):
    client = client_for(office)
    services.plan_meeting(tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY)
    few = queries(lambda: client.get(URL))
    for i in range(1, 40):
        services.plan_meeting(
            tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY - dt.timedelta(days=i)
        )
    assert queries(lambda: client.get(URL)) == few
    assert Meeting.objects.count() == 40


def test_codes_in_any_case_and_unknown_ones_said(tree, cell, office):
    services.plan_meeting(tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY)
    client = client_for(office)
    assert len(results(client.get(URL, {"organization": " duk-bk-cntt "}))) == 1
    refused(
        lambda: client.get(URL, {"organization": "ZZZ"}),
        "There is no organization with the code ZZZ.",
        status=400,
    )
    made = client.post(
        URL, {"organization": "duk-bk-cntt", "kind": "regular", "date": "2026-10-05"}, format="json"
    )
    assert made.status_code == 201 and made.json()["organization"] == "DUK-BK-CNTT"
