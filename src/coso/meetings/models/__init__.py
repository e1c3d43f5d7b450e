"""Meetings of cells and committees: the calendar, who attended (the roster as it stood on the
meeting's date) and the votes taken, each counted against the vote base of that day.

The rows change only through `coso.meetings.services` (one step a function); the counts a
page shows are read from the stored attendance (`queries.attendance_counts`), never retyped.

One module a room: the meeting and its parts (`meeting`), a resolution's tasks (`tasks`), the
study (`study`), the followers and guests (`followers`), the day by which next month's meeting
is planned (`planning`).
"""

from .followers import Follower, FollowerQuerySet, Guest
from .meeting import (
    THEMATIC,
    AgendaItem,
    Attendance,
    AttendanceQuerySet,
    Material,
    Meeting,
    MeetingPartQuerySet,
    MeetingQuerySet,
    MeetingVote,
    MinutesCorrection,
)
from .planning import LAST_PLANNING_DAY, PlanningDay, PlanningDayQuerySet
from .study import Commitment, CommitmentQuerySet, StudyPlan, StudyPlanQuerySet
from .tasks import ResolutionTask, ResolutionTaskQuerySet

__all__ = [
    "THEMATIC",
    "AgendaItem",
    "Attendance",
    "AttendanceQuerySet",
    "Commitment",
    "CommitmentQuerySet",
    "Follower",
    "FollowerQuerySet",
    "Guest",
    "Material",
    "Meeting",
    "MeetingPartQuerySet",
    "MeetingQuerySet",
    "MeetingVote",
    "MinutesCorrection",
    "LAST_PLANNING_DAY",
    "PlanningDay",
    "PlanningDayQuerySet",
    "ResolutionTask",
    "ResolutionTaskQuerySet",
    "StudyPlan",
    "StudyPlanQuerySet",
]
