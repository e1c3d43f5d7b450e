"""Meetings: each step one service, one transaction (see `meetings.py`).

``actor`` is the user acting (an editing role reaching the meeting's organization; out of
scope: 404); ``actor=None`` is the system itself (demo, command line)."""

from .bulk import MeetingPlan, load_meetings
from .followers import assign_follower, end_follower
from .meetings import adopt_minutes, plan_meeting, record_attendance, record_vote
from .members import excuse_in_advance
from .minutes import CORRECTABLE, add_agenda_item, correct_minutes, publish_material
from .parts import may_record, require_edit
from .planning import set_planning_day
from .study import adopt_study_plan, comment_commitment, self_assess, sign_commitment
from .study_bulk import CommitmentRow, load_study
from .tasks import add_task, assignable, mark_done, may_mark_done, review_task
from .tasks_bulk import TaskRow, load_tasks
from .workflow import record_workflow_vote

#: the meeting pages' actions: name -> step
STEP_SERVICES = {
    "plan": plan_meeting,
    "attendance": record_attendance,
    "vote": record_vote,
    "workflow_vote": record_workflow_vote,
    "adopt": adopt_minutes,
    "correct": correct_minutes,
    "excuse": excuse_in_advance,
    "material": publish_material,
    "agenda": add_agenda_item,
}

__all__ = [
    "TaskRow",
    "add_task",
    "assignable",
    "load_tasks",
    "mark_done",
    "may_mark_done",
    "review_task",
    "set_planning_day",
    "assign_follower",
    "end_follower",
    "CommitmentRow",
    "load_study",
    "adopt_study_plan",
    "comment_commitment",
    "self_assess",
    "sign_commitment",
    "CORRECTABLE",
    "MeetingPlan",
    "load_meetings",
    "STEP_SERVICES",
    "add_agenda_item",
    "correct_minutes",
    "excuse_in_advance",
    "publish_material",
    "adopt_minutes",
    "may_record",
    "plan_meeting",
    "record_attendance",
    "record_vote",
    "record_workflow_vote",
    "require_edit",
]
