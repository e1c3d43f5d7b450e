"""The meeting steps: the roster of the day, attendance, the vote base and quorum, votes at the
threshold, adoption that locks; refusals with their messages and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coso.accounts.services import add_user
from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import Attendance, Meeting, MeetingVote
from coso.meetings.queries import attendance_counts, meeting_rows, roster_on
from tests.helpers import PASSWORD, refused

from .conftest import DAY

D = dt.date
T = dt.time


def _ids(cell, *names):
    return [cell[n].pk for n in names]


def test_roster_on_the_meeting_date(tree, cell):
    lines = roster_on(tree["DUK-BK-CNTT"], DAY)
    assert [(line.member.given_name, line.standing, line.exempted) for line in lines] == [
        ("An", "official", False),
        ("Bình", "official", False),
        ("Chi", "official", False),
        ("Dũng", "official", False),
        ("Giang", "official", False),
        ("Hà", "official", False),
        ("Khánh", "official", False),
        ("Lan", "probationary", False),
        ("Minh", "official", True),
        ("Nam", "away", False),
        ("Oanh", "temporary", False),
    ]
    # before the exemption, the transfers and the admission: seven plus Minh and Nam, official
    earlier = roster_on(tree["DUK-BK-CNTT"], D(2025, 12, 1))
    assert [(line.member.given_name, line.standing, line.exempted) for line in earlier] == [
        *((g, "official", False) for g in ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"]),
        ("Minh", "official", False),
        ("Nam", "official", False),
    ]


def test_everyone_present_by_default(tree, cell, meeting):
    meeting = services.record_attendance(meeting)
    assert (meeting.status, meeting.vote_base, meeting.voters_present) == ("held", 7, 7)
    rows = meeting_rows(meeting)
    assert [(a.member.given_name, a.standing, a.presence) for a in rows] == [
        *(
            (g, "official", "present")
            for g in ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"]
        ),
        ("Lan", "probationary", "present"),
        ("Minh", "official", "exempted"),
        ("Nam", "away", "not_called"),
        ("Oanh", "temporary", "present"),
    ]
    counts = attendance_counts(rows)
    assert (
        counts.total,
        counts.official,
        counts.probationary,
        counts.temporary,
        counts.away,
        counts.exempted,
        counts.present,
        counts.excused,
        counts.absent,
        counts.expected,
    ) == (11, 8, 1, 1, 1, 1, 9, [], [], 10)


def test_exceptions_change_the_vote_base(tree, cell, meeting):
    meeting = services.record_attendance(
        meeting,
        exceptions={
            cell["Bình"].pk: ("excused", " Ốm "),
            cell["Chi"].pk: ("absent", "ignored"),
            cell["Minh"].pk: ("present", ""),
        },
    )
    # Minh, exempted but present, votes; Bình and Chi stay in the base
    assert (meeting.vote_base, meeting.voters_present) == (8, 6)
    counts = attendance_counts(meeting_rows(meeting))
    assert [(a.member.given_name, a.reason) for a in counts.excused] == [("Bình", "Ốm")]
    assert [(a.member.given_name, a.reason) for a in counts.absent] == [("Chi", "")]
    # recording again replaces the marks, row for row
    ids = sorted(Attendance.objects.filter(meeting=meeting).values_list("pk", flat=True))
    meeting = services.record_attendance(meeting)
    assert (meeting.vote_base, meeting.voters_present) == (7, 7)
    assert sorted(Attendance.objects.filter(meeting=meeting).values_list("pk", flat=True)) == ids


def test_vote_passes_with_more_than_half_of_the_base(tree, cell, meeting):
    meeting = services.record_attendance(meeting, exceptions={cell["Minh"].pk: ("present", "")})
    assert meeting.vote_base == 8
    at_threshold = services.record_vote(
        meeting, subject="Nghị quyết tháng 11", votes_for=5, votes_against=3
    )
    one_below = services.record_vote(
        meeting, subject="Kết luận", votes_for=4, votes_against=2, abstaining=2
    )
    assert (at_threshold.passed, at_threshold.vote_base) == (True, 8)
    assert (one_below.passed, one_below.vote_base) == (False, 8)
    assert "Điều lệ Đảng" in at_threshold.legal_basis


def test_quorum_refused_below_two_thirds(tree, cell, meeting):
    meeting = services.record_attendance(
        meeting, exceptions={pk: ("absent", "") for pk in _ids(cell, "An", "Bình", "Chi")}
    )
    assert (meeting.vote_base, meeting.voters_present) == (7, 4)
    refused(
        lambda: services.record_vote(meeting, subject="Kết luận", votes_for=4, votes_against=0),
        "No quorum: 4 of 7 members who vote are present; at least 5 are needed",
    )
    refused(
        lambda: services.record_vote(meeting, subject="Kết luận", votes_for=5, votes_against=0),
        "5 votes were counted but only 4 members who vote are present.",
        field="votes_for",
    )


def test_attendance_refusals_write_nothing(tree, cell, meeting):
    refused(
        lambda: services.record_attendance(meeting, exceptions={cell["An"].pk: ("excused", " ")}),
        "Nguyễn Văn An is absent with a reason: write the reason.",
        field="attendance",
    )
    refused(
        lambda: services.record_attendance(meeting, exceptions={cell["Nam"].pk: ("absent", "")}),
        "A member who is not called to this meeting cannot be marked.",
    )
    refused(
        lambda: services.record_attendance(meeting, exceptions={cell["An"].pk: ("exempted", "")}),
        "Nguyễn Văn An is not exempted from meetings on the meeting's date.",
    )
    refused(
        lambda: services.record_vote(meeting, subject="Kết luận", votes_for=5, votes_against=0),
        "Record the attendance first",
    )
    ahead = services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="extraordinary", date=timezone.localdate() + dt.timedelta(3)
    )
    refused(lambda: services.record_attendance(ahead), field="date")


def test_adopted_minutes_are_locked(tree, cell, meeting):
    meeting = services.record_attendance(meeting)
    meeting = services.adopt_minutes(
        meeting, starts_at=T(14, 0), ends_at=T(15, 45), conclusion="Chi bộ thống nhất."
    )
    assert (meeting.status, meeting.conclusion, meeting.ends_at) == (
        "adopted",
        "Chi bộ thống nhất.",
        T(15, 45),
    )
    locked = "are locked; a correction needs its reason"
    refused(lambda: services.record_attendance(meeting), locked)
    refused(
        lambda: services.record_vote(meeting, subject="Kết luận", votes_for=7, votes_against=0),
        locked,
    )
    refused(
        lambda: services.adopt_minutes(
            meeting, starts_at=T(14, 0), ends_at=T(16, 0), conclusion="Khác"
        ),
        locked,
    )


def test_adopt_refusals(tree, cell, meeting):
    refused(
        lambda: services.adopt_minutes(
            meeting, starts_at=T(14, 0), ends_at=T(16, 0), conclusion="x"
        ),
        "Record the attendance before adopting the minutes.",
    )
    meeting = services.record_attendance(meeting)
    refused(
        lambda: services.adopt_minutes(
            meeting, starts_at=T(14, 0), ends_at=T(13, 0), conclusion="x"
        ),
        "The meeting must end after it starts.",
        field="ends_at",
    )
    refused(
        lambda: services.adopt_minutes(
            meeting, starts_at=T(14, 0), ends_at=T(16, 0), conclusion="  "
        ),
        "Write the chair's conclusion.",
        field="conclusion",
    )


def test_plan_refusals(tree, cell, meeting):
    cntt = tree["DUK-BK-CNTT"]
    refused(
        lambda: services.plan_meeting(cntt, kind="regular", date=D(2026, 11, 25)),
        "Chi bộ Khoa Công nghệ thông tin already has its monthly meeting in 11/2026; plan an "
        "extraordinary meeting instead.",
        field="date",
    )
    refused(
        lambda: services.plan_meeting(cntt, kind="thematic", date=D(2026, 12, 2), topic=" "),
        "A thematic meeting needs its topic.",
        field="topic",
    )
    refused(
        lambda: services.plan_meeting(
            cntt, kind="extraordinary", date=D(2026, 12, 2), with_thematic=True, topic="Chủ đề"
        ),
        "Only a monthly meeting can have a thematic part.",
        field="with_thematic",
    )
    refused(lambda: services.plan_meeting(cntt, kind="party", date=D(2026, 12, 2)), field="kind")
    combined = services.plan_meeting(
        cntt, kind="regular", date=D(2026, 12, 8), with_thematic=True, topic="Học tập Bác"
    )
    assert combined.is_thematic and Meeting.objects.thematic().count() == 1


def test_out_of_scope_is_a_404_and_writes_nothing(tree, cell, meeting, cell_secretary):
    outsider = add_user(
        "bithu_kt", organization=tree["DUK-KT"], role="secretary", password=PASSWORD
    )
    refused(lambda: services.record_attendance(meeting, actor=outsider), raises=OutOfScope)
    refused(
        lambda: services.plan_meeting(
            tree["DUK-BK-CNTT"], kind="extraordinary", date=DAY, actor=outsider
        ),
        raises=OutOfScope,
    )
    # the cell's own secretary may
    meeting = services.record_attendance(meeting, actor=cell_secretary)
    assert meeting.history.latest().history_user == cell_secretary
    row = Attendance.objects.get(meeting=meeting, member=cell["An"])
    assert row.history.latest().history_user == cell_secretary


@pytest.mark.django_db(transaction=True)
def test_steps_outside_a_wrapping_transaction(tree, cell, meeting, cell_secretary):
    """Every step commits on its own (PostgreSQL in CI): locks with a join, bulk history."""
    meeting = services.record_attendance(
        meeting, exceptions={cell["Bình"].pk: ("excused", "Công tác")}, actor=cell_secretary
    )
    vote = services.record_vote(
        meeting, subject="Nghị quyết", votes_for=6, votes_against=0, actor=cell_secretary
    )
    meeting = services.adopt_minutes(
        meeting,
        starts_at=T(8, 0),
        ends_at=T(9, 40),
        conclusion="Thông qua.",
        actor=cell_secretary,
    )
    assert (meeting.vote_base, meeting.voters_present, vote.passed) == (7, 6, True)
    assert MeetingVote.objects.get().meeting_id == meeting.pk
    assert Meeting.objects.get().status == "adopted"


def test_recording_again_writes_only_what_changed(tree, cell, meeting, cell_secretary):
    meeting = services.record_attendance(meeting, actor=cell_secretary)
    entries = Attendance.history.count()
    services.record_attendance(meeting, actor=cell_secretary)
    assert Attendance.history.count() == entries
    services.record_attendance(
        meeting, exceptions={cell["Chi"].pk: ("absent", "")}, actor=cell_secretary
    )
    assert Attendance.history.count() == entries + 1
    assert Attendance.history.latest().member_id == cell["Chi"].pk
