"""The plans' workflow steps (one public function per step)."""

from .reports import (
    accept_report,
    draft_report,
    return_report,
    save_narrative,
    set_schedule,
    submit_report,
)

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
    "set_schedule",
    "submit_report",
]
