"""The plans' steps: Plan 74-KH/ĐUK as data (`seed_plan_74`), a target split down to an
organization (`set_target_share`), and the reports up the tree (schedule, draft, narrative,
submit, return, accept)."""

from .reports import (
    accept_report,
    draft_report,
    return_report,
    save_narrative,
    set_schedule,
    submit_report,
)
from .seed import seed_plan_74
from .shares import set_target_share

#: the report's steps taken on the report (the page's and the API's actions)
REPORT_STEPS = {
    "submit": submit_report,
    "return": return_report,
    "accept": accept_report,
}

__all__ = [
    "REPORT_STEPS",
    "accept_report",
    "draft_report",
    "return_report",
    "save_narrative",
    "seed_plan_74",
    "set_schedule",
    "set_target_share",
    "submit_report",
]
