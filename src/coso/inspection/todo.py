"""Inspection on the to-do list (Việc cần làm): a conclusion's follow-up actions not done,
and feedback not answered, whose date is past or near (the rule `todo_due_soon_days`), in the
scope of the organization that inspects or answers. A feedback item names its subject and
summary only, never its sender."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from coso.members.queries.screening import Source, TodoKind

from .models import Feedback, FollowUp


class FollowUpSource(Source):
    """Follow-up actions not done, due by the horizon."""

    kind = TodoKind.INSPECTION_FOLLOW_UP
    path = "inspection__organization__path"
    member = ""
    due_field = "due_on"
    on_members = False

    @property
    def ordering(self) -> tuple[str, ...]:
        return ("due_on", "id")

    def queryset(self):
        return FollowUp.objects.filter(done_on__isnull=True, due_on__lte=self.horizon)

    def rows(self, qs):
        return qs.select_related(
            "inspection__organization", "inspection__subject_organization",
            "inspection__subject_member",
        ).order_by(*self.ordering)  # fmt: skip

    def detail(self, row) -> str:
        return _("%(action)s (%(who)s; inspection: %(topic)s)") % {
            "action": row.what,
            "who": row.responsible,
            "topic": row.inspection.topic,
        }

    def person(self, row) -> tuple[int | None, str, str]:
        return None, row.inspection.subject_name, ""

    def organization_of(self, row):
        return row.inspection.organization

    def url(self, row) -> str:
        return reverse("inspection_detail", args=[row.inspection_id]) + "#follow-up"


class FeedbackSource(Source):
    """Feedback not answered, due by the horizon (late past its answer date)."""

    kind = TodoKind.FEEDBACK_ANSWER
    path = "committee__path"
    member = ""
    due_field = "answer_due_on"
    on_members = False

    @property
    def ordering(self) -> tuple[str, ...]:
        return ("answer_due_on", "id")

    def queryset(self):
        return Feedback.objects.filter(answered_on__isnull=True, answer_due_on__lte=self.horizon)

    def rows(self, qs):
        return qs.select_related("committee", "about_organization", "about_member").order_by(
            *self.ordering
        )

    def detail(self, row) -> str:
        return row.summary

    def person(self, row) -> tuple[int | None, str, str]:
        return None, row.about, ""

    def organization_of(self, row):
        return row.committee

    def url(self, row) -> str:
        return reverse("feedback_detail", args=[row.pk])
