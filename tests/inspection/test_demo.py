"""The demo's inspection and feedback: plans with concluded inspections and follow-up, a
supervision that opened an inspection, feedback open, late, answered and passed on."""

from __future__ import annotations

from django.utils import timezone

from coso.inspection.models import Feedback, FollowUp, Inspection, InspectionPlan
from tests.demo.test_demo import small_demo


def test_the_demo_fills_inspection_and_feedback(db):
    small_demo()
    today = timezone.localdate()
    plans = InspectionPlan.objects.count()
    assert plans >= 1
    assert Inspection.objects.filter(state="concluded").count() == 2 * plans
    assert Inspection.objects.filter(opened_from__isnull=False).count() == plans
    states = sorted({f.state(today) for f in FollowUp.objects.all()})
    assert states == ["done", "open", "overdue"]
    feedback = list(Feedback.objects.all())
    assert sorted({f.state(today) for f in feedback}) == ["answered", "late", "open"]
    assert {f.outcome for f in feedback} == {"", "closed", "to_inspection"}
    assert any(f.anonymous for f in feedback)
