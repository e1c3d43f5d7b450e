"""Transfers: letters inside the system, temporary activity, letters out of and into the
system; counts follow the letter only once it is received; each refusal names its rule and
changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.calendar import add_working_days
from coso.members import services
from coso.members.choices import (
    EventKind,
    MemberStatus,
    PlacementKind,
    StatusKind,
    TransferDirection,
    TransferKind,
    TransferStatus,
)
from coso.members.models import (
    Member,
    MembershipEvent,
    Placement,
    Transfer,
    member_count,
    member_counts_by_child,
)
from coso.members.services import incoming, statuses, transfers
from coso.members.services.statuses import voting_members
from coso.orgs.models import Organization
from tests.helpers import refused

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_2 = D(2026, 3, 2)


def issue(member, to, day=MARCH_2, **kw):
    kw.setdefault("kind", TransferKind.PERMANENT)
    kw.setdefault("letter_number", "12-GT/ĐU")
    return transfers.issue_transfer(member, to=to, issued_on=day, **kw)


def test_member_counts_in_the_sender_until_the_letter_is_received(tree, members, office):
    cntt, ck, bk = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-BK"]
    an = members["an"]
    letter = issue(an, ck, actor=office)
    assert letter.status == TransferStatus.ISSUED
    assert letter.direction == TransferDirection.INTERNAL
    assert letter.hand_in_due == add_working_days(D(2026, 3, 2), 30) == D(2026, 4, 13)
    an.refresh_from_db()
    assert an.organization == cntt  # still counted where they were
    for day in (D(2026, 3, 2), D(2026, 3, 19)):
        assert member_count(cntt, day) == 3
        assert member_count(ck, day) == 2
    transfers.receive_transfer(letter, received_on=D(2026, 3, 20), actor=office)
    an.refresh_from_db()
    assert an.organization == ck and an.status == MemberStatus.OFFICIAL
    assert member_count(cntt, D(2026, 3, 19)) == 3 and member_count(ck, D(2026, 3, 19)) == 2
    assert member_count(cntt, D(2026, 3, 20)) == 2 and member_count(ck, D(2026, 3, 20)) == 3
    assert member_count(bk, D(2026, 3, 20)) == 5  # a move inside the committee
    assert member_counts_by_child(bk, D(2026, 3, 20)) == {cntt.pk: 2, ck.pk: 3}
    letter.refresh_from_db()
    assert (letter.status, letter.received_on, letter.received_by) == (
        TransferStatus.RECEIVED,
        D(2026, 3, 20),
        office,
    )
    kinds = list(an.events.order_by("date", "id").values_list("kind", "actor__username"))
    assert kinds[-2:] == [
        (EventKind.TRANSFER_ISSUED, "vanphong"),
        (EventKind.TRANSFERRED_IN, "vanphong"),
    ]
    moved = an.events.get(kind=EventKind.TRANSFERRED_IN)
    assert (moved.from_organization, moved.to_organization, moved.document_number) == (
        cntt,
        ck,
        "12-GT/ĐU",
    )


def test_every_step_is_in_the_timeline_with_who_and_when(tree, members, office, bk_secretary):
    an = members["an"]
    letter = issue(an, tree["DUK-KT"], actor=bk_secretary)
    transfers.receive_transfer(letter, received_on=D(2026, 3, 10), actor=office)
    items = [i for i in services.timeline(an) if i["type"] == "event"]
    by_title = {str(i["title"]): i for i in items}
    assert by_title["Transfer letter issued"]["actor"] == bk_secretary
    assert by_title["Transferred in"]["actor"] == office
    assert all(i["at"] is not None for i in items)


@pytest.mark.parametrize(
    ("day", "basis"),
    [(D(2024, 6, 3), "QĐ 24-QĐ/TW"), (D(2026, 6, 1), "QĐ 294-QĐ/TW")],
)
def test_the_rule_in_force_on_the_letter_date(tree, members, day, basis):
    letter = issue(members["an"], tree["DUK-BK-CK"], day)
    assert basis in letter.legal_basis
    other = "QĐ 294-QĐ/TW" if basis == "QĐ 24-QĐ/TW" else "QĐ 24-QĐ/TW"
    assert other not in letter.legal_basis


def test_start_deadline_is_recorded_and_a_late_start_flagged(tree, members):
    on_time = issue(members["an"], tree["DUK-BK-CK"], D(2026, 3, 2), change_on=D(2026, 1, 5))
    assert on_time.start_due == add_working_days(D(2026, 1, 5), 60)
    assert not on_time.started_late
    late = issue(members["duc"], tree["DUK-BK-CK"], D(2026, 6, 1), change_on=D(2026, 1, 5))
    assert late.started_late and late.start_due < D(2026, 6, 1)


# --- refusals -----------------------------------------------------------------------------


def test_refuses_a_transfer_to_a_dissolved_organization(tree, members):
    Organization.objects.filter(code="DUK-BK-CK").update(dissolved_on=D(2025, 12, 31))
    ck = Organization.objects.get(code="DUK-BK-CK")
    refused(
        lambda: issue(members["an"], ck),
        "A transfer cannot go to a dissolved organization",
        "31/12/2025",
        field="to",
    )


@pytest.mark.parametrize(
    "day,until,fragments",
    [
        # 2 months after a letter of 2026 (QĐ 294): too short
        (MARCH_2, D(2026, 5, 2), ["3 months or more", "QĐ 294-QĐ/TW"]),
        # 25 months: too long, needs a permanent transfer
        (MARCH_2, D(2028, 4, 2), ["at most 24 months", "permanent transfer", "QĐ 294-QĐ/TW"]),
        # a letter of 2024 follows the 2021 texts
        (D(2024, 3, 1), D(2024, 4, 30), ["3 months or more", "QĐ 24-QĐ/TW"]),
    ],
)
def test_refuses_a_temporary_transfer_too_short_or_too_long(tree, members, day, until, fragments):
    refused(
        lambda: issue(
            members["an"], tree["DUK-BK-CK"], day=day, kind=TransferKind.TEMPORARY, until=until
        ),
        *fragments,
        field="until",
    )


def test_temporary_transfer_of_exactly_3_and_24_months_is_accepted(tree, members):
    short = issue(
        members["an"], tree["DUK-BK-CK"], kind=TransferKind.TEMPORARY, until=D(2026, 6, 2)
    )
    transfers.cancel_transfer(short, date=D(2026, 3, 3))
    long = issue(members["an"], tree["DUK-BK-CK"], kind=TransferKind.TEMPORARY, until=D(2028, 3, 2))
    assert (short.until, long.until) == (D(2026, 6, 2), D(2028, 3, 2))


def test_refuses_receiving_twice(tree, members):
    letter = issue(members["an"], tree["DUK-BK-CK"])
    transfers.receive_transfer(letter, received_on=D(2026, 3, 5))
    refused(
        lambda: transfers.receive_transfer(letter, received_on=D(2026, 3, 6)),
        "already received on 05/03/2026",
        "received only once",
        field="received_on",
    )


def test_refuses_a_transfer_of_an_inactive_member(tree, members):
    services.remove_member(
        members["an"], kind=EventKind.STRUCK_OFF, date=D(2026, 1, 5), document_number="1-QĐ"
    )
    refused(
        lambda: issue(members["an"], tree["DUK-BK-CK"]),
        "Only an active member can be transferred",
        field="member",
    )


def test_refuses_receiving_a_letter_of_a_member_who_left_meanwhile(tree, members):
    letter = issue(members["an"], tree["DUK-BK-CK"])
    statuses.record_death(members["an"], date=D(2026, 3, 4))
    refused(
        lambda: transfers.receive_transfer(letter, received_on=D(2026, 3, 5)),
        "Only an active member can be transferred",
    )


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"letter_number": " "}, "The letter number is required.", "letter_number"),
        ({"kind": TransferKind.TEMPORARY}, "A temporary transfer needs its end date.", "until"),
        ({"until": D(2026, 9, 1)}, "Only a temporary transfer has an end date.", "until"),
        ({"change_on": D(2026, 3, 3)}, "cannot be after the letter's date", "change_on"),
        ({"to_outside": "Đảng bộ X"}, "Give either an organization", "to"),
    ],
)
def test_refuses_bad_letters(tree, members, kwargs, message, field):
    refused(lambda: issue(members["an"], tree["DUK-BK-CK"], **kwargs), message, field=field)


def test_refuses_a_second_letter_in_flight_and_the_own_organization(tree, members):
    issue(members["an"], tree["DUK-BK-CK"])
    refused(lambda: issue(members["an"], tree["DUK-KT"]), "12-GT/ĐU", "in flight")
    refused(
        lambda: issue(members["duc"], tree["DUK-BK-CNTT"]),
        "The member already belongs to this organization.",
    )


def test_a_letter_lapses_only_after_its_deadline(tree, members):
    letter = issue(members["an"], tree["DUK-BK-CK"], D(2026, 3, 2))
    refused(
        lambda: transfers.cancel_transfer(letter, date=D(2026, 4, 13), expired=True),
        "30 working days",
        "13/04/2026",
        "QĐ 294-QĐ/TW",
    )
    transfers.cancel_transfer(letter, date=D(2026, 4, 14), expired=True)
    letter.refresh_from_db()
    assert letter.status == TransferStatus.EXPIRED
    assert Member.objects.get(pk=members["an"].pk).organization.code == "DUK-BK-CNTT"
    refused(
        lambda: transfers.receive_transfer(letter, received_on=D(2026, 4, 15)),
        "can no longer be received",
    )


def test_a_cancelled_letter_changes_nothing_for_the_member(tree, members):
    letter = issue(members["an"], tree["DUK-BK-CK"])
    transfers.cancel_transfer(letter, date=D(2026, 3, 3), note="Đổi ý")
    assert Transfer.objects.get(pk=letter.pk).status == TransferStatus.CANCELLED
    assert member_count(tree["DUK-BK-CNTT"], D(2026, 3, 10)) == 3
    # a new letter may now be issued
    issue(members["an"], tree["DUK-KT"], D(2026, 3, 4), letter_number="13-GT/ĐU")


# --- temporary activity -------------------------------------------------------------------


def test_temporary_member_is_not_counted_and_does_not_vote_at_the_host(tree, members, office):
    cntt, kt = tree["DUK-BK-CNTT"], tree["DUK-KT"]
    an = members["an"]
    day = D(2026, 4, 1)
    before_kt = set(voting_members(kt, day))
    letter = issue(an, kt, D(2026, 3, 2), kind=TransferKind.TEMPORARY, until=D(2026, 9, 1))
    transfers.receive_transfer(letter, received_on=D(2026, 3, 9), actor=office)
    letter.refresh_from_db()
    placement = letter.temporary_placement
    assert (placement.kind, placement.organization, placement.valid_from) == (
        PlacementKind.TEMPORARY,
        kt,
        D(2026, 3, 9),
    )
    an.refresh_from_db()
    assert an.organization == cntt  # official activity stays at home
    assert member_count(kt, day) == 2 and member_count(cntt, day) == 3
    assert member_count(tree["DUK"], day) == 7
    assert set(voting_members(kt, day)) == before_kt
    assert an not in set(voting_members(kt, day))
    assert an not in set(voting_members(cntt, day))  # temporarily away: not in the vote base
    assert members["duc"] in set(voting_members(cntt, day))
    transfers.end_temporary_transfer(letter, date=D(2026, 8, 20), actor=office)
    placement.refresh_from_db()
    assert placement.valid_to == D(2026, 8, 20)
    assert an in set(voting_members(cntt, D(2026, 8, 21)))
    assert [e.kind for e in an.events.order_by("id")][-3:] == [
        EventKind.TRANSFER_ISSUED,
        EventKind.TEMPORARY_STARTED,
        EventKind.TEMPORARY_ENDED,
    ]
    refused(
        lambda: transfers.end_temporary_transfer(letter, date=D(2026, 8, 21)),
        "not a temporary activity in progress",
    )


# --- to and from outside the system -------------------------------------------------------


def test_letter_out_of_the_system_removes_the_member_and_the_slip_is_recorded(tree, members):
    an, cntt = members["an"], tree["DUK-BK-CNTT"]
    letter = transfers.issue_transfer(
        an,
        kind=TransferKind.PERMANENT,
        to_outside="Đảng bộ Công ty Điện lực",
        letter_number="20-GT/ĐU",
        issued_on=D(2026, 2, 2),
    )
    an.refresh_from_db()
    assert an.status == MemberStatus.TRANSFERRED_OUT
    assert letter.direction == TransferDirection.OUTGOING
    assert member_count(cntt, D(2026, 2, 1)) == 3 and member_count(cntt, D(2026, 2, 2)) == 2
    out = an.events.get(kind=EventKind.TRANSFERRED_OUT)
    assert (out.from_organization, out.document_number) == (cntt, "20-GT/ĐU")
    refused(
        lambda: transfers.cancel_transfer(letter, date=D(2026, 2, 3)),
        "cannot be cancelled here",
    )
    refused(
        lambda: transfers.receive_transfer(letter, received_on=D(2026, 2, 3)),
        "confirmed, not received",
    )
    transfers.confirm_transfer(letter, received_on=D(2026, 2, 20))
    assert Transfer.objects.get(pk=letter.pk).status == TransferStatus.RECEIVED


def new_member_data(cccd="001085000123", **extra):
    data = {
        "family_name": "Đỗ",
        "middle_name": "Thị",
        "given_name": "Mai",
        "sex": "female",
        "birth_date": D(1990, 4, 2),
        "admitted_on": D(2015, 5, 19),
        "recognized_on": D(2016, 5, 19),
        "cccd": cccd,
    }
    data.update(extra)
    return data


def test_letter_in_from_outside_registers_a_new_member(tree, members, office):
    kt = tree["DUK-KT"]
    letter = incoming.transfer_in_from_outside(
        organization=kt,
        from_outside="Đảng bộ Trường Đại học Cần Thơ",
        letter_number="7-GT/ĐU",
        issued_on=D(2026, 1, 10),
        received_on=D(2026, 1, 20),
        data=new_member_data(),
        actor=office,
    )
    m = letter.member
    assert (m.full_name, m.organization, m.status) == ("Đỗ Thị Mai", kt, MemberStatus.OFFICIAL)
    assert letter.direction == TransferDirection.INCOMING
    assert letter.status == TransferStatus.RECEIVED
    event = m.events.get()
    assert (event.kind, event.date, event.document_number, event.actor) == (
        EventKind.TRANSFERRED_IN,
        D(2026, 1, 20),
        "7-GT/ĐU",
        office,
    )
    assert member_count(kt, D(2026, 1, 19)) == 2 and member_count(kt, D(2026, 1, 20)) == 3


def test_letter_in_revives_a_member_who_left_by_transfer(tree, members):
    an = members["an"]
    transfers.issue_transfer(
        an,
        kind=TransferKind.PERMANENT,
        to_outside="Đảng bộ X",
        letter_number="20-GT/ĐU",
        issued_on=D(2025, 2, 3),
    )
    letter = incoming.transfer_in_from_outside(
        organization=tree["DUK-KT"],
        from_outside="Đảng bộ X",
        letter_number="5-GT/ĐU",
        issued_on=None,
        received_on=D(2026, 2, 3),
        data={"cccd": an.cccd, "phone": "0912345678"},
    )
    assert letter.member_id == an.pk
    an.refresh_from_db()
    assert (an.status, an.organization.code, an.phone) == (
        MemberStatus.OFFICIAL,
        "DUK-KT",
        "0912345678",
    )
    official = an.placements.filter(kind=PlacementKind.OFFICIAL).order_by("valid_from")
    assert [(p.organization.code, p.valid_from, p.valid_to) for p in official] == [
        ("DUK-BK-CNTT", D(2015, 1, 1), D(2025, 2, 3)),
        ("DUK-KT", D(2026, 2, 3), None),
    ]
    assert member_count(tree["DUK"], D(2025, 6, 1)) == 6
    assert member_count(tree["DUK"], D(2026, 2, 3)) == 7


def test_letter_in_refuses_active_and_departed_members(tree, members):
    common = {
        "organization": tree["DUK-KT"],
        "from_outside": "Đảng bộ X",
        "letter_number": "5-GT/ĐU",
        "issued_on": None,
        "received_on": D(2026, 2, 3),
    }
    refused(
        lambda: incoming.transfer_in_from_outside(**common, data={"cccd": members["an"].cccd}),
        "still active",
        field="cccd",
    )
    services.remove_member(
        members["duc"], kind=EventKind.STRUCK_OFF, date=D(2025, 1, 6), document_number="3-QĐ"
    )
    refused(
        lambda: incoming.transfer_in_from_outside(**common, data={"cccd": members["duc"].cccd}),
        "re-admission",
        "36 months",
        "QĐ 294-QĐ/TW",
        field="cccd",
    )
    Organization.objects.filter(code="DUK-KT").update(dissolved_on=D(2026, 1, 1))
    common["organization"] = Organization.objects.get(code="DUK-KT")
    refused(
        lambda: incoming.transfer_in_from_outside(**common, data=new_member_data()),
        "dissolved organization",
    )
    assert not Member.objects.filter(cccd="001085000123").exists()


def test_a_permanent_transfer_ends_the_graduate_hold(tree, members):
    hold = statuses.start_graduate_hold(members["hoa"], graduated_on=D(2025, 12, 1))
    letter = issue(members["hoa"], tree["DUK-KT"], D(2026, 3, 2))
    transfers.receive_transfer(letter, received_on=D(2026, 3, 5))
    hold.refresh_from_db()
    assert hold.ended_on == D(2026, 3, 5)
    assert hold.kind == StatusKind.GRADUATE_HOLD
    assert MembershipEvent.objects.filter(
        member=members["hoa"], kind=EventKind.GRADUATE_HOLD_ENDED
    ).exists()
    assert Placement.objects.filter(member=members["hoa"], valid_to__isnull=True).count() == 1
