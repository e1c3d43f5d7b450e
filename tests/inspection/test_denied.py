"""Every inspection and feedback step, through its page and its API, refused with nothing
changed: to a plain member of the grassroots committee (who sees its names, and handles
nothing), to the secretary of a cell below (who sees neither the committee's plans nor the
sender of a letter about the cell's member) and to the secretary of another grassroots
organization a 404; an invalid step refused with the rule's message in Vietnamese. The same data is recorded by the chair of DUK-BK's inspection committee
(the first test): a refusal is the scope's, not the data's. The opening of a discipline case
from a conclusion is refused to the inspection committee itself in test_discipline_case.py; a
member's own feedback page in test_feedback_pages.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.inspection import services
from tests.helpers import PASSWORD, client_for, refused, snapshot

from .conftest import concluded

D = dt.date
SUPERVISED = D(2026, 5, 4)


@pytest.fixture
def objects(tree, members, plan, inspection, supervision, ubkt):
    """The plan; its regular inspection of CNTT with its team; the supervision of Đức
    concluded on SUPERVISED with signs of violation and a follow-up action; a letter to
    DUK-BK about An."""
    services.set_team(inspection, leader=members["binh"], members=[members["anh"]], actor=ubkt)
    concluded(supervision, members, ubkt, on=SUPERVISED)
    follow_up = services.add_follow_up(supervision, what="Chấn chỉnh", responsible="Chi bộ",
                                       actor=ubkt)  # fmt: skip
    letter = services.receive_feedback(
        about_member=members["an"], committee=tree["DUK-BK"], channel="letter",
        sender_kind="citizen", summary="Phản ánh", content="Nội dung",
        received_on=D(2026, 11, 2), sender_name="Ông A", actor=ubkt,
    )  # fmt: skip
    return {
        "plan": plan.pk, "inspection": inspection.pk, "supervision": supervision.pk,
        "follow_up": follow_up.pk, "feedback": letter.pk, "duc": members["duc"].pk,
        "an": members["an"].pk, "binh": members["binh"].pk, "anh": members["anh"].pk,
    }  # fmt: skip


@pytest.fixture
def users(tree, ubkt, cell_secretary):
    return {
        "ubkt": ubkt,
        "member": add_user("dv_bk", organization=tree["DUK-BK"], role="member",
                           password=PASSWORD),
        "cell_secretary": cell_secretary,
        "outsider": add_user("bithu_kt", organization=tree["DUK-KT"], role="secretary",
                             password=PASSWORD),
    }  # fmt: skip


def _act(kind, action):
    return lambda o: reverse("inspection_action", args=[o[kind], action])


def _api(path):
    return lambda o: path.format(**o)


#: label -> (url, data, whether JSON), from the fixture's objects
WRITES = {
    "page: adopt a plan": (lambda o: reverse("inspection_plan_adopt", args=["DUK-BK"]),
        lambda o: {"body": "committee", "year": 2026, "title": "KH 2026",
                   "adopted_on": "05/01/2026"}, False),
    "page: schedule": (lambda o: reverse("inspection_schedule", args=[o["plan"]]),
        lambda o: {"activity": "supervision", "kind": "regular", "subject_member": o["an"],
                   "topic": "Sinh hoạt", "starts_on": "02/02/2026", "ends_on": "27/02/2026"},
        False),
    "page: team": (_act("inspection", "team"),
        lambda o: {"leader": o["anh"], "members": [o["binh"]]}, False),
    "page: finding": (_act("inspection", "finding"),
        lambda o: {"finding": "Sổ thu chưa đủ", "recorded_on": "10/03/2026"}, False),
    "page: conclude": (_act("inspection", "conclude"),
        lambda o: {"conclusion": "Tốt.", "concluded_on": "02/04/2026"}, False),
    "page: follow-up": (_act("supervision", "follow_up"),
        lambda o: {"what": "Bổ sung sổ", "responsible": "Chi bộ"}, False),
    "page: open an inspection": (_act("supervision", "open"),
        lambda o: {"topic": "Kiểm tra dấu hiệu", "starts_on": "11/05/2026",
                   "ends_on": "29/05/2026"}, False),
    "page: follow-up done": (lambda o: reverse("inspection_follow_up_done",
        args=[o["follow_up"]]), lambda o: {"on": "20/05/2026"}, False),
    "page: record feedback": (lambda o: reverse("feedback_receive", args=["DUK-BK"]),
        lambda o: {"about_member": o["duc"], "channel": "comment", "sender_kind": "citizen",
                   "anonymous": "on", "summary": "Phản ánh", "content": "Nội dung",
                   "received_on": "02/11/2026"}, False),
    "page: answer feedback": (lambda o: reverse("feedback_answer", args=[o["feedback"]]),
        lambda o: {"answer": "Đã xem xét", "answered_on": "10/11/2026", "outcome": "closed"},
        False),
    "api: adopt a plan": (_api("/api/v1/inspection-plans/"),
        lambda o: {"organization": "DUK-BK", "body": "committee", "year": 2026,
                   "title": "KH 2026", "adopted_on": "2026-01-05"}, True),
    "api: schedule": (_api("/api/v1/inspection-plans/{plan}/schedule/"),
        lambda o: {"activity": "supervision", "kind": "regular", "subject_member": o["an"],
                   "topic": "Sinh hoạt", "starts_on": "2026-02-02", "ends_on": "2026-02-27"},
        True),
    "api: team": (_api("/api/v1/inspections/{inspection}/team/"),
        lambda o: {"leader": o["anh"], "members": [o["binh"]]}, True),
    "api: finding": (_api("/api/v1/inspections/{inspection}/findings/"),
        lambda o: {"finding": "Sổ thu chưa đủ", "recorded_on": "2026-03-10"}, True),
    "api: conclude": (_api("/api/v1/inspections/{inspection}/conclude/"),
        lambda o: {"conclusion": "Tốt.", "concluded_on": "2026-04-02"}, True),
    "api: follow-up": (_api("/api/v1/inspections/{supervision}/follow-ups/"),
        lambda o: {"what": "Bổ sung sổ", "responsible": "Chi bộ"}, True),
    "api: open an inspection": (_api("/api/v1/inspections/{supervision}/open/"),
        lambda o: {"topic": "Kiểm tra dấu hiệu", "starts_on": "2026-05-11",
                   "ends_on": "2026-05-29"}, True),
    "api: follow-up done": (_api("/api/v1/inspection-follow-ups/{follow_up}/done/"),
        lambda o: {"on": "2026-05-20"}, True),
    "api: record feedback": (_api("/api/v1/feedback/"),
        lambda o: {"about_member": o["duc"], "channel": "comment", "sender_kind": "citizen",
                   "anonymous": True, "summary": "Phản ánh", "content": "Nội dung",
                   "received_on": "2026-11-02"}, True),
    "api: answer feedback": (_api("/api/v1/feedback/{feedback}/answer/"),
        lambda o: {"answer": "Đã xem xét", "answered_on": "2026-11-10", "outcome": "closed"},
        True),
}  # fmt: skip


def _post(client, objects, url, data, as_json):
    url, data = url(objects), data(objects)
    return client.post(url, data, format="json") if as_json else client.post(url, data)


@pytest.mark.parametrize("label", list(WRITES))
def test_the_inspection_committee_records_it(objects, users, label):
    before = snapshot()
    response = _post(client_for(users["ubkt"]), objects, *WRITES[label])
    assert response.status_code in (200, 201, 302), response.content.decode()[-3000:]
    assert snapshot() != before


@pytest.mark.parametrize("persona", ["member", "cell_secretary", "outsider"])
@pytest.mark.parametrize("label", list(WRITES))
def test_refused_without_a_handling_role_or_outside(objects, users, persona, label):
    client = client_for(users[persona])
    refused(lambda: _post(client, objects, *WRITES[label]), status=404)


@pytest.mark.parametrize("persona", ["member", "cell_secretary"])
def test_the_committees_pages_show_them_nothing(objects, users, persona):
    """The committee's plans and inspections are a 404; its lists answer, empty; the letter
    about An (of CNTT) is the cell's to read, its sender kept from the cell's secretary."""
    client = client_for(users[persona])
    for url in (reverse("inspection_plan_detail", args=[objects["plan"]]),
                reverse("inspection_detail", args=[objects["inspection"]]),
                f"/api/v1/inspections/{objects['inspection']}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    letter = [client.get(reverse("feedback_detail", args=[objects["feedback"]])),
              client.get(f"/api/v1/feedback/{objects['feedback']}/")]  # fmt: skip
    if persona == "member":
        assert [r.status_code for r in letter] == [404, 404]
    else:
        assert [r.status_code for r in letter] == [200, 200]
        assert letter[1].json()["sender"] == "Kept confidential"
        assert "Ông A" not in letter[0].content.decode()
    assert client.get("/api/v1/inspections/").json()["results"] == []
    if persona == "member":
        page = client.get(reverse("inspection_list", args=["DUK-BK"]))
        assert (page.context["page"].paginator.count, page.context["plans"]) == (0, [])
        assert page.context["may_act"] is False
        feedback = client.get(reverse("feedback_list", args=["DUK-BK"]))
        assert (feedback.context["rows"], feedback.context["may_act"]) == ([], False)


#: label -> (url, invalid data, whether JSON, the Vietnamese message)
INVALID = {
    "page: a finding before the start": (_act("inspection", "finding"),
        lambda o: {"finding": "x", "recorded_on": "01/01/2026"}, False,
        "Nội dung được ghi nhận từ ngày bắt đầu kiểm tra (02/03/2026)."),
    "page: the same plan twice": (lambda o: reverse("inspection_plan_adopt", args=["DUK-BK"]),
        lambda o: {"body": "inspection_committee", "year": 2026, "title": "KH",
                   "adopted_on": "05/01/2026"}, False,
        "đã có kế hoạch này cho năm 2026"),
    "page: feedback answered before it came": (lambda o: reverse("feedback_answer",
        args=[o["feedback"]]), lambda o: {"answer": "x", "answered_on": "01/11/2026",
        "outcome": "closed"}, False,
        "Ngày trả lời phải sau ngày nhận góp ý (02/11/2026)."),
    "api: a follow-up before the conclusion": (_api("/api/v1/inspections/{inspection}/follow-ups/"),
        lambda o: {"what": "x", "responsible": "y"}, True,
        "Việc thực hiện sau kết luận đi cùng kết luận: hãy kết luận trước."),
    "api: an inspection opened from an inspection": (
        _api("/api/v1/inspections/{inspection}/open/"),
        lambda o: {"topic": "x", "starts_on": "2026-05-11", "ends_on": "2026-05-29"}, True,
        "Cuộc kiểm tra chỉ được mở từ một cuộc giám sát."),
    "api: a plan scheduling one on signs": (_api("/api/v1/inspection-plans/{plan}/schedule/"),
        lambda o: {"activity": "supervision", "kind": "signs", "subject_member": o["an"],
                   "topic": "x", "starts_on": "2026-02-02", "ends_on": "2026-02-27"}, True,
        "Kế hoạch chỉ gồm kiểm tra, giám sát thường xuyên hoặc chuyên đề"),
}  # fmt: skip


@pytest.mark.parametrize("label", list(INVALID))
def test_an_invalid_step_is_refused_in_vietnamese(objects, users, label):
    url, data, as_json, message = INVALID[label]
    client = client_for(users["ubkt"], language="vi")
    assert message in refused(lambda: _post(client, objects, url, data, as_json), status=400).text
