"""A resolution's tasks: given to a member on the roster or to the committee or whole cell, due
on or after the meeting; done by a secretary or by the member; reviewed at a later meeting of
the same organization; overdue on a fixed day; on the to-do list (scoped) and the member's
items. Refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import Meeting, ResolutionTask
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import member_flags, todo_list
from tests.helpers import PASSWORD, refused

from .conftest import DAY

D = dt.date
T = dt.time


def _adopt(meeting, actor=None):
    services.record_attendance(meeting, actor=actor)
    return services.adopt_minutes(
        Meeting.objects.get(pk=meeting.pk),
        starts_at=T(8, 0),
        ends_at=T(9, 40),
        conclusion="Thông qua.",
        actor=actor,
    )


def _member_user(member, name="dv_an"):
    user = add_user(name, organization=member.organization, role="member", password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_add_tasks_to_a_member_and_to_the_committee(tree, cell, meeting, cell_secretary):
    task = services.add_task(
        meeting,
        what="  Chuẩn bị chuyên đề quý I  ",
        due_on=D(2026, 12, 15),
        member=cell["Oanh"],  # a temporary member here: on the roster, may be given a task
        actor=cell_secretary,
    )
    body = services.add_task(
        meeting, what="Rà soát hồ sơ", due_on=DAY, body="committee", actor=cell_secretary
    )
    assert ResolutionTask.objects.filter(pk=task.pk).values_list(
        "meeting_id", "what", "member_id", "body", "due_on", "done_on", "reviewed_at"
    ).get() == (meeting.pk, "Chuẩn bị chuyên đề quý I", cell["Oanh"].pk, "", D(2026, 12, 15),
                None, None)  # fmt: skip
    assert (body.assignee, task.assignee) == ("The committee", "Trần Thị Oanh")
    entry = task.history.get()
    assert (entry.history_type, entry.history_user_id) == ("+", cell_secretary.pk)


def test_overdue_is_computed_on_the_day(tree, cell, meeting):
    task = services.add_task(meeting, what="Báo cáo", due_on=D(2026, 11, 30), body="whole")
    assert task.state(D(2026, 11, 30)) == "open"
    assert task.state(D(2026, 12, 1)) == "overdue"
    assert ResolutionTask.objects.overdue(D(2026, 12, 1)).count() == 1
    assert ResolutionTask.objects.overdue(D(2026, 11, 30)).count() == 0
    services.mark_done(task, on=D(2026, 12, 2), note="Đã gửi")
    task.refresh_from_db()
    assert (task.state(D(2027, 1, 1)), task.on_time()) == ("done", False)


@pytest.mark.parametrize(
    ("kwargs", "fragment", "field"),
    [
        ({"what": " ", "body": "whole"}, "Write the task.", "what"),
        ({"what": "X", "body": "whole", "due_on": D(2026, 11, 9)}, "on or after the meeting",
         "due_on"),
        ({"what": "X"}, "either to a member or to the committee", "member"),
        ({"what": "X", "body": "whole", "member": "An"}, "either to a member", "member"),
        ({"what": "X", "member": "Nam"}, "was not on the roster of", "member"),
    ],
)  # fmt: skip
def test_add_task_refusals_write_nothing(tree, cell, meeting, cell_secretary, kwargs, fragment,
                                         field):  # fmt: skip
    kwargs = {"due_on": D(2026, 12, 1), **kwargs}
    if "member" in kwargs:
        kwargs["member"] = cell[kwargs["member"]]
    refused(
        lambda: services.add_task(meeting, actor=cell_secretary, **kwargs), fragment, field=field
    )


def test_no_task_after_adoption_nor_before_the_meeting(tree, cell, meeting, cell_secretary):
    _adopt(meeting, cell_secretary)
    refused(
        lambda: services.add_task(meeting, what="X", due_on=DAY, body="whole"),
        "are locked",
    )
    later = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=D(2099, 1, 5))
    refused(
        lambda: services.add_task(later, what="X", due_on=D(2099, 2, 1), body="whole"),
        "record them from 05/01/2099 on",
    )


def test_out_of_scope_is_404_and_writes_nothing(tree, cell, meeting):
    other = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary",
                     password=PASSWORD)  # fmt: skip
    refused(
        lambda: services.add_task(meeting, what="X", due_on=DAY, body="whole", actor=other),
        raises=OutOfScope,
    )
    task = services.add_task(meeting, what="X", due_on=DAY, member=cell["An"])
    refused(lambda: services.mark_done(task, on=DAY, actor=other), raises=OutOfScope)
    # another member of the cell may not mark An's task done; An may
    _member_user(cell["Bình"], "dv_binh")
    refused(lambda: services.mark_done(task, on=DAY, actor=cell["Bình"].user), raises=OutOfScope)
    done = services.mark_done(task, on=DAY, note="Xong", actor=_member_user(cell["An"]))
    assert (done.done_on, done.done_note) == (DAY, "Xong")
    assert done.history.latest().history_user_id == cell["An"].user_id


def test_mark_done_refusals(tree, cell, meeting, cell_secretary):
    task = services.add_task(meeting, what="X", due_on=DAY, body="whole")
    refused(lambda: services.mark_done(task, on=D(2026, 11, 9), actor=cell_secretary),
            "between its meeting (10/11/2026) and today", field="on")  # fmt: skip
    refused(lambda: services.mark_done(task, on=D(2099, 1, 1), actor=cell_secretary),
            "between its meeting", field="on")  # fmt: skip
    services.mark_done(task, on=D(2026, 11, 12), actor=cell_secretary)
    refused(lambda: services.mark_done(task, on=D(2026, 11, 13), actor=cell_secretary),
            "This task was done on 12/11/2026.")  # fmt: skip


def test_review_at_the_next_meeting(tree, cell, meeting, cell_secretary):
    done = services.add_task(meeting, what="A", due_on=D(2026, 11, 20), body="whole")
    services.mark_done(done, on=D(2026, 11, 18))
    late = services.add_task(meeting, what="B", due_on=D(2026, 11, 20), member=cell["An"])
    pending = services.add_task(meeting, what="C", due_on=D(2026, 11, 20), body="whole")
    _adopt(meeting)
    cntt = tree["DUK-BK-CNTT"]
    following = services.plan_meeting(cntt, kind="regular", date=D(2026, 12, 3))
    refused(
        lambda: services.review_task(late, meeting=following, actor=cell_secretary),
        "Say what the meeting concluded",
        field="note",
    )
    refused(
        lambda: services.review_task(done, meeting=meeting, actor=cell_secretary),
        "at a later meeting than the one of 10/11/2026",
    )
    ck = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=D(2026, 12, 3))
    refused(
        lambda: services.review_task(done, meeting=ck),
        "at a meeting of the organization that gave it",
    )
    services.review_task(done, meeting=following, actor=cell_secretary)
    services.review_task(late, meeting=following, note="Gia hạn đến 31/12", actor=cell_secretary)
    assert list(
        ResolutionTask.objects.order_by("pk").values_list("what", "reviewed_at_id", "review_note")
    ) == [("A", following.pk, ""), ("B", following.pk, "Gia hạn đến 31/12"), ("C", None, "")]
    refused(
        lambda: services.review_task(done, meeting=following, actor=cell_secretary),
        "reviewed already",
    )
    # once its minutes are adopted, a meeting reviews nothing more
    _adopt(following)
    third = services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 12, 5))
    refused(lambda: services.review_task(pending, meeting=following, note="X"), "are locked")
    assert services.review_task(pending, meeting=third, note="Đang làm").reviewed_at == third


def test_on_the_todo_list_and_the_members_items(tree, cell, meeting, office, cell_secretary):
    services.add_task(meeting, what="Quá hạn", due_on=D(2026, 11, 20), member=cell["An"])
    services.add_task(meeting, what="Sắp đến", due_on=D(2026, 12, 20), body="committee")
    services.add_task(meeting, what="Còn xa", due_on=D(2027, 3, 1), member=cell["An"])
    finished = services.add_task(meeting, what="Xong", due_on=D(2026, 11, 20), body="whole")
    services.mark_done(finished, on=D(2026, 11, 15))
    today = D(2026, 12, 6)
    for user in (office, cell_secretary):
        result = todo_list(user, today=today, kinds=[TodoKind.RESOLUTION_TASK])
        assert [(f.member_name, f.due_on, f.due_text, f.organization_code, f.detail)
                for f in result.items] == [
            ("Nguyễn Văn An", D(2026, 11, 20), "16 days overdue", "DUK-BK-CNTT",
             "Quá hạn (the meeting of 10/11/2026)"),
            ("The committee", D(2026, 12, 20), "14 days left", "DUK-BK-CNTT",
             "Sắp đến (the meeting of 10/11/2026)"),
        ]  # fmt: skip
        assert result.overdue_by_kind == {TodoKind.RESOLUTION_TASK: 1}
    ck = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary",
                  password=PASSWORD)  # fmt: skip
    assert todo_list(ck, today=today, kinds=[TodoKind.RESOLUTION_TASK]).total == 0
    flags = [f for f in member_flags(cell["An"], today=today) if f.kind == "resolution_task"]
    assert [(f.detail, f.due_on) for f in flags] == [
        ("Quá hạn (the meeting of 10/11/2026)", D(2026, 11, 20))
    ]


@pytest.mark.django_db(transaction=True)
def test_task_steps_outside_a_wrapping_transaction(tree, cell, meeting, cell_secretary):
    task = services.add_task(
        meeting, what="A", due_on=D(2026, 11, 20), member=cell["An"], actor=cell_secretary
    )
    services.mark_done(task, on=D(2026, 11, 19), note="Xong", actor=cell_secretary)
    following = services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="regular", date=D(2026, 12, 3), actor=cell_secretary
    )
    services.review_task(task, meeting=following, actor=cell_secretary)
    assert ResolutionTask.objects.values_list("done_on", "done_note", "reviewed_at_id").get() == (
        D(2026, 11, 19),
        "Xong",
        following.pk,
    )
    assert task.history.count() == 3
