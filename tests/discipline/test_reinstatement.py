"""An expulsion annulled, or changed to a lighter penalty, on appeal makes the member a member
again through the members' registry (`members.services.reinstate_member`, one event writer):
the status before the expulsion, a placement in the organization left, the REINSTATED event
naming the appeal's decision, the record's history with who. Every refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.discipline import services
from coso.discipline.models import DisciplineCase
from coso.members import services as members
from coso.members.models import Member, MembershipEvent, Placement
from coso.orgs.models import Organization
from tests.helpers import PASSWORD, refused

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    held_meeting,
    reviewed_case,
    vote,
)

D = dt.date
EXPELLED_ON = D(2026, 11, 2)
SETTLED_ON = D(2026, 11, 20)
DUK = "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội"


def expelled(tree, ck, name, actor=None):
    """`name` of CK expelled by DUK-BK on 2/11/2026 (9-QĐ/ĐU), who appealed on 10/11."""
    case = reviewed_case(ck[name], "expulsion", actor=actor)
    vote(held_meeting(tree, ck, day=D(2026, 10, 22)), case, 17)
    case = DisciplineCase.objects.get(pk=case.pk)
    services.propose_upward(case, to=tree["DUK-BK"], date=D(2026, 10, 24),
                            document_number="5-TTr/CB", actor=actor)  # fmt: skip
    services.record_decision(case, penalty="expulsion", decided_by=tree["DUK-BK"],
                             decision_number="9-QĐ/ĐU", date=EXPELLED_ON, actor=actor)  # fmt: skip
    services.lodge_appeal(case, date=D(2026, 11, 10), actor=actor)
    return DisciplineCase.objects.get(pk=case.pk)


def _events(member):
    return list(
        MembershipEvent.objects.filter(member=member).order_by("pk").values_list(
            "kind", "date", "document_number", "from_organization__code",
            "to_organization__code", "note", "actor__username",
        )
    )  # fmt: skip


def _placements(member):
    return list(Placement.objects.filter(member=member, kind="official").order_by("valid_from")
                .values_list("organization__code", "valid_from", "valid_to"))  # fmt: skip


def test_an_annulled_expulsion_reinstates_the_member(tree, ck, bk_secretary):
    case = expelled(tree, ck, "An03", actor=bk_secretary)
    duk = add_user("bithu_duk", organization=tree["DUK"], role="secretary", password=PASSWORD)
    member = Member.objects.get(pk=ck["An03"].pk)
    assert (member.status, member.organization.code) == ("expelled", "DUK-BK-CK")
    joined = _placements(member)[0][1]
    services.decide_appeal(case, outcome="annulled", decided_by=tree["DUK"],
                           decision_number=" 1-QĐ/ĐUK ", date=SETTLED_ON, actor=duk)  # fmt: skip
    member = Member.objects.get(pk=member.pk)
    assert (member.status, member.organization.code, member.recognized_on) == (
        "official", "DUK-BK-CK", ck["An03"].recognized_on)  # fmt: skip
    assert _events(member)[-2:] == [
        ("expelled", EXPELLED_ON, "9-QĐ/ĐU", "DUK-BK-CK", None, "Discipline decision",
         "bithu_bk"),
        ("reinstated", SETTLED_ON, "1-QĐ/ĐUK", None, "DUK-BK-CK",
         f"Expulsion 9-QĐ/ĐU annulled on appeal by decision 1-QĐ/ĐUK of {DUK}.", "bithu_duk"),
    ]  # fmt: skip
    assert _placements(member) == [("DUK-BK-CK", joined, EXPELLED_ON),
                                   ("DUK-BK-CK", SETTLED_ON, None)]  # fmt: skip
    latest = member.history.latest()
    assert (latest.status, latest.history_user.username) == ("official", "bithu_duk")
    case.refresh_from_db()
    assert (case.step, case.appeal_outcome) == ("appeal_outcome", "annulled")


def test_an_expulsion_changed_to_a_warning_reinstates(tree, ck):
    case = expelled(tree, ck, "An04")
    services.decide_appeal(case, outcome="changed", penalty="warning", decided_by=tree["DUK"],
                           decision_number="2-QĐ/ĐUK", date=SETTLED_ON)  # fmt: skip
    member = Member.objects.get(pk=ck["An04"].pk)
    assert (member.status, DisciplineCase.objects.get(pk=case.pk).penalty) == (
        "official", "warning")  # fmt: skip
    assert _events(member)[-1][:3] + _events(member)[-1][5:6] == (
        "reinstated", SETTLED_ON, "2-QĐ/ĐUK",
        f"Expulsion 9-QĐ/ĐU changed to warning on appeal by decision 2-QĐ/ĐUK of {DUK}.",
    )  # fmt: skip


def test_an_upheld_expulsion_leaves_the_member_expelled(tree, ck):
    case = expelled(tree, ck, "An05")
    services.decide_appeal(case, outcome="upheld", decided_by=tree["DUK"],
                           decision_number="3-QĐ/ĐUK", date=SETTLED_ON)  # fmt: skip
    member = Member.objects.get(pk=ck["An05"].pk)
    assert (member.status, _events(member)[-1][0]) == ("expelled", "expelled")


def test_the_appeal_is_refused_when_the_member_cannot_be_reinstated(tree, ck):
    case = expelled(tree, ck, "An06")

    def settle(**over):
        return lambda: services.decide_appeal(case, **{
            "outcome": "annulled", "decided_by": tree["DUK"], "decision_number": "4-QĐ/ĐUK",
            "date": SETTLED_ON, **over})  # fmt: skip

    # the organization left has been dissolved since
    Organization.objects.filter(pk=tree["DUK-BK-CK"].pk).update(dissolved_on=D(2026, 11, 15))
    refused(settle(), "Chi bộ Khoa Cơ khí has been dissolved", field="organization")
    Organization.objects.filter(pk=tree["DUK-BK-CK"].pk).update(dissolved_on=None)
    # the member is no longer expelled (here: recorded deceased since)
    Member.objects.filter(pk=ck["An06"].pk).update(status="deceased")
    refused(settle(), "is not expelled (Deceased)", field="member")
    assert DisciplineCase.objects.get(pk=case.pk).step == "appeal"


def test_the_registrys_own_refusals(tree, ck):
    refused(lambda: members.reinstate_member(ck["An07"], date=SETTLED_ON,
                                             document_number="1-QĐ", note="x"),
            "is not expelled (Official)", field="member")  # fmt: skip
    expelled(tree, ck, "An08")
    reinstate = members.reinstate_member
    refused(lambda: reinstate(ck["An08"], date=D(2026, 11, 1), document_number="1-QĐ", note="x"),
            "expelled on 02/11/2026", field="date")  # fmt: skip
    refused(lambda: reinstate(ck["An08"], date=SETTLED_ON, document_number=" ", note="x"),
            field="document_number")  # fmt: skip
    refused(lambda: reinstate(ck["An08"], date=D(2099, 1, 1), document_number="1-QĐ", note="x"))
    # expelled outside the registry's events (a bare status): nothing to annul
    Member.objects.filter(pk=ck["An09"].pk).update(status="expelled")
    refused(lambda: reinstate(ck["An09"], date=SETTLED_ON, document_number="1-QĐ", note="x"),
            "expulsion is not in the registry", field="member")  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_reinstated_outside_a_wrapping_transaction(tree, ck, bk_secretary):
    case = expelled(tree, ck, "An10", actor=bk_secretary)
    Organization.objects.filter(pk=tree["DUK-BK-CK"].pk).update(dissolved_on=D(2026, 11, 15))
    refused(lambda: services.decide_appeal(case, outcome="annulled", decided_by=tree["DUK"],
                                           decision_number="5-QĐ/ĐUK", date=SETTLED_ON),
            "has been dissolved")  # fmt: skip
    Organization.objects.filter(pk=tree["DUK-BK-CK"].pk).update(dissolved_on=None)
    services.decide_appeal(case, outcome="annulled", decided_by=tree["DUK"],
                           decision_number="5-QĐ/ĐUK", date=SETTLED_ON)  # fmt: skip
    member = Member.objects.get(pk=ck["An10"].pk)
    assert (member.status, _events(member)[-1][:3]) == (
        "official", ("reinstated", SETTLED_ON, "5-QĐ/ĐUK"))  # fmt: skip
