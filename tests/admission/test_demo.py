"""The demo fills the admission pipeline: candidates at every step, some overdue, a delegation,
new-member courses; every row written through the services."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from coso.admission.choices import CandidateStatus, Step
from coso.admission.models import STEPS, AdmissionAuthority, AdmissionStep, Candidate, Probation

pytestmark = pytest.mark.django_db


def test_small_demo_fills_every_step():
    out = StringIO()
    call_command("demo", "--size", "small", "--seed", "1", stdout=out)
    assert "người trong quy trình kết nạp" in out.getvalue()
    in_progress = Candidate.objects.in_progress()
    waiting = Counter(c.next_step for c in in_progress)
    assert set(waiting) == set(STEPS), waiting
    assert in_progress.overdue().exists()
    assert Candidate.objects.values("cell").distinct().count() >= 10
    # each candidate's steps are the first ones of the order, dated in order
    for candidate in in_progress.prefetch_related("steps"):
        rows = sorted(candidate.steps.all(), key=lambda s: STEPS.index(s.step))
        assert [r.step for r in rows] == STEPS[: candidate.steps_done]
        assert [r.date for r in rows] == sorted(r.date for r in rows)
    assert AdmissionStep.objects.filter(
        step=Step.DECISION, deciding_organization__kind="grassroots_committee"
    ).exists()
    assert AdmissionAuthority.objects.filter(organization__code="DUK-BK", may_decide=True).exists()
    assert Probation.objects.filter(course_on__isnull=False).exists()
    assert not Candidate.objects.filter(status=CandidateStatus.ADMITTED).exists()
