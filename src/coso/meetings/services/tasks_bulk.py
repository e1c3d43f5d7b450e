"""Many resolution tasks at once, for the demo (every monthly meeting of a bloc or a city): the
same checks as `add_task`, `mark_done` and `review_task` (a meeting held, a member on its
roster, due on or after it, done between the meeting and today, reviewed at a later meeting of
the same organization), written in batches.

Only the system calls it (the demo generator): there is no actor and no history rows. The
roster check reads the stored attendance (the demo's meetings all have theirs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..choices import Presence, TaskBody
from ..models import Attendance, Meeting, ResolutionTask

BATCH = 2_000


@dataclass(frozen=True)
class TaskRow:
    meeting_id: int
    what: str
    due_on: dt.date
    member_id: int | None = None
    body: str = ""
    done_on: dt.date | None = None
    done_note: str = ""
    reviewed_at_id: int | None = None
    review_note: str = ""


def _check(row: TaskRow, meetings: dict[int, tuple[int, dt.date]], roster: set, today) -> None:
    org, day = meetings[row.meeting_id]
    if day > today or row.due_on < day or not row.what.strip():
        raise ValueError(f"task of meeting {row.meeting_id}: not held, due before it or blank")
    if (row.member_id is None) == (not row.body) or (row.body and row.body not in TaskBody):
        raise ValueError(f"task of meeting {row.meeting_id}: one assignee")
    if row.member_id is not None and (row.meeting_id, row.member_id) not in roster:
        raise ValueError(f"member {row.member_id} not on the roster of {row.meeting_id}")
    if row.done_on is not None and not day <= row.done_on <= today:
        raise ValueError(f"task of meeting {row.meeting_id}: done outside its time")
    if row.reviewed_at_id is not None:
        later_org, later = meetings[row.reviewed_at_id]
        if later_org != org or not day < later <= today:
            raise ValueError(f"task of meeting {row.meeting_id}: reviewed at {row.reviewed_at_id}")


@transaction.atomic
def load_tasks(rows: Iterable[TaskRow]) -> int:
    """Create the tasks of `rows`; returns how many. Refused (a ValueError, nothing written) as
    the steps refuse."""
    rows = sorted(rows, key=lambda r: (r.meeting_id, r.due_on, r.what))
    today = timezone.localdate()
    made = 0
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        ids = {r.meeting_id for r in chunk} | {r.reviewed_at_id for r in chunk} - {None}
        meetings = {
            pk: (org, day)
            for pk, org, day in Meeting.objects.filter(pk__in=ids).values_list(
                "pk", "organization_id", "date"
            )
        }
        roster = set(
            Attendance.objects.filter(meeting_id__in={r.meeting_id for r in chunk})
            .exclude(presence=Presence.NOT_CALLED)
            .values_list("meeting_id", "member_id")
        )
        for row in chunk:
            _check(row, meetings, roster, today)
        ResolutionTask.objects.bulk_create(
            [ResolutionTask(**vars(row)) for row in chunk], batch_size=BATCH
        )
        made += len(chunk)
    return made
