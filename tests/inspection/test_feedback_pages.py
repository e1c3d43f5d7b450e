"""The feedback pages: a committee's list (open, late, answered; search; paged; Excel read back;
fixed queries), an item, recording, answering, a member's own page; the sender's identity on
every page and in the export only for those handling it; out of scope 404, nothing written."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from coso.inspection import services
from coso.inspection.models import Feedback
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from tests.helpers import queries, refused

D = dt.date
SENDER = "Đoàn Thanh niên Trường"
CONTACT = "0987 654 321"


#: the day the first letter of `_items` is received
FIRST = D(2026, 10, 1)


def _items(tree, members, actor, n, start=FIRST):
    for k in range(n):
        services.receive_feedback(
            about_member=members["duc"] if k % 2 else None,
            about_organization=None if k % 2 else tree["DUK-BK-CNTT"],
            channel="letter", sender_kind="youth_union", summary=f"Góp ý {k:02d}",
            content="Nội dung góp ý", received_on=start + dt.timedelta(days=k),
            sender_name=SENDER, sender_contact=CONTACT, actor=actor,
        )  # fmt: skip


def test_list_states_search_export(login, tree, members, ubkt):
    _items(tree, members, ubkt, 6, start=D(2026, 11, 1))  # due 1/12 .. 6/12
    services.answer_feedback(Feedback.objects.get(summary="Góp ý 05"), answer="Đã trả lời",
                             answered_on=D(2026, 11, 20), outcome="closed", actor=ubkt)  # fmt: skip
    client = login(ubkt)
    url = reverse("feedback_list", args=["DUK-BK"])
    page = client.get(url).content.decode()
    # today (6/12/2026 on this machine's calendar or later): counted by the answer dates
    assert page.count("data-feedback=") == 6 and SENDER in page
    late = client.get(url, {"state": "late"}).content.decode().count("data-feedback=")
    open_ = client.get(url, {"state": "open"}).content.decode().count("data-feedback=")
    assert late + open_ == 5
    assert client.get(url, {"state": "answered"}).content.decode().count("data-feedback=") == 1
    assert client.get(url, {"q": "Góp ý 03"}).content.decode().count("data-feedback=") == 1
    # the search never matches the sender
    assert client.get(url, {"q": "Thanh niên"}).content.decode().count("data-feedback=") == 0
    response = client.get(url, {"state": "answered", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
                .iter_rows(values_only=True))  # fmt: skip
    assert rows[0][5:7] == ("Sender", "Summary")
    assert rows[1][1:] == (dt.datetime(2026, 11, 6), "Đảng bộ Trường Đại học Bách khoa Hà Nội",
                           "Trần Minh Đức", "Youth Union", f"{SENDER} — {CONTACT}", "Góp ý 05",
                           dt.datetime(2026, 12, 6), "Answered", dt.datetime(2026, 11, 20),
                           "Closed")  # fmt: skip


def test_the_list_in_fixed_queries(login, tree, members, ubkt):
    _items(tree, members, ubkt, 10)
    client = login(ubkt)
    url = reverse("feedback_list", args=["DUK-BK"])
    first = queries(lambda: client.get(url))
    Feedback.objects.all().delete()
    _items(tree, members, ubkt, 40)
    assert queries(lambda: client.get(url)) == first


def test_the_sender_only_for_those_handling_it(login, client, tree, members, ubkt, office,
                                               cell_secretary):  # fmt: skip
    _items(tree, members, office, 2)
    item = Feedback.objects.get(summary="Góp ý 01")  # about Đức (CNTT)
    for user in (ubkt, office):
        client = login(user)
        assert SENDER in client.get(reverse("feedback_list", args=["DUK-BK"])).content.decode()
        assert CONTACT in client.get(reverse("feedback_detail", args=[item.pk])).content.decode()
    # the cell's secretary sees the items about the cell, never who sent them
    client = login(cell_secretary)
    for url in (reverse("feedback_list", args=["DUK-BK-CNTT"]),
                reverse("feedback_detail", args=[item.pk])):  # fmt: skip
        page = client.get(url).content.decode()
        assert "Góp ý 01" in page and "Kept confidential" in page
        assert SENDER not in page and CONTACT not in page
    response = client.get(reverse("feedback_list", args=["DUK-BK-CNTT"]), {"export": "xlsx"})
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert [r[5] for r in rows[1:]] == ["Kept confidential", "Kept confidential"]
    assert SENDER.encode() not in content
    # and may not answer: 404, nothing written
    refused(lambda: client.post(reverse("feedback_answer", args=[item.pk]),
                                {"answer": "x", "answered_on": "05/10/2026", "outcome": "closed"}),
            status=404)  # fmt: skip
    # the to-do list names the subject and the summary, not the sender
    flags = todo_list(ubkt, today=D(2026, 12, 6), kinds=[TodoKind.FEEDBACK_ANSWER]).items
    assert [(f.member_name, f.detail, f.due_on) for f in flags] == [
        ("Chi bộ Khoa Công nghệ thông tin", "Góp ý 00", D(2026, 10, 31)),
        ("Trần Minh Đức", "Góp ý 01", D(2026, 11, 1))]  # fmt: skip


def test_record_and_answer_through_the_pages(login, tree, members, ubkt):
    client = login(ubkt)
    response = client.post(reverse("feedback_receive", args=["DUK-BK"]), {
        "about_member": members["an"].pk, "channel": "comment", "sender_kind": "citizen",
        "anonymous": "on", "summary": "Phản ánh", "content": "Nội dung",
        "received_on": "02/11/2026"})  # fmt: skip
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.committee.code, item.anonymous, item.answer_due_on) == (
        "DUK-BK",
        True,
        D(2026, 12, 2),
    )
    page = client.get(reverse("feedback_detail", args=[item.pk])).content.decode()
    assert "Anonymous" in page
    response = client.post(reverse("feedback_answer", args=[item.pk]), {
        "answer": "Chuyển kiểm tra", "answered_on": "10/11/2026", "outcome": "to_inspection",
        "inspection_ends_on": "30/11/2026"})  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.outcome, item.inspection.subject_member_id) == ("to_inspection", members["an"].pk)
    refused(lambda: client.post(reverse("feedback_answer", args=[item.pk]), {
        "answer": "x", "answered_on": "11/11/2026", "outcome": "closed"}),
        "answered already", status=400)  # fmt: skip


def test_a_member_sends_from_their_page(login, tree, members, an_user, ubkt):
    client = login(an_user)
    assert client.get(reverse("my_feedback")).status_code == 200
    response = client.post(
        reverse("my_feedback"),
        {"about_organization": "DUK-BK-CNTT", "summary": "Sinh hoạt", "content": "Góp ý"},
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    page = client.get(reverse("my_feedback")).content.decode()
    assert "Sinh hoạt" in page
    # their own item: they see it, with their own name
    assert (
        "Nguyễn Văn An" in client.get(reverse("feedback_detail", args=[item.pk])).content.decode()
    )
    # an organization outside what they can see is not among the choices: refused, nothing written
    refused(
        lambda: client.post(
            reverse("my_feedback"),
            {"about_organization": "DUK-KT", "summary": "x", "content": "y"},
        ),
        status=400,
    )
