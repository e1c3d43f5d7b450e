"""The annual evaluation: each step one service, one transaction (QĐ 366-QĐ/TW, HD 43-HD/BTCTW
from 2025; QĐ 124/2023 and QĐ 132/2018 before, by the evaluated period's rules).

Every step locks its subject within the actor's scope (out of scope is a 404), checks the rules
in force on the period's last day (`coso.core.rules`), refuses with a Vietnamese message naming
the rule and its legal basis, and writes nothing when it refuses. The cell's vote on a member's
proposed grade is taken at its meeting through `coso.meetings.services.record_workflow_vote`,
which calls `record_cell_vote`.
"""

from .assessment import self_assess
from .bulk import Dates, GradeRow, RowsRefused, grade_members
from .bulk_cells import CellRow as OrganizationRow
from .bulk_cells import grade_cells
from .decision import change_grade, decide_grades
from .grading import CellRow, grade_cell
from .parts import may_edit, quota_unit_of
from .periods import close_period, open_period
from .review import record_cell_vote, review, verify
from .rules import (
    QuotaStatus,
    best_allowed,
    caps_by_id,
    caps_of,
    check_grade,
    quota_status,
    quota_statuses,
    score_grade,
)

__all__ = [
    "CellRow",
    "OrganizationRow",
    "Dates",
    "GradeRow",
    "QuotaStatus",
    "RowsRefused",
    "best_allowed",
    "caps_by_id",
    "caps_of",
    "change_grade",
    "check_grade",
    "close_period",
    "decide_grades",
    "grade_cell",
    "grade_cells",
    "grade_members",
    "may_edit",
    "open_period",
    "quota_status",
    "quota_statuses",
    "quota_unit_of",
    "record_cell_vote",
    "review",
    "score_grade",
    "self_assess",
    "verify",
]
