"""The admission app's read side for other pages: its files on the to-do list.

`CandidateSource` is one source of the members app's to-do list (`Việc cần làm`,
`coso.members.queries.screening`): the candidates in progress whose next step is due or past
its deadline (`Candidate.due_on`, stored by the steps). The admission app registers it from
`AdmissionConfig.ready`, so the lower members app lists it without importing it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.members.queries.screening import Source, TodoKind

from .models import Candidate


class CandidateSource(Source):
    """Admission files whose next step is due by the horizon (overdue ones included)."""

    kind = TodoKind.ADMISSION
    path = "cell__path"
    member = ""
    due_field = "due_on"

    def queryset(self):
        return Candidate.objects.in_progress().filter(due_on__lte=self.horizon)

    def rows(self, qs):
        return qs.select_related("cell").order_by("due_on", "sort_key", "id")

    #: a candidate is no member: `member_flags` leaves this source out
    on_members = False

    def detail(self, row) -> str:
        return _("Next step: %(step)s; %(label)s %(d)s.") % {
            "step": row.next_step_label,
            "label": row.deadline_label,
            "d": format_date(row.due_on),
        }

    def person(self, row) -> tuple[None, str, str]:
        return None, row.full_name, row.sort_key

    def organization_of(self, row):
        return row.cell

    def url(self, row) -> str:
        return reverse("candidate_detail", args=[row.pk])
