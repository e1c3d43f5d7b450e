"""Inspection and supervision (kiểm tra, giám sát) and feedback (góp ý, phản ánh).

One module a room: the yearly plans, the inspections and supervisions with their team,
findings and follow-up (`inspection`); the letters and comments (`feedback`). The rows change
only through `coso.inspection.services`.
"""

from .feedback import Feedback, FeedbackQuerySet
from .inspection import (
    Finding,
    FollowUp,
    Inspection,
    InspectionPlan,
    InspectionQuerySet,
    TeamMember,
)

__all__ = [
    "Feedback",
    "FeedbackQuerySet",
    "Finding",
    "FollowUp",
    "Inspection",
    "InspectionPlan",
    "InspectionQuerySet",
    "TeamMember",
]
