"""Inspection, supervision and feedback: each step one service, one transaction.

``actor`` is the user acting (the handling scope reaching the organization: an editing role
or the inspection committee; out of scope: 404); ``actor=None`` is the system itself (demo,
command line)."""

from .feedback import answer_feedback, competent_committee, receive_feedback, send_feedback
from .inspections import (
    add_finding,
    add_follow_up,
    conclude,
    mark_follow_up_done,
    open_discipline_case,
    open_from_supervision,
    set_team,
)
from .parts import require_handler
from .plans import adopt_plan, schedule

#: the inspection page's actions: name -> step
STEP_SERVICES = {
    "team": set_team,
    "finding": add_finding,
    "conclude": conclude,
    "follow_up": add_follow_up,
    "open": open_from_supervision,
    "discipline": open_discipline_case,
}

__all__ = [
    "STEP_SERVICES",
    "add_finding",
    "add_follow_up",
    "adopt_plan",
    "answer_feedback",
    "competent_committee",
    "conclude",
    "mark_follow_up_done",
    "open_discipline_case",
    "open_from_supervision",
    "receive_feedback",
    "require_handler",
    "schedule",
    "send_feedback",
    "set_team",
]
