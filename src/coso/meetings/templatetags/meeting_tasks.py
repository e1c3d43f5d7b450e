"""The tasks of meetings' resolutions on other pages, as template tags:

- `{% meeting_tasks meeting %}` (the meeting page, through `meetings/_tasks.html`): the tasks
  its resolution gives, and those of earlier resolutions it reviews;
- `{% member_tasks member %}` (the member's page, a lower app's template loading this library
  by name): the member's tasks, those not done first;
- `{% my_tasks member %}` (/my/meetings/): the same, with "mark done" for the member.

Each reads its rows in one query (two for a member: the rows shown and the count of the rest).
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from coso.meetings import services
from coso.meetings.models import ResolutionTask
from coso.meetings.queries import meeting_page_tasks

register = template.Library()

#: how many done tasks a member's page shows (the newest)
DONE_SHOWN = 10


@register.inclusion_tag("meetings/_meeting_tasks.html", takes_context=True)
def meeting_tasks(context, meeting):
    user = context["request"].user
    today = timezone.localdate()
    rows = list(meeting_page_tasks(meeting))
    may_record = services.may_record(user, meeting.organization)
    open_minutes = may_record and not meeting.locked
    return {
        "meeting": meeting,
        "given": [(t, t.state(today)) for t in rows if t.meeting_id == meeting.pk],
        "to_review": [(t, t.state(today)) for t in rows if t.meeting_id != meeting.pk],
        "may_add": open_minutes and meeting.date <= today,
        "may_review": open_minutes and meeting.date <= today,
    }


def _member_rows(user, member):
    today = timezone.localdate()
    tasks = (
        ResolutionTask.objects.visible_or_own(user)
        .filter(member=member)
        .select_related("meeting__organization", "reviewed_at")
    )
    rows = list(tasks.filter(done_on__isnull=True).order_by("due_on", "pk")) + list(
        tasks.filter(done_on__isnull=False).order_by("-done_on", "-pk")[: DONE_SHOWN + 1]
    )
    done = [t for t in rows if t.done_on is not None]
    more = 0
    if len(done) > DONE_SHOWN:
        more = tasks.filter(done_on__isnull=False).count() - DONE_SHOWN
        rows = rows[:-1]
    return [(t, t.state(today)) for t in rows], more


@register.inclusion_tag("meetings/_member_tasks.html", takes_context=True)
def member_tasks(context, member):
    rows, more = _member_rows(context["request"].user, member)
    return {"tasks": rows, "more": more, "own": False}


@register.inclusion_tag("meetings/_member_tasks.html", takes_context=True)
def my_tasks(context, member):
    rows, more = _member_rows(context["request"].user, member)
    return {"tasks": rows, "more": more, "own": True}
