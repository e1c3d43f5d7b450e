"""The inspection API: every step through its endpoint with the stored values, refusals as 400
with nothing written, out of scope 404, the sender never in a response but for those handling
it, and the lists in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from coso.inspection import services
from coso.inspection.models import Feedback, FollowUp, Inspection, InspectionPlan
from tests.helpers import client_for, queries, refused, results

D = dt.date
SENDER = "Hội Phụ nữ Trường"


def test_plan_and_inspection_steps(tree, members, ubkt):
    api = client_for(ubkt)
    made = api.post("/api/v1/inspection-plans/", {
        "organization": "DUK-BK", "body": "committee", "year": 2026, "title": "KH 2026",
        "adopted_on": "2026-01-05"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    plan = InspectionPlan.objects.get()
    assert (made.json()["organization"], plan.title) == ("DUK-BK", "KH 2026")
    url = f"/api/v1/inspection-plans/{plan.pk}/schedule/"
    refusal = refused(lambda: api.post(url, {
        "activity": "supervision", "kind": "regular", "topic": "Sinh hoạt",
        "starts_on": "2026-02-02", "ends_on": "2026-02-27",
        "subject_organization": tree["DUK-KT"].pk}, format="json"), status=400)  # fmt: skip
    assert "subject_organization" in refusal.response.json()
    made = api.post(url, {"activity": "supervision", "kind": "regular", "topic": "Sinh hoạt",
                          "starts_on": "2026-02-02", "ends_on": "2026-02-27",
                          "subject_member": members["duc"].pk}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    base = f"/api/v1/inspections/{pk}/"
    team = api.post(base + "team/", {"leader": members["binh"].pk,
                                     "members": [members["anh"].pk]}, format="json")  # fmt: skip
    assert [(t["name"], t["role"]) for t in team.json()["team"]] == [
        ("Lê Văn Bình", "leader"), ("Phạm Thị Ánh", "member")]  # fmt: skip
    refused(lambda: api.post(base + "conclude/", {"conclusion": "x", "concluded_on": "2026-01-01"},
                             format="json"), status=400)  # fmt: skip
    api.post(base + "findings/", {"finding": "Chưa đều", "recorded_on": "2026-02-10",
                                  "violation": True}, format="json")  # fmt: skip
    done = api.post(base + "conclude/", {"conclusion": "Có dấu hiệu vi phạm.",
                                         "concluded_on": "2026-03-02", "violation": True},
                    format="json")  # fmt: skip
    assert (done.json()["state"], done.json()["findings"][0]["text"]) == ("concluded", "Chưa đều")
    follow = api.post(base + "follow-ups/", {"what": "Chấn chỉnh", "responsible": "Chi bộ"},
                      format="json")  # fmt: skip
    assert follow.json()["follow_ups"][0]["due_on"] == "2026-04-01"
    action = FollowUp.objects.get()
    marked = api.post(f"/api/v1/inspection-follow-ups/{action.pk}/done/", {"on": "2026-03-20"},
                      format="json")  # fmt: skip
    assert (marked.status_code, marked.json()["state"]) == (200, "done")
    opened = api.post(base + "open/", {"topic": "Kiểm tra dấu hiệu", "starts_on": "2026-03-09",
                                       "ends_on": "2026-04-10"}, format="json")  # fmt: skip
    assert (opened.json()["kind"], opened.json()["opened_from"]) == ("signs", pk)
    listed = results(api.get("/api/v1/inspections/", {"organization": "DUK-BK"}))
    assert [r["kind"] for r in listed] == ["signs", "regular"]


def test_out_of_scope_and_lists_in_fixed_queries(tree, plan, inspection, ubkt, cell_secretary):
    api = client_for(cell_secretary)
    assert api.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    refused(lambda: api.post(f"/api/v1/inspections/{inspection.pk}/findings/",
                             {"finding": "x", "recorded_on": "2026-03-05"}, format="json"),
            status=404)  # fmt: skip
    refused(lambda: api.post("/api/v1/inspection-plans/", {
        "organization": "DUK-BK", "body": "committee", "year": 2026, "title": "KH",
        "adopted_on": "2026-01-05"}, format="json"), status=404)  # fmt: skip
    assert results(api.get("/api/v1/inspections/")) == []
    chair = client_for(ubkt)

    def make(n):
        for k in range(n):
            services.schedule(plan, activity="inspection", kind="thematic", topic=f"Chủ đề {k}",
                              starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 5),
                              subject_organization=tree["DUK-BK-CK"], actor=ubkt)  # fmt: skip

    make(9)
    first = queries(lambda: chair.get("/api/v1/inspections/"))
    assert len(results(chair.get("/api/v1/inspections/"))) == 10
    Inspection.objects.all().delete()
    make(40)
    assert queries(lambda: chair.get("/api/v1/inspections/")) == first


def test_feedback_api_and_the_sender(tree, members, ubkt, office, cell_secretary, an_user):
    office_api = client_for(office)
    made = office_api.post("/api/v1/feedback/", {
        "about_member": members["duc"].pk, "channel": "letter", "sender_kind": "womens_union",
        "sender_name": SENDER, "sender_contact": "024 3868 0000", "summary": "Phản ánh",
        "content": "Nội dung", "received_on": "2026-10-01"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["committee"], body["sender"], body["answer_due_on"], body["state"]) == (
        "DUK-BK",
        f"{SENDER} — 024 3868 0000",
        "2026-10-31",
        "late",
    )
    assert not {"sender_name", "sender_contact", "sender_member", "sender_user"} & set(body)
    pk = body["id"]
    # the chair of the inspection committee handles it: sees the sender
    assert client_for(ubkt).get(f"/api/v1/feedback/{pk}/").json()["sender"].startswith(SENDER)
    # the cell's secretary sees the item about the cell's member, never the sender
    cell_api = client_for(cell_secretary)
    for response in (cell_api.get(f"/api/v1/feedback/{pk}/"), cell_api.get("/api/v1/feedback/")):
        assert SENDER not in response.content.decode()
        assert "Kept confidential" in response.content.decode()
    refused(lambda: cell_api.post(f"/api/v1/feedback/{pk}/answer/", {
        "answer": "x", "answered_on": "2026-10-05", "outcome": "closed"}, format="json"),
        status=404)  # fmt: skip
    # a member: sends their own, sees it; does not see the office's item
    member_api = client_for(an_user)
    assert member_api.get(f"/api/v1/feedback/{pk}/").status_code == 404
    sent = member_api.post("/api/v1/feedback/send/", {
        "about_organization": "DUK-BK-CNTT", "summary": "Góp ý", "content": "Nội dung"},
        format="json")  # fmt: skip
    assert (sent.status_code, sent.json()["sender"]) == (201, "Nguyễn Văn An")
    assert [r["summary"] for r in results(member_api.get("/api/v1/feedback/"))] == ["Góp ý"]
    refused(lambda: member_api.post("/api/v1/feedback/send/", {
        "about_organization": "DUK-KT", "summary": "x", "content": "y"}, format="json"),
        status=404)  # fmt: skip
    answered = client_for(ubkt).post(f"/api/v1/feedback/{pk}/answer/", {
        "answer": "Chuyển kiểm tra", "answered_on": "2026-10-05", "outcome": "to_inspection",
        "inspection_ends_on": "2026-10-30"}, format="json")  # fmt: skip
    assert answered.status_code == 200, answered.content
    item = Feedback.objects.get(pk=pk)
    assert (answered.json()["state"], item.inspection.subject_member_id) == (
        "answered",
        members["duc"].pk,
    )


def test_feedback_list_in_fixed_queries(tree, members, ubkt, office):
    api = client_for(ubkt)

    def make(n):
        for k in range(n):
            services.receive_feedback(
                about_member=members["duc"] if k % 2 else None,
                about_organization=None if k % 2 else tree["DUK-BK-CK"], channel="comment",
                sender_kind="staff", sender_name=f"Người {k}", summary=f"Góp ý {k}",
                content="Nội dung", received_on=D(2026, 9, 1), actor=office,
            )  # fmt: skip

    make(10)
    first = queries(lambda: api.get("/api/v1/feedback/"))
    Feedback.objects.all().delete()
    make(40)
    assert queries(lambda: api.get("/api/v1/feedback/")) == first
