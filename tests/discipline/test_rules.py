"""The rules of a discipline case with exact values (issue 12, "Done when"): the vote share of
ALL official members (13 of 25 passes a reprimand, 12 fails even with a majority of those
present; 17 of 25 proposes expulsion, 16 does not), penalties by kind of subject, the
limitation periods counted from the breach, the appeal's period. Every refusal writes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.discipline import services
from coso.discipline.models import CaseStep, DisciplineCase
from coso.meetings.models import MeetingVote
from tests.helpers import refused

from .cell import (  # noqa: F401 (fixtures)
    DAY,
    QD69,
    ck_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
    vote,
)

D = dt.date


def test_reprimand_passes_with_13_of_25_official_members(tree, ck):
    meeting = held_meeting(tree, ck)
    assert (meeting.vote_base, meeting.voters_present) == (25, 17)
    case = reviewed_case(ck["An01"])
    row = vote(meeting, case, 13, 4)
    assert (row.votes_for, row.vote_base, row.passed, row.legal_basis, row.workflow) == (
        13, 25, True, QD69, "discipline")  # fmt: skip
    assert row.subject == "Kỷ luật Nguyễn Văn An01: khiển trách"
    case.refresh_from_db()
    assert (case.step, case.step_on, case.voted_penalty) == ("cell_vote", DAY, "reprimand")
    step = CaseStep.objects.get(case=case, step="cell_vote")
    assert (step.votes_for, step.votes_against, step.vote_base, step.meeting_id) == (
        13, 4, 25, meeting.pk)  # fmt: skip


def test_reprimand_fails_with_12_of_25_even_with_all_present_majority(tree, ck):
    meeting = held_meeting(tree, ck)
    case = reviewed_case(ck["An01"])
    # 12 of the 17 present is a majority of those present, not of the 25 official members
    r = refused(lambda: vote(meeting, case, 12, 5), "12 of 25", "more than 1/2", "(13)", QD69,
                field="votes_for")  # fmt: skip
    assert "not only of those present" in r.text
    assert (DisciplineCase.objects.get(pk=case.pk).step, MeetingVote.objects.count()) == (
        "self_review", 0)  # fmt: skip


def test_the_share_itself_at_the_boundaries(db):
    assert services.check_vote("warning", votes_for=13, vote_base=25, day=DAY) == QD69
    assert services.check_vote("dismissal", votes_for=13, vote_base=25, day=DAY) == QD69
    refused(lambda: services.check_vote("reprimand", votes_for=12, vote_base=25, day=DAY),
            "12 of 25")  # fmt: skip
    # exactly half of an even base is not more than half
    refused(lambda: services.check_vote("warning", votes_for=12, vote_base=24, day=DAY),
            "12 of 24", "(13)")  # fmt: skip
    assert services.check_vote("expulsion", votes_for=17, vote_base=25, day=DAY) == QD69
    refused(lambda: services.check_vote("expulsion", votes_for=16, vote_base=25, day=DAY),
            "16 of 25", "at least 2/3", "(17)")  # fmt: skip


def test_expulsion_proposed_with_17_of_25_and_refused_with_16(tree, ck):
    meeting = held_meeting(tree, ck)
    low = reviewed_case(ck["An02"], "expulsion")
    refused(lambda: vote(meeting, low, 16, 1), "16 of 25", "at least 2/3", "(17)", QD69)
    passing = reviewed_case(ck["An03"], "expulsion")
    row = vote(meeting, passing, 17)
    assert (row.votes_for, row.vote_base, row.passed) == (17, 25, True)
    passing.refresh_from_db()
    assert (passing.step, passing.voted_penalty) == ("cell_vote", "expulsion")


def test_a_probationary_member_only_reprimand_or_warning(ck):
    for penalty, label in (("dismissal", "Dismissal from office"), ("expulsion", "Expulsion")):
        refused(lambda p=penalty: open_member_case(ck["Lan"], p), label,
                "the penalties for probationary member are Reprimand, Warning",
                "QĐ 69-QĐ/TW (6/7/2022), Điều 7", field="proposed_penalty")  # fmt: skip
    case = open_member_case(ck["Lan"], "warning")
    assert (case.subject_kind, case.proposed_penalty, case.status) == (
        "probationary", "warning", "open")  # fmt: skip


def test_dismissal_only_for_an_office_holder(ck):
    refused(lambda: open_member_case(ck["An04"], "dismissal"),
            "only for a member who holds an office", field="proposed_penalty")  # fmt: skip
    case = open_member_case(ck["An04"], "dismissal", holds_office=True)
    assert case.proposed_penalty == "dismissal"


def test_limitation_from_the_breach(ck):
    breach = D(2019, 3, 15)
    refused(lambda: open_member_case(ck["An05"], "reprimand", breach_on=breach),
            "limitation period for reprimand has passed", "15/03/2019", "15/03/2024",
            "5 years", "Điều 4", field="proposed_penalty")  # fmt: skip
    # warning: 10 years, still within in 2026
    assert open_member_case(ck["An06"], "warning", breach_on=breach).breach_on == breach
    # expulsion-level: no limitation
    case = open_member_case(ck["An05"], "expulsion", breach_on=breach)
    assert (case.proposed_penalty, services.limitation_ends_on(case, "expulsion", DAY)) == (
        "expulsion", None)  # fmt: skip
    # a listed offence (internal politics, art. 8): none whatever the penalty
    listed = open_member_case(ck["An07"], "reprimand", breach_on=breach, offence="art8")
    assert services.limitation_ends_on(listed, "reprimand", DAY) is None


def test_unknown_offence_and_org_subject_penalties(tree, ck):
    refused(lambda: open_member_case(ck["An08"], offence="art99"), field="offence")
    refused(
        lambda: services.open_case(
            organization=tree["DUK-BK-CK"], breach="Mất đoàn kết", breach_on=D(2026, 9, 1),
            offence="art9", proposed_penalty="expulsion", opened_on=D(2026, 10, 1)),
        "the penalties for party organization are Reprimand, Warning, Dissolution",
    )  # fmt: skip


@pytest.mark.parametrize("appealed_on, ok", [(D(2026, 11, 25), True), (D(2026, 11, 26), False)])
def test_appeal_within_30_days_of_receiving(tree, ck, appealed_on, ok):
    meeting = held_meeting(tree, ck, day=D(2026, 10, 22))
    case = reviewed_case(ck["An09"])
    vote(meeting, case, 13)
    services.record_decision(
        case, penalty="reprimand", decided_by=tree["DUK-BK-CK"], decision_number="01-QĐ/CB",
        date=D(2026, 10, 23), received_on=D(2026, 10, 26))  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.penalty, case.appeal_due_on) == (
        "decided", "reprimand", D(2026, 11, 25))  # fmt: skip
    if ok:
        services.lodge_appeal(case, date=appealed_on)
        case.refresh_from_db()
        # the penalty applies meanwhile
        assert (case.step, case.status, case.penalty, case.appealed_on) == (
            "appeal", "decided", "reprimand", appealed_on)  # fmt: skip
    else:
        refused(lambda: services.lodge_appeal(case, date=appealed_on), "too late",
                "within 30 days", "26/10/2026", "25/11/2026", field="date")  # fmt: skip
