"""The demo's discipline cases (issue 12): one at each step the office meets, through the
discipline services — the cell's vote at its meeting, the decisions issued through the
documents register, the appeal, the deferral, the limitation period's refusal, the expulsion
ending the membership, an organization's case opened from its inspection."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coso.discipline.models import CaseStep, DisciplineCase
from coso.documents.models import IssuedDocument
from coso.inspection.models import Inspection
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import MembershipEvent
from tests.demo.test_demo import small_demo


def test_the_demo_has_a_case_at_each_step(db):
    small_demo()
    today = timezone.localdate()
    cases = DisciplineCase.objects.order_by("opened_on", "sort_key")
    # (subject, status, last step, penalty, appeal's outcome), by opening date
    assert [(c.subject_kind, c.status, c.step, c.penalty, c.appeal_outcome) for c in cases] == [
        ("member", "decided", "appeal_outcome", "reprimand", "changed"),  # warning, then appeal
        ("member", "decided", "decision", "warning", ""),  # state notice received
        ("member", "decided", "decision", "expulsion", ""),
        ("member", "decided", "appeal", "reprimand", ""),  # appeal still to settle
        ("organization", "decided", "decision", "reprimand", ""),
        ("member", "decided", "decision", "reprimand", ""),  # state notice overdue
        ("member", "closed", "proposal", "", ""),  # limitation period passed
        ("member", "open", "self_review", "", ""),
        ("member", "deferred", "opened", "", ""),
    ]
    by_step = {(c.status, c.step, c.penalty): c for c in cases}
    # the latest decisions issued through the register, numbered there and linked; the older
    # ones under their paper numbers
    decided = [c for c in cases if c.status == "decided"]
    issued = [c for c in decided if c.decision_document_id]
    assert [(c.penalty, c.state_notice_on) for c in issued] == [("expulsion", None),
                                                                ("reprimand", None)]  # fmt: skip
    docs = IssuedDocument.objects.filter(kind="discipline_decision").select_related("entry")
    assert sorted(d.entry.symbol for d in docs) == sorted(c.decision_number for c in issued)
    assert all(c.decision_document.entry.subject == c for c in issued)
    assert sorted(c.decision_number[-5:] for c in issued) == ["QĐ/CB", "QĐ/ĐU"]
    # the cell's votes at its meetings, counted against all official members
    votes = CaseStep.objects.filter(step="cell_vote")
    assert votes.count() == 6
    assert all(v.meeting.organization_id == v.case.organization_id for v in votes)
    assert all(v.votes_for == v.meeting.voters_present for v in votes)
    # the state body's notice: one received within its days, one overdue
    notices = cases.exclude(state_notice_due_on=None).order_by("decision_on")
    assert [(n.state_notice_on is not None, n.state_notice_due_on < today) for n in notices] == [
        (True, True), (False, True)
    ]  # fmt: skip
    assert notices[0].state_notice_on <= notices[0].state_notice_due_on
    # the appeal still to settle was lodged within its period
    pending = by_step[("decided", "appeal", "reprimand")]
    assert pending.appealed_on <= pending.appeal_due_on
    # deferred while nursing a child under 12 months: the end ahead, within a month
    deferred = cases.get(status="deferred")
    assert deferred.deferral_reason == "nursing"
    assert today < deferred.deferred_until <= today + dt.timedelta(days=30)
    # a breach of 7 years ago: the reprimand refused by the limitation rule, closed with it
    closed = cases.get(status="closed")
    assert closed.breach_on == dt.date(today.year - 7, 5, 14)
    assert closed.closed_reason.startswith("Đã hết thời hiệu kỷ luật mức khiển trách")
    assert "QĐ 69-QĐ/TW (6/7/2022), Điều 4" in closed.closed_reason
    assert closed.voted_penalty == "warning" and closed.decision_document_id is None
    # the expulsion ended the membership through the members' registry
    expelled = by_step[("decided", "decision", "expulsion")]
    assert expelled.member.status == MemberStatus.EXPELLED
    event = MembershipEvent.objects.get(member=expelled.member, kind=EventKind.EXPELLED)
    assert (event.date, event.document_number) == (expelled.decision_on, expelled.decision_number)
    # the cell reprimanded by the committee, its case opened from the inspection
    org_case = cases.get(subject_kind="organization")
    inspection = Inspection.objects.get(discipline_case=org_case)
    assert inspection.subject_organization_id == org_case.subject_organization_id
    assert org_case.decided_by_id == inspection.organization_id == org_case.organization_id
