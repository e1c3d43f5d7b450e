"""The demo's admissions, recognitions and discipline cases voted on at their cells' meetings:
each vote links to its step, dated the meeting's date, counted against the meeting's vote
base."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from coso.admission.models import AdmissionStep, Probation
from coso.discipline.models import CaseStep
from coso.meetings.models import MeetingVote

pytestmark = pytest.mark.django_db


def test_demo_votes_link_their_steps():
    call_command("demo", "--size", "small", "--seed", "1", stdout=StringIO())
    votes = list(MeetingVote.objects.exclude(workflow="").select_related("meeting__organization"))
    kinds = {v.workflow for v in votes}
    assert kinds == {"admission", "recognition", "discipline"}
    for v in votes:
        m = v.meeting
        assert (v.vote_base, v.passed, m.status) == (m.vote_base, True, "adopted")
        if v.workflow == "admission":
            step = AdmissionStep.objects.get(
                candidate_id=v.workflow_subject_id, step="cell_resolution"
            )
            assert step.candidate.cell_id == m.organization_id
            assert (step.date, step.official_count, step.votes_for) == (
                m.date, m.vote_base, v.votes_for,
            )  # fmt: skip
        elif v.workflow == "discipline":
            step = CaseStep.objects.get(case_id=v.workflow_subject_id, step="cell_vote")
            assert (step.meeting_id, step.organization_id) == (m.pk, m.organization_id)
            assert (step.date, step.vote_base, step.votes_for) == (m.date, m.vote_base, v.votes_for)
        else:
            probation = Probation.objects.get(member_id=v.workflow_subject_id)
            assert probation.member.organization_id == m.organization_id
            assert (probation.vote_date, probation.official_count, probation.votes_for) == (
                m.date, m.vote_base, v.votes_for,
            )  # fmt: skip
