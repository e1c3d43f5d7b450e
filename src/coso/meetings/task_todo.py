"""A resolution's tasks on the to-do list (Việc cần làm): every task not done whose due date is
past or near (the rule `todo_due_soon_days`), in the scope of the organization whose meeting
gave it; a member's own tasks on their page (`member_flags`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.queries.screening import Source, TodoKind

from .models import ResolutionTask


class ResolutionTaskSource(Source):
    """Tasks not done, due by the horizon (due: the task's date)."""

    kind = TodoKind.RESOLUTION_TASK
    path = "meeting__organization__path"
    member = "member"
    due_field = "due_on"

    def queryset(self):
        return ResolutionTask.objects.filter(done_on__isnull=True, due_on__lte=self.horizon)

    def rows(self, qs):
        return qs.select_related("member", "meeting__organization").order_by(*self.ordering)

    def detail(self, row) -> str:
        return _("%(task)s (the meeting of %(date)s)") % {
            "task": row.what,
            "date": format_date(row.meeting.date),
        }

    def person(self, row) -> tuple[int | None, str, str]:
        return row.member_id, row.assignee, row.member.sort_key if row.member_id else ""

    def organization_of(self, row):
        return row.meeting.organization

    def url(self, row) -> str:
        return reverse("meeting_detail", args=[row.meeting_id]) + "#tasks"
