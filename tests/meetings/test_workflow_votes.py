"""Workflow steps voted on at a meeting (DOMAIN.md §2, §5): an admission and a recognition take
their vote base and counts from the meeting's attendance, record the step through the admission
app's own service, pass at exactly two thirds of the vote base and are refused one below; every
refusal writes nothing; out of scope is a 404."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.admission import services as admission
from coso.admission.models import AdmissionStep, Probation
from coso.core.deadlines import decision_due_on
from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import MeetingVote
from coso.meetings.queries import attendance_counts, meeting_rows
from tests.helpers import PASSWORD, candidate_data, refused

from .workflow_cell import BASIS, DAY, ck_fixture, ck_secretary_fixture  # noqa: F401 (fixtures)

D = dt.date
T = dt.time


@pytest.fixture
def held(tree, ck, ck_secretary):
    """CK's monthly meeting on DAY; Cường absent with a reason: 9 of 10 present."""
    meeting = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=DAY)
    return services.record_attendance(
        meeting, exceptions={ck["Cường"].pk: ("excused", "Công tác")}, actor=ck_secretary
    )


def _vote(meeting, workflow, subject, votes_for, votes_against=0, abstaining=0, actor=None):
    return services.record_workflow_vote(
        meeting,
        workflow=workflow,
        subject_id=subject.pk,
        votes_for=votes_for,
        votes_against=votes_against,
        abstaining=abstaining,
        actor=actor,
    )


def test_the_counts_come_from_the_attendance(ck, held, ck_secretary):
    counts = attendance_counts(meeting_rows(held))
    assert (counts.total, counts.official, counts.probationary, counts.away, counts.exempted) == (
        14,
        11,
        2,
        1,
        1,
    )
    assert (counts.present, len(counts.excused), held.vote_base, held.voters_present) == (
        11,
        1,
        10,
        9,
    )
    vote = _vote(held, "admission", ck["candidate"], 7, 1, 1, actor=ck_secretary)
    assert (
        vote.subject, vote.votes_for, vote.votes_against, vote.abstaining, vote.vote_base,
        vote.passed, vote.legal_basis, vote.workflow, vote.workflow_subject_id,
    ) == ("Kết nạp quần chúng Lê Thị Mai vào Đảng", 7, 1, 1, 10, True, BASIS, "admission",
          ck["candidate"].pk)  # fmt: skip
    step = AdmissionStep.objects.get(candidate=ck["candidate"], step="cell_resolution")
    assert (step.date, step.votes_for, step.votes_against, step.official_count) == (DAY, 7, 1, 10)
    assert (step.legal_basis, step.actor, step.note) == (BASIS, ck_secretary, "")
    candidate = ck["candidate"].__class__.objects.get(pk=ck["candidate"].pk)
    assert (candidate.step, candidate.step_on, candidate.due_on) == (
        "cell_resolution",
        DAY,
        decision_due_on(DAY),
    )
    assert vote.history.latest().history_user == ck_secretary


def test_recognition_vote_is_stored_for_the_decision(ck, held, ck_secretary):
    vote = _vote(held, "recognition", ck["Lan"], 7, 2, actor=ck_secretary)
    assert (vote.subject, vote.vote_base, vote.workflow_subject_id) == (
        "Công nhận đồng chí Nguyễn Thị Lan là đảng viên chính thức",
        10,
        ck["Lan"].pk,
    )
    probation = Probation.objects.get(member=ck["Lan"])
    assert (
        probation.vote_date, probation.votes_for, probation.votes_against,
        probation.official_count, probation.outcome, probation.late,
    ) == (DAY, 7, 2, 10, "", False)  # fmt: skip
    ck["Lan"].refresh_from_db()
    assert ck["Lan"].status == "probationary"
    # Lan is no longer among the cases the meeting may vote on
    refused(lambda: _vote(held, "recognition", ck["Lan"], 8), "not one of the cases")


@pytest.mark.parametrize("workflow", ["admission", "recognition"])
def test_passes_at_two_thirds_and_not_one_below(ck, held, workflow):
    subject = ck["candidate"] if workflow == "admission" else ck["Lan"]
    refused(
        lambda: _vote(held, workflow, subject, 6, 3),
        "6 of 10 official members",
        "at least 2/3 of the official members (7)",
        field="votes_for",
    )
    vote = _vote(held, workflow, subject, 7, 2)
    assert (vote.votes_for, vote.vote_base, vote.passed) == (7, 10, True)
    assert MeetingVote.objects.count() == 1


def test_refused_with_nothing_written(tree, ck, held, ck_secretary):
    # the counts against the attendance: more votes than the 9 voters present
    refused(lambda: _vote(held, "admission", ck["candidate"], 8, 1, 1), "only 9 members who vote")
    refused(lambda: _vote(held, "admission", ck["candidate"], -1), "negative")
    refused(lambda: _vote(held, "dues", ck["candidate"], 7), field="workflow")
    # Mai's probation ends in March 2027: not a case of this meeting
    refused(lambda: _vote(held, "recognition", ck["Mai"], 9), "not one of the cases")
    # a candidate not at the cell's resolution yet
    early = admission.create_candidate(candidate_data(given_name="Nga"), cell=tree["DUK-BK-CK"])
    refused(lambda: _vote(held, "admission", early, 9), "not one of the cases", field="subject")
    # a meeting without its attendance
    later = services.plan_meeting(tree["DUK-BK-CK"], kind="extraordinary", date=DAY)
    refused(lambda: _vote(later, "admission", ck["candidate"], 9), "Record the attendance first")
    # no quorum: 6 of 10 present
    absent = {ck[g].pk: ("absent", "") for g in ["An", "Bảo", "Cường", "Dũng"]}
    later = services.record_attendance(later, exceptions=absent)
    refused(lambda: _vote(later, "admission", ck["candidate"], 6), "No quorum: 6 of 10")
    # adopted minutes are locked
    services.adopt_minutes(held, starts_at=T(8, 0), ends_at=T(9, 45), conclusion="Thông qua.")
    refused(lambda: _vote(held, "admission", ck["candidate"], 9), "are locked")
    assert not MeetingVote.objects.exists()


def test_out_of_scope_is_a_404(tree, ck, held, cell_secretary, ck_secretary):
    # CNTT's secretary may not record for CK's meeting
    refused(
        lambda: _vote(held, "admission", ck["candidate"], 7, actor=cell_secretary),
        raises=OutOfScope,
    )
    # a case CK's secretary cannot see (a candidate of KT) is a 404 too, not named
    stranger = admission.create_candidate(candidate_data(given_name="Quỳnh"), cell=tree["DUK-KT"])
    refused(lambda: _vote(held, "admission", stranger, 7, actor=ck_secretary), raises=OutOfScope)
    # one the user sees but of another cell: refused with its reason
    bk = add_user("bithu_bk2", organization=tree["DUK-BK"], role="secretary", password=PASSWORD)
    cntt_candidate = admission.create_candidate(
        candidate_data(given_name="Yến"), cell=tree["DUK-BK-CNTT"]
    )
    refused(lambda: _vote(held, "admission", cntt_candidate, 7, actor=bk), "not one of the cases")


@pytest.mark.django_db(transaction=True)
def test_both_votes_outside_a_wrapping_transaction(tree, ck, ck_secretary):
    """Each vote commits on its own with its step (PostgreSQL in CI); a refused one writes
    neither the vote nor the step."""
    meeting = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=DAY)
    meeting = services.record_attendance(meeting, actor=ck_secretary)
    with pytest.raises(Exception, match="does not pass"):
        _vote(meeting, "admission", ck["candidate"], 6, 4, actor=ck_secretary)
    assert not AdmissionStep.objects.filter(step="cell_resolution").exists()
    _vote(meeting, "admission", ck["candidate"], 9, 1, actor=ck_secretary)
    _vote(meeting, "recognition", ck["Lan"], 10, actor=ck_secretary)
    assert list(
        MeetingVote.objects.order_by("pk").values_list("workflow", "votes_for", "vote_base")
    ) == [("admission", 9, 10), ("recognition", 10, 10)]
    step = AdmissionStep.objects.get(step="cell_resolution")
    assert (step.date, step.official_count, step.votes_for) == (DAY, 10, 9)
    assert Probation.objects.get(member=ck["Lan"]).vote_date == DAY
