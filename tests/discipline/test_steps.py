"""The steps of a case after the vote: the cell decides what it may (reprimand, warning of its
own members), proposes the rest upward; the competent committee decides; an expulsion ends the
membership through the members' registry; the appeal's outcome; deferral; the state body's
notice; the order of steps; out of scope is a 404. Every refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.scope import OutOfScope
from coso.discipline import services
from coso.discipline.models import CaseStep, DisciplineCase
from coso.discipline.queries import penalties_in_year
from coso.members.models import Member, MembershipEvent
from tests.helpers import refused

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    ck_secretary_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
    vote,
)

D = dt.date
MET = D(2026, 10, 22)


def _voted(tree, ck, name, penalty, votes=17, **extra):
    case = reviewed_case(ck[name], penalty, **extra)
    vote(held_meeting(tree, ck, day=MET), case, votes)
    return DisciplineCase.objects.get(pk=case.pk)


def test_the_cell_decides_a_warning_of_its_member(tree, ck):
    case = _voted(tree, ck, "An01", "warning", state_body="Sở Giáo dục")
    services.record_decision(case, penalty="warning", decided_by=tree["DUK-BK-CK"],
                             decision_number=" 02-QĐ/CB ", date=D(2026, 10, 23))  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.penalty, case.decided_by, case.decision_number) == (
        "decided", "warning", tree["DUK-BK-CK"], "02-QĐ/CB")  # fmt: skip
    assert (case.received_on, case.appeal_due_on, case.state_notice_due_on) == (
        D(2026, 10, 23), D(2026, 11, 22), D(2026, 10, 28))  # fmt: skip
    assert list(case.steps.values_list("step", flat=True)) == [
        "opened", "self_review", "cell_vote", "decision"]  # fmt: skip
    assert list(penalties_in_year(2026, organization=tree["DUK-BK"])) == [case]
    assert list(penalties_in_year(2025, organization=tree["DUK-BK"])) == []
    services.record_state_notice(case, date=D(2026, 10, 27))
    case.refresh_from_db()
    assert case.state_notice_on == D(2026, 10, 27)


def test_the_cell_may_not_decide_dismissal_or_expulsion(tree, ck):
    case = _voted(tree, ck, "An02", "expulsion")
    refused(lambda: services.record_decision(
        case, penalty="expulsion", decided_by=tree["DUK-BK-CK"], decision_number="3-QĐ/CB",
        date=D(2026, 10, 23)), "Chi bộ Khoa Cơ khí is not competent", "proposed upward",
        "Điều 36", field="decided_by")  # fmt: skip
    # nor a cell its neighbour's member
    refused(lambda: services.record_decision(
        case, penalty="warning", decided_by=tree["DUK-BK-CNTT"], decision_number="3-QĐ/CB",
        date=D(2026, 10, 23)), "is not competent", field="decided_by")  # fmt: skip


def test_expulsion_proposed_upward_decided_and_the_membership_ended(tree, ck, bk_secretary):
    case = _voted(tree, ck, "An03", "expulsion")
    services.propose_upward(case, to=tree["DUK-BK"], date=D(2026, 10, 24),
                            document_number="5-TTr/CB")  # fmt: skip
    services.record_decision(case, penalty="expulsion", decided_by=tree["DUK-BK"],
                             decision_number="9-QĐ/ĐU", date=D(2026, 11, 2),
                             actor=bk_secretary)  # fmt: skip
    case.refresh_from_db()
    member = Member.objects.get(pk=ck["An03"].pk)
    assert (case.status, case.penalty, case.proposed_to, member.status) == (
        "decided", "expulsion", tree["DUK-BK"], "expelled")  # fmt: skip
    event = MembershipEvent.objects.filter(member=member).latest("id")
    assert (event.kind, event.date, event.document_number) == (
        "expelled", D(2026, 11, 2), "9-QĐ/ĐU")  # fmt: skip
    # the appeal does not suspend it (an annulment reinstates: test_reinstatement.py)
    services.lodge_appeal(case, date=D(2026, 11, 10))
    assert Member.objects.get(pk=member.pk).status == "expelled"
    services.decide_appeal(case, outcome="upheld", decided_by=tree["DUK"],
                           decision_number="1-QĐ/ĐUK", date=D(2026, 11, 20))  # fmt: skip
    case.refresh_from_db()
    assert (case.step, case.appeal_outcome, case.penalty) == (
        "appeal_outcome",
        "upheld",
        "expulsion",
    )


def test_an_appeal_changes_the_penalty(tree, ck):
    case = _voted(tree, ck, "An04", "warning")
    services.record_decision(case, penalty="warning", decided_by=tree["DUK-BK-CK"],
                             decision_number="4-QĐ/CB", date=D(2026, 10, 23))  # fmt: skip
    services.lodge_appeal(case, date=D(2026, 11, 1))
    refused(lambda: services.decide_appeal(
        case, outcome="changed", penalty="reprimand", decided_by=tree["DUK-BK-CK"],
        decision_number="1", date=D(2026, 11, 5)), "above the one that decided")  # fmt: skip
    services.decide_appeal(case, outcome="changed", penalty="reprimand",
                           decided_by=tree["DUK-BK"], decision_number="7-QĐ/ĐU",
                           date=D(2026, 11, 5))  # fmt: skip
    case.refresh_from_db()
    assert (case.penalty, case.appeal_outcome) == ("reprimand", "changed")
    assert list(penalties_in_year(2026)) == [case]


def test_steps_in_order(tree, ck):
    case = open_member_case(ck["An05"])
    refused(lambda: services.record_decision(
        case, penalty="reprimand", decided_by=tree["DUK-BK-CK"], decision_number="1",
        date=D(2026, 10, 5)), "Step out of order", "Decision cannot follow Case opened")  # fmt: skip
    refused(lambda: services.record_self_review(case, date=D(2026, 9, 30), proposed_penalty="reprimand"),
            "cannot be before the previous step", field="date")  # fmt: skip
    # a refusal to write the self-review is recorded, and the case proceeds
    services.record_self_review(case, date=D(2026, 10, 5), refused=True)
    case.refresh_from_db()
    assert (case.step, case.self_review_refused, case.next_steps) == (
        "self_review",
        True,
        ["cell_vote"],
    )
    refused(lambda: services.record_self_review(case, date=D(2026, 10, 6), proposed_penalty="warning"),
            "Self-review is already recorded")  # fmt: skip


def test_deferral_for_nursing_a_child_under_12_months(ck):
    case = open_member_case(ck["An06"])
    refused(lambda: services.defer_case(case, reason="travel", date=D(2026, 10, 2)),
            "Đang mang thai", field="reason")  # fmt: skip
    refused(lambda: services.defer_case(case, reason="nursing", date=D(2026, 10, 2),
                                        child_born_on=D(2025, 10, 2)),
            "under 12 months", field="child_born_on")  # fmt: skip
    services.defer_case(case, reason="nursing", date=D(2026, 10, 2), child_born_on=D(2025, 12, 1))
    case.refresh_from_db()
    assert (case.status, case.deferral_reason, case.deferred_until) == (
        "deferred", "nursing", D(2026, 12, 1))  # fmt: skip
    refused(lambda: services.record_self_review(case, date=D(2026, 10, 5), proposed_penalty="reprimand"),
            "deferred until 01/12/2026")  # fmt: skip
    services.resume_case(case, date=D(2026, 12, 1))
    case.refresh_from_db()
    assert (case.status, case.deferred_until) == ("open", None)


def test_out_of_scope_is_a_404(tree, ck, cell_secretary, ck_secretary):
    # CNTT's secretary may not open nor touch a case of CK
    refused(lambda: open_member_case(ck["An07"], actor=cell_secretary), raises=OutOfScope)
    case = open_member_case(ck["An07"], actor=ck_secretary)
    assert CaseStep.objects.get(case=case, step="opened").actor == ck_secretary
    refused(lambda: services.record_self_review(case, date=D(2026, 10, 5), refused=True,
                                                actor=cell_secretary), raises=OutOfScope)  # fmt: skip
    assert list(DisciplineCase.objects.visible_to(cell_secretary)) == []
    assert list(DisciplineCase.objects.visible_to(ck_secretary)) == [case]


def test_an_organization_reprimanded_by_its_superior(tree):
    case = services.open_case(organization=tree["DUK-BK-CK"], breach="Không duy trì sinh hoạt",
                              breach_on=D(2026, 8, 1), offence="art9",
                              proposed_penalty="reprimand", opened_on=D(2026, 9, 1))  # fmt: skip
    assert (case.organization, case.subject_kind, case.subject_name) == (
        tree["DUK-BK"], "organization", "Chi bộ Khoa Cơ khí")  # fmt: skip
    services.record_self_review(case, date=D(2026, 9, 10), proposed_penalty="reprimand")
    services.record_decision(case, penalty="reprimand", decided_by=tree["DUK-BK"],
                             decision_number="10-QĐ/ĐU", date=D(2026, 9, 20))  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.state_notice_due_on) == ("decided", None)
    assert list(penalties_in_year(2026, organization=tree["DUK-BK-CK"])) == [case]


@pytest.mark.django_db(transaction=True)
def test_each_step_outside_a_transaction(tree, ck, bk_secretary):
    case = _voted(tree, ck, "An08", "expulsion")
    services.propose_upward(case, to=tree["DUK-BK"], date=D(2026, 10, 24))
    services.record_decision(case, penalty="expulsion", decided_by=tree["DUK-BK"],
                             decision_number="9-QĐ/ĐU", date=D(2026, 11, 2),
                             received_on=D(2026, 11, 3), actor=bk_secretary)  # fmt: skip
    services.lodge_appeal(case, date=D(2026, 11, 10))
    services.decide_appeal(case, outcome="upheld", decided_by=tree["DUK"],
                           decision_number="1-QĐ/ĐUK", date=D(2026, 11, 20))  # fmt: skip
    other = open_member_case(ck["An09"])
    services.defer_case(other, reason="illness", date=D(2026, 10, 2), until=D(2026, 12, 1))
    services.resume_case(other, date=D(2026, 11, 1))
    services.close_case(other, date=D(2026, 11, 2), reason="Không đủ căn cứ")
    case.refresh_from_db()
    other.refresh_from_db()
    assert (case.status, case.appeal_due_on, Member.objects.get(pk=ck["An08"].pk).status) == (
        "decided", D(2026, 12, 3), "expelled")  # fmt: skip
    assert (other.status, other.closed_reason) == ("closed", "Không đủ căn cứ")
    refused(lambda: services.lodge_appeal(case, date=D(2026, 11, 12)), "already recorded")
