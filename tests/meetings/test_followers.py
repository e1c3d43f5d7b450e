"""The superior committee's followers (DOMAIN.md §5): a member of BK's committee follows CNTT,
is invited to its meetings as a guest (planned before or after the assignment), is ticked on
the attendance sheet apart from the roster (no vote), and the year's counts show how many
meetings they came to; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import Follower, Guest
from coso.meetings.queries import followed_cells, meeting_guests
from tests.helpers import refused

from .conftest import DAY, FOLLOWING_FROM

D = dt.date
START = FOLLOWING_FROM


def _follow(tree, quang, actor=None, **kw):
    return services.assign_follower(
        tree["DUK-BK"], tree["DUK-BK-CNTT"], quang, started_on=START, actor=actor, **kw
    )


def test_the_follower_is_invited_to_planned_meetings(tree, cell, quang, bk_secretary):
    cntt = tree["DUK-BK-CNTT"]
    before = services.plan_meeting(cntt, kind="regular", date=DAY, topic="Tháng 11")
    assert Guest.objects.count() == 0
    follower = _follow(tree, quang, actor=bk_secretary, decision=" 12-QĐ/ĐU ")
    assert (
        follower.committee,
        follower.cell,
        follower.member,
        follower.started_on,
        follower.ended_on,
        follower.decision,
        follower.assigned_by,
    ) == (tree["DUK-BK"], cntt, quang, START, None, "12-QĐ/ĐU", bk_secretary)
    assert follower.history.latest().history_user == bk_secretary
    # the meeting planned before the assignment, and those planned after it (not the
    # committee's own meeting)
    after = services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 11, 20))
    services.plan_meeting(cntt, kind="committee", date=D(2026, 11, 21))
    assert sorted(Guest.objects.values_list("meeting_id", "member_id", "follower_id", "came")) == [
        (before.pk, quang.pk, follower.pk, None),
        (after.pk, quang.pk, follower.pk, None),
    ]
    assert Guest.history.filter(meeting=before).get().history_user == bk_secretary
    # another cell's meetings: no guest
    services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=DAY)
    assert Guest.objects.count() == 2


def test_the_attendance_sheet_ticks_the_guest_apart(tree, cell, quang):
    _follow(tree, quang)
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="T11")
    meeting = services.record_attendance(meeting, guests={quang.pk: False})
    guests = meeting_guests(meeting)
    assert (guests.follower.member, guests.invitation.came, guests.others) == (quang, False, [])
    # the guest is not on the roster: the vote base and those present are the members'
    assert (meeting.vote_base, meeting.voters_present) == (7, 7)
    assert meeting.attendance.filter(member=quang).count() == 0
    meeting = services.record_attendance(meeting, guests={quang.pk: True})
    assert Guest.objects.get().came is True
    # recording again without the guests keeps their tick
    services.record_attendance(meeting)
    assert Guest.objects.get().came is True
    refused(
        lambda: services.record_attendance(meeting, guests={cell["An"].pk: True}),
        "Only the meeting's guests are ticked as guests.",
        field="guests",
    )


def test_assignment_refusals(tree, cell, quang, cell_secretary):
    bk, cntt = tree["DUK-BK"], tree["DUK-BK-CNTT"]
    refused(
        lambda: services.assign_follower(bk, cntt, quang, started_on=START, actor=cell_secretary),
        raises=OutOfScope,
    )
    refused(
        lambda: services.assign_follower(bk, cntt, cell["An"], started_on=START),
        "Nguyễn Văn An is not on the committee of Đảng bộ Trường Đại học Bách khoa Hà Nội on "
        "01/08/2025; only its members are assigned to follow its cells.",
        field="member",
    )
    refused(
        lambda: services.assign_follower(bk, cntt, quang, started_on=D(2025, 7, 1)),
        "Đỗ Văn Quang is not on the committee",
        field="member",
    )
    refused(
        lambda: services.assign_follower(bk, tree["DUK-KT"], quang, started_on=START),
        "Chi bộ Trường Cao đẳng Kinh tế is not a cell under Đảng bộ Trường Đại học Bách khoa Hà "
        "Nội.",
        field="cell",
    )
    refused(
        lambda: services.assign_follower(cntt, cntt, quang, started_on=START),
        "Chi bộ Khoa Công nghệ thông tin has no committee to assign followers.",
        field="committee",
    )
    refused(
        lambda: services.assign_follower(
            bk, cntt, quang, started_on=START, ended_on=D(2025, 7, 31)
        ),
        "The assignment must end after it starts.",
        field="ended_on",
    )
    services.assign_follower(bk, cntt, quang, started_on=START, ended_on=D(2026, 1, 1))
    refused(
        lambda: services.assign_follower(bk, cntt, quang, started_on=D(2025, 12, 31)),
        "Chi bộ Khoa Công nghệ thông tin is already followed by Đỗ Văn Quang from 01/08/2025 "
        "to 01/01/2026; end that assignment first.",
        field="started_on",
    )
    # the day the first ends, a new one may start
    assert services.assign_follower(bk, cntt, quang, started_on=D(2026, 1, 1)).pk


def test_ending_withdraws_the_later_invitations(tree, cell, quang, bk_secretary, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    follower = _follow(tree, quang)
    held = services.plan_meeting(cntt, kind="regular", date=DAY, topic="T11")
    services.record_attendance(held, guests={quang.pk: True})
    later = services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 12, 20))
    refused(
        lambda: services.end_follower(follower, ended_on=D(2026, 12, 1), actor=cell_secretary),
        raises=OutOfScope,
    )
    refused(
        lambda: services.end_follower(follower, ended_on=START),
        "The assignment started on 01/08/2025; it must end after that.",
        field="ended_on",
    )
    ended = services.end_follower(follower, ended_on=D(2026, 12, 1), actor=bk_secretary)
    assert ended.ended_on == D(2026, 12, 1)
    assert ended.history.latest().history_user == bk_secretary
    # the meeting held keeps its guest; the one after the end loses the invitation
    assert list(Guest.objects.values_list("meeting_id", "came")) == [(held.pk, True)]
    assert Guest.history.filter(meeting=later, history_type="-").count() == 1
    refused(
        lambda: services.end_follower(follower, ended_on=D(2026, 12, 5)),
        "This assignment already ended on 01/12/2026.",
    )
    # a meeting planned after the end invites no one
    services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 12, 22))
    assert Guest.objects.count() == 1


def test_the_year_counts_what_the_followers_came_to(tree, cell, quang):
    cntt = tree["DUK-BK-CNTT"]
    _follow(tree, quang)
    came = {D(2026, 9, 10): True, D(2026, 10, 10): False, DAY: True}
    for day, value in came.items():
        m = services.plan_meeting(cntt, kind="regular", date=day, topic="T")
        services.record_attendance(m, guests={quang.pk: value})
    # planned, not held: not counted; held before the assignment: counted, not invited
    services.plan_meeting(cntt, kind="extraordinary", date=D(2026, 12, 20))
    Follower.objects.update(started_on=D(2026, 9, 1))
    services.record_attendance(
        services.plan_meeting(cntt, kind="regular", date=D(2026, 1, 10), topic="T1")
    )
    rows = {c.code: (c.held, c.invited, c.came) for c in followed_cells(tree["DUK-BK"], 2026)}
    assert rows == {"DUK-BK-CNTT": (4, 3, 2), "DUK-BK-CK": (0, 0, 0)}
    assert [c.code for c in followed_cells(tree["DUK-BK"], 2026, "quang", D(2026, 11, 1))] == [
        "DUK-BK-CNTT"
    ]
    assert [c.code for c in followed_cells(tree["DUK-BK"], 2026, "co khi")] == ["DUK-BK-CK"]
    assert [c.code for c in followed_cells(tree["DUK-BK"], 2025)] == ["DUK-BK-CNTT", "DUK-BK-CK"]


@pytest.mark.django_db(transaction=True)
def test_follower_steps_outside_a_wrapping_transaction(tree, cell, quang, bk_secretary):
    """Each step commits on its own (PostgreSQL in CI): the cell's row lock, bulk history."""
    follower = _follow(tree, quang, actor=bk_secretary)
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="T")
    meeting = services.record_attendance(meeting, guests={quang.pk: True})
    ended = services.end_follower(follower, ended_on=D(2026, 12, 1), actor=bk_secretary)
    assert (Guest.objects.get().came, ended.ended_on) == (True, D(2026, 12, 1))
    assert Follower.history.count() == 2
