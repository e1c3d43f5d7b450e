"""A resolution's tasks (HD 12: the resolution says who does what by when; the next meeting
reviews it), one step a function:

- `add_task`: while the minutes are recorded (the meeting held, not adopted), a task for a
  member on the meeting's roster that day or for the organization itself (its committee, the
  whole cell), due on or after the meeting;
- `mark_done`: the task done (on a day between the meeting and today, with how), by a
  secretary of the organization or by the member it was given to;
- `review_task`: a later meeting of the same organization, not yet adopted, reviews the task
  (done or not) and says what it concluded.

Each step is atomic, locks its row, re-checks under the lock and refuses with a Vietnamese
message, writing nothing. Out of scope: 404 (`OutOfScope`). ``actor=None`` is the system.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.core.scope import OutOfScope, can_edit, is_system
from coso.members.models import Member
from coso.orgs.choices import OrgKind

from ..choices import Standing, TaskBody
from ..models import Meeting, ResolutionTask
from ..queries import roster_on
from .parts import check_unlocked, lock_meeting, require_edit


def assignable(meeting: Meeting) -> list[Member]:
    """Who a task can be given to: the people on the meeting's roster that day, less those
    temporarily transferred out (they meet elsewhere), in name order."""
    lines = roster_on(meeting.organization, meeting.date)
    return [line.member for line in lines if line.standing != Standing.AWAY]


def _check_assignee(meeting: Meeting, member: Member | None, body: str) -> None:
    if (member is None) == (not body):
        raise ValidationError(
            {"member": _("Give the task either to a member or to the committee or whole cell.")}
        )
    if body:
        if body not in TaskBody.values:
            raise ValidationError({"body": _("Choose who the task is given to.")})
        if body == TaskBody.COMMITTEE and meeting.organization.kind == OrgKind.GROUP:
            raise ValidationError({"body": _("A party group has no committee.")})
        return
    if member.pk not in {m.pk for m in assignable(meeting)}:
        raise ValidationError(
            {
                "member": _("%(name)s was not on the roster of %(org)s on %(date)s.")
                % {
                    "name": member.full_name,
                    "org": meeting.organization.name,
                    "date": format_date(meeting.date),
                }
            }
        )


@transaction.atomic
def add_task(
    meeting: Meeting,
    *,
    what: str,
    due_on: dt.date,
    member: Member | None = None,
    body: str = "",
    actor=None,
) -> ResolutionTask:
    """Give a task of the meeting's resolution to `member` or to the organization (`body`).
    Refused: adopted minutes (a task is part of the resolution adopted with them), a meeting
    not yet held, no text, a due date before the meeting, a member not on its roster."""
    meeting = lock_meeting(meeting, actor)
    check_unlocked(meeting)
    today = timezone.localdate()
    if meeting.date > today:
        raise ValidationError(
            _("Tasks are given by the meeting's resolution: record them from %(date)s on.")
            % {"date": format_date(meeting.date)}
        )
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": _("Write the task.")})
    if due_on < meeting.date:
        raise ValidationError(
            {"due_on": _("A task falls due on or after the meeting (%(date)s).")
             % {"date": format_date(meeting.date)}}
        )  # fmt: skip
    _check_assignee(meeting, member, body)
    task = ResolutionTask(meeting=meeting, what=what, member=member, body=body, due_on=due_on)
    task._history_user = actor
    task.save()
    return task


def _lock(task: ResolutionTask) -> ResolutionTask:
    return (
        ResolutionTask.objects.select_for_update(of=("self",))
        .select_related("meeting__organization", "member")
        .get(pk=task.pk)
    )


def may_mark_done(actor, task: ResolutionTask) -> bool:
    """A secretary of the task's organization, or the member it was given to."""
    own = task.member_id is not None and getattr(actor, "pk", None) is not None
    own = own and task.member.user_id == actor.pk
    return is_system(actor) or own or can_edit(actor, task.meeting.organization)


@transaction.atomic
def mark_done(
    task: ResolutionTask, *, on: dt.date | None = None, note: str = "", actor=None
) -> ResolutionTask:
    """The task is done on `on` (today if not given), with how. Refused: done already, a day
    before the meeting that gave it or in the future."""
    task = _lock(task)
    if not may_mark_done(actor, task):
        raise OutOfScope
    today = timezone.localdate()
    on = on or today
    if task.done_on is not None:
        raise ValidationError(
            _("This task was done on %(date)s.") % {"date": format_date(task.done_on)}
        )
    if on < task.meeting.date or on > today:
        raise ValidationError(
            {"on": _("A task is done between its meeting (%(date)s) and today.")
             % {"date": format_date(task.meeting.date)}}
        )  # fmt: skip
    task.done_on, task.done_note = on, (note or "").strip()
    task._history_user = actor
    task.save()
    return task


@transaction.atomic
def review_task(
    task: ResolutionTask, *, meeting: Meeting, note: str = "", actor=None
) -> ResolutionTask:
    """A later meeting of the task's organization reviews it (`note`: what it concluded; needed
    for a task not done). Refused: another organization's meeting, one on or before the task's,
    adopted minutes, a meeting not yet held, a task reviewed already."""
    meeting = lock_meeting(meeting, actor)
    task = _lock(task)
    require_edit(actor, task.meeting.organization)
    if meeting.organization_id != task.meeting.organization_id:
        raise ValidationError(
            _("A task is reviewed at a meeting of the organization that gave it.")
        )
    if meeting.date <= task.meeting.date:
        raise ValidationError(
            _("A task is reviewed at a later meeting than the one of %(date)s that gave it.")
            % {"date": format_date(task.meeting.date)}
        )
    check_unlocked(meeting)
    if meeting.date > timezone.localdate():
        raise ValidationError(_("This meeting has not been held yet."))
    if task.reviewed_at_id is not None:
        raise ValidationError(_("This task was reviewed already."))
    note = (note or "").strip()
    if task.done_on is None and not note:
        raise ValidationError({"note": _("Say what the meeting concluded on a task not done.")})
    task.reviewed_at, task.review_note = meeting, note
    task._history_user = actor
    task.save()
    return task
