"""Discipline cases: each step one service, one transaction (QĐ 69-QĐ/TW, Điều lệ Đảng).

Every step locks its case within the actor's editing scope (out of scope is a 404), checks
the rules in force on its date (`coso.core.rules`), refuses with a Vietnamese message naming
the rule and its legal basis, and writes nothing when it refuses. A step writes its `CaseStep`
row and moves the case on; an expulsion ends the membership through
`coso.members.services.remove_member` (one event writer). The cell's vote is taken at a meeting
through `coso.meetings.services.record_workflow_vote`, which calls `record_cell_vote`.
"""

from ..choices import Step
from .appeal import decide_appeal, lodge_appeal
from .cases import close_case, defer_case, open_case, record_self_review, resume_case
from .decision import propose_upward, record_cell_vote, record_decision, record_state_notice
from .parts import may_edit
from .rules import check_vote, limitation_ends_on

#: each step's service, for the views, the API and the demo (the cell's vote goes through the
#: meeting: `coso.meetings.services.record_workflow_vote`)
STEP_SERVICES = {
    Step.SELF_REVIEW: record_self_review,
    Step.CELL_VOTE: record_cell_vote,
    Step.PROPOSAL: propose_upward,
    Step.DECISION: record_decision,
    Step.APPEAL: lodge_appeal,
    Step.APPEAL_OUTCOME: decide_appeal,
}

__all__ = [
    "STEP_SERVICES",
    "check_vote",
    "close_case",
    "decide_appeal",
    "defer_case",
    "limitation_ends_on",
    "lodge_appeal",
    "may_edit",
    "open_case",
    "propose_upward",
    "record_cell_vote",
    "record_decision",
    "record_self_review",
    "record_state_notice",
    "resume_case",
]
