"""Special statuses (exemption, retirement, graduate hold, abroad, death) and residence liaison
with its yearly feedback (QĐ 213): what each step writes, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.members.choices import EventKind, ExemptGroup, MemberStatus, StatusKind
from coso.members.models import ResidenceFeedback, ResidenceLiaison, StatusPeriod, member_count
from coso.members.services import statuses
from tests.helpers import refused

pytestmark = pytest.mark.django_db
D = dt.date


def kinds(member):
    return list(member.events.order_by("date", "id").values_list("kind", flat=True))


def test_exemption_with_reason_decision_and_dates(members, cell_secretary):
    an = members["an"]
    period = statuses.exempt_member(
        an,
        reason="elderly",
        decision_number="5-QĐ/CB",
        decided_on=D(2026, 2, 27),
        valid_from=D(2026, 3, 1),
        valid_to=D(2027, 3, 1),
        actor=cell_secretary,
    )
    an.refresh_from_db()
    assert an.status == MemberStatus.EXEMPTED
    assert (period.kind, period.reason, period.decision_number, period.valid_to) == (
        StatusKind.EXEMPTED,
        "elderly",
        "5-QĐ/CB",
        D(2027, 3, 1),
    )
    event = an.events.get(kind=EventKind.EXEMPTED)
    assert (event.document_number, event.actor) == ("5-QĐ/CB", cell_secretary)
    assert "Elderly" in event.note
    # an exempted member still counts in the membership
    assert member_count(an.organization, D(2026, 4, 1)) == 3
    statuses.end_status(period, date=D(2026, 9, 1), actor=cell_secretary)
    an.refresh_from_db()
    assert an.status == MemberStatus.OFFICIAL
    assert kinds(an)[-2:] == [EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED]
    refused(lambda: statuses.end_status(period, date=D(2026, 9, 2)), "already ended")


def test_exemption_refusals(members):
    refused(
        lambda: statuses.exempt_member(
            members["an"], reason="ill", decision_number=" ", valid_from=D(2026, 3, 1)
        ),
        "The decision number is required.",
        field="decision_number",
    )
    refused(
        lambda: statuses.exempt_member(
            members["an"], reason="bored", decision_number="1", valid_from=D(2026, 3, 1)
        ),
        "Choose the reason",
    )
    statuses.exempt_member(
        members["an"], reason="ill", decision_number="1", valid_from=D(2026, 3, 1)
    )
    refused(
        lambda: statuses.exempt_member(
            members["an"], reason="ill", decision_number="2", valid_from=D(2026, 4, 1)
        ),
        "Only an official member can be exempted.",
    )


def test_retirement_and_where_they_meet(members, tree):
    period = statuses.record_retirement(
        members["binh"], retired_on=D(2026, 1, 1), meeting_place="Chi bộ hưu trí"
    )
    assert (period.kind, period.meeting_place) == (StatusKind.RETIRED, "Chi bộ hưu trí")
    assert kinds(members["binh"])[-1] == EventKind.RETIRED
    refused(lambda: statuses.end_status(period, date=D(2026, 2, 1)), "Retirement does not end.")
    refused(
        lambda: statuses.record_retirement(members["binh"], retired_on=D(2026, 2, 1)),
        "already recorded",
    )
    moved = statuses.record_retirement(
        members["anh"], retired_on=D(2026, 1, 1), move_to=tree["DUK-KT"]
    )
    members["anh"].refresh_from_db()
    assert members["anh"].organization == tree["DUK-KT"]
    assert moved.meeting_place == tree["DUK-KT"].name


def test_graduate_hold_warnings_and_deadline(members):
    hold = statuses.start_graduate_hold(members["hoa"], graduated_on=D(2025, 6, 30))
    assert (hold.first_warning_on, hold.second_warning_on, hold.due_on) == (
        D(2026, 3, 30),
        D(2026, 5, 30),
        D(2026, 6, 30),
    )
    event = members["hoa"].events.get(kind=EventKind.GRADUATE_HOLD)
    assert "30/06/2026" in event.note and "QĐ 24-QĐ/TW" in event.note
    refused(
        lambda: statuses.start_graduate_hold(members["hoa"], graduated_on=D(2025, 7, 1)),
        "already recorded",
    )
    statuses.end_status(hold, date=D(2026, 7, 1))
    assert kinds(members["hoa"])[-1] == EventKind.GRADUATE_HOLD_ENDED


def test_abroad(members):
    period = statuses.record_abroad(
        members["duc"],
        purpose="study",
        country="Nhật Bản",
        valid_from=D(2025, 9, 1),
        valid_to=D(2027, 9, 1),
        decision_number="9-QĐ",
    )
    assert (period.country, period.purpose) == ("Nhật Bản", "study")
    refused(
        lambda: statuses.record_abroad(
            members["an"], purpose="work", country=" ", valid_from=D(2025, 9, 1)
        ),
        "The country is required.",
    )
    statuses.end_status(period, date=D(2026, 8, 1))
    assert kinds(members["duc"])[-2:] == [EventKind.ABROAD, EventKind.RETURNED]


def test_death_ends_activity_and_open_statuses(members, tree):
    an = members["an"]
    statuses.record_abroad(an, purpose="work", country="Lào", valid_from=D(2025, 1, 1))
    liaison = statuses.introduce_to_residence(
        an, introduced_on=D(2024, 1, 1), residence_cell="Chi bộ tổ dân phố 5"
    )
    statuses.record_death(an, date=D(2026, 5, 1))
    an.refresh_from_db()
    assert an.status == MemberStatus.DECEASED
    assert member_count(tree["DUK-BK-CNTT"], D(2026, 5, 1)) == 2
    assert not StatusPeriod.objects.filter(member=an, ended_on__isnull=True).exists()
    liaison.refresh_from_db()
    assert liaison.ended_on == D(2026, 5, 1)
    refused(
        lambda: statuses.record_death(an, date=D(2026, 5, 2)), "The member is no longer active."
    )


def test_residence_liaison_and_yearly_feedback(members, cell_secretary):
    an = members["an"]
    liaison = statuses.introduce_to_residence(
        an,
        introduced_on=D(2024, 3, 1),
        residence_cell="Chi bộ tổ dân phố số 7, phường Cầu Giấy",
        letter_number="3-GT/CB",
        actor=cell_secretary,
    )
    feedback = statuses.record_residence_feedback(
        liaison,
        year=2025,
        received_on=D(2025, 11, 20),
        assessment="good",
        content="Gương mẫu",
        actor=cell_secretary,
    )
    assert feedback.year == 2025
    assert kinds(an)[-2:] == [EventKind.RESIDENCE_LIAISON, EventKind.RESIDENCE_FEEDBACK]
    refused(
        lambda: statuses.record_residence_feedback(
            liaison, year=2025, received_on=D(2025, 11, 25), assessment="fair"
        ),
        "already recorded on 20/11/2025",
        "QĐ 213-QĐ/TW",
        field="year",
    )
    refused(
        lambda: statuses.record_residence_feedback(
            liaison, year=2023, received_on=D(2025, 11, 25), assessment="fair"
        ),
        "only in 2024",
    )
    # a new introduction ends the old one
    second = statuses.introduce_to_residence(
        an, introduced_on=D(2026, 1, 5), residence_cell="Chi bộ thôn Đông"
    )
    liaison.refresh_from_db()
    assert liaison.ended_on == D(2026, 1, 5)
    assert ResidenceLiaison.objects.open().get(member=an) == second


def test_residence_liaison_needs_a_cell_or_an_exempt_group(members):
    refused(
        lambda: statuses.introduce_to_residence(members["an"], introduced_on=D(2026, 1, 5)),
        "Name the residence cell (QĐ 213-QĐ/TW)",
        field="residence_cell",
    )
    exempt = statuses.introduce_to_residence(
        members["hoa"], introduced_on=D(2026, 1, 5), exempt_group=ExemptGroup.STUDENT_AWAY
    )
    assert exempt.exempt_group == "student_away"
    assert not ResidenceFeedback.objects.exists()
