"""The pages and API of a resolution's tasks: give one on a meeting's page, review it at the
next meeting, mark it done (the secretary; the member from /my/meetings/); an organization's
list (search, state, paged, Excel); the member's page; refusals write nothing; out of scope a
404; fixed query counts."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from coso.accounts.services import add_user
from coso.meetings import services
from coso.meetings.models import ResolutionTask
from tests.helpers import PASSWORD, client_for, queries, refused, results

from .conftest import DAY

D = dt.date


def _member_user(member, name="dv_an"):
    user = add_user(name, organization=member.organization, role="member", password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_give_a_task_on_the_meeting_page(login, tree, cell, cell_secretary, meeting):
    client = login(cell_secretary)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="no-tasks"' in page and 'id="add-task"' in page
    url = reverse("meeting_task_add", args=[meeting.pk])
    form = client.get(url).content.decode()
    assert "Trần Thị Oanh" in form and "Nguyễn Văn Nam" not in form  # Nam is away
    response = client.post(
        url, {"what": "Chuẩn bị chuyên đề", "assignee": cell["Chi"].pk, "due_on": "30/11/2026"}
    )
    assert response.status_code == 302, response.content.decode()
    assert list(ResolutionTask.objects.values_list("what", "member_id", "body", "due_on")) == [
        ("Chuẩn bị chuyên đề", cell["Chi"].pk, "", D(2026, 11, 30))
    ]
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Chuẩn bị chuyên đề" in page and "Nguyễn Văn Chi · due 30/11/2026" in page
    refused(
        lambda: client.post(url, {"what": "X", "assignee": "whole", "due_on": "01/11/2026"}),
        "A task falls due on or after the meeting (10/11/2026).",
        status=400,
    )


def test_review_and_done_at_the_next_meeting(login, tree, cell, cell_secretary, meeting):
    task = services.add_task(meeting, what="Báo cáo quý", due_on=D(2026, 11, 30), body="whole")
    following = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=D(2026, 12, 3))
    client = login(cell_secretary)
    page = client.get(reverse("meeting_detail", args=[following.pk])).content.decode()
    assert 'id="review-tasks"' in page and "Báo cáo quý" in page and "Overdue" in page
    review = reverse("meeting_task_review", args=[task.pk]) + f"?meeting={following.pk}"
    refused(lambda: client.post(review, {"note": ""}), "Say what the meeting concluded",
            status=400)  # fmt: skip
    done = reverse("meeting_task_done", args=[task.pk])
    assert client.post(done, {"on": "02/12/2026", "note": "Đã nộp"}).status_code == 302
    assert client.post(review, {"note": ""}).status_code == 302
    task.refresh_from_db()
    assert (task.done_on, task.done_note, task.reviewed_at_id) == (
        D(2026, 12, 2),
        "Đã nộp",
        following.pk,
    )
    page = client.get(reverse("meeting_detail", args=[following.pk])).content.decode()
    assert "Reviewed at the meeting of 03/12/2026" in page and "Done on 02/12/2026: Đã nộp" in page


def test_the_member_marks_their_task_done(login, tree, cell, meeting):
    task = services.add_task(meeting, what="Viết bài", due_on=D(2026, 11, 30), member=cell["An"])
    services.add_task(meeting, what="Của Bình", due_on=D(2026, 11, 30), member=cell["Bình"])
    client = login(_member_user(cell["An"]))
    page = client.get(reverse("my_meetings")).content.decode()
    assert "Viết bài" in page and "Của Bình" not in page and "Mark done" in page
    done = reverse("meeting_task_done", args=[task.pk]) + "?next=my"
    response = client.post(done, {"on": "20/11/2026", "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("my_meetings")
    assert ResolutionTask.objects.get(pk=task.pk).done_on == D(2026, 11, 20)
    other = ResolutionTask.objects.get(what="Của Bình")
    refused(lambda: client.post(reverse("meeting_task_done", args=[other.pk]),
                                {"on": "20/11/2026"}), status=404)  # fmt: skip


def test_out_of_scope_pages_are_404(login, tree, cell, meeting):
    task = services.add_task(meeting, what="Việc", due_on=DAY, body="whole")
    ck = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary",
                  password=PASSWORD)  # fmt: skip
    ck_meeting = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=D(2026, 12, 1))
    client = login(ck)
    refused(lambda: client.get(reverse("meeting_tasks", args=["DUK-BK-CNTT"])), status=404)
    refused(lambda: client.post(reverse("meeting_task_add", args=[meeting.pk]),
                                {"what": "X", "assignee": "whole", "due_on": "30/11/2026"}),
            status=404)  # fmt: skip
    refused(lambda: client.post(reverse("meeting_task_done", args=[task.pk]), {"on": "1/12/2026"}),
            status=404)  # fmt: skip
    # their own meeting does not reach another cell's task
    review = reverse("meeting_task_review", args=[task.pk]) + f"?meeting={ck_meeting.pk}"
    refused(lambda: client.post(review, {"note": "X"}), status=404)


def _tasks(meeting, cell, n):
    names = ["An", "Bình", "Chi", "Dũng", "Giang"]
    for i in range(n):
        task = services.add_task(
            meeting,
            what=f"Việc {i:02d}",
            due_on=D(2026, 11, 11) + dt.timedelta(days=i),
            member=cell[names[i % 5]] if i % 3 else None,
            body="" if i % 3 else "committee",
        )
        if i % 4 == 0:
            services.mark_done(task, on=D(2026, 11, 12))


def test_the_list_filters_searches_and_exports(login, tree, cell, cell_secretary, meeting):
    _tasks(meeting, cell, 30)
    client = login(cell_secretary)
    url = reverse("meeting_tasks", args=["DUK-BK-CNTT"])
    page = client.get(url, {"state": "done"}).content.decode()
    assert page.count("data-task=") == 8 and "8 tasks" in page
    page = client.get(url, {"q": "nguyen van chi"}).content.decode()
    # Chi gets tasks 2, 7, 17 and 22 (12 and 27 go to the committee)
    assert page.count("data-task=") == 4 and "4 tasks" in page
    response = client.get(url, {"state": "done", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("No.", "Meeting", "Task", "Assigned to", "Due on", "State")
    assert [(r[2], r[3], r[5], r[6].date()) for r in rows[1:3]] == [
        ("Việc 00", "The committee", "Done", D(2026, 11, 12)),
        ("Việc 04", "Nguyễn Văn Giang", "Done", D(2026, 11, 12)),
    ]
    assert len(rows) == 9


def test_the_list_and_the_api_list_in_fixed_queries(login, tree, cell, cell_secretary, meeting):
    _tasks(meeting, cell, 10)
    client = login(cell_secretary)
    url = reverse("meeting_tasks", args=["DUK-BK-CNTT"])
    api = client_for(cell_secretary)
    api_url = f"/api/v1/meetings/{meeting.pk}/tasks/"
    page_10 = queries(lambda: client.get(url))
    api_10 = queries(lambda: api.get(api_url))
    assert len(results(api.get(api_url))) == 10
    ResolutionTask.objects.all().delete()
    _tasks(meeting, cell, 30)
    assert queries(lambda: client.get(url)) == page_10
    assert queries(lambda: api.get(api_url)) == api_10
    assert len(results(api.get(api_url))) == 30


def test_the_members_page_lists_their_tasks(login, tree, cell, cell_secretary, meeting):
    services.add_task(meeting, what="Viết bài", due_on=D(2026, 11, 30), member=cell["An"])
    client = login(cell_secretary)
    page = client.get(reverse("member_detail", args=[cell["An"].pk])).content.decode()
    assert 'id="member-tasks"' in page and "Viết bài" in page


def test_the_api_gives_lists_and_marks_done(tree, cell, cell_secretary, meeting):
    api = client_for(cell_secretary)
    url = f"/api/v1/meetings/{meeting.pk}/tasks/"
    made = api.post(url, {"what": "Báo cáo", "due_on": "2026-11-30", "member": cell["An"].pk},
                    format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json() | {"id": 0}
    assert body == {
        "id": 0, "meeting": meeting.pk, "what": "Báo cáo", "member": cell["An"].pk,
        "member_name": "Nguyễn Văn An", "body": "", "assignee": "Nguyễn Văn An",
        "due_on": "2026-11-30", "state": "overdue", "done_on": None, "done_note": "",
        "reviewed_at": None, "review_note": "",
    }  # fmt: skip
    refused(
        lambda: api.post(url, {"what": "X", "due_on": "2026-11-30", "member": cell["Nam"].pk},
                         format="json"),
        "was not on the meeting", status=400,
    )  # fmt: skip
    refused(lambda: api.post(url, {"what": "X", "due_on": "2026-11-01", "body": "whole"},
                             format="json"), "on or after the meeting", status=400)  # fmt: skip
    done = api.post(f"/api/v1/meeting-tasks/{made.json()['id']}/done/",
                    {"on": "2026-11-25", "note": "Xong"}, format="json")  # fmt: skip
    assert done.status_code == 200, done.content
    assert (done.json()["state"], done.json()["done_on"]) == ("done", "2026-11-25")
    outsider = client_for(add_user("bithu_kt", organization=tree["DUK-KT"], role="secretary",
                                   password=PASSWORD))  # fmt: skip
    refused(lambda: outsider.get(url), status=404)
    refused(lambda: outsider.post(url, {"what": "X", "due_on": "2026-11-30", "body": "whole"},
                                  format="json"), status=404)  # fmt: skip
