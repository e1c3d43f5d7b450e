"""Re-admission (DOMAIN.md §18, QĐ 24-QĐ/TW / QĐ 294-QĐ/TW §3.5): a candidate carrying the CCCD
of a former member is linked to that record; the cell's resolution refuses them before the
rule's months since leaving, or for a reason that bars re-admission; the ceremony brings the
same record back with both periods in its timeline.

The happy path's cell resolution is on 05/07/2023 and its ceremony on 08/09/2023 (conftest)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.admission import services
from coso.admission.models import Candidate, Probation
from coso.core.rules import rule
from coso.members import services as member_services
from coso.members.choices import EventKind, LeavingReason
from coso.members.models import Member, Placement
from coso.members.queries.todo import movement_by_year
from tests.helpers import BASIS_2021, candidate_data, client_for, make_member, refused

D = dt.date
RESOLUTION = D(2023, 7, 5)
CEREMONY = D(2023, 9, 8)
CCCD = "001085012345"


def former_member(tree, left_on: dt.date, *, kind=EventKind.STRUCK_OFF, reason=""):
    """Nguyễn Văn Cũ, a member of the KT cell from 2015 who left on `left_on`."""
    member = make_member(tree["DUK-KT"], "Cũ", cccd=CCCD, party_card_number="093012345")
    return member_services.remove_member(
        member, kind=kind, date=left_on, document_number="7-QĐ/ĐUK", reason=reason
    )


def candidate_of(cell, actor=None, **extra):
    data = candidate_data(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Cũ",
        sex="male",
        birth_date=D(1985, 1, 1),
        cccd=CCCD,
        **extra,
    )
    return services.create_candidate(data, cell=cell, actor=actor)


def months_message(left: str, earliest: str) -> str:
    return (
        f"The candidate left the party on {left} (struck off); re-admission needs at least 36 "
        f"months after leaving, so the cell may consider it from {earliest}, not on 05/07/2023 "
        f"({BASIS_2021})."
    )


def test_35_months_after_leaving_is_refused_naming_the_rule(members, tree, cntt, go):
    former = former_member(tree, D(2020, 8, 5))
    candidate = candidate_of(cntt)
    assert candidate.former_member == former
    go(candidate, "comments")
    result = refused(
        lambda: go(candidate, "cell_resolution"), months_message("05/08/2020", "05/08/2023")
    )
    assert result.text == months_message("05/08/2020", "05/08/2023")
    candidate.refresh_from_db()
    assert (candidate.step, candidate.status) == ("comments", "in_progress")


def test_after_36_months_the_ceremony_brings_back_the_same_record(members, tree, cntt, go):
    former = former_member(tree, D(2020, 7, 5))
    candidate = candidate_of(cntt)
    member = go(candidate, "ceremony")
    assert member.pk == former.pk
    assert Member.objects.count() == len(members) + 1
    member.refresh_from_db()
    assert (
        member.status,
        member.organization,
        member.admitted_on,
        member.recognized_on,
        member.party_card_number,
    ) == ("probationary", cntt, D(2010, 5, 19), None, None)
    placements = list(
        Placement.objects.filter(member=member)
        .order_by("valid_from")
        .values_list("organization__code", "valid_from", "valid_to", "kind")
    )
    assert placements == [
        ("DUK-KT", D(2015, 1, 1), D(2020, 7, 5), "official"),
        ("DUK-BK-CNTT", CEREMONY, None, "official"),
    ]
    events = [
        (e["event"].kind, e["date"], e["event"].document_number)
        for e in member_services.timeline(member)
        if e["type"] == "event"
    ]
    assert events == [
        ("readmitted", CEREMONY, "1234-QĐ/ĐUK"),
        ("struck_off", D(2020, 7, 5), "7-QĐ/ĐUK"),
        ("registered", D(2015, 1, 1), ""),
    ]
    movement = {
        (r["organization"].code, r["year"]): r for r in movement_by_year(tree["DUK"], [2020, 2023])
    }
    assert (movement["DUK-KT", 2020]["struck_off"], movement["DUK-BK", 2023]["readmitted"]) == (
        1,
        1,
    )
    assert movement["DUK-BK", 2023]["admitted"] == 0
    probation = Probation.objects.get(member=member)
    assert (probation.started_on, probation.ends_on) == (CEREMONY, D(2024, 9, 8))
    candidate.refresh_from_db()
    assert (candidate.status, candidate.member, candidate.former_member) == (
        "admitted",
        member,
        member,
    )


@pytest.mark.parametrize(
    ("kind", "reason", "way"),
    [
        (EventKind.RESIGNED, LeavingReason.ASKED_TO_LEAVE, "resigned: asked to leave the party"),
        (
            EventKind.STRUCK_OFF,
            LeavingReason.ABANDONED_ACTIVITY,
            "struck off: abandoned party activity",
        ),
        (
            EventKind.EXPELLED,
            LeavingReason.CORRUPTION_CONVICTION,
            "expelled: convicted of corruption",
        ),
    ],
)
def test_a_barred_reason_is_refused_whatever_the_time(members, tree, cntt, go, kind, reason, way):
    former_member(tree, D(2016, 3, 1), kind=kind, reason=reason)
    candidate = candidate_of(cntt)
    go(candidate, "comments")
    basis = rule("readmission_barred_reasons", RESOLUTION).legal_basis
    assert basis == BASIS_2021
    refused(
        lambda: go(candidate, "cell_resolution"),
        f"The candidate left the party on 01/03/2016 ({way}); whoever left for this reason is "
        f"never re-admitted ({basis}).",
    )


def test_asking_to_leave_for_family_hardship_is_not_barred(members, tree, cntt, go):
    former = former_member(
        tree, D(2016, 3, 1), kind=EventKind.RESIGNED, reason=LeavingReason.ASKED_TO_LEAVE_HARDSHIP
    )
    candidate = candidate_of(cntt)
    go(candidate, "cell_resolution")
    candidate.refresh_from_db()
    assert (candidate.step, candidate.former_member) == ("cell_resolution", former)


def test_re_admitted_only_once(members, tree, cntt, go):
    former = former_member(tree, D(2020, 7, 5))
    go(candidate_of(cntt), "ceremony")
    member_services.remove_member(
        former, kind=EventKind.STRUCK_OFF, date=D(2024, 1, 10), document_number="9-QĐ/ĐUK"
    )
    again = candidate_of(tree["DUK-BK-CK"])
    assert again.former_member == former
    refused(
        lambda: services.check_eligibility(again, D(2027, 2, 1)),
        "The candidate has already been re-admitted to the party once; a person is re-admitted "
        "only 1 time(s) (Điều lệ Đảng; QĐ 294-QĐ/TW",
    )


def test_a_current_member_cccd_is_still_refused(personas, members, cntt):
    data = candidate_data(cccd=members["dung"].cccd)
    result = refused(lambda: services.create_candidate(data, cell=cntt), field="cccd")
    assert result["cccd"] == [
        f"A party member with the citizen ID {members['dung'].cccd} is already registered."
    ]
    # a secretary who may not see the KT cell is told whom to ask, not where the member is
    result = refused(
        lambda: services.create_candidate(data, cell=cntt, actor=personas["cell_secretary"])
    )
    assert result["cccd"] == [
        f"The citizen ID (CCCD) {members['dung'].cccd} cannot be used here. If it is right, "
        "ask the office of Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội."
    ]


def test_a_deceased_or_transferred_out_member_is_not_a_former_member(members, tree, cntt):
    member_services.remove_member(
        members["dung"], kind=EventKind.TRANSFERRED_OUT, date=D(2019, 1, 2), document_number="1"
    )
    refused(
        lambda: services.create_candidate(candidate_data(cccd=members["dung"].cccd), cell=cntt),
        "is already registered",
        field="cccd",
    )


def test_a_pending_candidate_elsewhere_is_refused_without_saying_where(
    personas, members, tree, cntt
):
    former_member(tree, D(2020, 7, 5))
    services.create_candidate(candidate_data(cccd=CCCD), cell=tree["DUK-BK-CK"])
    result = refused(lambda: candidate_of(cntt, actor=personas["cell_secretary"]), field="cccd")
    assert result["cccd"] == [
        f"The citizen ID (CCCD) {CCCD} cannot be used here. If it is right, ask the office of "
        "Đảng bộ Trường Đại học Bách khoa Hà Nội."
    ]
    assert "Cơ khí" not in result.text and "Kinh tế" not in result.text


def test_a_corrected_cccd_links_and_unlinks(members, tree, cntt):
    former = former_member(tree, D(2020, 7, 5))
    candidate = services.create_candidate(candidate_data(), cell=cntt)
    assert candidate.former_member is None
    candidate = services.update_candidate(
        candidate, {"cccd": CCCD}, expected_version=candidate.version
    )
    assert Candidate.objects.get(pk=candidate.pk).former_member == former
    candidate = services.update_candidate(
        candidate, {"cccd": "001200099999"}, expected_version=candidate.version
    )
    assert Candidate.objects.get(pk=candidate.pk).former_member is None


def test_the_api_and_the_page_refuse_the_same_way(personas, login, members, tree, cntt, go):
    former_member(tree, D(2020, 8, 5))
    client = client_for(personas["cell_secretary"])
    data = {
        **candidate_data(
            family_name="Nguyễn",
            middle_name="Văn",
            given_name="Cũ",
            sex="male",
            birth_date="1985-01-01",
            cccd=CCCD,
        ),
        "cell": "DUK-BK-CNTT",
    }
    response = client.post("/api/v1/candidates/", data, format="json")
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get(pk=response.json()["id"])
    assert candidate.former_member.cccd == CCCD
    go(candidate, "comments")
    page = login(personas["cell_secretary"])
    detail = page.get(reverse("candidate_detail", args=[candidate.pk])).content.decode()
    assert "Re-admission: this citizen ID is on the record of a former party member." in (
        detail.replace("&#x27;", "'")
    )
    assert "Kinh tế" not in detail  # the former record's cell is not named
    message = months_message("05/08/2020", "05/08/2023")
    result = refused(
        lambda: client.post(
            f"/api/v1/candidates/{candidate.pk}/cell-resolution/",
            {"date": "2023-07-05", "votes_for": 3, "votes_against": 0},
            format="json",
        ),
        status=400,
    )
    assert result.response.json() == {"non_field_errors": [message]}
    result = refused(
        lambda: page.post(
            reverse("candidate_step", args=[candidate.pk, "cell_resolution"]),
            {"date": "05/07/2023", "votes_for": 3, "votes_against": 0},
        ),
        status=200,
    )
    assert message in result.text.replace("&#x27;", "'")


@pytest.mark.django_db(transaction=True)
def test_readmission_outside_a_wrapping_transaction(members, tree, cntt, go):
    former = former_member(tree, D(2020, 7, 5))
    member = go(candidate_of(cntt), "ceremony")
    assert member.pk == former.pk
    assert list(member.events.order_by("date").values_list("kind", flat=True)) == [
        "registered",
        "struck_off",
        "readmitted",
    ]
